import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import { runSync, selectReleases } from './index.js';

const chain = `
releases:
  - { name: db, namespace: shop, chart: ./charts/db }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db] }
  - { name: worker, namespace: shop, chart: ./charts/web, needs: [web] }
`;

describe('--deadline', () => {
  test.for([
    { name: 'in-flight release rolled back, nothing new starts', stackRollback: false },
    { name: 'with --rollback-stack-on-failure, what finished is restored too', stackRollback: true },
  ])('$name', async ({ stackRollback }) => {
    const stack = load({ 'releases.yaml': chain });
    const { ctx, ops, rec } = context({ fakeOptions: { applyDelayMs: { 'shop/db': 0, 'shop/web': 5_000 } } });
    const started = Date.now();
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, {
      onlyChanged: false,
      deadlineSeconds: 0.3,
      rollbackStackOnFailure: stackRollback,
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(summary.deadlineExceeded).toBe(true);
    expect(summary.ok).toBe(false);
    const byId = new Map(summary.results.map((r) => [r.id, r]));
    expect(byId.get('shop/web')).toMatchObject({
      status: 'rolled-back',
      reason: 'first install failed: removed',
    });
    expect(byId.get('shop/web')!.error).toContain('interrupted');
    expect(byId.get('shop/worker')?.status).toBe('skipped');
    expect(rec.order('started')).not.toContain('shop/worker');
    expect(ops.revisions({ name: 'web', namespace: 'shop' })).toEqual([]);
    expect(
      rec
        .of('warning')
        .map((w) => w.message)
        .join('\n'),
    ).toContain('deadline of 0.3s passed');
    if (stackRollback) {
      expect(byId.get('shop/db')).toMatchObject({ status: 'rolled-back', revisionAfter: null });
      expect(ops.revisions({ name: 'db', namespace: 'shop' })).toEqual([]);
    } else {
      expect(byId.get('shop/db')?.status).toBe('done');
      expect(ops.revisions({ name: 'db', namespace: 'shop' }).at(-1)?.status).toBe('deployed');
    }
  });

  test('a run that ends in time is not marked', async () => {
    const stack = load({ 'releases.yaml': chain });
    const { ctx } = context();
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, {
      onlyChanged: false,
      deadlineSeconds: 60,
    });
    expect(summary.ok).toBe(true);
    expect(summary.deadlineExceeded).toBeUndefined();
  });
});
