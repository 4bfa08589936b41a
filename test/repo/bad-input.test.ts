/**
 * Each bad input of issue 4 has a case here: unreachable repository (the others still
 * update), malformed index.yaml, unknown chart (close names suggested), unsatisfiable version
 * (available versions listed), digest mismatch (refused, nothing cached), tar escape,
 * decompression bomb, 401/403 — plus basic auth and TLS (CA made with openssl) that work.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/oracle.js';
import { bosun, hasOpenssl, helm, makeTls, type RepoServer, serveDir, writeChart } from './support.js';

let tmp: ReturnType<typeof tempDir>;
let good: RepoServer;
const servers: RepoServer[] = [];
let repoDir: string;

function tarEntry(name: string, body: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.fill(0x20, 148, 156);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const x of h) sum += x;
  h.write(`${sum.toString(8).padStart(6, '0')}\0`, 148);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([h, body, pad]);
}

const chartYaml = (name: string) => Buffer.from(`apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);

beforeAll(async () => {
  tmp = tempDir('bosun-repo-bad-');
  repoDir = join(tmp.dir, 'repo');
  mkdirSync(repoDir, { recursive: true });
  for (const v of ['1.0.0', '1.1.0']) {
    const c = writeChart(join(tmp.dir, 'src', v), 'nginx', v);
    expect((await helm(join(tmp.dir, 'h'), ['package', c, '-d', repoDir])).code).toBe(0);
  }
  // Hostile archives, indexed with honest digests so only their content is wrong.
  writeFileSync(
    join(repoDir, 'escape-1.0.0.tgz'),
    gzipSync(
      Buffer.concat([
        tarEntry('escape/Chart.yaml', chartYaml('escape')),
        tarEntry('escape/../../evil.txt', Buffer.from('x')),
        Buffer.alloc(1024),
      ]),
    ),
  );
  writeFileSync(
    join(repoDir, 'bomb-1.0.0.tgz'),
    gzipSync(
      Buffer.concat([
        tarEntry('bomb/Chart.yaml', chartYaml('bomb')),
        tarEntry('bomb/zeros', Buffer.alloc(120 * 1024 * 1024)),
        Buffer.alloc(1024),
      ]),
      { level: 9 },
    ),
  );
  expect((await helm(join(tmp.dir, 'h'), ['repo', 'index', repoDir])).code).toBe(0);
  // helm's indexer skips archives it cannot load, so list the hostile ones by hand.
  for (const name of ['escape', 'bomb']) {
    const digest = createHash('sha256')
      .update(readFileSync(join(repoDir, `${name}-1.0.0.tgz`)))
      .digest('hex');
    const text = readFileSync(join(repoDir, 'index.yaml'), 'utf8').replace(
      'entries:\n',
      `entries:\n  ${name}:\n  - apiVersion: v2\n    digest: ${digest}\n    name: ${name}\n    urls:\n    - ${name}-1.0.0.tgz\n    version: 1.0.0\n`,
    );
    writeFileSync(join(repoDir, 'index.yaml'), text);
  }
  good = await serveDir(repoDir);
  servers.push(good);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  tmp?.cleanup();
});

const home = (n: string) => join(tmp.dir, `home-${n}`);

describe('bad input', () => {
  test('an unreachable repository is named with its URL and the others still update', async () => {
    const h = home('unreachable');
    expect((await bosun(h, ['helm', 'repo', 'add', 'good', good.url])).code).toBe(0);
    const down = await serveDir(repoDir);
    expect((await bosun(h, ['helm', 'repo', 'add', 'down', down.url])).code).toBe(0);
    await down.close();
    rmIndex(h, 'good');
    const r = await bosun(h, ['helm', 'repo', 'update']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`...Unable to get an update from the "down" chart repository (${down.url}):`);
    expect(r.stdout).toContain('...Successfully got an update from the "good" chart repository');
    expect(r.stderr).toContain(`failed to update the following repositories: [${down.url}]`);
    expect(existsSync(join(h, 'cache/repository/good-index.yaml'))).toBe(true);
  });

  test.for([
    { name: 'not YAML', body: 'entries: [unclosed\n' },
    { name: 'no apiVersion', body: 'entries: {}\n' },
    { name: 'unknown field', body: 'apiVersion: v1\nentries: {}\nbogus: 1\n' },
    { name: 'empty', body: '' },
  ])('a malformed index.yaml is refused: $name', async ({ name, body }) => {
    const s = await serveDir(repoDir, { routes: { '/index.yaml': (res) => res.writeHead(200).end(body) } });
    servers.push(s);
    const r = await bosun(home(`malformed-${name}`), ['helm', 'repo', 'add', 'bad', s.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`looks like "${s.url}" is not a valid chart repository or cannot be reached`);
  });

  test('an unknown chart suggests close names', async () => {
    const h = home('notfound');
    await bosun(h, ['helm', 'repo', 'add', 'good', good.url]);
    const r = await bosun(h, ['helm', 'pull', 'good/ngnix']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('chart "ngnix" not found');
    expect(r.stderr).toContain('did you mean "nginx"');
  });

  test('an unsatisfiable version lists the available versions', async () => {
    const h = home('version');
    await bosun(h, ['helm', 'repo', 'add', 'good', good.url]);
    const r = await bosun(h, ['helm', 'pull', 'good/nginx', '--version=^3.0.0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('version "^3.0.0" not found');
    expect(r.stderr).toContain('available versions: 1.1.0, 1.0.0');
  });

  test('a digest mismatch is refused and nothing is cached or written', async () => {
    const h = home('digest');
    const real = createHash('sha256')
      .update(readFileSync(join(repoDir, 'nginx-1.1.0.tgz')))
      .digest('hex');
    const index = readFileSync(join(repoDir, 'index.yaml'), 'utf8').replace(real, 'f'.repeat(64));
    expect(index).not.toContain(real);
    const s = await serveDir(repoDir, { routes: { '/index.yaml': (res) => res.writeHead(200).end(index) } });
    servers.push(s);
    await bosun(h, ['helm', 'repo', 'add', 'tampered', s.url]);
    const out = join(h, 'out');
    mkdirSync(out, { recursive: true });
    const r = await bosun(h, ['helm', 'pull', 'tampered/nginx', '--version=1.1.0'], { cwd: out });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sha256 digest is');
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(h, 'cache/content'))).toBe(false);
  });

  test.for([
    { chart: 'escape', message: 'chart illegally references parent directory' },
    { chart: 'bomb', message: 'larger than the maximum' },
  ])('a hostile archive is refused: $chart', async ({ chart, message }) => {
    const h = home(`hostile-${chart}`);
    await bosun(h, ['helm', 'repo', 'add', 'good', good.url]);
    const out = join(h, 'out');
    mkdirSync(out, { recursive: true });
    const r = await bosun(h, ['helm', 'pull', `good/${chart}`, '--untar'], { cwd: out });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(tmp.dir, 'evil.txt'))).toBe(false);
    expect(readdirSync(out).filter((f) => f !== chart)).toEqual([]);
  });

  test.for([401, 403])('HTTP %i names the repository', async (status) => {
    const s = await serveDir(repoDir, { routes: { '/index.yaml': (res) => res.writeHead(status).end() } });
    servers.push(s);
    const r = await bosun(home(`auth-${status}`), ['helm', 'repo', 'add', 'private', s.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`failed to fetch ${s.url}/index.yaml : ${status}`);
    expect(r.stderr).toContain('repository "private" needs credentials');
  });
});

describe('authentication and TLS', () => {
  test('basic auth: add, update and pull with credentials, like helm', async () => {
    const s = await serveDir(repoDir, { auth: { username: 'ann', password: 's3cret' } });
    servers.push(s);
    for (const [tool, run] of [
      [
        'bosun',
        (h: string, a: string[], o?: { cwd?: string; input?: string }) => bosun(h, ['helm', ...a], o),
      ],
      ['helm', helm],
    ] as const) {
      const h = home(`basic-${tool}`);
      const add = await run(h, ['repo', 'add', 'private', s.url, '--username', 'ann', '--password-stdin'], {
        input: 's3cret\n',
      });
      expect(add.code, add.stderr).toBe(0);
      const out = join(h, 'out');
      mkdirSync(out, { recursive: true });
      const pull = await run(h, ['pull', 'private/nginx'], { cwd: out });
      expect(pull.code, pull.stderr).toBe(0);
      expect(readdirSync(out)).toEqual(['nginx-1.1.0.tgz']);
    }
    expect(readFileSync(join(home('basic-bosun'), 'config/repositories.yaml'), 'utf8')).toBe(
      readFileSync(join(home('basic-helm'), 'config/repositories.yaml'), 'utf8'),
    );
  });

  test.skipIf(!hasOpenssl())(
    'TLS: refused without the CA, accepted with --ca-file or --insecure-skip-tls-verify',
    async () => {
      const tls = makeTls(join(tmp.dir, 'tls'));
      const s = await serveDir(repoDir, { tls });
      servers.push(s);
      const h = home('tls');
      const bad = await bosun(h, ['helm', 'repo', 'add', 'secure', s.url]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--ca-file');
      const ok = await bosun(h, ['helm', 'repo', 'add', 'secure', s.url, '--ca-file', tls.caFile]);
      expect(ok.code, ok.stderr).toBe(0);
      const out = join(h, 'out');
      mkdirSync(out, { recursive: true });
      expect((await bosun(h, ['helm', 'pull', 'secure/nginx'], { cwd: out })).code).toBe(0);
      const insecure = await bosun(h, [
        'helm',
        'repo',
        'add',
        'secure2',
        s.url,
        '--insecure-skip-tls-verify',
      ]);
      expect(insecure.code, insecure.stderr).toBe(0);
    },
  );
});

function rmIndex(h: string, name: string): void {
  const p = join(h, `cache/repository/${name}-index.yaml`);
  if (existsSync(p)) writeFileSync(p, 'apiVersion: v1\nentries: {}\n');
}
