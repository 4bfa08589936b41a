/**
 * `helm package`: a chart folder → `<name>-<version>.tgz` laid out as helm's chartutil.Save
 * lays it out (Chart.yaml rewritten from the metadata, Chart.lock, values.yaml, the schema,
 * templates, other files, then subcharts expanded under `charts/`).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Chart, type ChartFile, loadDir } from '../chart/index.js';
import { toYaml } from '../encoding/index.js';
import { parseVersion } from '../semver/index.js';
import { helmGzip, type TarEntry, writeTar } from './archive.js';
import { metadataJson, validationProblem } from './chart-version.js';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite } from './fs-util.js';

export interface PackageOptions {
  version?: string;
  appVersion?: string;
  /** Folder for the archive; default the current directory. */
  destination?: string;
  /** Clock for files without a time (tests). */
  now?: Date;
}

function lockTime(s: string, fallback: Date): Date {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? fallback : d;
}

function tarEntries(c: Chart, prefix: string, now: Date): TarEntry[] {
  const md = c.metadata;
  const name = md.Name;
  if (name === '' || name.includes('/') || name === '.' || name === '..') {
    throw new RepoError('CHART_INVALID', `chart name "${name}" is invalid`);
  }
  const base = prefix === '' ? name : `${prefix}/${name}`;
  const raw = (n: string): ChartFile | undefined => c.raw.find((f) => f.name === n);
  const file = (f: ChartFile, path = f.name): TarEntry => ({
    path: `${base}/${path}`,
    data: f.data,
    mtime: f.modTime ?? now,
  });
  const out: TarEntry[] = [];
  const chartYaml = metadataJson(md);
  // apiVersion v1 keeps its dependencies in requirements.yaml (one of the files)
  if (md.APIVersion === 'v1') delete chartYaml.dependencies;
  out.push({
    path: `${base}/Chart.yaml`,
    data: Buffer.from(toYaml(chartYaml)),
    mtime: raw('Chart.yaml')?.modTime ?? now,
  });
  if (md.APIVersion === 'v2' && c.lock) {
    out.push({
      path: `${base}/Chart.lock`,
      data: Buffer.from(toYaml(c.lock.toJSONValue())),
      mtime: lockTime(c.lock.Generated, now),
    });
  }
  const values = raw('values.yaml');
  if (values) out.push(file(values));
  const schema = raw('values.schema.json');
  if (schema) {
    try {
      JSON.parse(Buffer.from(schema.data).toString('utf8'));
    } catch {
      throw new RepoError('CHART_INVALID', 'invalid JSON in values.schema.json');
    }
    out.push(file(schema));
  }
  for (const f of [...c.templates, ...c.files]) out.push(file(f));
  for (const sub of c.dependencies) out.push(...tarEntries(sub, `${base}/charts`, now));
  return out;
}

/** The archive bytes of a loaded chart (helm's Save without the file). */
export function chartArchive(c: Chart, now = new Date()): Buffer {
  return helmGzip(writeTar(tarEntries(c, '', now)));
}

/** helm's CheckDependencies: every Chart.yaml dependency must be in `charts/`. */
export function checkDependencies(c: Chart): void {
  const have = new Set(c.dependencies.map((s) => s.name));
  const missing = (c.metadata.Dependencies ?? [])
    .filter((d) => d !== null && !have.has(d.Name))
    .map((d) => d!.Name);
  if (missing.length > 0) {
    throw new RepoError(
      'DEPENDENCY_ERROR',
      `found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}; run "bosun helm dependency build" first (or package with --dependency-update)`,
    );
  }
}

/** Packages the chart folder `dir`; returns the archive's path. */
export async function packageChart(dir: string, opts: PackageOptions = {}): Promise<string> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new RepoError('CHART_INVALID', `stat ${dir}: no such file or directory`);
  }
  if (!st.isDirectory()) throw new RepoError('CHART_INVALID', `${dir} is not a chart folder`);
  const c = loadDir(dir);
  const md = c.metadata;
  if (opts.version) md.Version = opts.version;
  try {
    parseVersion(md.Version);
  } catch (err) {
    throw new RepoError('CHART_INVALID', messageOf(err));
  }
  if (opts.appVersion) md.AppVersion = opts.appVersion;
  if ((md.Dependencies ?? []).length > 0) checkDependencies(c);
  const problem = validationProblem(md);
  if (problem) throw new RepoError('CHART_INVALID', `chart validation: ${problem}`);
  const dest = resolve(opts.destination ?? '.');
  const file = join(dest, `${md.Name}-${md.Version}.tgz`);
  await atomicWrite(file, chartArchive(c, opts.now));
  return file;
}
