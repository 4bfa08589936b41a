/**
 * The sandbox's REST semantics over a real socket: bad input answers (400/401/404/409/415/422,
 * oversize objects), selectors, watches from a resourceVersion, dryRun, finalizers and
 * ownerReference garbage collection, fault injection, and persistence across restarts
 * (including a torn journal tail and a corrupted store).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../support/oracle.js';
import { rawRequest, startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const cm = (name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

describe('bad input', () => {
  test.for([
    // [name, method, path, body, headers, status, reason, message fragment]
    [
      'malformed JSON',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"metadata": ',
      {},
      400,
      'BadRequest',
      'cannot be handled as a ConfigMap',
    ],
    [
      'malformed YAML',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'a: [',
      { 'Content-Type': 'application/yaml' },
      400,
      'BadRequest',
      'cannot be handled',
    ],
    [
      'unknown resource',
      'GET',
      '/api/v1/namespaces/default/gizmos',
      undefined,
      {},
      404,
      'NotFound',
      'the server could not find the requested resource',
    ],
    [
      'unknown group',
      'GET',
      '/apis/nope.example.com/v1/things',
      undefined,
      {},
      404,
      'NotFound',
      'could not find',
    ],
    [
      'wrong content type',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'x',
      { 'Content-Type': 'text/plain' },
      415,
      'UnsupportedMediaType',
      'unknown format',
    ],
    [
      'wrong patch type',
      'PATCH',
      '/api/v1/namespaces/default/configmaps/x',
      '{}',
      { 'Content-Type': 'application/json' },
      415,
      'UnsupportedMediaType',
      'unknown format',
    ],
    [
      'invalid name',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      cm('Bad_Name'),
      {},
      422,
      'Invalid',
      'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    ],
    [
      'invalid label',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      cm('ok', {}, { 'a b': 'x' }),
      {},
      422,
      'Invalid',
      'metadata.labels',
    ],
    [
      'missing namespace',
      'POST',
      '/api/v1/namespaces/ghost/configmaps',
      cm('x'),
      {},
      404,
      'NotFound',
      'namespaces "ghost" not found',
    ],
    [
      'secret data over 1 MiB',
      'POST',
      '/api/v1/namespaces/default/secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'big' },
        data: { k: Buffer.alloc(1024 * 1024 + 1).toString('base64') },
      },
      {},
      422,
      'Invalid',
      'Too long: may not be more than 1048576 bytes',
    ],
    [
      'configmap data over 1 MiB',
      'POST',
      '/api/v1/namespaces/default/configmaps',
      cm('huge', { a: 'x'.repeat(800_000), b: 'y'.repeat(800_000) }),
      {},
      422,
      'Invalid',
      'Too long',
    ],
    [
      'object over 1.5 MiB',
      'POST',
      '/api/v1/namespaces/default/podtemplates',
      {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'huge' },
        template: { spec: { containers: [{ name: 'a', image: 'x', args: ['x'.repeat(1_600_000)] }] } },
      },
      {},
      500,
      '',
      'etcdserver: request is too large',
    ],
    [
      'body over 3 MiB',
      'POST',
      '/api/v1/namespaces/default/podtemplates',
      {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'huger' },
        template: { spec: { containers: [{ name: 'a', image: 'x', args: ['x'.repeat(3_200_000)] }] } },
      },
      {},
      413,
      'RequestEntityTooLarge',
      'limit is 3145728',
    ],
  ] as const)('%s', async ([, method, path, body, headers, status, reason, message]) => {
    const r = await t.http(method, path, body, headers as Record<string, string>);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: status,
      reason,
    });
    expect(r.body.message).toContain(message);
  });

  test('no or wrong token → 401 Status', async () => {
    for (const auth of ['', 'Bearer wrong']) {
      const r = await rawRequest(t.sb, 'GET', '/api/v1/namespaces', undefined, { Authorization: auth });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });
});

describe('semantics', () => {
  test('create, conflict on stale resourceVersion, generation and uid', async () => {
    const c = await t.http('POST', '/api/v1/namespaces/default/configmaps', cm('rv'));
    expect(c.status).toBe(201);
    expect(c.body.metadata).toMatchObject({ name: 'rv', namespace: 'default' });
    expect(c.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const again = await t.http('POST', '/api/v1/namespaces/default/configmaps', cm('rv'));
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('AlreadyExists');
    const u1 = await t.http('PUT', '/api/v1/namespaces/default/configmaps/rv', {
      ...c.body,
      data: { a: '2' },
    });
    expect(u1.status).toBe(200);
    const stale = await t.http('PUT', '/api/v1/namespaces/default/configmaps/rv', {
      ...c.body,
      data: { a: '3' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "rv": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  test('label and field selectors', async () => {
    for (const [n, l] of [
      ['s1', { tier: 'web', env: 'prod' }],
      ['s2', { tier: 'db', env: 'prod' }],
      ['s3', { tier: 'web' }],
    ] as const) {
      await t.http('POST', '/api/v1/namespaces/default/configmaps', cm(n, {}, l));
    }
    const names = async (q: string) =>
      (await t.http('GET', `/api/v1/namespaces/default/configmaps?${q}`)).body.items.map(
        (i: any) => i.metadata.name,
      );
    expect(await names('labelSelector=tier%3Dweb')).toEqual(['s1', 's3']);
    expect(await names('labelSelector=tier%20in%20(web,db),env')).toEqual(['s1', 's2']);
    expect(await names('labelSelector=!env,tier')).toEqual(['s3']);
    expect(await names('labelSelector=env!%3Dprod,tier')).toEqual(['s3']);
    expect(await names('fieldSelector=metadata.name%3Ds2')).toEqual(['s2']);
  });

  test('watch from a resourceVersion replays later changes', async () => {
    const list = await t.http('GET', '/api/v1/namespaces/default/configmaps');
    const rv = list.body.metadata.resourceVersion;
    await t.http(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/s1',
      { data: { b: '2' } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    await t.http('DELETE', '/api/v1/namespaces/default/configmaps/s2');
    const w = await t.http(
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    );
    const events = w.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e: any) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'MODIFIED s1',
      'DELETED s2',
    ]);
  });

  test('dryRun=All stores nothing', async () => {
    const r = await t.http('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
    expect(r.status).toBe(201);
    expect((await t.http('GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });

  test('JSON patch and strategic merge patch', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'p' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'p' } },
        template: {
          metadata: { labels: { app: 'p' } },
          spec: {
            containers: [
              { name: 'a', image: 'x:1', env: [{ name: 'A', value: '1' }] },
              { name: 'b', image: 'y:1' },
            ],
          },
        },
      },
    };
    expect((await t.http('POST', '/apis/apps/v1/namespaces/default/deployments', dep)).status).toBe(201);
    const smp = await t.http(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/p',
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'a', image: 'x:2', env: [{ name: 'B', value: '2' }] },
                { name: 'b', $patch: 'delete' },
              ],
            },
          },
        },
      },
      { 'Content-Type': 'application/strategic-merge-patch+json' },
    );
    expect(smp.status).toBe(200);
    expect(smp.body.spec.template.spec.containers).toMatchObject([
      { name: 'a', image: 'x:2', env: [{ name: 'A' }, { name: 'B' }] },
    ]);
    expect(smp.body.metadata.generation).toBe(2);
    const jp = await t.http(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/p',
      [
        { op: 'replace', path: '/spec/replicas', value: 0 },
        { op: 'add', path: '/metadata/labels', value: { x: 'y' } },
      ],
      { 'Content-Type': 'application/json-patch+json' },
    );
    expect(jp.body.metadata.labels).toEqual({ x: 'y' });
  });

  test('finalizers hold a deletion; ownerReferences are garbage-collected', async () => {
    const owner = (
      await t.http('POST', '/api/v1/namespaces/default/configmaps', {
        ...cm('owner'),
        metadata: { name: 'owner', finalizers: ['example.com/hold'] },
      })
    ).body;
    await t.http('POST', '/api/v1/namespaces/default/configmaps', {
      ...cm('child'),
      metadata: {
        name: 'child',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }],
      },
    });
    const d = await t.http('DELETE', '/api/v1/namespaces/default/configmaps/owner');
    expect(d.status).toBe(202);
    expect(d.body.metadata.deletionTimestamp).toBeDefined();
    const rel = await t.http(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/owner',
      { metadata: { finalizers: null } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    expect(rel.status).toBe(200);
    expect((await t.http('GET', '/api/v1/namespaces/default/configmaps/owner')).status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.http('GET', '/api/v1/namespaces/default/configmaps/child')).status).toBe(404);
  });

  test('fault injection through the admin endpoint', async () => {
    const set = await t.http('PUT', '/sandbox/faults', {
      rules: [
        { verb: 'get', resource: 'secrets', errorRate: 1, errorCode: 503, retryAfterSeconds: 2, times: 1 },
      ],
    });
    expect(set.status).toBe(200);
    const f = await t.http('GET', '/api/v1/namespaces/default/secrets/any');
    expect(f.status).toBe(503);
    expect(f.headers['retry-after']).toBe('2');
    expect(f.body).toMatchObject({ reason: 'ServiceUnavailable', details: { retryAfterSeconds: 2 } });
    expect((await t.http('GET', '/api/v1/namespaces/default/secrets/any')).status).toBe(404);
    await t.http('PUT', '/sandbox/faults', [{ verb: 'patch', conflictRate: 1 }]);
    const c = await t.http(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/s1',
      { data: { c: '3' } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    expect(c.status).toBe(409);
    await t.http('PUT', '/sandbox/faults', [{ verb: 'list', dropRate: 1 }]);
    await expect(t.http('GET', '/api/v1/namespaces/default/configmaps')).rejects.toThrow();
    await t.http('DELETE', '/sandbox/faults');
    expect((await t.http('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
  });
});

describe('persistence', () => {
  test('a restart keeps objects and resourceVersions; a torn journal tail is dropped', async () => {
    const { dir, cleanup } = tempDir('bosun-sandbox-persist-');
    try {
      const dataDir = join(dir, 'data');
      let sb = await startSandbox({ dataDir, readyDelayMs: 50 });
      const created = await rawRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', cm('kept'));
      const token = sb.token;
      await sb.stop();
      appendFileSync(join(dataDir, 'journal.jsonl'), '{"type":"ADDED","gr":"/configmaps","rv":99');
      sb = await startSandbox({ dataDir, readyDelayMs: 50 });
      expect(sb.token).toBe(token);
      const got = await rawRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps/kept');
      expect(got.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
      expect(got.body.metadata.uid).toBe(created.body.metadata.uid);
      await sb.stop();
    } finally {
      cleanup();
    }
  });

  test('a corrupted store stops start-up with an error naming the file', async () => {
    const { dir, cleanup } = tempDir('bosun-sandbox-corrupt-');
    try {
      const dataDir = join(dir, 'data');
      const sb = await startSandbox({ dataDir });
      await sb.stop();
      writeFileSync(
        join(dataDir, 'store.json'),
        '{"format": "bosun-sandbox-store/v1", "rv": 3, "objects": [',
      );
      await expect(startSandbox({ dataDir })).rejects.toMatchObject({
        code: 'ESANDBOX_CORRUPT',
        message: expect.stringContaining(join(dataDir, 'store.json')),
      });
    } finally {
      cleanup();
    }
  });
});
