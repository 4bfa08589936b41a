#!/usr/bin/env node
/**
 * Stack benchmarks: plan (render + diff) and sync of stacks of 10/100/500 releases.
 *
 *   npm run build && node --expose-gc bench/stack/run.mjs [--sizes 10,100,500] [--sandbox] [--helm]
 *
 * - Always: on the in-memory FakeReleaseOps (the orchestrator's own cost: state file, values,
 *   DAG, plan, diff, scheduling) — wall time and heap growth per size.
 * - --sandbox: the real actions on a sandbox started here (chart examples/charts/webapp):
 *   full sync, diff (plan), no-op apply.
 * - --helm (with --sandbox): beside them, a loop doing per release what helmfile does with the
 *   real helm 4 (`helm template` + `helm get manifest` for diff; `helm upgrade --install` for sync),
 *   and the ratios.
 */
import { execFile } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
// The sandbox runs in this process: helm must run without blocking the event loop.
const exec = promisify(execFile);
const dist = (m) => import(join(process.env.BOSUN_DIST ?? join(root, 'dist'), m, 'index.js'));
const stack = await dist('stack');

const args = process.argv.slice(2);
const flag = (n) => args.includes(n);
const sizes = (
  args[args.indexOf('--sizes') + 1] && args.includes('--sizes')
    ? args[args.indexOf('--sizes') + 1]
    : '10,100,500'
)
  .split(',')
  .map(Number);

function state(n, chart) {
  let out = 'helmDefaults: { wait: true, timeout: 120 }\nreleases:\n';
  for (let i = 0; i < n; i++) {
    out += `  - name: r${i}\n    namespace: bench${i % 10}\n    chart: ${chart}\n    labels: { tier: t${i % 3} }\n`;
    out += `    values:\n      - replicaCount: 1\n        config: { logLevel: info, index: "${i}" }\n`;
    if (i >= 10) out += `    needs: [bench${(i % 10) % 10}/r${i % 10}]\n`;
  }
  return out;
}

function heapMb() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

async function time(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { ms: performance.now() - t0, r };
}

const signalFor = () => {
  const s = new AbortController().signal;
  setMaxListeners(1000, s);
  return s;
};
const ctxFor = (ops, concurrency = 16) => ({
  ops,
  signal: signalFor(),
  concurrency,
  emit: () => {},
  env: {},
});

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-stack-'));
try {
  console.log('== fake ReleaseOps (orchestrator overhead only)');
  for (const n of sizes) {
    const base = heapMb();
    writeFileSync(join(dir, `fake-${n}.yaml`), state(n, './charts/app'));
    const ops = new stack.FakeReleaseOps();
    const load = await time(() => stack.loadStack({ cwd: dir, file: `fake-${n}.yaml`, env: {} }));
    const sel = stack.selectReleases(load.r, []);
    const sync = await time(() => stack.runSync(load.r, sel, ctxFor(ops), { onlyChanged: false }));
    const plan = await time(() => stack.observe(load.r, sel, ctxFor(ops)));
    const heap = heapMb() - base;
    rows.push({ target: 'fake', n, load: load.ms, plan: plan.ms, sync: sync.ms, heapMb: heap });
    console.log(
      `n=${n}\tload ${load.ms.toFixed(0)}ms\tplan+diff ${plan.ms.toFixed(0)}ms\tsync ${sync.ms.toFixed(0)}ms\theap +${heap.toFixed(1)}MB (${((heap * 1024) / n).toFixed(0)}KB/release)`,
    );
  }

  if (flag('--sandbox')) {
    const { startSandbox } = await dist('sandbox');
    const { KubeClient } = await dist('kube');
    const sb = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, readyDelayMs: 0 });
    const chart = join(root, 'examples/charts/webapp');
    const kube = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath });
    const ops = new stack.ActionReleaseOps({ kubeFor: () => kube, repositories: [], env: {} });
    const helm = join(root, '.cache/oracles/helm-v4.1.4/helm');
    const helmHome = join(dir, 'helm');
    mkdirSync(helmHome, { recursive: true });
    const helmEnv = {
      PATH: process.env.PATH,
      HOME: helmHome,
      HELM_CONFIG_HOME: join(helmHome, 'c'),
      HELM_CACHE_HOME: join(helmHome, 'k'),
      HELM_DATA_HOME: join(helmHome, 'd'),
      KUBECONFIG: sb.kubeconfigPath,
    };
    console.log('== sandbox (real actions over a socket)');
    try {
      for (const n of sizes) {
        writeFileSync(join(dir, `sb-${n}.yaml`), state(n, chart).replaceAll('bench', `s${n}-`));
        const st = stack.loadStack({ cwd: dir, file: `sb-${n}.yaml`, env: {} });
        const sel = stack.selectReleases(st, []);
        const base = heapMb();
        const sync = await time(() => stack.runSync(st, sel, ctxFor(ops), { onlyChanged: false }));
        if (!sync.r.summary.ok)
          throw new Error(`sync failed: ${JSON.stringify(sync.r.summary.results.find((r) => r.error))}`);
        const diff = await time(() => stack.observe(st, sel, ctxFor(ops)));
        const apply = await time(() => stack.runSync(st, sel, ctxFor(ops), { onlyChanged: true }));
        const heap = heapMb() - base;
        const row = { target: 'sandbox', n, sync: sync.ms, diff: diff.ms, apply: apply.ms, heapMb: heap };
        let line = `n=${n}\tsync ${sync.ms.toFixed(0)}ms\tdiff ${diff.ms.toFixed(0)}ms\tno-op apply ${apply.ms.toFixed(0)}ms\theap +${heap.toFixed(1)}MB`;
        if (flag('--helm')) {
          const releases = st.releases;
          const hdiff = await time(async () => {
            for (const r of releases) {
              await exec(
                helm,
                ['template', r.name, chart, '-n', r.namespace, '--set', `config.index=${r.name}`],
                { env: helmEnv },
              );
              await exec(helm, ['get', 'manifest', r.name, '-n', r.namespace], { env: helmEnv });
            }
          });
          const hsync = await time(async () => {
            for (const r of releases) {
              await exec(
                helm,
                ['upgrade', '--install', `h${r.name}`, chart, '-n', r.namespace, '--wait', '--timeout', '2m'],
                { env: helmEnv },
              );
            }
          });
          Object.assign(row, { helmDiff: hdiff.ms, helmSync: hsync.ms });
          line += `\thelm loop: diff ${hdiff.ms.toFixed(0)}ms (${(hdiff.ms / diff.ms).toFixed(1)}×), sync ${hsync.ms.toFixed(0)}ms (${(hsync.ms / sync.ms).toFixed(1)}×)`;
        }
        rows.push(row);
        console.log(line);
      }
    } finally {
      kube.close();
      await sb.stop();
    }
  }
  if (flag('--json')) console.log(JSON.stringify(rows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
