/**
 * Interop both ways with the real helm 3.17 and 4.1 on one sandbox: what bosun writes, helm
 * reads as its own (and prints the same bytes bosun prints); what helm writes, bosun upgrades,
 * rolls back and uninstalls; records compared field by field with helm's for the same chart and
 * values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Release } from '../../src/release/index.js';
import {
  appChart,
  hookJob,
  normaliseAges,
  type ReleaseSandbox,
  resourceSections,
  startReleaseSandbox,
  withoutResources,
} from './support.js';

let t: ReleaseSandbox;
let chart: string;
let valuesFile: string;

beforeAll(async () => {
  t = await startReleaseSandbox();
  chart = t.chart('app', appChart({ hooks: hookJob('pre-install,pre-upgrade', 'migrate') }));
  valuesFile = join(t.dir, 'values.yaml');
  writeFileSync(valuesFile, 'message: from-file\nextra:\n  list: [1, two]\n');
});
afterAll(async () => {
  await t?.close();
});

const ok = (r: { code: number; stderr: string; stdout: string }) => {
  expect(r.stderr + r.stdout, 'command failed').not.toMatch(/^Error/m);
  expect(r.code).toBe(0);
  return r.stdout;
};

/** What must not differ between twin releases: everything but names and times. */
function comparable(rel: Release, name: string): Record<string, unknown> {
  // bosun's chart loader keeps file times to the (rounded) millisecond; helm keeps nanoseconds
  const text = JSON.stringify(rel)
    .replaceAll(name, 'REL')
    .replace(/("modtime":"[^".]*)(\.\d+)?Z"/g, '$1Z"');
  const r = JSON.parse(text);
  for (const k of ['first_deployed', 'last_deployed', 'deleted']) delete r.info[k];
  for (const h of r.hooks ?? []) delete h.last_run;
  for (const k of ['createdAt', 'modifiedAt', 'name']) delete r.labels?.[k];
  return r;
}

describe('bosun writes, helm reads', { timeout: 90_000 }, () => {
  test.for(['v3', 'v4'] as const)('bosun install → helm %s list, history, get, status', async (v) => {
    const name = `b-${v}`;
    const twin = `h-${v}`;
    const helm = v === 'v3' ? t.h3 : t.h4;
    const installs = await Promise.all([
      t.bosun(['helm', 'install', name, chart, '-f', valuesFile, '--set', 'replicas=2', '--wait']),
      helm(['install', twin, chart, '-f', valuesFile, '--set', 'replicas=2', '--wait']),
    ]);
    installs.forEach(ok);
    // helm prints bosun's release exactly as bosun prints it
    await Promise.all(
      (
        [
          ['history', name],
          ['history', name, '-o', 'json'],
          ['get', 'values', name],
          ['get', 'values', name, '-a', '-o', 'json'],
          ['get', 'manifest', name],
          ['get', 'hooks', name],
          ['get', 'notes', name],
          ['list', '--filter', `^${name}$`, '-o', 'json'],
        ] as string[][]
      ).map(async (args) => {
        const [h, b] = await Promise.all([helm(args), t.bosun(['helm', ...args])]);
        expect(ok(b), args.join(' ')).toBe(ok(h));
      }),
    );
    const [hs, bs] = (await Promise.all([helm(['status', name]), t.bosun(['helm', 'status', name])])).map(
      ok,
    ) as [string, string];
    if (v === 'v4') {
      expect(withoutResources(bs)).toBe(withoutResources(hs));
      expect(resourceSections(bs)).toEqual(resourceSections(hs));
      expect([...resourceSections(bs).keys()].sort()).toEqual(
        ['v1/ConfigMap', 'v1/Deployment', 'v1/Pod(related)', 'v1/Service'].sort(),
      );
    } else {
      // helm 3 prints DESCRIPTION only with --show-desc; bosun prints it as helm 4 does
      expect(withoutResources(bs).replace(/^DESCRIPTION: .*\n/m, '')).toBe(hs);
    }
    // and bosun's release looks to helm like the one helm made
    const hsTwin = ok(await helm(['status', twin]));
    const strip = (s: string, n: string) =>
      normaliseAges(
        withoutResources(s)
          .replaceAll(n, 'REL')
          .replace(/LAST DEPLOYED: .*\n/, ''),
      );
    expect(strip(hs, name)).toBe(strip(hsTwin, twin));
    expect(ok(await helm(['get', 'manifest', name])).replaceAll(name, 'REL')).toBe(
      ok(await helm(['get', 'manifest', twin])).replaceAll(twin, 'REL'),
    );
    // the records themselves, field by field (helm 3 writes no apply_method: it applies client-side)
    const [bRec] = await t.records(name);
    const [hRec] = await t.records(twin);
    const b = comparable(bRec!, name);
    const h = comparable(hRec!, twin);
    if (v === 'v3') {
      // helm 3 applies client-side (no apply_method) and keeps no file times
      expect(b.apply_method).toBe('ssa');
      delete b.apply_method;
      delete h.apply_method;
      const c = (b as any).chart;
      delete c.schemamodtime;
      delete c.modtime;
      for (const f of [...(c.templates ?? []), ...(c.files ?? [])]) delete f.modtime;
    }
    for (const field of new Set([...Object.keys(b), ...Object.keys(h)]))
      expect(b[field], `record field ${field}`).toEqual(h[field]);
  });

  test.for(['v3', 'v4'] as const)('helm %s upgrade → bosun rollback → helm history', async (v) => {
    const name = `ur-${v}`;
    const helm = v === 'v3' ? t.h3 : t.h4;
    ok(await t.bosun(['helm', 'install', name, chart]));
    ok(await helm(['upgrade', name, chart, '--set', 'message=second']));
    const rb = await t.bosun(['helm', 'rollback', name, '1', '--wait']);
    expect(ok(rb)).toBe('Rollback was a success! Happy Helming!\n');
    const h = JSON.parse(ok(await helm(['history', name, '-o', 'json'])));
    expect(h.map((x: any) => [x.revision, x.status, x.description])).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'superseded', 'Upgrade complete'],
      [3, 'deployed', 'Rollback to 1'],
    ]);
    const cm = await t.kubectl(['get', 'cm', `${name}-config`, '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe('hello');
    // helm can take its turn again: no field-manager conflicts
    ok(await helm(['upgrade', name, chart, '--set', 'message=third']));
  });
});

describe('helm writes, bosun manages', { timeout: 60_000 }, () => {
  test.for(['v3', 'v4'] as const)('helm %s install → bosun upgrade, rollback, uninstall', async (v) => {
    const name = `hb-${v}`;
    const helm = v === 'v3' ? t.h3 : t.h4;
    ok(await helm(['install', name, chart, '--set', 'message=by-helm']));
    // helm 3 applied client-side: bosun hands its fields to server-side apply (as helm 4 does)
    const up = await t.bosun(['helm', 'upgrade', name, chart, '--set', 'message=by-bosun', '--wait']);
    expect(ok(up)).toMatch(/^Release ".*" has been upgraded\. Happy Helming!\nNAME: /);
    const live = (await t.http('GET', `/api/v1/namespaces/default/configmaps/${name}-config`)).body;
    expect(live.data.message).toBe('by-bosun');
    const helmEntries = live.metadata.managedFields.filter((f: any) => f.manager === 'helm');
    expect(helmEntries.map((f: any) => f.operation)).toEqual(['Apply']);
    ok(await t.bosun(['helm', 'rollback', name]));
    const cm2 = await t.kubectl(['get', 'cm', `${name}-config`, '-o', 'jsonpath={.data.message}']);
    expect(cm2.stdout).toBe('by-helm');
    const h = JSON.parse(ok(await helm(['history', name, '-o', 'json'])));
    expect(h.map((x: any) => [x.revision, x.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    expect(ok(await t.bosun(['helm', 'uninstall', name]))).toBe(`release "${name}" uninstalled\n`);
    expect(ok(await helm(v === 'v3' ? ['list', '-a', '-q'] : ['list', '-q']))).not.toContain(name);
    const left = await t.kubectl(['get', 'deploy,svc,cm', '-o', 'name']);
    expect(left.stdout).not.toContain(name);
  });

  test('helm uninstall --keep-history → bosun list -a', async () => {
    ok(await t.h4(['install', 'kept', chart]));
    ok(await t.h4(['uninstall', 'kept', '--keep-history']));
    // helm 4 lists every status by default (and has no -a); helm 3 needs -a
    const h4 = ok(await t.h4(['list', '--filter', '^kept$']));
    const h3 = ok(await t.h3(['list', '-a', '--filter', '^kept$']));
    const b = ok(await t.bosun(['helm', 'list', '-a', '--filter', '^kept$']));
    expect(b).toBe(h4);
    expect(b).toBe(h3);
    expect(b).toMatch(/kept\s*\tdefault\s*\t1\s*\t.*\tuninstalled/);
    expect(ok(await t.bosun(['helm', 'list', '--uninstalled', '-q']))).toBe('kept\n');
  });

  test('status, get all and get metadata print what helm 4 prints', async () => {
    ok(await t.h4(['install', 'shown', chart, '--labels', 'team=a']));
    await Promise.all(
      (
        [
          ['get', 'all', 'shown'],
          ['get', 'metadata', 'shown'],
          ['get', 'metadata', 'shown', '-o', 'json'],
          ['get', 'metadata', 'shown', '--revision', '1', '-o', 'yaml'],
          ['status', 'shown', '-o', 'json'],
          ['status', 'shown', '-o', 'yaml'],
        ] as string[][]
      ).map(async (args) => {
        const [h, b] = (await Promise.all([t.h4(args), t.bosun(['helm', ...args])])).map(ok) as [
          string,
          string,
        ];
        expect(b.replace(/"\d+[smh]"/g, 'AGE'), args.join(' ')).toBe(h.replace(/"\d+[smh]"/g, 'AGE'));
      }),
    );
  });
});

describe('list', { timeout: 90_000 }, () => {
  test('--filter, -l/--selector, states, --date/-r, -m/--offset as helm', async () => {
    const ns = await t.http('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'lists' },
    });
    expect(ns.status).toBe(201);
    const installs = await Promise.all(
      (
        [
          ['la', 'tier=web'],
          ['lb', 'tier=db'],
          ['lc', 'tier=web'],
        ] as const
      ).map(([n, label]) => t.bosun(['helm', 'install', n, chart, '-n', 'lists', '--labels', label])),
    );
    installs.forEach(ok);
    ok(await t.bosun(['helm', 'upgrade', 'lb', chart, '-n', 'lists', '--set', 'message=x']));
    await Promise.all(
      (
        [
          ['list', '-n', 'lists'],
          ['list', '-n', 'lists', '-l', 'tier=web', '-q'],
          ['list', '-n', 'lists', '-l', 'tier!=web', '-q'],
          ['list', '-n', 'lists', '--selector', 'tier in (db,web),status=deployed', '-q'],
          ['list', '-n', 'lists', '--filter', 'l[ab]', '-q'],
          ['list', '-n', 'lists', '--superseded', '-o', 'json'],
          ['list', '-n', 'lists', '-r', '-q'],
          ['list', '-n', 'lists', '-m', '1', '--offset', '1', '-q'],
          ['list', '-A', '-q', '--filter', '^l'],
        ] as string[][]
      ).map(async (args) => {
        // helm 3 is the reference for the default state filter (deployed and failed)
        const [h, b] = await Promise.all([t.h3(args), t.bosun(['helm', ...args])]);
        expect(ok(b), args.join(' ')).toBe(ok(h));
      }),
    );
    // -d: by last deployed second (helm leaves ties in map order; bosun breaks them by name)
    const d = JSON.parse(ok(await t.bosun(['helm', 'list', '-A', '-d', '-o', 'json', '--filter', '^l'])));
    const secs = d.map((x: any) =>
      Math.floor(Date.parse(x.updated.replace(/ \+0000 UTC$/, 'Z').replace(' ', 'T')) / 1000),
    );
    expect(secs).toEqual([...secs].sort());
    expect(d.map((x: any) => x.name).sort()).toEqual(['la', 'lb', 'lc']);
  });
});
