/**
 * `helm pull`: fetch a chart into a folder, or unpack it (`--untar`) the way helm's
 * chartutil.Expand does: into `<untardir>/<chart name>/`, refusing to overwrite, with every
 * path checked to stay inside that folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseYaml } from '../encoding/index.js';
import { readChartArchive } from './archive.js';
import { RepoError } from './errors.js';
import { atomicWrite } from './fs-util.js';
import { type LocateOptions, locate } from './locate.js';

export interface PullOptions extends LocateOptions {
  untar?: boolean;
  untarDir?: string;
  destination?: string;
}

/** Unpacks chart archive bytes into `<dir>/<chart name>/`; returns that folder. */
export async function expandChart(dir: string, data: Uint8Array, label: string): Promise<string> {
  const files = readChartArchive(data, label);
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  let name = '';
  if (chartYaml) {
    const md = parseYaml(chartYaml.data.toString('utf8')) as Record<string, unknown> | null;
    name = typeof md?.name === 'string' ? md.name : '';
  }
  if (name === '') throw new RepoError('CHART_INVALID', 'chart name not specified');
  if (name === '.' || name === '..' || name !== basename(name)) {
    throw new RepoError('ARCHIVE_UNSAFE', `chart name "${name}" must not contain path separators`);
  }
  const chartDir = resolve(dir, name);
  for (const f of files) {
    const out = resolve(chartDir, f.name);
    const rel = relative(chartDir, out);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new RepoError('ARCHIVE_UNSAFE', `refusing ${label}: "${f.name}" escapes the chart folder`);
    }
  }
  for (const f of files) {
    const out = resolve(chartDir, f.name);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, f.data, { mode: 0o644 });
  }
  return chartDir;
}

/** Runs one `pull`; returns what helm prints. */
export async function pullChart(ref: string, o: PullOptions = {}): Promise<string> {
  const dest = o.destination ?? '.';
  const located = await locate(ref, o);
  const data = located.data ?? readFileSync(located.path);
  if (!o.untar) {
    await atomicWrite(join(dest, located.fileName ?? basename(located.path)), data);
    return located.output;
  }
  const untarDir = o.untarDir ?? '.';
  const ud = isAbsolute(untarDir) ? untarDir : join(dest, untarDir);
  const chartName = basename(ref.replace(/[:@].*$/, '').replace(/^oci:\/\//, ''));
  const check = ud === '.' ? chartName : join(ud, chartName);
  if (existsSync(check)) {
    throw new RepoError(
      'FILE_EXISTS',
      `failed to untar: a file or directory with the name ${check} already exists`,
    );
  }
  await mkdir(check, { recursive: true });
  await expandChart(ud, data, ref);
  return located.output;
}
