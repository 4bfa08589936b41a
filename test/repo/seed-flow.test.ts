/**
 * The seed's first steps against a real HTTP chart repository on 127.0.0.1, run by bosun and
 * by the real helm v4 with separate HELM_* folders; every output is compared at test time.
 * Charts are packaged by the real helm and by bosun, and indexed by both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/oracle.js';
import { bosun, helm, type RepoServer, serveDir, writeChart } from './support.js';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const stripTimes = (s: string) => s.replace(/(created|generated): "?[0-9T:.\-Z+]+"?/g, '$1: TIME');

let tmp: ReturnType<typeof tempDir>;
let server: RepoServer;
const helmHome = () => join(tmp.dir, 'helm-home');
const bosunHome = () => join(tmp.dir, 'bosun-home');

beforeAll(async () => {
  tmp = tempDir('bosun-repo-seed-');
  const src = join(tmp.dir, 'src');
  const repoDir = join(tmp.dir, 'repo');
  const long =
    'A long description that goes on and on, well past the fifty columns helm allows in a table cell';
  for (const v of ['1.0.0', '1.2.0', '2.0.0-rc.1']) {
    const c = writeChart(join(src, v), 'web', v);
    const r = await helm(helmHome(), ['package', c, '-d', repoDir]);
    expect(r.code, r.stderr).toBe(0);
  }
  const db = writeChart(src, 'database', '0.3.1', {
    'Chart.yaml': `apiVersion: v2\nname: database\nversion: 0.3.1\nappVersion: "15.2"\ndescription: ${long}\nkeywords:\n- sql\n`,
    'templates/_helpers.tpl': '{{- define "x" }}x{{ end }}\n',
    'README.md': '# database\n',
  });
  const p = await bosun(bosunHome(), ['helm', 'package', db, '-d', repoDir]);
  expect(p.code, p.stderr).toBe(0);
  const idx = await helm(helmHome(), ['repo', 'index', repoDir]);
  expect(idx.code, idx.stderr).toBe(0);
  server = await serveDir(repoDir);
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp?.cleanup();
});

/** Runs the same helm arguments with both tools in their own homes and working folders. */
async function both(args: string[], cwdName = 'work') {
  const cwdH = join(helmHome(), cwdName);
  const cwdB = join(bosunHome(), cwdName);
  for (const d of [cwdH, cwdB]) (await import('node:fs')).mkdirSync(d, { recursive: true });
  const [h, b] = await Promise.all([
    helm(helmHome(), args, { cwd: cwdH }),
    bosun(bosunHome(), ['helm', ...args], { cwd: cwdB }),
  ]);
  return { h, b, cwdH, cwdB };
}

describe('seed flow: repo add → list → update → search → pull', () => {
  test('repo add, and adding it again', async () => {
    for (let i = 0; i < 2; i++) {
      const { h, b } = await both(['repo', 'add', 'charts', server.url]);
      expect(b.stdout).toBe(h.stdout);
      expect(b.code).toBe(h.code);
    }
    expect(readFileSync(join(bosunHome(), 'config/repositories.yaml'), 'utf8')).toBe(
      readFileSync(join(helmHome(), 'config/repositories.yaml'), 'utf8'),
    );
  });

  test.for([['table'], ['json'], ['yaml']])('repo list -o %s', async ([fmt]) => {
    const { h, b } = await both(['repo', 'list', '-o', fmt!]);
    expect(b.stdout).toBe(h.stdout);
  });

  test('repo update', async () => {
    const { h, b } = await both(['repo', 'update']);
    expect(b.stdout).toBe(h.stdout);
    expect(b.code).toBe(0);
    expect(readFileSync(join(bosunHome(), 'cache/repository/charts-index.yaml'), 'utf8')).toBe(
      readFileSync(join(helmHome(), 'cache/repository/charts-index.yaml'), 'utf8'),
    );
  });

  test.for([
    { name: 'all charts', args: [] },
    { name: 'keyword', args: ['web'] },
    { name: 'keyword in keywords', args: ['sql'] },
    { name: 'no match', args: ['nothing-like-this'] },
    { name: 'versions', args: ['--versions'] },
    { name: 'devel', args: ['web', '--devel'] },
    { name: 'constraint', args: ['web', '--version=^1.0.0', '--versions'] },
    { name: 'regexp', args: ['-r', 'w.b'] },
    { name: 'json', args: ['-o', 'json', '--versions'] },
    { name: 'yaml', args: ['-o', 'yaml'] },
    { name: 'narrow columns', args: ['--max-col-width', '12'] },
  ])('search repo: $name', async ({ args }) => {
    const { h, b } = await both(['search', 'repo', ...args]);
    expect(b.stdout).toBe(h.stdout);
    expect(b.code).toBe(h.code);
  });

  test.for([
    { name: 'latest', args: ['charts/web'] },
    { name: 'pinned version', args: ['charts/web', '--version=1.0.0'] },
    { name: 'bosun-packaged chart', args: ['charts/database'] },
  ])('pull --untar: $name', async ({ name, args }) => {
    const dir = `pull-${name.replace(/\W+/g, '-')}`;
    const { h, b, cwdH, cwdB } = await both(['pull', ...args, '--untar'], dir);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(h.stdout);
    expect(tree(cwdB)).toEqual(tree(cwdH));
  });

  test('pull to a destination keeps the archive byte for byte', async () => {
    const { b, cwdH, cwdB } = await both(['pull', 'charts/web', '-d', '.'], 'pull-archive');
    expect(b.code, b.stderr).toBe(0);
    expect(readdirSync(cwdB)).toEqual(readdirSync(cwdH));
    expect(readFileSync(join(cwdB, 'web-1.2.0.tgz'))).toEqual(readFileSync(join(cwdH, 'web-1.2.0.tgz')));
  });

  test('pull --repo URL without a configured repository', async () => {
    const { h, b, cwdH, cwdB } = await both(
      ['pull', 'web', '--repo', server.url, '--version=1.0.0'],
      'pull-repo-url',
    );
    expect(b.code, b.stderr).toBe(h.code);
    expect(readdirSync(cwdB)).toEqual(readdirSync(cwdH));
  });

  test('repo index by bosun equals helm (timestamps aside)', async () => {
    const repoDir = join(tmp.dir, 'repo');
    const helmIndex = readFileSync(join(repoDir, 'index.yaml'), 'utf8');
    const b = await bosun(bosunHome(), [
      'helm',
      'repo',
      'index',
      repoDir,
      '--url',
      'https://charts.example.com/x',
    ]);
    expect(b.code, b.stderr).toBe(0);
    const bosunIndex = readFileSync(join(repoDir, 'index.yaml'), 'utf8');
    const h = await helm(helmHome(), ['repo', 'index', repoDir, '--url', 'https://charts.example.com/x']);
    expect(h.code).toBe(0);
    expect(stripTimes(bosunIndex)).toBe(stripTimes(readFileSync(join(repoDir, 'index.yaml'), 'utf8')));
    (await import('node:fs')).writeFileSync(join(repoDir, 'index.yaml'), helmIndex);
  });

  test('repo remove', async () => {
    const { h, b } = await both(['repo', 'remove', 'charts']);
    expect(b.stdout).toBe(h.stdout);
    const again = await both(['repo', 'remove', 'charts']);
    expect(again.b.code).toBe(1);
    expect(again.b.stderr).toBe(again.h.stderr);
  });
});
