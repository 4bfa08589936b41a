import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import {
  diffRelease,
  FakeReleaseOps,
  matchesSelector,
  observe,
  parseSelector,
  runSync,
  selectReleases,
  summaryLine,
  unifiedDiff,
} from './index.js';

const state = `releases:
  - { name: db, namespace: data, chart: ./pg, labels: { tier: data } }
  - { name: api, namespace: app, chart: ./api, needs: [data/db], labels: { tier: web }, values: [{ replicas: 2 }] }
  - { name: web, namespace: app, chart: ./web, needs: [api], labels: { tier: web } }
  - { name: old, namespace: app, chart: ./web, installed: false }
`;

describe('plan', () => {
  test('actions, levels, reasons and the summary line', async () => {
    const stack = load({ 'releases.yaml': state });
    const ops = new FakeReleaseOps();
    const { ctx } = context({ fake: ops });
    await runSync(stack, selectReleases(stack, ['name=db']), ctx, { onlyChanged: false });
    ops.seed({ ...stack.releases[3]!, values: {} });
    const changed = load({ 'releases.yaml': state.replace('replicas: 2', 'replicas: 3') });
    const { plan } = await observe(changed, selectReleases(changed, []), context({ fake: ops }).ctx);
    expect(plan.releases.map((r) => [r.id, r.action, r.level, r.reason])).toEqual([
      ['data/db', 'unchanged', 0, 'rendered manifest and values match the live revision'],
      ['app/old', 'uninstall', 0, 'installed: false and a live revision exists'],
      ['app/api', 'install', 1, 'not installed'],
      ['app/web', 'install', 2, 'not installed'],
    ]);
    expect(summaryLine(plan.summary)).toBe('Plan: 2 to install, 0 to upgrade, 1 to uninstall, 1 unchanged');
    expect(plan.levels).toEqual([['data/db', 'app/old'], ['app/api'], ['app/web']]);
  });

  test('an upgrade names what changed; unselected needs are shown as skipped', async () => {
    const stack = load({ 'releases.yaml': state });
    const ops = new FakeReleaseOps();
    await runSync(stack, selectReleases(stack, []), context({ fake: ops }).ctx, { onlyChanged: false });
    const changed = load({ 'releases.yaml': state.replace('replicas: 2', 'replicas: 3') });
    const { plan } = await observe(
      changed,
      selectReleases(changed, ['name=api']),
      context({ fake: ops }).ctx,
    );
    expect(plan.releases.map((r) => [r.id, r.action, r.reason])).toEqual([
      ['data/db', 'skipped', 'not selected (needed by app/api)'],
      ['app/api', 'upgrade', '1 resource changed, values changed'],
    ]);
    const api = plan.releases[1]!;
    expect(api.changes[0]).toMatchObject({
      kind: 'ConfigMap',
      name: 'api',
      namespace: 'app',
      change: 'modified',
    });
    expect(api.changes[0]!.diff).toContain('-  replicas: "2"');
    expect(api.changes[0]!.diff).toContain('+  replicas: "3"');
    expect(api.valuesDiff).toBe('@@ -1 +1 @@\n-replicas: 2\n+replicas: 3\n');
  });
});

describe('selectors', () => {
  test.for([
    { sel: ['tier=web'], want: ['app/api', 'app/web'] },
    { sel: ['tier=web,name!=web'], want: ['app/api'] },
    { sel: ['name=db', 'name=web'], want: ['data/db', 'app/web'] },
    { sel: ['namespace=app,chart=./web'], want: ['app/old', 'app/web'] },
    { sel: ['tier=nope'], want: [] },
  ])('$sel', ({ sel, want }) => {
    const stack = load({ 'releases.yaml': state });
    expect(selectReleases(stack, sel).ids).toEqual(want);
  });

  test('malformed selectors are refused', () => {
    expect(() => parseSelector('tier')).toThrow(/malformed selector "tier"/);
    expect(matchesSelector({ a: '1' }, parseSelector('b!=2'))).toBe(true);
  });
});

describe('diff', () => {
  const secret = (pw: string, user = 'admin') =>
    `---\n# Source: c/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: ${pw}\n  user: ${user}\n`;

  test('secret values are masked, but a changed one still shows', () => {
    const d = diffRelease(
      'ns/a',
      'ns',
      { manifest: secret('b2xk'), values: {} },
      { manifest: secret('bmV3'), values: {} },
    );
    expect(d.resources).toHaveLength(1);
    expect(d.resources[0]!.diff).toContain('-  password: (redacted, before)');
    expect(d.resources[0]!.diff).toContain('+  password: (redacted, after)');
    expect(d.resources[0]!.diff).not.toMatch(/b2xk|bmV3/);
    const shown = diffRelease(
      'ns/a',
      'ns',
      { manifest: secret('b2xk'), values: {} },
      { manifest: secret('bmV3'), values: {} },
      { showSecrets: true },
    );
    expect(shown.resources[0]!.diff).toContain('-  password: b2xk');
  });

  test('added and removed resources, per resource; --context', () => {
    const cm = (name: string, v: string) =>
      `---\n# Source: c/templates/${name}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n  b: "2"\n  c: "3"\n  d: "${v}"\n`;
    const d = diffRelease(
      'ns/a',
      'ns',
      { manifest: cm('x', '4') + cm('gone', '1'), values: {} },
      { manifest: cm('x', '5') + cm('new', '1'), values: {} },
      { context: 1 },
    );
    expect(d.resources.map((r) => [r.name, r.change])).toEqual([
      ['x', 'modified'],
      ['new', 'added'],
      ['gone', 'removed'],
    ]);
    expect(d.resources[0]!.diff).toBe('@@ -8,2 +8,2 @@\n   c: "3"\n-  d: "4"\n+  d: "5"\n');
  });

  test('unified diff hunks', () => {
    expect(unifiedDiff('a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nB\nc\nd\ne\nf\ng\nH\n', 1)).toBe(
      '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -7,2 +7,2 @@\n g\n-h\n+H\n',
    );
    expect(unifiedDiff('', 'x\n')).toBe('@@ -0,0 +1 @@\n+x\n');
    expect(unifiedDiff('same\n', 'same\n')).toBe('');
  });
});

describe('values diff masking', () => {
  test('sensitive keys are masked unless secrets are shown; a change still shows', () => {
    const d = diffRelease(
      'ns/a',
      'ns',
      { manifest: '', values: { auth: { password: 'old', user: 'u' } } },
      { manifest: '', values: { auth: { password: 'new', user: 'u' } } },
    );
    expect(d.values).toBe(
      '@@ -1,3 +1,3 @@\n auth:\n-  password: (redacted, before)\n+  password: (redacted, after)\n   user: u\n',
    );
    const shown = diffRelease(
      'ns/a',
      'ns',
      { manifest: '', values: { token: 'a' } },
      { manifest: '', values: { token: 'b' } },
      { showSecrets: true },
    );
    expect(shown.values).toContain('-token: a');
  });
});
