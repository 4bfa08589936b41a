import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { context, load, tree } from '../../test/stack/kit.js';
import {
  checkSavedPlan,
  loadStack,
  observe,
  readSavedPlan,
  resolveRelease,
  runSync,
  StackError,
  savePlan,
  selectReleases,
  writeSavedPlan,
} from './index.js';

const state = `
environments: { default: {}, prod: {} }
releases:
  - { name: db, namespace: shop, chart: ./charts/postgres, values: [{ v: 1 }] }
  - { name: web, namespace: shop, chart: ./charts/web, needs: [db], values: [{ v: 1 }] }
  - { name: docs, namespace: docs, chart: ./charts/web, values: [{ v: 1 }] }
`;

const at = new Date('2026-01-01T00:00:00Z');

async function refusal(fn: () => unknown): Promise<StackError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StackError);
    expect((e as StackError).code).toBe('EPLAN');
    return e as StackError;
  }
  throw new Error('expected a refusal');
}

describe('saved plans', () => {
  test('apply --plan applies exactly the saved plan when nothing moved', async () => {
    const dir = tree({ 'releases.yaml': state });
    const stack = loadStack({ cwd: dir, env: {} });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const changed = loadStack({
      cwd: tree({
        'releases.yaml': state.replace('v: 1 }] }\n  - { name: docs', 'v: 2 }] }\n  - { name: docs'),
      }),
      env: {},
    });
    const sel = selectReleases(changed, []);
    const saved = savePlan(changed, await observe(changed, sel, context({ fake: ops }).ctx), at);
    const file = join(dir, 'plan.json');
    writeSavedPlan(file, saved);
    const back = readSavedPlan(file);
    expect(back.releases.find((r) => r.id === 'shop/web')).toMatchObject({
      action: 'upgrade',
      liveRevision: 1,
    });
    const run = context({ fake: ops });
    const { summary } = await runSync(changed, sel, run.ctx, {
      onlyChanged: true,
      verify: (o) => checkSavedPlan(changed, back, o, file),
    });
    expect(summary.ok).toBe(true);
    expect(run.rec.order('applying')).toEqual(['shop/web']);
  });

  test('refuses, naming the release, when a live revision moved since (helm upgrade by hand)', async () => {
    const stack = load({ 'releases.yaml': state });
    const { ctx, ops } = context();
    const sel = selectReleases(stack, []);
    await runSync(stack, sel, ctx, { onlyChanged: false });
    const saved = savePlan(stack, await observe(stack, sel, context({ fake: ops }).ctx), at);
    const docs = resolveRelease(stack, 'docs/docs');
    await ops.upgradeInstall(
      { ...docs, values: { v: 9 } },
      {
        signal: new AbortController().signal,
        wait: false,
        waitForJobs: false,
        timeout: 30,
        createNamespace: false,
        historyMax: 10,
      },
    );
    const run = context({ fake: ops });
    const err = await refusal(() =>
      runSync(stack, sel, run.ctx, {
        onlyChanged: true,
        verify: (o) => checkSavedPlan(stack, saved, o, 'plan.json'),
      }),
    );
    expect(err.message).toContain('docs/docs: planned against revision 1, live is now revision 2');
    expect(err.message).not.toContain('shop/db');
    expect(run.rec.order('applying')).toEqual([]);
  });

  test.for([
    {
      name: 'another environment',
      env: 'prod',
      files: {},
      want: 'saved for environment "default", not "prod"',
    },
    { name: 'another stack', env: 'default', files: { other: true }, want: 'saved for stack' },
    {
      name: 'a state file that renders differently',
      env: 'default',
      files: { edit: true },
      want: 'shop/db: the state file now renders it differently',
    },
  ])('refuses a plan from $name', async ({ env, files, want }) => {
    const dir = tree({ 'releases.yaml': state, 'other/releases.yaml': state });
    const stack = loadStack({ cwd: dir, env: {} });
    const { ctx } = context();
    const saved = savePlan(stack, await observe(stack, selectReleases(stack, []), ctx), at);
    let target = loadStack({ cwd: files.other ? join(dir, 'other') : dir, env: {}, environment: env });
    if (files.edit) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'releases.yaml'), state.replace('v: 1', 'v: 5'));
      target = loadStack({ cwd: dir, env: {} });
    }
    const observed = await observe(target, selectReleases(target, []), context().ctx);
    const err = await refusal(() => checkSavedPlan(target, saved, observed, 'plan.json'));
    expect(err.message).toContain(want);
  });

  test('refuses a file that is not a saved plan, or one edited by hand', async () => {
    const dir = tree({ 'bad.json': '{"kind":"x"}', 'releases.yaml': state });
    await refusal(() => readSavedPlan(join(dir, 'bad.json')));
    const stack = loadStack({ cwd: dir, env: {} });
    const saved = savePlan(stack, await observe(stack, selectReleases(stack, []), context().ctx), at);
    const file = join(dir, 'plan.json');
    writeSavedPlan(file, { ...saved, releases: saved.releases.map((r) => ({ ...r, liveRevision: 7 })) });
    const err = await refusal(() => readSavedPlan(file));
    expect(err.message).toContain('edited');
  });
});
