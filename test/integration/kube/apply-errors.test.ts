/**
 * Apply failures and discovery against the sandbox, with the real helm 4 and kubectl as oracles:
 *
 * - after `kubectl scale` and `kubectl patch` took fields of a release's objects, `helm upgrade`
 *   (helm 4, server-side apply without --force-conflicts) and `bosun helm upgrade` fail with the
 *   same message: every conflicting object, joined with " && ". The CLI runs from dist/
 *   (`npm run build` first).
 * - KubeClient.apply tries every object, kind by kind, and reports all failures together.
 * - Aggregated discovery (2 requests) and the legacy per-group-version walk agree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Discovery } from '../../../src/kube/discovery.js';
import { KubeBatchError, KubeClient, type KubeObject } from '../../../src/kube/index.js';
import type { Transport } from '../../../src/kube/transport.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir } from '../../support/oracle.js';

const bosunMain = process.env.BOSUN_MAIN ?? join(repoRoot, 'dist/cli/main.js');
let sb: Sandbox;
let dir: string;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;
let client: KubeClient;

const chartTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  LOG_LEVEL: INFO
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
`;

beforeAll(async () => {
  const t = tempDir('bosun-kube-apply-errors-');
  dir = t.dir;
  cleanup = t.cleanup;
  sb = await startSandbox({ dataDir: join(dir, 'data'), port: 0, readyDelayMs: 50 });
  env = { ...isolatedHelmEnv(join(dir, 'home')), KUBECONFIG: sb.kubeconfigPath };
  mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'chart', 'templates', 'all.yaml'), chartTemplate);
  client = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath });
});

afterAll(async () => {
  client?.close();
  await sb?.stop();
  cleanup?.();
});

async function kubectl(...args: string[]) {
  const r = await run(oracles().kubectl, args, { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** The `Error: …` line of a failed helm command, with the namespace made neutral. */
function errorLine(stderr: string, ns: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? `(no Error line in ${stderr})`;
  return line.replaceAll(`${ns}/`, 'NS/');
}

describe('apply errors like helm 4', () => {
  test('upgrade over drifted fields: every conflict, joined as helm 4 joins them', async () => {
    const tools = {
      helm: (...a: string[]) => run(oracles().helm4, a, { env }),
      bosun: (...a: string[]) => run(process.execPath, [bosunMain, 'helm', ...a], { env }),
    };
    const lines: Record<string, string> = {};
    for (const [name, tool] of Object.entries(tools)) {
      const ns = `drift-${name}`;
      const install = await tool('install', 'r', join(dir, 'chart'), '-n', ns, '--create-namespace');
      expect(install.stderr).toBe('');
      expect(install.code).toBe(0);
      await kubectl('scale', 'deployment/r-web', '-n', ns, '--replicas', '5');
      await kubectl('patch', 'configmap/r-cm', '-n', ns, '-p', '{"data":{"LOG_LEVEL":"DEBUG"}}');
      const up = await tool('upgrade', 'r', join(dir, 'chart'), '-n', ns);
      expect(up.code).toBe(1);
      lines[name] = errorLine(up.stderr, ns);
    }
    expect(lines.helm).toContain(
      'conflict occurred while applying object NS/r-cm /v1, Kind=ConfigMap: Apply failed with 1 conflict: ' +
        'conflict with "kubectl-patch" using v1: .data.LOG_LEVEL && ',
    );
    expect(lines.helm).toContain('conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    expect(lines.bosun).toBe(lines.helm);
  });

  test('install: every failed object, one per line, as helm 4 reports them', async () => {
    const chart = join(dir, 'missing-ns');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: m\nversion: 0.1.0\n');
    writeFileSync(
      join(chart, 'templates', 'cm.yaml'),
      ['missing-a', 'missing-b']
        .map((ns) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${ns}\n`)
        .join('---\n'),
    );
    const helm = await run(oracles().helm4, ['install', 'h', chart], { env });
    const bosun = await run(process.execPath, [bosunMain, 'helm', 'install', 'b', chart], { env });
    expect([helm.code, bosun.code]).toEqual([1, 1]);
    // helm reports the failures in the order its parallel creates finished: compare as sets.
    const failures = (stderr: string) =>
      stderr.replace('Error: INSTALLATION FAILED: ', '').trim().split('\n').sort();
    expect(failures(helm.stderr)).toEqual([
      'namespaces "missing-a" not found',
      'namespaces "missing-b" not found',
    ]);
    expect(failures(bosun.stderr)).toEqual(failures(helm.stderr));
  });

  test('KubeClient.apply tries every kind and reports all failures in order', async () => {
    const ns = 'apply-all';
    await client.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }]);
    const cm = (name: string, v: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns },
      data: { k: v },
    });
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: ns },
      stringData: { a: 'b' },
    };
    await client.apply([cm('a', '1'), cm('b', '1')], { fieldManager: 'other' });
    const objects = [cm('a', '2'), cm('b', '2'), cm('c', '2'), secret];
    const first = await client.apply(objects).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(KubeBatchError);
    const err = first as KubeBatchError;
    expect(err.errors.map((e) => e.ref)).toEqual([`ConfigMap/${ns}/a`, `ConfigMap/${ns}/b`]);
    expect(err.succeeded).toBe(2);
    const conflict = (name: string) =>
      `conflict occurred while applying object ${ns}/${name} /v1, Kind=ConfigMap: Apply failed with 1 conflict: ` +
      `conflict with "other" using v1: .data.k`;
    expect(err.message).toBe(`${conflict('a')} && ${conflict('b')}`);
    // The kind after the failed one was still applied.
    expect(await client.get({ apiVersion: 'v1', kind: 'Secret', name: 's', namespace: ns })).toBeDefined();
    // helm's install (Create) joins with a newline.
    const again = await client.apply(objects, { errorSeparator: '\n' }).catch((e: unknown) => e);
    expect((again as Error).message).toBe(`${conflict('a')}\n${conflict('b')}`);
    // One object alone fails with its own error, still a KubeApiError with the 409.
    const one = await client.apply([cm('a', '3')]).catch((e: unknown) => e);
    expect(one).toMatchObject({ statusCode: 409, message: conflict('a') });
  });
});

describe('discovery on the sandbox', () => {
  /** A Discovery over the client's transport that counts requests and may refuse aggregation. */
  function counted(legacy: boolean) {
    const paths: string[] = [];
    const t = {
      request: (spec: Parameters<Transport['request']>[0]) => {
        paths.push(spec.path);
        return client.transport.request(legacy ? { ...spec, accept: undefined } : spec);
      },
    } as unknown as Transport;
    return { d: new Discovery(t), paths };
  }

  test('aggregated discovery (2 requests) and the legacy walk agree', async () => {
    const agg = counted(false);
    const leg = counted(true);
    const aggVersions = await agg.d.apiVersions();
    expect(agg.paths.sort()).toEqual(['/api', '/apis']);
    const legVersions = await leg.d.apiVersions();
    expect(leg.paths.length).toBeGreaterThan(10);
    expect(aggVersions).toEqual(legVersions);
    expect(aggVersions).toContain('apps/v1/Deployment');
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'Namespace'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
    ] as const)
      expect(await agg.d.mapping(apiVersion, kind)).toEqual(await leg.d.mapping(apiVersion, kind));
    expect(agg.paths.length).toBe(2);
  });

  test('a CRD installed after discovery is found through one refresh', async () => {
    const { d, paths } = counted(false);
    await d.apiVersions();
    await client.apply([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      } as KubeObject,
    ]);
    // The CRD may take a moment to be served; the refresh sees it once it is.
    let mapping: Awaited<ReturnType<Discovery['mapping']>> | undefined;
    for (let i = 0; i < 50 && !mapping; i++) {
      mapping = await d.mapping('example.com/v1', 'Gadget').catch(() => undefined);
      if (!mapping) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mapping).toMatchObject({ resource: 'gadgets', namespaced: true });
    expect(paths.length % 2).toBe(0);
    expect(paths.length).toBeGreaterThanOrEqual(4);
  });
});
