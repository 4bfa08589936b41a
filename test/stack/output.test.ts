/** cli/output: plain lines and JSON lines from stack events, and the text forms of plan and diff. */
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createReporter, formatDiff, formatPlan, makeStyle, TaskList } from '../../src/cli/output/index.js';
import { diffRelease, observe, type StackEvent, selectReleases } from '../../src/stack/index.js';
import { context, load } from './kit.js';

function streams() {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += d));
  err.on('data', (d) => (e += d));
  return {
    stdout: out as unknown as NodeJS.WriteStream,
    stderr: err as unknown as NodeJS.WriteStream,
    text: () => ({ out: o, err: e }),
  };
}

const events: StackEvent[] = [
  { type: 'started', release: 'ns/a', action: 'install' },
  { type: 'waiting', release: 'ns/a', ready: 1, total: 2, message: 'Deployment/ns/a: 1 of 2 ready' },
  { type: 'failed', release: 'ns/a', error: 'timed out', durationMs: 1200 },
  { type: 'rolling-back', release: 'ns/a', toRevision: null },
  { type: 'rolled-back', release: 'ns/a', revision: null, uninstalled: true },
  { type: 'skipped', release: 'ns/b', reason: 'needs "ns/a", which failed' },
];

describe('reporter', () => {
  test('plain: one line per event on stderr, no colour without a terminal', async () => {
    const s = streams();
    const r = createReporter({ stdout: s.stdout, stderr: s.stderr, env: {} });
    expect(r.mode).toBe('plain');
    for (const e of events) r.listener(e);
    await new Promise((res) => setImmediate(res));
    expect(s.text().err).toBe(
      [
        'ns/a: install started',
        'ns/a: waiting 1/2 ready — Deployment/ns/a: 1 of 2 ready',
        'ns/a: failed: timed out',
        'ns/a: rolling back (uninstalling the failed first install)',
        'ns/a: removed',
        'ns/b: skipped: needs "ns/a", which failed',
        '',
      ].join('\n'),
    );
  });

  test('json: one object per event on stdout', async () => {
    const s = streams();
    const r = createReporter({ output: 'json', stdout: s.stdout, stderr: s.stderr, env: {} });
    for (const e of events) r.listener(e);
    await new Promise((res) => setImmediate(res));
    const lines = s
      .text()
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(events.map((e) => e.type));
    expect(lines[1]).toMatchObject({ release: 'ns/a', ready: 1, total: 2 });
  });
});

describe('text forms', () => {
  test('plan table and summary line', async () => {
    const stack = load({
      'releases.yaml': 'releases:\n  - { name: a, chart: ./c }\n  - { name: b, chart: ./c, needs: [a] }\n',
    });
    const { plan } = await observe(stack, selectReleases(stack, []), context().ctx);
    const text = formatPlan(plan, makeStyle(false));
    expect(text).toContain('default/b  + install  1');
    expect(text.trim().split('\n').at(-1)).toBe(
      'Plan: 2 to install, 0 to upgrade, 0 to uninstall, 0 unchanged',
    );
  });

  test('diff headers per resource, coloured only when asked', () => {
    const m = (v: string) =>
      `---\n# Source: c/templates/d.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${v}\n`;
    const d = diffRelease(
      'shop/web',
      'shop',
      { manifest: m('2'), values: {} },
      { manifest: m('3'), values: {} },
    );
    expect(formatDiff(d, makeStyle(false))).toBe(
      'shop/web: shop, web, Deployment (apps) has changed:\n@@ -3,4 +3,4 @@\n metadata:\n   name: web\n spec:\n-  replicas: 2\n+  replicas: 3\n',
    );
    expect(formatDiff(d, makeStyle(true))).toContain('\x1b[31m-  replicas: 2\x1b[39m');
  });
});

describe('task list', () => {
  test('rows settle on terminal events and on finished; end() resolves', async () => {
    const list = new TaskList();
    list.begin(['ns/a', 'ns/b', 'ns/c']);
    for (const e of events) list.on(e);
    list.on({ type: 'ready', release: 'ns/c', revision: 1, durationMs: 5 });
    list.on({
      type: 'finished',
      summary: { command: 'sync', results: [], ok: false, interrupted: false, durationMs: 10 },
    });
    await expect(list.end()).resolves.toBeUndefined();
  });
});
