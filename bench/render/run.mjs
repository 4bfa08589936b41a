#!/usr/bin/env node
/**
 * Render benchmark: bosun against the real helm (v4.1.4), whole process and in process.
 *
 *   npm run build && node bench/render/run.mjs [--n 7] [--releases 100] [--json]
 *
 * 1. Each chart of the conformance suite (test/conformance/charts, with its largest values file)
 *    is rendered N times by `bosun helm template` and by `helm template`, each as a fresh
 *    process; the medians and their ratio are printed (ratio < 1: bosun is faster).
 * 2. One chart rendered as R releases (different names, namespaces and a --set-like override):
 *    inside ONE bosun process (imported from dist/: load once, then action.template per
 *    release, and renderRelease with a shared ParseCache when dist/ has it) against R helm
 *    processes run one after another. Median of 3 rounds each.
 *
 * Targets (issue 2): a single large chart no slower than helm; R in-process releases at least
 * 5x faster than R helm processes. Timings depend on the machine's load: run it on an idle one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const N = flag('--n', 7);
const RELEASES = flag('--releases', 100);
const JSON_OUT = argv.includes('--json');

const { ensureOracles } = await import(join(root, 'scripts/oracles.mjs'));
const helmBin = ensureOracles({ quiet: true }).helm4;
// BOSUN_DIST points at another build (e.g. one made with `tsc --outDir`) than dist/.
const dist = process.env.BOSUN_DIST ?? join(root, 'dist');
const bosunMain = join(dist, 'cli/main.js');
if (!existsSync(bosunMain)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'bosun-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  HELM_CONFIG_HOME: join(home, 'config'),
  HELM_CACHE_HOME: join(home, 'cache'),
  HELM_DATA_HOME: join(home, 'data'),
  KUBECONFIG: join(home, 'kubeconfig-none'),
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Wall time of one process, in ms; fails loudly on a non-zero exit. */
function timeProcess(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { t, out: r.stdout.toString() };
}

/** The suite charts, each with its largest values-*.yaml (the heaviest render). */
function benchCharts() {
  const dir = join(root, 'test/conformance/charts');
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const chart = join(dir, name);
    if (!existsSync(join(chart, 'Chart.yaml'))) continue;
    const values = readdirSync(chart).filter((f) => /^values-.+\.ya?ml$/.test(f));
    let largest;
    let size = -1;
    for (const v of values) {
      const s = execFileSync('wc', ['-c', join(chart, v)])
        .toString()
        .trim()
        .split(/\s+/)[0];
      if (Number(s) > size) {
        size = Number(s);
        largest = v;
      }
    }
    const args = ['template', 'rel', chart, '-n', 'bench'];
    // A values file that makes the chart fail on purpose is not a benchmark.
    if (largest && spawnSync(helmBin, [...args, '-f', join(chart, largest)], { env }).status === 0) {
      args.push('-f', join(chart, largest));
    }
    out.push({ name: largest ? `${name} (-f ${largest})` : name, args });
  }
  return out;
}

const results = { charts: [], releases: undefined };

for (const c of benchCharts()) {
  const b = [];
  const h = [];
  let same = true;
  for (let i = 0; i < N; i++) {
    const hb = timeProcess(helmBin, c.args);
    const bb = timeProcess(process.execPath, [bosunMain, 'helm', ...c.args]);
    h.push(hb.t);
    b.push(bb.t);
    if (hb.out !== bb.out) same = false;
  }
  results.charts.push({
    chart: c.name,
    bosunMs: median(b),
    helmMs: median(h),
    ratio: median(b) / median(h),
    identical: same,
  });
}

// ---- many releases of one chart
const chartDir = join(root, 'test/conformance/charts/keystore');
const action = await import(join(dist, 'action/index.js'));
const chartMod = await import(join(dist, 'chart/index.js'));
const gotemplate = await import(join(dist, 'gotemplate/index.js'));
const engine = await import(join(dist, 'engine/index.js'));

const release = (i) => ({ name: `rel-${i}`, namespace: `ns-${i % 10}` });

async function inProcessTemplate() {
  const chart = chartMod.loadChart(chartDir);
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < RELEASES; i++) {
    const r = release(i);
    const out = await action.template({
      releaseName: r.name,
      namespace: r.namespace,
      chart,
      values: { replica: { replicaCount: (i % 5) + 1 } },
    });
    bytes += out.length;
  }
  return { t: ms(t0), bytes };
}

async function inProcessCached() {
  if (!gotemplate.ParseCache || !action.renderRelease) return undefined;
  const chart = chartMod.loadChart(chartDir);
  const cache = new gotemplate.ParseCache();
  const funcs = engine.helmFuncs();
  const capabilities = new engine.Capabilities({ apiVersions: [...engine.defaultAPIVersions] });
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < RELEASES; i++) {
    const r = release(i);
    const out = await action.renderRelease({
      chart,
      values: { replica: { replicaCount: (i % 5) + 1 } },
      release: { ...r, revision: 1, isInstall: true, isUpgrade: false },
      capabilities,
      funcs,
      parseCache: cache,
    });
    bytes += out.manifest.length;
  }
  return { t: ms(t0), bytes };
}

function helmProcesses() {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < RELEASES; i++) {
    const r = release(i);
    timeProcess(helmBin, [
      'template',
      r.name,
      chartDir,
      '-n',
      r.namespace,
      '--set',
      `replica.replicaCount=${(i % 5) + 1}`,
    ]);
  }
  return ms(t0);
}

{
  const rounds = 3;
  const inProc = [];
  const cached = [];
  const helmT = [];
  for (let k = 0; k < rounds; k++) {
    inProc.push((await inProcessTemplate()).t);
    const c = await inProcessCached();
    if (c) cached.push(c.t);
    helmT.push(helmProcesses());
  }
  results.releases = {
    chart: 'keystore',
    releases: RELEASES,
    bosunInProcessMs: median(inProc),
    bosunInProcessParseCacheMs: cached.length ? median(cached) : null,
    helmProcessesMs: median(helmT),
    speedup: median(helmT) / median(inProc),
    speedupParseCache: cached.length ? median(helmT) / median(cached) : null,
  };
}

rmSync(home, { recursive: true, force: true });

if (JSON_OUT) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const f = (x) => (x === null || x === undefined ? '-' : x.toFixed(1));
  console.log(`whole process, median of ${N} (ms):`);
  console.log(
    'chart'.padEnd(52),
    'bosun'.padStart(9),
    'helm'.padStart(9),
    'bosun/helm'.padStart(11),
    ' same',
  );
  for (const r of results.charts) {
    console.log(
      r.chart.padEnd(52),
      f(r.bosunMs).padStart(9),
      f(r.helmMs).padStart(9),
      r.ratio.toFixed(2).padStart(11),
      r.identical ? ' yes' : ' NO',
    );
  }
  const rr = results.releases;
  console.log(`\n${rr.releases} releases of ${rr.chart}, median of 3 rounds (ms):`);
  console.log(`  bosun, one process, action.template each:        ${f(rr.bosunInProcessMs)}`);
  console.log(`  bosun, one process, renderRelease + ParseCache:  ${f(rr.bosunInProcessParseCacheMs)}`);
  console.log(`  helm, ${rr.releases} processes one after another:       ${f(rr.helmProcessesMs)}`);
  console.log(
    `  speed-up: ${rr.speedup.toFixed(1)}x (template), ${rr.speedupParseCache ? `${rr.speedupParseCache.toFixed(1)}x` : '-'} (parse cache); target >= 5x`,
  );
}
