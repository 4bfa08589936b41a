#!/usr/bin/env node
/**
 * Benchmark of src/repo on big indexes, against the real helm on the same files.
 *
 *   npm run build && node bench/repo/search.mjs [--entries 15000] [--repos 20]
 *
 * 1. Generates an index.yaml with N chart versions (N/5 charts × 5 versions, bitnami-like
 *    fields), stores it as a configured repository's cache, and times `search repo` three
 *    ways: in-process cold (YAML read), in-process warm (compact twin), and the whole CLI
 *    (`bosun helm search repo`, first use without the twin and cached) vs `helm search repo`
 *    as processes. Process figures are medians; the machine may be busy, so compare with the
 *    helm figure of the same run.
 * 2. Serves 20 copies of a medium index on 127.0.0.1 and times `repo update` of 20
 *    repositories with bosun and helm (both concurrent).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repo = await import(join(root, 'dist/repo/index.js'));
const args = process.argv.slice(2);
const arg = (n, d) => (args.includes(n) ? Number(args[args.indexOf(n) + 1]) : d);
const ENTRIES = arg('--entries', 15000);
const REPOS = arg('--repos', 20);
const helmBin = join(root, '.cache/oracles/helm-v4.1.4/helm');

function genIndex(n) {
  const lines = ['apiVersion: v1', 'entries:'];
  const charts = Math.ceil(n / 5);
  for (let c = 0; c < charts; c++) {
    const name = `chart-${c.toString(36)}-${['web', 'db', 'cache', 'queue', 'proxy'][c % 5]}`;
    lines.push(`  ${name}:`);
    for (let v = 4; v >= 0; v--) {
      lines.push(
        '  - annotations:',
        '      category: Infrastructure',
        '    apiVersion: v2',
        `    appVersion: ${v + 1}.${c % 10}.0`,
        '    created: "2024-05-01T10:00:00.000000000Z"',
        '    dependencies:',
        '    - name: common',
        '      repository: oci://registry-1.docker.io/bitnamicharts',
        '      tags:',
        '      - bitnami-common',
        '      version: 2.x.x',
        `    description: ${name} is a generated chart used to benchmark index loading and searching, with a long description`,
        `    digest: ${(c * 7 + v).toString(16).padStart(64, '0')}`,
        '    home: https://example.com/charts',
        '    keywords:',
        `    - ${name}`,
        '    - benchmark',
        '    maintainers:',
        '    - name: Example',
        '      url: https://github.com/example/charts',
        `    name: ${name}`,
        '    sources:',
        '    - https://github.com/example/charts',
        `    urls:`,
        `    - https://charts.example.com/${name}-${v}.0.${c % 3}.tgz`,
        `    version: ${v}.0.${c % 3}`,
      );
    }
  }
  lines.push('generated: "2024-05-01T10:00:00Z"', '');
  return lines.join('\n');
}

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeProc(cmd, argv, env, n = 5, before = () => {}) {
  const ts = [];
  for (let i = 0; i < n; i++) {
    before();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    ts.push(ms(t0));
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  }
  return median(ts);
}

const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-repo-'));
try {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_CACHE_HOME: join(dir, 'cache'),
    HELM_DATA_HOME: join(dir, 'data'),
  };
  const cache = join(dir, 'cache/repository');
  mkdirSync(cache, { recursive: true });
  const text = genIndex(ENTRIES);
  writeFileSync(join(cache, 'big-index.yaml'), text);
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(
    join(dir, 'config/repositories.yaml'),
    `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: big\n  url: https://charts.example.com\n`,
  );
  const ctx = { repositoryConfig: join(dir, 'config/repositories.yaml'), repositoryCache: cache };

  let t0 = process.hrtime.bigint();
  const cold = await repo.searchRepos({ keyword: 'web' }, ctx);
  const coldMs = ms(t0);
  const warmTimes = [];
  for (let i = 0; i < 5; i++) {
    t0 = process.hrtime.bigint();
    await repo.searchRepos({ keyword: 'web' }, ctx);
    warmTimes.push(ms(t0));
  }
  const out = repo.formatSearchResults(cold, 'table');
  const bosunFirst = timeProc(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'helm', 'search', 'repo', 'web'],
    env,
    5,
    () => rmSync(join(cache, '.bosun'), { recursive: true, force: true }),
  );
  const bosunCli = timeProc(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'helm', 'search', 'repo', 'web'],
    env,
  );
  let helmCli;
  try {
    helmCli = timeProc(helmBin, ['search', 'repo', 'web'], env, 3);
    const a = spawnSync(helmBin, ['search', 'repo', 'web'], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }).stdout;
    const b = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'helm', 'search', 'repo', 'web'], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }).stdout;
    console.log(`outputs identical to helm: ${a === b} (${a.split('\n').length - 1} lines)`);
  } catch (e) {
    console.log(`helm not available: ${e.message}`);
  }
  console.log(
    `index: ${ENTRIES} chart versions, ${(text.length / 1e6).toFixed(1)} MB YAML; ${cold.length} results (${out.length} bytes)`,
  );
  console.log(`search (in-process) cold load+search: ${coldMs.toFixed(0)} ms`);
  console.log(`search (in-process) cached re-load+search: ${median(warmTimes).toFixed(0)} ms (median of 5)`);
  console.log(
    `bosun helm search repo (process, first use, no twin): ${bosunFirst.toFixed(0)} ms (median of 5)`,
  );
  console.log(`bosun helm search repo (process, cached): ${bosunCli.toFixed(0)} ms (median of 5)`);
  if (helmCli)
    console.log(
      `helm search repo (process): ${helmCli.toFixed(0)} ms (median of 3)  → ratio bosun/helm first use ${(bosunFirst / helmCli).toFixed(2)}, cached ${(bosunCli / helmCli).toFixed(2)}`,
    );

  // repo update of REPOS repositories served on loopback
  const medium = genIndex(500);
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.writeHead(200).end(medium), 20); // a little latency, like a real server
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const reposYaml = ['apiVersion: ""', 'generated: "0001-01-01T00:00:00Z"', 'repositories:'];
  for (let i = 0; i < REPOS; i++) reposYaml.push(`- name: r${i}`, `  url: http://127.0.0.1:${port}/r${i}`);
  writeFileSync(join(dir, 'config/repositories.yaml'), `${reposYaml.join('\n')}\n`);
  const runAsync = (cmd, argv) =>
    new Promise((resolveP, reject) => {
      const t = process.hrtime.bigint();
      const child = execFile(cmd, argv, { env, maxBuffer: 1 << 26 }, (err) =>
        err ? reject(err) : resolveP(ms(t)),
      );
      return child;
    });
  const upB = [];
  const upH = [];
  for (let i = 0; i < 3; i++) {
    upB.push(await runAsync(process.execPath, [join(root, 'dist/cli/main.js'), 'helm', 'repo', 'update']));
    try {
      upH.push(await runAsync(helmBin, ['repo', 'update']));
    } catch {
      // helm missing
    }
  }
  server.close();
  console.log(
    `repo update of ${REPOS} repositories (${(medium.length / 1e3).toFixed(0)} KB index each): bosun ${median(upB).toFixed(0)} ms` +
      (upH.length
        ? `, helm ${median(upH).toFixed(0)} ms → ratio ${(median(upB) / median(upH)).toFixed(2)}`
        : ''),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
