import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { context, tree } from '../../test/stack/kit.js';
import type { FakeReleaseOps } from './index.js';
import {
  loadStack,
  readStackRevisions,
  recordStackRevision,
  runRollbackToStackRevision,
  runSync,
  type Stack,
  StackError,
  selectReleases,
} from './index.js';

const v1 = `
releases:
  - { name: db, namespace: shop, chart: ./charts/db, values: [{ v: 1 }] }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db], values: [{ v: 1 }] }
  - { name: old, namespace: shop, chart: ./charts/web, values: [{ v: 1 }] }
`;
const v2 = `
releases:
  - { name: db, namespace: shop, chart: ./charts/db, values: [{ v: 1 }] }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db], values: [{ v: 2 }] }
  - { name: old, namespace: shop, chart: ./charts/web, values: [{ v: 1 }] }
  - { name: extra, namespace: shop, chart: ./charts/web, needs: [web] }
`;
const who = { user: 'u', host: 'h', ci: {}, now: new Date(0) };
const signal = new AbortController().signal;

async function syncAndRecord(dir: string, text: string, ops: FakeReleaseOps): Promise<Stack> {
  writeFileSync(join(dir, 'releases.yaml'), text);
  const stack = loadStack({ cwd: dir, env: {} });
  const run = await runSync(stack, selectReleases(stack, []), context({ fake: ops }).ctx, {
    onlyChanged: true,
  });
  await recordStackRevision(ops, stack, run, who, {}, signal);
  return stack;
}

describe('rollback --to-stack-revision', () => {
  test('returns every release to its revision at N: rollback, uninstall of what came later, unchanged stays', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    await syncAndRecord(dir, v1, ops);
    const stack = await syncAndRecord(dir, v2, ops);
    const run = context({ fake: ops });
    const summary = await runRollbackToStackRevision(stack, selectReleases(stack, []), run.ctx, 1, {});
    const byId = new Map(summary.results.map((r) => [r.id, r]));
    expect(byId.get('shop/web')).toMatchObject({ status: 'done', revisionBefore: 2, revisionAfter: 3 });
    expect(ops.revisions({ name: 'web', namespace: 'shop' }).at(-1)).toMatchObject({ values: { v: 1 } });
    expect(byId.get('shop/extra')).toMatchObject({
      status: 'done',
      action: 'uninstall',
      revisionAfter: null,
    });
    expect(ops.revisions({ name: 'extra', namespace: 'shop' })).toEqual([]);
    expect(byId.get('shop/db')?.status).toBe('unchanged');
    expect(summary.ok).toBe(true);
    const order = run.rec.order('ready');
    expect(order.indexOf('shop/extra')).toBeLessThan(order.indexOf('shop/web'));
  });

  test('a release installed at N but removed since is reported, not guessed', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    const stack = await syncAndRecord(dir, v1, ops);
    await ops.uninstall({ name: 'old', namespace: 'shop' }, { signal, wait: false, timeout: 10 });
    const summary = await runRollbackToStackRevision(
      stack,
      selectReleases(stack, []),
      context({ fake: ops }).ctx,
      1,
      {},
    );
    const old = summary.results.find((r) => r.id === 'shop/old')!;
    expect(old.status).toBe('failed');
    expect(old.error).toContain('cannot be reinstalled');
    expect(summary.ok).toBe(false);
  });

  test('an unknown revision number lists the recorded ones', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    const stack = await syncAndRecord(dir, v1, ops);
    const err = await runRollbackToStackRevision(
      stack,
      selectReleases(stack, []),
      context({ fake: ops }).ctx,
      7,
      {},
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackError);
    expect((err as Error).message).toContain('no stack revision 7');
    expect((err as Error).message).toContain('recorded: 1');
  });

  test('a release removed after N is reinstalled from the record its removal kept, before what needs it', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    await syncAndRecord(dir, v1, ops);
    // Revision 2: web changes; revision 3: db and web are removed (installed: false).
    await syncAndRecord(dir, v2, ops);
    const gone = v2
      .replace('chart: ./charts/db,', 'chart: ./charts/db, installed: false,')
      .replace('needs: [db], values: [{ v: 2 }]', 'needs: [db], installed: false, values: [{ v: 2 }]')
      .replace('needs: [web] }', 'installed: false }');
    const stack = await syncAndRecord(dir, gone, ops);
    expect(ops.revisions({ name: 'db', namespace: 'shop' })).toEqual([]);
    const revs = await readStackRevisions(ops, stack, {}, signal);
    const r3 = revs.at(-1)!;
    expect(r3.revision.releases.find((x) => x.id === 'shop/web')).toMatchObject({
      before: 2,
      after: null,
      kept: [2, 1],
    });
    const run = context({ fake: ops });
    const summary = await runRollbackToStackRevision(stack, selectReleases(stack, []), run.ctx, 1, {});
    expect(summary.ok).toBe(true);
    const web = ops.revisions({ name: 'web', namespace: 'shop' });
    expect(web.map((r) => [r.revision, r.status])).toEqual([
      [1, 'uninstalled'],
      [2, 'deployed'],
    ]);
    expect(web.at(-1)).toMatchObject({ values: { v: 1 } });
    expect(ops.revisions({ name: 'db', namespace: 'shop' }).at(-1)).toMatchObject({ status: 'deployed' });
    const order = run.rec.order('ready');
    expect(order.indexOf('shop/db')).toBeLessThan(order.indexOf('shop/web'));
  });

  test('a revision whose kept record is missing is refused by name', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    await syncAndRecord(dir, v1, ops);
    const stack = await syncAndRecord(
      dir,
      v1.replace('chart: ./charts/web, values', 'chart: ./charts/web, installed: false, values'),
      ops,
    );
    const [key, rec] = [...ops.records.entries()].find(([k]) => k.endsWith('.v2'))!;
    const data = Object.fromEntries(Object.entries(rec.data).filter(([k]) => !k.startsWith('kept.')));
    ops.records.set(key, { ...rec, data });
    const err = await runRollbackToStackRevision(
      stack,
      selectReleases(stack, []),
      context({ fake: ops }).ctx,
      1,
      {},
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackError);
    expect((err as Error).message).toContain(key);
    expect((err as Error).message).toContain('kept record 1 of shop/old is missing');
  });

  test('a release no longer declared is named in a warning; one whose target left its helm history fails with why', async () => {
    const dir = tree({ 'releases.yaml': v1 });
    const { ops } = context();
    await syncAndRecord(dir, v1, ops);
    const stack = await syncAndRecord(
      dir,
      v2
        .replace(/ {2}- \{ name: old.*\n/, '')
        .replace('chart: ./charts/db, values: [{ v: 1 }]', 'chart: ./charts/db, values: [{ v: 2 }]'),
      ops,
    );
    // helm's history-max dropped db's revision 1 (simulated: the store loses it).
    (ops.revisions({ name: 'db', namespace: 'shop' }) as unknown[]).shift();
    const run = context({ fake: ops });
    const summary = await runRollbackToStackRevision(stack, selectReleases(stack, []), run.ctx, 1, {});
    expect(run.rec.of('warning').map((w) => w.message)).toContain(
      'shop/old was at revision 1 at stack revision 1 but is not in the state file any more; declare it again to restore it',
    );
    expect(summary.results.find((r) => r.id === 'shop/db')?.error).toContain(
      'its helm history no longer has that revision (kept: 2',
    );
  });
});
