import { describe, expect, test } from 'vitest';
import { type Outcome, schedule } from './scheduler.js';

/** A graph as `id: needs` pairs; `fail` ids reject; each task takes `ms[id] ?? 5` ms. */
interface Case {
  name: string;
  graph: Record<string, string[]>;
  concurrency: number;
  fail?: string[];
  ms?: Record<string, number>;
  /** Expected status per id. */
  want: Record<string, Outcome<string>['status']>;
  /** Pairs [a, b]: a must have finished before b started. */
  before?: [string, string][];
  maxParallel?: number;
}

const cases: Case[] = [
  {
    name: 'diamond runs b and c in parallel after a',
    graph: { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] },
    concurrency: 4,
    want: { a: 'done', b: 'done', c: 'done', d: 'done' },
    before: [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ],
    maxParallel: 2,
  },
  {
    name: 'ready-set, not waves: c starts when a is done even though b (same level) is slow',
    graph: { a: [], b: [], c: ['a'] },
    concurrency: 4,
    ms: { a: 5, b: 60 },
    want: { a: 'done', b: 'done', c: 'done' },
    before: [['a', 'c']],
  },
  {
    name: 'concurrency bound holds',
    graph: { a: [], b: [], c: [], d: [], e: [], f: [] },
    concurrency: 2,
    want: { a: 'done', b: 'done', c: 'done', d: 'done', e: 'done', f: 'done' },
    maxParallel: 2,
  },
  {
    name: 'a failure skips its dependents transitively, independents still run',
    graph: { a: [], b: ['a'], c: ['b'], x: [] },
    concurrency: 2,
    fail: ['a'],
    want: { a: 'failed', b: 'skipped', c: 'skipped', x: 'done' },
  },
  {
    name: 'needs outside the task set count as done',
    graph: { b: ['outside'] },
    concurrency: 1,
    want: { b: 'done' },
  },
];

describe('schedule', () => {
  test.for(cases)('$name', async (c) => {
    const startedAt = new Map<string, number>();
    const endedAt = new Map<string, number>();
    let tick = 0;
    let running = 0;
    let max = 0;
    const outcomes = await schedule({
      ids: Object.keys(c.graph),
      waitsFor: (id) => c.graph[id] ?? [],
      concurrency: c.concurrency,
      signal: new AbortController().signal,
      run: async (id) => {
        startedAt.set(id, tick++);
        max = Math.max(max, ++running);
        await new Promise((r) => setTimeout(r, c.ms?.[id] ?? 5));
        running--;
        endedAt.set(id, tick++);
        if (c.fail?.includes(id)) throw new Error(`${id} failed`);
        return id;
      },
    });
    expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o.status]))).toEqual(c.want);
    for (const [a, b] of c.before ?? []) expect(endedAt.get(a)!).toBeLessThan(startedAt.get(b)!);
    if (c.maxParallel !== undefined) expect(max).toBe(c.maxParallel);
  });

  test('skip reasons name the failed release', async () => {
    const outcomes = await schedule({
      ids: ['a', 'b', 'c'],
      waitsFor: (id) => ({ a: [], b: ['a'], c: ['b'] })[id] ?? [],
      concurrency: 1,
      signal: new AbortController().signal,
      run: async (id) => {
        if (id === 'a') throw new Error('x');
        return id;
      },
    });
    expect(outcomes.get('b')).toEqual({
      status: 'skipped',
      reason: 'needs "a", which failed',
      blockedBy: ['a'],
    });
    expect(outcomes.get('c')).toEqual({
      status: 'skipped',
      reason: 'needs "b", which was skipped',
      blockedBy: ['b'],
    });
  });

  test('abort: in-flight work finishes, nothing new starts, the rest is skipped as interrupted', async () => {
    const ac = new AbortController();
    const started: string[] = [];
    const outcomes = await schedule({
      ids: ['a', 'b', 'c', 'd'],
      waitsFor: (id) => (id === 'c' ? ['a'] : []),
      concurrency: 2,
      signal: ac.signal,
      run: async (id) => {
        started.push(id);
        await Promise.resolve(); // b has started by now (the pump is synchronous)
        if (id === 'a') ac.abort();
        await new Promise((r) => setTimeout(r, 5));
        return id;
      },
    });
    expect(started).toEqual(['a', 'b']);
    expect(outcomes.get('a')?.status).toBe('done');
    expect(outcomes.get('b')?.status).toBe('done');
    expect(outcomes.get('c')).toMatchObject({ status: 'skipped', reason: 'interrupted before it started' });
    expect(outcomes.get('d')).toMatchObject({ status: 'skipped', reason: 'interrupted before it started' });
  });
});
