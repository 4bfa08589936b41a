/**
 * The kube client against the sandbox over a real socket: CRUD, server-side apply and its
 * conflicts, discovery, retries under injected faults, and watch-driven readiness.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  KubeApiError,
  KubeClient,
  type KubeObject,
  NoKindMatchError,
  type ResourceProgress,
  WaitError,
} from '../../../src/kube/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { tempDir } from '../../support/oracle.js';

let sb: Sandbox;
let kube: KubeClient;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('bosun-kube-it-');
  cleanup = t.cleanup;
  sb = await startSandbox({ dataDir: t.dir, port: 0, readyDelayMs: 200 });
  kube = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath, namespace: 'default' });
});

afterAll(async () => {
  kube?.close();
  await sb?.stop();
  cleanup?.();
});

const cm = (name: string, data: Record<string, string>, ns?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(ns ? { namespace: ns } : {}) },
  data,
});

function deployment(name: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  };
}

describe('kube client on the sandbox', () => {
  test('discovery and capabilities', async () => {
    expect(await kube.mapping('apps/v1', 'Deployment')).toMatchObject({
      resource: 'deployments',
      namespaced: true,
    });
    expect(await kube.mapping('v1', 'Namespace')).toMatchObject({
      resource: 'namespaces',
      namespaced: false,
    });
    await expect(kube.mapping('example.com/v1', 'Nope')).rejects.toBeInstanceOf(NoKindMatchError);
    const caps = await kube.capabilities();
    expect(caps.kubeVersion.major).toBe('1');
    expect(caps.apiVersions).toContain('apps/v1');
    expect(caps.apiVersions).toContain('apps/v1/Deployment');
  });

  test('create, get, list, apply, delete', async () => {
    const [created] = await kube.create([cm('crud', { a: '1' })]);
    expect(created!.metadata.uid).toBeTruthy();
    await expect(kube.create([cm('crud', { a: '1' })])).rejects.toMatchObject({
      statusCode: 409,
      reason: 'AlreadyExists',
    });
    expect((await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'crud' }))?.data).toEqual({ a: '1' });
    const [applied] = await kube.apply([cm('crud', { a: '2' })], { force: true });
    expect(applied!.created).toBe(false);
    expect(applied!.object.data).toEqual({ a: '2' });
    const [fresh] = await kube.apply([cm('crud-2', { b: '1' })]);
    expect(fresh!.created).toBe(true);
    const names = (await kube.list('v1', 'ConfigMap')).map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['crud', 'crud-2']));
    const res = await kube.delete(
      [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'crud' },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'never-there' },
      ],
      { propagationPolicy: 'Foreground' },
    );
    expect(res.deleted.map((r) => r.name)).toEqual(['crud']);
    expect(res.notFound.map((r) => r.name)).toEqual(['never-there']);
    expect(await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'crud' })).toBeUndefined();
  });

  test('server-side apply: manager helm, conflicts with another manager, force takes over', async () => {
    await kube.apply([cm('ssa', { k: 'helm' })]);
    const live = await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'ssa' });
    const managers = (live!.metadata.managedFields as { manager: string }[]).map((m) => m.manager);
    expect(managers).toContain('helm');
    const err = await kube.apply([cm('ssa', { k: 'other' })], { fieldManager: 'other' }).catch((e) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ statusCode: 409, reason: 'Conflict' });
    await kube.apply([cm('ssa', { k: 'other' })], { fieldManager: 'other', force: true });
    expect((await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'ssa' }))?.data).toEqual({
      k: 'other',
    });
  });

  test('idempotent calls are retried through 503s and 429s', async () => {
    await kube.apply([cm('retry', { a: '1' })]);
    sb.faults.set([
      { verb: 'get', resource: 'configmaps', errorRate: 1, errorCode: 503, retryAfterSeconds: 0, times: 2 },
    ]);
    try {
      expect((await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'retry' }))?.data).toEqual({
        a: '1',
      });
      sb.faults.set([
        {
          verb: 'list',
          resource: 'configmaps',
          errorRate: 1,
          errorCode: 429,
          retryAfterSeconds: 0,
          times: 2,
        },
      ]);
      expect((await kube.list('v1', 'ConfigMap')).length).toBeGreaterThan(0);
    } finally {
      sb.faults.set([]);
    }
  });

  test.for([
    { name: 'dropped connections', rule: { verb: 'get', resource: 'configmaps', dropRate: 1, times: 2 } },
    {
      name: 'a server that does not answer in time',
      rule: { verb: 'get', resource: 'configmaps', latencyMs: 3000, times: 1 },
    },
  ])('a get is retried through $name', async ({ rule }) => {
    const quick = KubeClient.fromKubeconfig({
      kubeconfig: sb.kubeconfigPath,
      retry: { requestTimeoutMs: 500, baseDelayMs: 50 },
    });
    await quick.apply([cm('retry-2', { a: '1' })]);
    sb.faults.set([rule]);
    try {
      expect((await quick.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'retry-2' }))?.data).toEqual({
        a: '1',
      });
    } finally {
      sb.faults.set([]);
      quick.close();
    }
  });

  test('an unreachable server is a typed error after the retries', async () => {
    const t = tempDir('bosun-kube-dead-');
    const dead = await startSandbox({ dataDir: t.dir, port: 0 });
    const client = KubeClient.fromKubeconfig({
      kubeconfig: dead.kubeconfigPath,
      retry: { retries: 1, baseDelayMs: 10 },
    });
    await dead.stop();
    await expect(client.serverVersion()).rejects.toMatchObject({ code: 'EKUBEUNREACHABLE' });
    client.close();
    t.cleanup();
  });

  test('a create is not retried after a 500 (it may have happened)', async () => {
    sb.faults.set([{ verb: 'create', resource: 'configmaps', errorRate: 1, errorCode: 500, times: 1 }]);
    try {
      await expect(kube.create([cm('once', {})])).rejects.toMatchObject({ statusCode: 500 });
    } finally {
      sb.faults.set([]);
    }
  });

  test('waits for a Deployment through watches, reporting progress', async () => {
    const d = deployment('web');
    await kube.apply([d]);
    const events: ResourceProgress[] = [];
    await kube.waitReady([d], { timeoutMs: 20_000, onProgress: (p) => events.push(p) });
    expect(events.at(-1)).toMatchObject({ ref: 'Deployment/default/web', status: 'Current' });
    expect(events.length).toBeGreaterThan(1);
  });

  test('a never-ready Deployment times out with helm-style reasons', async () => {
    const d = deployment('stuck', { 'sandbox.bosun.dev/fail': 'never-ready' });
    await kube.apply([d]);
    const started = Date.now();
    const err = await kube.waitReady([d], { timeoutMs: 1500 }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.code).toBe('EWAITTIMEOUT');
    expect(err.message).toMatch(
      /^resource Deployment\/default\/stuck not ready\. status: InProgress, message: /,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('the caller’s AbortSignal stops a wait', async () => {
    const d = deployment('stuck-2', { 'sandbox.bosun.dev/fail': 'never-ready' });
    await kube.apply([d]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted')), 300);
    await expect(kube.waitReady([d], { timeoutMs: 20_000, signal: ac.signal })).rejects.toThrow(
      'interrupted',
    );
  });

  test('waits for Jobs to complete with waitForJobs, and for deletion', async () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    await kube.apply([job]);
    await kube.waitReady([job], { timeoutMs: 20_000, waitForJobs: true });
    const live = await kube.get({ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate' });
    expect((live!.status as { succeeded?: number }).succeeded).toBeGreaterThan(0);
    const ref = { apiVersion: 'batch/v1', kind: 'Job', name: 'migrate' };
    await kube.delete([ref]);
    await kube.waitDeleted([ref], { timeoutMs: 10_000 });
  });

  test('the Secret port: 404 is undefined/false, 409 keeps its reason', async () => {
    const port = kube.secrets();
    expect(await port.get('default', 'nope')).toBeUndefined();
    expect(await port.delete('default', 'nope')).toBe(false);
    const s = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'p', labels: { owner: 'helm' } },
      data: { x: 'eQ==' },
    };
    await port.create('default', s);
    await expect(port.create('default', s)).rejects.toMatchObject({ reason: 'AlreadyExists' });
    expect((await port.list('', 'owner=helm')).map((o) => o.metadata.name)).toContain('p');
  });
});
