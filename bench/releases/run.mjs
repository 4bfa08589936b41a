#!/usr/bin/env node
/**
 * Benchmark of bosun's release commands against the real helm 4 on one sandbox.
 *
 *   npm run build && node bench/releases/run.mjs [--releases 1000] [--revisions 10] [--runs 3]
 *
 * 1. `list -A` over R releases × N revisions (seeded straight through bosun's storage, the
 *    latest revision deployed and the others superseded): `bosun helm list -A` vs
 *    `helm list -A`, each a process, median of --runs; the ratio is printed (target ≥ 10×).
 * 2. install and upgrade latency of a 30-object chart (10 ConfigMaps, 10 Services, 10
 *    Deployments; no --wait), bosun vs helm 4, median of --runs.
 *
 * `--chart DIR` seeds records that embed that chart as helm stores it (its top-level templates,
 * files and values, and the manifest `helm template` renders) instead of the small built-in one:
 * real records are tens of kilobytes, which is what makes helm's decode-everything listing slow.
 *
 * BOSUN_DIST points at another build (default: this checkout's dist/).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.BOSUN_DIST ?? join(root, 'dist');
const { startSandbox } = await import(join(dist, 'sandbox/index.js'));
const { KubeClient } = await import(join(dist, 'kube/index.js'));
const { SecretsDriver, Storage } = await import(join(dist, 'storage/index.js'));
const { ensureOracles } = await import(join(root, 'scripts/oracles.mjs'));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RELEASES = arg('releases', 1000);
const REVISIONS = arg('revisions', 10);
const RUNS = arg('runs', 3);
const chartArg =
  process.argv.indexOf('--chart') > 0 ? resolve(process.argv[process.argv.indexOf('--chart') + 1]) : null;

const work = mkdtempSync(join(tmpdir(), 'bosun-bench-releases-'));
const home = join(work, 'home');
const helm4 = ensureOracles({ quiet: true }).helm4;
const sb = await startSandbox({ dataDir: join(work, 'data'), readyDelayMs: 50, compactEvery: 1_000_000 });
const env = {
  PATH: process.env.PATH,
  HOME: home,
  HELM_CONFIG_HOME: join(home, 'config'),
  HELM_CACHE_HOME: join(home, 'cache'),
  HELM_DATA_HOME: join(home, 'data'),
  KUBECONFIG: sb.kubeconfigPath,
};

function run(cmd, args) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    execFile(cmd, args, { env, maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (err) rej(new Error(`${cmd} ${args.join(' ')}: ${stderr}`));
      else res({ ms, stdout });
    });
  });
}
const bosun = (args) => run(process.execPath, [join(dist, 'cli/main.js'), 'helm', ...args]);
const helm = (args) => run(helm4, args);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn, runs = RUNS) {
  const ms = [];
  for (let i = 0; i < runs; i++) ms.push((await fn(i)).ms);
  return median(ms);
}

/** The chart part of a record, and the manifest, as helm stores a release of the chart in DIR. */
async function realChart(dir) {
  const { parseYaml } = await import(join(dist, 'encoding/index.js'));
  const templates = [];
  const files = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (p !== 'charts') walk(p);
      } else if (!['Chart.yaml', 'values.yaml', 'values.schema.json', 'Chart.lock'].includes(p)) {
        const entry = { name: p, data: readFileSync(join(dir, p)).toString('base64') };
        (p.startsWith('templates/') ? templates : files).push(entry);
      }
    }
  };
  walk('');
  const out = await helm(['template', 'bench', dir]);
  return {
    chart: {
      metadata: parseYaml(readFileSync(join(dir, 'Chart.yaml'), 'utf8')),
      lock: null,
      templates,
      values: parseYaml(readFileSync(join(dir, 'values.yaml'), 'utf8')) ?? {},
      schema: null,
      files,
    },
    manifest: out.stdout,
  };
}
let real = null;

/** A release record like a small real chart's (a few templates, values, a manifest), or --chart's. */
function record(name, ns, version, status) {
  const b64 = (s) => Buffer.from(s).toString('base64');
  const manifest = Array.from(
    { length: 5 },
    (_, i) =>
      `---\n# Source: app/templates/cm${i}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-${i}\ndata:\n  k: "${'v'.repeat(200)}"\n`,
  ).join('');
  const ts = new Date(Date.UTC(2025, 0, 1, 0, 0, version)).toISOString();
  return {
    name,
    namespace: ns,
    version,
    labels: {},
    info: {
      first_deployed: ts,
      last_deployed: ts,
      status,
      description: status === 'deployed' ? 'Upgrade complete' : 'Upgrade complete',
      notes: '',
    },
    chart: {
      metadata: { apiVersion: 'v2', name: 'app', version: '1.0.0', appVersion: '1.0' },
      lock: null,
      templates: Array.from({ length: 5 }, (_, i) => ({
        name: `templates/cm${i}.yaml`,
        data: b64(`kind: ConfigMap # ${'x'.repeat(400)} ${i}`),
      })),
      values: { replicas: 1, image: { repository: 'nginx', tag: '1.27' } },
      schema: null,
      files: null,
    },
    config: { replicas: version },
    manifest,
    ...(real ?? {}),
    hooks: [],
    apply_method: 'ssa',
  };
}

async function seed() {
  const kube = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath });
  const namespaces = ['bench-a', 'bench-b', 'bench-c', 'bench-d'];
  await kube.create(namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })));
  const storages = Object.fromEntries(
    namespaces.map((n) => [n, new Storage(new SecretsDriver(kube.secrets(), { namespace: n }))]),
  );
  const jobs = [];
  for (let r = 0; r < RELEASES; r++)
    for (let v = 1; v <= REVISIONS; v++)
      jobs.push([`rel-${String(r).padStart(4, '0')}`, namespaces[r % 4], v]);
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < jobs.length) {
        const [name, ns, v] = jobs[next++];
        await storages[ns].create(record(name, ns, v, v === REVISIONS ? 'deployed' : 'superseded'));
      }
    }),
  );
  kube.close();
  return Date.now() - t0;
}

function chart30() {
  const dir = join(work, 'chart30');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: thirty\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'message: hello\n');
  const docs = [];
  for (let i = 0; i < 10; i++) {
    docs.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm-${i}\ndata:\n  m: {{ .Values.message | quote }}\n`,
    );
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc-${i}\nspec:\n  selector: {app: {{ .Release.Name }}-${i}}\n  ports: [{port: 80}]\n`,
    );
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-dep-${i}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: {{ .Release.Name }}-${i}}\n  template:\n    metadata:\n      labels: {app: {{ .Release.Name }}-${i}}\n      annotations: {message: {{ .Values.message | quote }}}\n    spec:\n      containers: [{name: c, image: nginx}]\n`,
    );
  }
  writeFileSync(join(dir, 'templates/all.yaml'), docs.join('---\n'));
  return dir;
}

try {
  if (chartArg) real = await realChart(chartArg);
  const size = (await import('node:zlib')).gzipSync(JSON.stringify(record('x', 'y', 1, 'deployed'))).length;
  console.log(
    `seeding ${RELEASES} releases × ${REVISIONS} revisions (records of ${chartArg ?? 'a small chart'}, ${(size / 1024).toFixed(1)} KiB gzipped each) …`,
  );
  const seedMs = await seed();
  console.log(`  seeded ${RELEASES * REVISIONS} records in ${(seedMs / 1000).toFixed(1)} s`);
  const b = await bosun(['list', '-A', '-o', 'json', '--max', '0']);
  const h = await helm(['list', '-A', '-o', 'json', '--max', '0']);
  const nb = JSON.parse(b.stdout).length;
  const nh = JSON.parse(h.stdout).length;
  if (nb !== nh || nb !== RELEASES)
    throw new Error(`list disagrees: bosun ${nb}, helm ${nh}, want ${RELEASES}`);
  const listB = await timed(() => bosun(['list', '-A']));
  const listH = await timed(() => helm(['list', '-A']));
  console.log(
    `list -A (${RELEASES} × ${REVISIONS}):  bosun ${listB.toFixed(0)} ms   helm 4 ${listH.toFixed(0)} ms   ratio ${(listH / listB).toFixed(1)}×`,
  );
  // What the listing itself costs once the process is up (bosun's start-up is the rest of the
  // figure above).
  const { list } = await import(join(dist, 'action/index.js'));
  const { selectDriver } = await import(join(dist, 'storage/index.js'));
  const inproc = await timed(async () => {
    const t0 = performance.now();
    const kube = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath });
    const storage = new Storage(
      selectDriver({ namespace: '', secrets: () => kube.secrets(), configMaps: () => kube.configMaps() }),
    );
    const rels = await list({ kube, storage, namespace: 'default' }, { max: 256 });
    if (rels.length !== Math.min(256, RELEASES)) throw new Error(`in-process list: ${rels.length}`);
    kube.close();
    return { ms: performance.now() - t0 };
  });
  const startup = await timed(() => run(process.execPath, [join(dist, 'cli/main.js'), '--version']));
  console.log(
    `  in-process list: ${inproc.toFixed(0)} ms (helm 4 process / this: ${(listH / inproc).toFixed(1)}×); bosun --version process: ${startup.toFixed(0)} ms`,
  );

  const chart = chart30();
  const instB = await timed((i) => bosun(['install', `b${i}`, chart, '-n', 'bench-a']));
  const instH = await timed((i) => helm(['install', `h${i}`, chart, '-n', 'bench-a']));
  const upB = await timed((i) =>
    bosun(['upgrade', `b${i}`, chart, '-n', 'bench-a', '--set', `message=m${i}`]),
  );
  const upH = await timed((i) =>
    helm(['upgrade', `h${i}`, chart, '-n', 'bench-a', '--set', `message=m${i}`]),
  );
  console.log(`install, 30 objects:  bosun ${instB.toFixed(0)} ms   helm 4 ${instH.toFixed(0)} ms`);
  console.log(`upgrade, 30 objects:  bosun ${upB.toFixed(0)} ms   helm 4 ${upH.toFixed(0)} ms`);
} finally {
  await sb.stop();
  rmSync(work, { recursive: true, force: true });
}
