import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import { runDestroy, runRollback, runSync, selectReleases } from './index.js';

const chain = `releases:
  - { name: crds, chart: ./crds }
  - { name: operator, chart: ./op, needs: [crds] }
  - { name: instance, chart: ./inst, needs: [operator], values: [{ size: 1 }] }
  - { name: lonely, chart: ./x }
`;

describe('rollback and destroy', () => {
  test('rollback returns every selected release to its previous revision, dependents first', async () => {
    const stack = load({ 'releases.yaml': chain });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const v2 = load({ 'releases.yaml': chain.replace('size: 1', 'size: 2') });
    await runSync(v2, selectReleases(v2, []), context({ fake: ops }).ctx, { onlyChanged: false });
    const run = context({ fake: ops, concurrency: 4 });
    const summary = await runRollback(v2, selectReleases(v2, []), run.ctx);
    expect(summary.ok).toBe(true);
    const order = run.rec.order('rolled-back');
    expect(order.indexOf('default/instance')).toBeLessThan(order.indexOf('default/operator'));
    expect(order.indexOf('default/operator')).toBeLessThan(order.indexOf('default/crds'));
    const inst = ops.revisions({ name: 'instance', namespace: 'default' });
    expect(inst.map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    expect(inst[2]!.values).toEqual({ size: 1 });
  });

  test('destroy uninstalls in reverse order; a failure blocks what it needs', async () => {
    const stack = load({ 'releases.yaml': chain });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    ops.failures.uninstall.set('default/operator', 'finalizer stuck');
    const run = context({ fake: ops });
    const summary = await runDestroy(stack, selectReleases(stack, []), run.ctx);
    const status = Object.fromEntries(summary.results.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      'default/lonely': 'done',
      'default/instance': 'done',
      'default/operator': 'failed',
      'default/crds': 'skipped',
    });
    expect(ops.revisions({ name: 'crds', namespace: 'default' })).toHaveLength(1);
  });

  test('SIGINT mid-sync: in-flight releases end rolled back, nothing pending, nothing new started', async () => {
    const stack = load({ 'releases.yaml': chain });
    const ac = new AbortController();
    const base = context({
      signal: ac.signal,
      fakeOptions: { applyDelayMs: { 'default/operator': 5000, 'default/lonely': 5000 } },
    });
    const { ops, rec } = base;
    // Interrupt deterministically: once the operator is being applied (lonely is in flight too).
    const ctx = {
      ...base.ctx,
      emit: (e: Parameters<typeof rec.listener>[0]) => {
        rec.listener(e);
        if (e.type === 'applying' && e.release === 'default/operator')
          setTimeout(() => ac.abort(new Error('interrupted by SIGINT')), 10);
      },
    };
    const { summary } = await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    expect(summary.interrupted).toBe(true);
    const status = Object.fromEntries(summary.results.map((r) => [r.id, r.status]));
    expect(status['default/crds']).toBe('done');
    // In flight when interrupted: first installs, so they are removed.
    expect(status['default/operator']).toBe('rolled-back');
    expect(status['default/lonely']).toBe('rolled-back');
    expect(status['default/instance']).toBe('skipped');
    expect(ops.revisions({ name: 'lonely', namespace: 'default' })).toEqual([]);
    for (const r of ['crds', 'operator', 'instance', 'lonely']) {
      for (const rev of ops.revisions({ name: r, namespace: 'default' }))
        expect(rev.status).not.toMatch(/^pending/);
    }
    expect(rec.of('skipped')).toEqual([
      { type: 'skipped', release: 'default/instance', reason: 'needs "default/operator", which failed' },
    ]);
  });
});
