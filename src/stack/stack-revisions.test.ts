import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import {
  keepingRemovals,
  listStackRevisions,
  readStackRevisions,
  recordStackRevision,
  runSync,
  StackError,
  selectReleases,
} from './index.js';

const state = `
environments: { default: {}, prod: {} }
releases:
  - { name: db, namespace: shop, chart: ./charts/db, values: [{ v: 1 }] }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db], values: [{ v: 1 }] }
`;
const who = {
  user: 'dana',
  host: 'ci-3',
  ci: { GITHUB_RUN_ID: '77' },
  now: new Date('2026-02-01T00:00:00Z'),
};
const signal = new AbortController().signal;

describe('stack revisions', () => {
  test('a run that changed something records before/after per release; a no-op run records nothing', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ctx, ops } = context();
    const sel = selectReleases(stack, []);
    const first = await runSync(stack, sel, ctx, { onlyChanged: false });
    const r1 = await recordStackRevision(ops, stack, first, who, {}, signal);
    expect(r1).toMatchObject({
      number: 1,
      environment: 'default',
      user: 'dana',
      ci: { GITHUB_RUN_ID: '77' },
    });
    expect(r1!.releases).toEqual([
      { id: 'shop/db', before: null, after: 1, status: 'done' },
      { id: 'shop/web', before: null, after: 1, status: 'done' },
    ]);
    expect(r1!.planDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const noop = await runSync(stack, sel, context({ fake: ops }).ctx, { onlyChanged: true });
    expect(await recordStackRevision(ops, stack, noop, who, {}, signal)).toBeNull();
    const changed = load({
      'releases.yaml': state.replace('needs: [db], values: [{ v: 1 }]', 'needs: [db], values: [{ v: 2 }]'),
    });
    const second = await runSync(changed, selectReleases(changed, []), context({ fake: ops }).ctx, {
      onlyChanged: true,
    });
    // Loaded from another folder, it is another stack: its revisions are numbered on their own.
    await recordStackRevision(ops, changed, second, who, {}, signal);
    const list = await listStackRevisions(ops, changed, {}, signal);
    expect(
      list.map((r) => [r.number, r.releases.filter((x) => x.before !== x.after).map((x) => x.id)]),
    ).toEqual([[1, ['shop/web']]]);
    expect((await listStackRevisions(ops, stack, {}, signal)).map((r) => r.number)).toEqual([1]);
    const prod = load({ 'releases.yaml': state }, { environment: 'prod' });
    expect(await listStackRevisions(ops, prod, {}, signal)).toEqual([]);
    // The record is a `revision` record in the first release's namespace.
    const rec = [...ops.records.entries()].find(([k]) => k.startsWith('shop/bosun-stack-'));
    expect(rec?.[1].kind).toBe('revision');
  });

  test('numbers follow each other within one stack and environment', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ctx, ops } = context();
    const sel = selectReleases(stack, []);
    for (let i = 0; i < 3; i++) {
      const run = await runSync(stack, sel, i === 0 ? ctx : context({ fake: ops }).ctx, {
        onlyChanged: false,
      });
      await recordStackRevision(ops, stack, run, who, {}, signal);
    }
    const list = await listStackRevisions(ops, stack, {}, signal);
    expect(list.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(list[2]!.releases.find((r) => r.id === 'shop/web')).toMatchObject({ before: 2, after: 3 });
  });

  test('a corrupted record is refused by name', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ctx, ops } = context();
    const run = await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    await recordStackRevision(ops, stack, run, who, {}, signal);
    const [key, rec] = [...ops.records.entries()].find(([k]) => k.includes('bosun-stack-'))!;
    ops.records.set(key, { ...rec, data: { 'revision.json': '{"number": "one"' } });
    const err = await listStackRevisions(ops, stack, {}, signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackError);
    expect((err as StackError).code).toBe('EREVISION');
    expect((err as Error).message).toContain(key);
  });

  test('records of removed releases are kept within 1 MiB; one that does not fit is named', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ops } = context();
    const summary = {
      command: 'destroy',
      ok: true,
      interrupted: false,
      durationMs: 0,
      results: [
        {
          id: 'shop/web',
          action: 'uninstall',
          status: 'done',
          revisionBefore: 2,
          revisionAfter: null,
          durationMs: 0,
        },
        {
          id: 'shop/db',
          action: 'uninstall',
          status: 'done',
          revisionBefore: 1,
          revisionAfter: null,
          durationMs: 0,
        },
      ] as const,
    };
    const kept = new Map([
      [
        'shop/web',
        [
          { revision: 1, record: 'b'.repeat(100) },
          { revision: 2, record: 'w'.repeat(1000) },
        ],
      ],
      ['shop/db', [{ revision: 1, record: 'd'.repeat(900 * 1024) }]],
    ]);
    const warnings: string[] = [];
    const rev = await recordStackRevision(ops, stack, { summary, kept }, who, {}, signal, (m) =>
      warnings.push(m),
    );
    // Only the latest of web (no earlier stack revision names its revision 1); db is too large.
    expect(rev!.releases[0]).toMatchObject({ id: 'shop/web', kept: [2] });
    expect(rev!.releases[1]!.kept).toBeUndefined();
    expect(rev!.releases[1]!.notKept).toContain('does not fit in the stack revision Secret (max 1 MiB)');
    expect(warnings.join('\n')).toContain('shop/db');
    const [read] = await readStackRevisions(ops, stack, {}, signal);
    expect(read!.kept.get('shop/web')?.get(2)).toBe('w'.repeat(1000));
  });

  test('keepingRemovals reads the records before an uninstall, and does not uninstall when it cannot', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const keeper = keepingRemovals(ops);
    const call = { signal, wait: false, timeout: 10 };
    await keeper.ops.uninstall({ name: 'web', namespace: 'shop' }, call);
    expect(keeper.kept.get('shop/web')?.map((r) => r.revision)).toEqual([1]);
    ops.exportRecords = async () => {
      throw new StackError('EREVISION', 'cannot read');
    };
    await expect(keeper.ops.uninstall({ name: 'db', namespace: 'shop' }, call)).rejects.toThrow(
      'cannot read',
    );
    expect(ops.revisions({ name: 'db', namespace: 'shop' })).toHaveLength(1);
  });
});
