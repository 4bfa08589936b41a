/**
 * `package` and `dependency` against the real helm: bosun's archive has helm's layout and
 * renders the same with the real helm; `dependency update` writes the Chart.lock digest helm
 * writes and fetches the same archives; `dependency build` refuses an out-of-sync lock.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/oracle.js';
import { bosun, helm, type RepoServer, serveDir, writeChart } from './support.js';

let tmp: ReturnType<typeof tempDir>;
let server: RepoServer;

const listing = (tgz: string) => execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' });

beforeAll(async () => {
  tmp = tempDir('bosun-repo-pkg-');
  const repoDir = join(tmp.dir, 'repo');
  for (const v of ['1.0.0', '1.4.2', '2.0.0']) {
    const c = writeChart(join(tmp.dir, 'deps', v), 'redis', v);
    expect((await helm(join(tmp.dir, 'h'), ['package', c, '-d', repoDir])).code).toBe(0);
  }
  expect((await helm(join(tmp.dir, 'h'), ['repo', 'index', repoDir])).code).toBe(0);
  server = await serveDir(repoDir);
}, 60_000);

afterAll(async () => {
  await server?.close();
  tmp?.cleanup();
});

describe('package', () => {
  test('same layout as helm package, and helm renders it like the folder', async () => {
    const chart = writeChart(join(tmp.dir, 'src'), 'shop', '0.4.0', {
      'Chart.yaml':
        'apiVersion: v2\nname: shop\nversion: 0.4.0\ndescription: "A shop: with #hash"\nkeywords: [a, "on"]\nmaintainers:\n- name: Ann\n  email: ann@example.com\n',
      '.helmignore': '*.bak\nsecret/\n',
      'notes.bak': 'ignored',
      'secret/key': 'ignored',
      'files/config.txt': 'hello\n',
      'templates/NOTES.txt': 'hi\n',
      'templates/_helpers.tpl': '{{- define "x" }}x{{- end }}\n',
      'values.schema.json': '{"type": "object"}\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.0.1\n',
      'charts/sub/templates/s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n',
    });
    const outB = join(tmp.dir, 'out-b');
    const outH = join(tmp.dir, 'out-h');
    const b = await bosun(join(tmp.dir, 'hb'), [
      'helm',
      'package',
      chart,
      '-d',
      outB,
      '--app-version',
      '9.9',
    ]);
    const h = await helm(join(tmp.dir, 'hh'), ['package', chart, '-d', outH, '--app-version', '9.9']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(h.stdout.replace(outH, outB));
    const tb = join(outB, 'shop-0.4.0.tgz');
    const th = join(outH, 'shop-0.4.0.tgz');
    expect(listing(tb)).toBe(listing(th));
    for (const f of ['shop/Chart.yaml', 'shop/values.yaml', 'shop/files/config.txt']) {
      expect(execFileSync('tar', ['xzOf', tb, f], { encoding: 'utf8' })).toBe(
        execFileSync('tar', ['xzOf', th, f], { encoding: 'utf8' }),
      );
    }
    const fromTgz = await helm(join(tmp.dir, 'hh'), ['template', 'r', tb]);
    const fromDir = await helm(join(tmp.dir, 'hh'), ['template', 'r', chart]);
    expect(fromTgz.code, fromTgz.stderr).toBe(0);
    expect(fromTgz.stdout).toBe(fromDir.stdout);
    const show = await helm(join(tmp.dir, 'hh'), ['show', 'chart', tb]);
    expect(show.stdout).toBe((await helm(join(tmp.dir, 'hh'), ['show', 'chart', th])).stdout);
  });
});

describe('dependency', () => {
  const parent = (root: string) =>
    writeChart(root, 'app', '1.0.0', {
      'Chart.yaml': `apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: redis\n  version: "~1.4"\n  repository: "@stable"\n- name: local\n  version: ">=0.1.0"\n  repository: file://../local\n`,
    });

  test('update: same Chart.lock digest and charts/ as helm; build reuses the lock', async () => {
    const results: Record<string, { lock: string; charts: string[] }> = {};
    for (const [tool, run] of [
      ['bosun', (h: string, a: string[], o?: { cwd?: string }) => bosun(h, ['helm', ...a], o)],
      ['helm', helm],
    ] as const) {
      const root = join(tmp.dir, `dep-${tool}`);
      const home = join(root, 'home');
      writeChart(root, 'local', '0.2.0');
      const app = parent(root);
      expect((await run(home, ['repo', 'add', 'stable', server.url])).code).toBe(0);
      const u = await run(home, ['dependency', 'update', app]);
      expect(u.code, u.stderr).toBe(0);
      results[tool] = {
        lock: readFileSync(join(app, 'Chart.lock'), 'utf8'),
        charts: readdirSync(join(app, 'charts')).sort(),
      };
      const list = await run(home, ['dependency', 'list', app]);
      results[`${tool}-list`] = { lock: list.stdout, charts: [] };
    }
    const digest = (s: string) => /digest: (sha256:[0-9a-f]+)/.exec(s)?.[1];
    expect(digest(results.bosun!.lock)).toBe(digest(results.helm!.lock));
    expect(results.bosun!.lock.replace(/generated: .*/, '')).toBe(
      results.helm!.lock.replace(/generated: .*/, ''),
    );
    expect(results.bosun!.charts).toEqual(results.helm!.charts);
    expect(results['bosun-list']!.lock).toBe(
      results['helm-list']!.lock.replaceAll(join(tmp.dir, 'dep-helm'), join(tmp.dir, 'dep-bosun')),
    );

    // build from the lock (fresh charts/), then an edited Chart.yaml makes the lock stale.
    const root = join(tmp.dir, 'dep-bosun');
    const app = join(root, 'app');
    cpSync(join(app, 'Chart.lock'), join(tmp.dir, 'lock.bak'));
    execFileSync('rm', ['-rf', join(app, 'charts')]);
    mkdirSync(join(app, 'charts'));
    const b = await bosun(join(root, 'home'), ['helm', 'dependency', 'build', app, '--skip-refresh']);
    expect(b.code, b.stderr).toBe(0);
    expect(readdirSync(join(app, 'charts')).sort()).toEqual(results.helm!.charts);
    writeFileSync(
      join(app, 'Chart.yaml'),
      readFileSync(join(app, 'Chart.yaml'), 'utf8').replace('~1.4', '~1.0'),
    );
    const stale = await bosun(join(root, 'home'), ['helm', 'dependency', 'build', app]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('out of sync');
  });
});
