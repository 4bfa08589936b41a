import { describe, expect, test } from 'vitest';
import { tree } from '../../test/stack/kit.js';
import {
  type ChartResolver,
  loadStack,
  lockPathFor,
  readLock,
  resolveLock,
  resolveRelease,
  selectReleases,
  writeLock,
} from './index.js';

const resolver: ChartResolver = {
  resolve: async (chart, constraint) => ({
    version: chart === 'repo/web' && constraint === '^1.2' ? '1.2.7' : '0.1.0',
  }),
};

describe('releases.lock', () => {
  test('deps pins versions; later runs use the pin; a changed constraint is reported stale', async () => {
    const cwd = tree({
      'releases.yaml':
        'releases:\n  - { name: web, chart: repo/web, version: "^1.2" }\n  - { name: db, chart: ./db }\n',
    });
    const stack = loadStack({ cwd, env: {} });
    const lock = await resolveLock(stack, selectReleases(stack, []), resolver, {
      signal: new AbortController().signal,
      now: () => new Date(0),
      previous: null,
    });
    writeLock(lockPathFor(stack), lock);
    expect(readLock(lockPathFor(stack))).toEqual({
      version: 1,
      environment: 'default',
      generated: '1970-01-01T00:00:00.000Z',
      releases: [
        { id: 'default/web', chart: 'repo/web', constraint: '^1.2', version: '1.2.7' },
        { id: 'default/db', chart: './db', constraint: '', version: '0.1.0' },
      ],
    });
    const again = loadStack({ cwd, env: {} });
    expect(resolveRelease(again, 'default/web').version).toBe('1.2.7');

    const changed = tree({
      'releases.yaml': 'releases:\n  - { name: web, chart: repo/web, version: "^2" }\n',
      'releases.lock': `version: 1\nenvironment: default\ngenerated: x\nreleases:\n  - { id: default/web, chart: repo/web, constraint: "^1.2", version: 1.2.7 }\n`,
    });
    const notes: string[] = [];
    const rel = resolveRelease(loadStack({ cwd: changed, env: {} }), 'default/web', (n) =>
      notes.push(n.message),
    );
    expect(rel.version).toBe('^2');
    expect(notes).toEqual([
      'releases.lock is out of date for "default/web" (its chart or version changed); run "bosun deps"',
    ]);
  });

  test('an unreadable lock file is refused with what to do', () => {
    const cwd = tree({ 'releases.yaml': 'releases: []\n', 'releases.lock': 'nope: [\n' });
    expect(() => loadStack({ cwd, env: {} })).toThrow(/releases.lock cannot be read: .*run "bosun deps"/);
  });
});
