/**
 * The real @kubernetes/client-node against the sandbox over HTTPS: CRUD, server-side apply
 * with a conflict, a watch, and the Status objects of 404/409/422.
 */
import { CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
let kc: KubeConfig;
beforeAll(async () => {
  t = await startTestSandbox();
  kc = new KubeConfig();
  kc.loadFromFile(t.sb.kubeconfigPath);
});
afterAll(async () => {
  await t?.close();
});

function statusOf(err: any): any {
  return typeof err?.body === 'string' ? JSON.parse(err.body) : err?.body;
}

test('CRUD and the Status objects of 404, 409 and 422', async () => {
  const core = kc.makeApiClient(CoreV1Api);
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'cn' }, data: { a: '1' } },
  });
  expect(created.metadata?.uid).toBeDefined();
  const read = await core.readNamespacedConfigMap({ name: 'cn', namespace: 'default' });
  expect(read.data).toEqual({ a: '1' });
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  expect(list.items.map((i) => i.metadata?.name)).toContain('cn');
  const dup = await core
    .createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn' } } })
    .catch((e) => e);
  expect(dup.code).toBe(409);
  expect(statusOf(dup)).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', code: 409 });
  const bad = await core
    .createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'NO' } } })
    .catch((e) => e);
  expect(bad.code).toBe(422);
  expect(statusOf(bad)).toMatchObject({ reason: 'Invalid', details: { name: 'NO', kind: 'ConfigMap' } });
  await core.deleteNamespacedConfigMap({ name: 'cn', namespace: 'default' });
  const gone = await core.readNamespacedConfigMap({ name: 'cn', namespace: 'default' }).catch((e) => e);
  expect(gone.code).toBe(404);
  expect(statusOf(gone)).toMatchObject({ reason: 'NotFound', message: 'configmaps "cn" not found' });
});

test('server-side apply with a conflict', async () => {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const spec = (v: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ssa', namespace: 'default' },
    data: { k: v },
  });
  await objects.patch(spec('one'), undefined, undefined, 'alpha', undefined, PatchStrategy.ServerSideApply);
  const err = await objects
    .patch(spec('two'), undefined, undefined, 'beta', undefined, PatchStrategy.ServerSideApply)
    .catch((e) => e);
  expect(err.code).toBe(409);
  expect(statusOf(err).message).toBe('Apply failed with 1 conflict: conflict with "alpha" using v1: .data.k');
  const forced = await objects.patch(
    spec('two'),
    undefined,
    undefined,
    'beta',
    true,
    PatchStrategy.ServerSideApply,
  );
  expect((forced as any).data).toEqual({ k: 'two' });
});

test('watch sees ADDED and MODIFIED', async () => {
  const seen: string[] = [];
  const watch = new Watch(kc);
  const done = new Promise<void>((resolve) => {
    void watch
      .watch(
        '/api/v1/namespaces/default/configmaps',
        {},
        (type, obj) => {
          if (obj.metadata?.name === 'w') seen.push(`${type} ${obj.data?.v}`);
          if (seen.length === 2) resolve();
        },
        () => {},
      )
      .then((req) => done.finally(() => req.abort()));
  });
  const core = kc.makeApiClient(CoreV1Api);
  await new Promise((r) => setTimeout(r, 200));
  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'w' }, data: { v: '1' } },
  });
  await core.replaceNamespacedConfigMap({
    name: 'w',
    namespace: 'default',
    body: { metadata: { name: 'w' }, data: { v: '2' } },
  });
  await done;
  expect(seen).toEqual(['ADDED 1', 'MODIFIED 2']);
});
