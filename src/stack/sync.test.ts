import { describe, expect, test } from 'vitest';
import { context, load, RecordingHooks } from '../../test/stack/kit.js';
import { resolveRelease, runSync, selectReleases } from './index.js';

const shop = `
releases:
  - name: db
    namespace: shop
    chart: ./charts/postgres
    values: [{ storage: 1Gi }]
  - name: cache
    namespace: shop
    chart: ./charts/redis
  - name: web
    namespace: shop
    chart: ./charts/web
    needs: [db, cache]
    set: [{ name: replicas, value: 2 }]
  - name: worker
    namespace: shop
    chart: ./charts/web
    needs: [shop/db]
  - name: docs
    namespace: docs
    chart: ./charts/web
`;

describe('sync', () => {
  test('installs everything in needs order, then a second sync is unchanged for apply', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops, rec } = context();
    const sel = selectReleases(stack, []);
    const first = await runSync(stack, sel, ctx, { onlyChanged: false });
    expect(first.plan.summary).toEqual({ install: 5, upgrade: 0, uninstall: 0, unchanged: 0, skipped: 0 });
    expect(first.summary.ok).toBe(true);
    const ready = rec.order('ready');
    expect(ready.indexOf('shop/web')).toBeGreaterThan(ready.indexOf('shop/db'));
    expect(ready.indexOf('shop/web')).toBeGreaterThan(ready.indexOf('shop/cache'));
    expect(ready.indexOf('shop/worker')).toBeGreaterThan(ready.indexOf('shop/db'));
    const again = context({ fake: ops });
    const second = await runSync(stack, sel, again.ctx, { onlyChanged: true });
    expect(second.plan.summary.unchanged).toBe(5);
    expect(again.rec.of('applying')).toEqual([]);
  });

  test('a failing upgrade is rolled back, its dependents skipped, independents deployed', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    const sel = selectReleases(stack, []);
    await runSync(stack, sel, ctx, { onlyChanged: false });
    const changed = load({
      'releases.yaml': shop.replaceAll('storage: 1Gi', 'storage: 5Gi').replace('value: 2', 'value: 3'),
    });
    ops.failures.upgradeInstall.set('shop/db', 'timed out waiting for StatefulSet shop/db');
    const run = context({ fake: ops });
    const { summary } = await runSync(changed, selectReleases(changed, []), run.ctx, { onlyChanged: false });
    const byId = new Map(summary.results.map((r) => [r.id, r]));
    expect(byId.get('shop/db')).toMatchObject({ status: 'rolled-back', revisionBefore: 1, revisionAfter: 3 });
    expect(byId.get('shop/web')).toMatchObject({
      status: 'skipped',
      reason: 'needs "shop/db", which failed',
    });
    expect(byId.get('shop/worker')?.status).toBe('skipped');
    expect(byId.get('shop/cache')?.status).toBe('done');
    expect(byId.get('docs/docs')?.status).toBe('done');
    expect(summary.ok).toBe(false);
    // helm's atomic: the failed revision 2 stays failed, revision 3 is a copy of 1.
    expect(ops.revisions({ name: 'db', namespace: 'shop' }).map((r) => r.status)).toEqual([
      'superseded',
      'failed',
      'deployed',
    ]);
    expect(ops.revisions({ name: 'db', namespace: 'shop' })[2]!.values).toEqual({ storage: '1Gi' });
  });

  test('a failing first install is removed', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops, rec } = context();
    ops.failures.upgradeInstall.set('shop/cache', 'image pull failed');
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    expect(summary.results.find((r) => r.id === 'shop/cache')).toMatchObject({
      status: 'rolled-back',
      revisionAfter: null,
    });
    expect(ops.revisions({ name: 'cache', namespace: 'shop' })).toEqual([]);
    expect(rec.of('rolled-back')).toEqual([
      { type: 'rolled-back', release: 'shop/cache', revision: null, uninstalled: true },
    ]);
  });

  test('atomic: false leaves the failed revision', async () => {
    const stack = load({ 'releases.yaml': `helmDefaults: { atomic: false }\n${shop}` });
    const { ctx, ops } = context();
    ops.failures.upgradeInstall.set('docs/docs', 'boom');
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    expect(summary.results.find((r) => r.id === 'docs/docs')?.status).toBe('failed');
    expect(ops.revisions({ name: 'docs', namespace: 'docs' }).map((r) => r.status)).toEqual(['failed']);
  });

  test('a render error stops the run before anything changes', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    ops.failures.render.set('shop/web', 'template: web/templates/deployment.yaml:3:4: nil pointer');
    await expect(
      runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false }),
    ).rejects.toMatchObject({ code: 'ERENDER' });
    expect(ops.calls.filter((c) => c.op === 'upgradeInstall')).toEqual([]);
  });

  test('installed: false uninstalls after its dependents', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const gone = load({
      'releases.yaml': shop
        .replace('chart: ./charts/redis', 'chart: ./charts/redis\n    installed: false')
        .replace('needs: [db, cache]', 'needs: [db]'),
    });
    const run = context({ fake: ops });
    const { plan, summary } = await runSync(gone, selectReleases(gone, []), run.ctx, { onlyChanged: true });
    expect(plan.releases.find((r) => r.id === 'shop/cache')?.action).toBe('uninstall');
    expect(summary.results.find((r) => r.id === 'shop/cache')?.status).toBe('done');
    expect(ops.revisions({ name: 'cache', namespace: 'shop' })).toEqual([]);
  });

  test('hooks run around the sync; a failing presync hook fails the release without touching it', async () => {
    const state = `releases:
  - name: a
    chart: ./c
    hooks:
      - events: [presync, postsync]
        command: notify
  - name: b
    chart: ./c
    hooks: [{ events: [presync], command: migrate }]
`;
    const stack = load({ 'releases.yaml': state });
    const hooks = new RecordingHooks(new Set(['migrate']));
    const { ctx, ops } = context({ hooks });
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    expect(hooks.ran.sort()).toEqual([
      'postsync:default/a:notify',
      'presync:default/a:notify',
      'presync:default/b:migrate',
    ]);
    expect(summary.results.find((r) => r.id === 'default/b')).toMatchObject({
      status: 'failed',
      error: 'hook migrate failed',
    });
    expect(ops.revisions({ name: 'b', namespace: 'default' })).toEqual([]);
  });

  test('values: files, inline maps and set entries merge in helm order', () => {
    const stack = load({
      'releases.yaml': `releases:
  - name: a
    chart: ./c
    values:
      - base.yaml
      - { image: { tag: inline }, list: [1, 2] }
    set:
      - { name: image.tag, value: "from,set" }
      - { name: ports, values: [80, 443] }
      - { name: obj, value: { x: 1 } }
    setString: [{ name: version, value: 1.10 }]
    setFile: [{ name: cert, file: cert.pem }]
`,
      'base.yaml': 'image: { repo: nginx, tag: base }\nreplicas: 1\n',
      'cert.pem': 'PEM\n',
    });
    expect(resolveRelease(stack, 'default/a').values).toEqual({
      image: { repo: 'nginx', tag: 'from,set' },
      replicas: 1,
      list: [1, 2],
      ports: [80n, 443n],
      obj: { x: 1 },
      version: '1.1',
      cert: 'PEM\n',
    });
  });
});
