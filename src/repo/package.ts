/**
 * `helm package`: a chart folder → `<name>-<version>.tgz` laid out as helm's chartutil.Save
 * lays it out (Chart.yaml rewritten from the metadata, Chart.lock, values.yaml, the schema,
 * templates, other files, then subcharts expanded under `charts/`).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseVersion } from '../semver/index.js';
import { helmGzip, type TarEntry, writeTar } from './archive.js';
import { type LoadedChart, loadChartPath } from './chart-files.js';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite } from './fs-util.js';
import { dependencyJson, metadataJson, validateMetadata } from './metadata.js';
import { toYaml } from './yaml-out.js';

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

function tarEntries(c: LoadedChart, prefix: string, now: Date): TarEntry[] {
  const name = c.metadata.name ?? '';
  if (name === '' || name.includes('/') || name === '.' || name === '..') {
    throw new RepoError('CHART_INVALID', `chart name "${name}" is invalid`);
  }
  const base = prefix === '' ? name : `${prefix}/${name}`;
  const out: TarEntry[] = [];
  const md = { ...c.metadata };
  if (md.apiVersion === 'v1') delete md.dependencies;
  out.push({
    path: `${base}/Chart.yaml`,
    data: Buffer.from(toYaml(metadataJson(md) as never)),
    mtime: c.modTime,
  });
  if (c.metadata.apiVersion === 'v2' && c.lock) {
    const lock = {
      generated: c.lock.generated,
      digest: c.lock.digest,
      dependencies: c.lock.dependencies.map(dependencyJson),
    };
    out.push({
      path: `${base}/Chart.lock`,
      data: Buffer.from(toYaml(lock as never)),
      mtime: lockTime(c.lock.generated, now),
    });
  }
  if (c.values) out.push({ path: `${base}/values.yaml`, data: c.values.data, mtime: c.values.mtime });
  if (c.schema) {
    try {
      JSON.parse(c.schema.data.toString('utf8'));
    } catch {
      throw new RepoError('CHART_INVALID', 'invalid JSON in values.schema.json');
    }
    out.push({ path: `${base}/values.schema.json`, data: c.schema.data, mtime: c.schema.mtime });
  }
  for (const f of [...c.templates, ...c.files])
    out.push({ path: `${base}/${f.name}`, data: f.data, mtime: f.mtime });
  for (const sub of c.subcharts) out.push(...tarEntries(sub, `${base}/charts`, now));
  return out;
}

/** The archive bytes of a loaded chart (helm's Save without the file). */
export function chartArchive(c: LoadedChart, now = new Date()): Buffer {
  return helmGzip(writeTar(tarEntries(c, '', now)));
}

/** helm's CheckDependencies: every Chart.yaml dependency must be in `charts/`. */
export function checkDependencies(c: LoadedChart): void {
  const have = new Set(c.subcharts.map((s) => s.metadata.name));
  const missing = (c.metadata.dependencies ?? []).filter((d) => !have.has(d.name)).map((d) => d.name);
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
  const c = loadChartPath(dir);
  if (opts.version) c.metadata.version = opts.version;
  try {
    parseVersion(c.metadata.version ?? '');
  } catch (err) {
    throw new RepoError('CHART_INVALID', messageOf(err));
  }
  if (opts.appVersion) c.metadata.appVersion = opts.appVersion;
  if ((c.metadata.dependencies ?? []).length > 0) checkDependencies(c);
  const problem = validateMetadata(c.metadata);
  if (problem) throw new RepoError('CHART_INVALID', `chart validation: ${problem}`);
  const dest = resolve(opts.destination ?? '.');
  const file = join(dest, `${c.metadata.name}-${c.metadata.version}.tgz`);
  await atomicWrite(file, chartArchive(c, opts.now));
  return file;
}
