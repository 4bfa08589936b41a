import { describe, expect, test } from 'vitest';
import { load } from '../../test/stack/kit.js';
import { acquireStackLease, FakeReleaseOps, leaseRefFor, StackError, withStackLease } from './index.js';

const state =
  'releases:\n  - { name: db, namespace: shop, chart: ./charts/db }\n  - { name: web, namespace: web, chart: ./charts/web }\n';

function clock(startMs = Date.parse('2026-01-01T00:00:00Z')) {
  let t = startMs;
  return { now: () => new Date(t), advance: (s: number) => (t += s * 1000) };
}

describe('stack lease', () => {
  const signal = new AbortController().signal;

  test('defaults to the first release namespace and differs per environment', () => {
    const stack = load({ 'releases.yaml': `environments: { default: {}, prod: {} }\n${state}` });
    const ref = leaseRefFor(stack);
    expect(ref.namespace).toBe('shop');
    expect(ref.name).toMatch(/^bosun-lock-[a-z0-9-]+$/);
    expect(ref.name.length).toBeLessThanOrEqual(63);
    expect(leaseRefFor(stack, { namespace: 'ops' }).namespace).toBe('ops');
    const prod = load(
      { 'releases.yaml': `environments: { default: {}, prod: {} }\n${state}` },
      { environment: 'prod' },
    );
    expect(leaseRefFor(prod).name).not.toBe(ref.name);
    expect(leaseRefFor(prod).name).toContain('prod');
  });

  test('--stack-name names the stack whatever folder it was checked out into', () => {
    // Each load is a fresh temp folder of another name: another stack, unless it is named.
    const files = { 'releases.yaml': state };
    expect(leaseRefFor(load(files)).name).not.toBe(leaseRefFor(load(files)).name);
    const a = load(files, { name: 'shop' });
    const b = load(files, { name: 'shop' });
    expect(leaseRefFor(a)).toEqual(leaseRefFor(b));
    expect(leaseRefFor(a).name).toMatch(/^bosun-lock-shop-default-[0-9a-f]{8}$/);
    expect(leaseRefFor(load(files, { name: 'other' })).name).not.toBe(leaseRefFor(a).name);
  });

  test.for([
    { name: 'a live lease refuses, naming holder and since when', advance: 30, force: false, ok: false },
    {
      name: 'an expired lease (dead holder) is taken over with a warning',
      advance: 61,
      force: false,
      ok: true,
    },
    { name: '--force-unlock takes a live lease with a warning', advance: 1, force: true, ok: true },
  ])('$name', async ({ advance, force, ok }) => {
    const stack = load({ 'releases.yaml': state });
    const ops = new FakeReleaseOps();
    const c = clock();
    const ref = leaseRefFor(stack);
    const first = await acquireStackLease({
      ops,
      ref,
      holder: 'alice@ci-1 pid 42',
      command: 'sync',
      now: c.now,
      signal,
    });
    c.advance(advance);
    const warnings: string[] = [];
    const second = acquireStackLease({
      ops,
      ref,
      holder: 'bob@laptop pid 7',
      command: 'apply',
      now: c.now,
      force,
      signal,
      warn: (m) => warnings.push(m),
    });
    if (!ok) {
      const err = await second.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StackError);
      expect((err as StackError).code).toBe('ELOCKED');
      expect((err as Error).message).toContain('alice@ci-1 pid 42');
      expect((err as Error).message).toContain('since 2026-01-01T00:00:00.000Z');
      await first.release();
      expect(ops.records.size).toBe(0);
      return;
    }
    const lease = await second;
    expect(warnings.join('\n')).toContain('alice@ci-1 pid 42');
    expect([...ops.records.values()][0]!.data.holder).toBe('bob@laptop pid 7');
    // The old holder's release leaves the new holder's lease alone.
    await first.release();
    expect([...ops.records.values()][0]!.data.holder).toBe('bob@laptop pid 7');
    await lease.release();
    expect(ops.records.size).toBe(0);
  });

  test('renewing keeps a long run locked past the lease duration', async () => {
    const stack = load({ 'releases.yaml': state });
    const ops = new FakeReleaseOps();
    const c = clock();
    const ref = leaseRefFor(stack);
    const lease = await acquireStackLease({ ops, ref, holder: 'a', command: 'sync', now: c.now, signal });
    for (let i = 0; i < 5; i++) {
      c.advance(20);
      await lease.renew();
    }
    const err = await acquireStackLease({ ops, ref, holder: 'b', command: 'sync', now: c.now, signal }).catch(
      (e: unknown) => e,
    );
    expect((err as StackError).code).toBe('ELOCKED');
    await lease.release();
  });

  test('withStackLease releases on failure', async () => {
    const stack = load({ 'releases.yaml': state });
    const ops = new FakeReleaseOps();
    const ref = leaseRefFor(stack);
    await expect(
      withStackLease({ ops, ref, holder: 'a', command: 'sync', signal }, async () => {
        expect(ops.records.size).toBe(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ops.records.size).toBe(0);
  });
});
