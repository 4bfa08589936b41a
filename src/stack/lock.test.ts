import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tree } from '../../test/stack/kit.js';
import {
  type LiveRelease,
  type LockSource,
  loadStack,
  lockEnvironment,
  lockPathFor,
  pinnedDigestOf,
  readLock,
  resolveRelease,
  type Stack,
  selectReleases,
  withSection,
  writeLock,
} from './index.js';
import { chartPathDigest } from './lock.js';

/** Resolves `^1.2` of repo/web to 1.2.7, anything else to the version asked (or 0.1.0). */
const resolver: LockSource = {
  resolve: async (chart, constraint) => {
    const version = chart === 'repo/web' && constraint === '^1.2' ? '1.2.7' : (constraint ?? '0.1.0');
    return { version, digest: `sha256:${chart}@${version}` };
  },
};

const signal = new AbortController().signal;
const now = () => new Date(0);

async function lockOf(stack: Stack, source: LockSource, live: boolean, notes: string[] = []) {
  const env = stack.environment.name;
  const section = await lockEnvironment(
    {
      environment: env,
      order: stack.graph.order,
      releases: selectReleases(stack, []).ids.map((id) => stack.byId.get(id)!),
    },
    source,
    { signal, now, previous: stack.lock?.environments[env], live, notify: (n) => notes.push(n.message) },
  );
  writeLock(lockPathFor(stack), withSection(stack.lock, env, section));
  return section;
}

const twoEnvs = `environments:
  staging: {}
  prod: {}
---
releases:
  - { name: web, namespace: shop, chart: repo/web, version: "^1.2" }
  - { name: db, namespace: shop, chart: ./db }
`;

describe('releases.lock', () => {
  test('lock pins per environment; runs of that environment use the pin and its digest', async () => {
    const cwd = tree({ 'releases.yaml': twoEnvs });
    await lockOf(loadStack({ cwd, env: {}, environment: 'staging' }), resolver, false);
    expect(readLock(join(cwd, 'releases.lock'))).toEqual({
      version: 2,
      environments: {
        staging: {
          generated: '1970-01-01T00:00:00.000Z',
          releases: [
            {
              id: 'shop/web',
              name: 'web',
              namespace: 'shop',
              chart: 'repo/web',
              constraint: '^1.2',
              version: '1.2.7',
              digest: 'sha256:repo/web@1.2.7',
              source: 'resolved',
            },
            {
              id: 'shop/db',
              name: 'db',
              namespace: 'shop',
              chart: './db',
              constraint: '',
              version: '0.1.0',
              digest: 'sha256:./db@0.1.0',
              source: 'resolved',
            },
          ],
        },
      },
    });
    const staging = resolveRelease(loadStack({ cwd, env: {}, environment: 'staging' }), 'shop/web');
    expect(staging.version).toBe('1.2.7');
    expect(pinnedDigestOf(staging)).toEqual({ digest: 'sha256:repo/web@1.2.7', environment: 'staging' });
    // prod has no section: nothing pinned, nothing said.
    const notes: string[] = [];
    const prod = resolveRelease(loadStack({ cwd, env: {}, environment: 'prod' }), 'shop/web', (n) =>
      notes.push(n.message),
    );
    expect([prod.version, pinnedDigestOf(prod), notes]).toEqual(['^1.2', undefined, []]);
  });

  test('lock pins what is deployed; a release not deployed gets the resolved version, with a notice', async () => {
    const cwd = tree({ 'releases.yaml': twoEnvs });
    const live: LockSource = {
      ...resolver,
      getLive: async (ref) =>
        ref.name === 'web' ? ({ status: 'deployed', chartVersion: '1.2.3' } as LiveRelease) : null,
    };
    const notes: string[] = [];
    const s = await lockOf(loadStack({ cwd, env: {}, environment: 'staging' }), live, true, notes);
    expect(s.releases.map((e) => [e.id, e.version, e.source, e.digest])).toEqual([
      ['shop/web', '1.2.3', 'live', 'sha256:repo/web@1.2.3'],
      ['shop/db', '0.1.0', 'resolved', 'sha256:./db@0.1.0'],
    ]);
    expect(notes).toEqual([
      'release "shop/db" is not deployed in environment "staging": pinning the version its state resolves to',
    ]);
  });

  test.for([
    {
      name: 'a changed constraint fails by default, naming the release and the fix',
      state: 'releases:\n  - { name: web, chart: repo/web, version: "^2" }\n',
      policy: undefined,
      error:
        'releases.lock is out of date with the state file for release "default/web" in environment "default" (its version changed from "^1.2" to "^2"); run "bosun lock -e default"',
      version: undefined,
      notes: [],
    },
    {
      name: 'a changed chart fails too',
      state: 'releases:\n  - { name: web, chart: other/web, version: "^1.2" }\n',
      policy: undefined,
      error:
        'releases.lock is out of date with the state file for release "default/web" in environment "default" (its chart changed from repo/web to other/web); run "bosun lock -e default"',
      version: undefined,
      notes: [],
    },
    {
      name: 'with the warn policy the state version is used and the same message is a warning',
      state: 'releases:\n  - { name: web, chart: repo/web, version: "^2" }\n',
      policy: 'warn' as const,
      error: undefined,
      version: '^2',
      notes: [
        'releases.lock is out of date with the state file for release "default/web" in environment "default" (its version changed from "^1.2" to "^2"); run "bosun lock -e default"',
      ],
    },
    {
      name: 'a release the section does not pin is used as declared, with a warning',
      state: 'releases:\n  - { name: api, chart: repo/api, version: "1.0.0" }\n',
      policy: undefined,
      error: undefined,
      version: '1.0.0',
      notes: [
        'releases.lock pins nothing for release "default/api" in environment "default": using "1.0.0"; run "bosun lock -e default" to pin it',
      ],
    },
  ])('a version 1 lock out of date with the state: $name', ({ state, policy, error, version, notes }) => {
    const cwd = tree({
      'releases.yaml': state,
      // A version 1 file (older `bosun deps`) is read as the section of its environment.
      'releases.lock':
        'version: 1\nenvironment: default\ngenerated: x\nreleases:\n  - { id: default/web, chart: repo/web, constraint: "^1.2", version: 1.2.7 }\n',
    });
    const stack = loadStack({ cwd, env: {}, ...(policy ? { lockPolicy: policy } : {}) });
    const id = stack.releases[0]!.id;
    const seen: string[] = [];
    if (error) {
      expect(() => resolveRelease(stack, id)).toThrow(error);
      return;
    }
    expect(resolveRelease(stack, id, (n) => seen.push(n.message)).version).toBe(version);
    expect(seen).toEqual(notes);
  });

  test('lock keeps the other environments and the entries of unselected releases', async () => {
    const cwd = tree({ 'releases.yaml': twoEnvs });
    await lockOf(loadStack({ cwd, env: {}, environment: 'staging' }), resolver, false);
    await lockOf(loadStack({ cwd, env: {}, environment: 'prod' }), resolver, false);
    const prod = loadStack({ cwd, env: {}, environment: 'prod' });
    const web = prod.byId.get('shop/web')!;
    const section = await lockEnvironment(
      { environment: 'prod', order: prod.graph.order, releases: [web] },
      { resolve: async () => ({ version: '1.2.9', digest: 'sha256:new' }) },
      { signal, now, previous: prod.lock?.environments.prod, live: false },
    );
    expect(section.releases.map((e) => `${e.id}@${e.version}`)).toEqual(['shop/web@1.2.9', 'shop/db@0.1.0']);
    // Sections are written in name order (the YAML writer sorts keys, as sigs.k8s.io/yaml does).
    expect(Object.keys(prod.lock!.environments)).toEqual(['prod', 'staging']);
  });

  test.for([
    { name: 'unreadable YAML', text: 'nope: [\n', error: /releases.lock cannot be read: .*run "bosun lock/ },
    { name: 'another format', text: 'version: 3\n', error: /is not a bosun lock file \(version 1 or 2\)/ },
    {
      name: 'an entry without a version',
      text: 'version: 2\nenvironments:\n  default:\n    releases:\n      - { id: a/b, chart: c }\n',
      error: /has an entry without id, chart and version/,
    },
  ])('a bad lock file is refused with what to do: $name', ({ text, error }) => {
    const cwd = tree({ 'releases.yaml': 'releases: []\n', 'releases.lock': text });
    expect(() => loadStack({ cwd, env: {} })).toThrow(error);
  });

  test('a local chart folder digest covers names and contents, not timestamps', () => {
    const cwd = tree({});
    const make = (name: string, values: string) => {
      const d = join(cwd, name);
      mkdirSync(join(d, 'templates'), { recursive: true });
      writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      writeFileSync(join(d, 'values.yaml'), values);
      return d;
    };
    const a = chartPathDigest(make('a', 'x: 1\n'));
    expect(a).toMatch(/^files-sha256:[0-9a-f]{64}$/);
    expect(chartPathDigest(make('b', 'x: 1\n'))).toBe(a);
    expect(chartPathDigest(make('c', 'x: 2\n'))).not.toBe(a);
  });
});
