import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import { runSync, selectReleases } from './index.js';

const shop = `
releases:
  - { name: db, namespace: shop, chart: ./charts/postgres, values: [{ v: 1 }] }
  - { name: cache, namespace: shop, chart: ./charts/redis, values: [{ v: 1 }] }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db, cache], values: [{ v: 1 }] }
  - { name: worker, namespace: shop, chart: ./charts/web, needs: [db], values: [{ v: 1 }] }
  - { name: docs, namespace: docs, chart: ./charts/web, values: [{ v: 1 }] }
`;

const latest = (ops: ReturnType<typeof context>['ops'], id: string) => {
  const [namespace, name] = id.split('/') as [string, string];
  return ops.revisions({ name, namespace }).at(-1);
};

describe('--rollback-stack-on-failure', () => {
  test('one failing release among five changed ones: all five return to their pre-run revision, a first install is removed', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const changed = load({
      'releases.yaml': `${shop.replaceAll('v: 1', 'v: 2')}  - { name: extra, namespace: docs, chart: ./charts/web, needs: [docs/docs] }\n`,
    });
    ops.failures.upgradeInstall.set('shop/worker', 'timed out');
    const run = context({ fake: ops, concurrency: 1 });
    const { summary } = await runSync(changed, selectReleases(changed, []), run.ctx, {
      onlyChanged: true,
      rollbackStackOnFailure: true,
    });
    expect(summary.ok).toBe(false);
    const byId = new Map(summary.results.map((r) => [r.id, r]));
    for (const id of ['shop/db', 'shop/cache', 'shop/web', 'docs/docs']) {
      expect(byId.get(id)).toMatchObject({ status: 'rolled-back', revisionBefore: 1 });
      expect(byId.get(id)!.reason).toContain('stack rollback: back to revision 1');
      expect(latest(ops, id)).toMatchObject({ status: 'deployed', values: { v: 1 } });
    }
    // The failing one was restored by its own atomic rollback.
    expect(byId.get('shop/worker')).toMatchObject({ status: 'rolled-back' });
    expect(latest(ops, 'shop/worker')).toMatchObject({ status: 'deployed', values: { v: 1 } });
    // Installed by the run → removed.
    expect(byId.get('docs/extra')).toMatchObject({ status: 'rolled-back', revisionAfter: null });
    expect(ops.revisions({ name: 'extra', namespace: 'docs' })).toEqual([]);
    expect(summary.stackRollback?.restored).toEqual(
      expect.arrayContaining(['shop/db', 'shop/cache', 'shop/web', 'docs/docs', 'docs/extra']),
    );
    expect(summary.stackRollback?.failed).toEqual([]);
    // Reverse needs order: dependents before what they need.
    const order = run.rec.order('rolled-back');
    expect(order.indexOf('shop/web')).toBeLessThan(order.indexOf('shop/db'));
    expect(order.indexOf('shop/web')).toBeLessThan(order.indexOf('shop/cache'));
    expect(order.indexOf('docs/extra')).toBeLessThan(order.indexOf('docs/docs'));
  });

  test('a release that cannot be restored is reported as failed, the others are still restored', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const changed = load({ 'releases.yaml': shop.replaceAll('v: 1', 'v: 2') });
    ops.failures.upgradeInstall.set('shop/worker', 'timed out');
    ops.failures.rollback.set('shop/web', 'the API server is gone');
    const run = context({ fake: ops });
    const { summary } = await runSync(changed, selectReleases(changed, []), run.ctx, {
      onlyChanged: true,
      rollbackStackOnFailure: true,
    });
    const web = summary.results.find((r) => r.id === 'shop/web')!;
    expect(web.status).toBe('failed');
    expect(web.error).toContain('stack rollback failed: the API server is gone');
    expect(summary.stackRollback?.failed).toEqual([{ id: 'shop/web', error: 'the API server is gone' }]);
    expect(latest(ops, 'shop/db')).toMatchObject({ status: 'deployed', values: { v: 1 } });
    expect(latest(ops, 'shop/web')?.status).not.toMatch(/^pending/);
  }, 15_000);

  test('without the flag, or when everything succeeds, nothing is rolled back', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    const ok = await runSync(stack, selectReleases(stack, []), ctx, {
      onlyChanged: false,
      rollbackStackOnFailure: true,
    });
    expect(ok.summary.ok).toBe(true);
    expect(ok.summary.stackRollback).toBeUndefined();
    const changed = load({ 'releases.yaml': shop.replaceAll('v: 1', 'v: 2') });
    ops.failures.upgradeInstall.set('shop/worker', 'timed out');
    const run = context({ fake: ops });
    const { summary } = await runSync(changed, selectReleases(changed, []), run.ctx, { onlyChanged: true });
    expect(summary.stackRollback).toBeUndefined();
    expect(latest(ops, 'shop/db')).toMatchObject({ values: { v: 2 } });
  });

  test('a release the failed run uninstalled is reinstalled from the record read before its removal', async () => {
    const stack = load({ 'releases.yaml': shop });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const changed = load({
      'releases.yaml': shop
        .replace(
          'namespace: docs, chart: ./charts/web,',
          'namespace: docs, installed: false, chart: ./charts/web,',
        )
        .replace('needs: [db], values: [{ v: 1 }]', 'needs: [db], values: [{ v: 2 }]'),
    });
    ops.failures.upgradeInstall.set('shop/worker', 'timed out');
    const run = context({ fake: ops, concurrency: 1 });
    const { summary, kept } = await runSync(changed, selectReleases(changed, []), run.ctx, {
      onlyChanged: true,
      rollbackStackOnFailure: true,
    });
    expect(kept?.get('docs/docs')?.map((r) => r.revision)).toEqual([1]);
    expect(summary.results.find((r) => r.id === 'docs/docs')).toMatchObject({
      status: 'rolled-back',
      revisionBefore: 1,
      revisionAfter: 2,
    });
    expect(summary.stackRollback?.restored).toContain('docs/docs');
    expect(summary.stackRollback?.notRestorable).toEqual([]);
    expect(latest(ops, 'docs/docs')).toMatchObject({ status: 'deployed', values: { v: 1 } });
  });
});
