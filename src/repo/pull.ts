/**
 * `helm pull`: fetch a chart into a folder, or unpack it (`--untar`) the way helm's
 * chartutil.Expand does: into `<untardir>/<chart name>/`, refusing to overwrite, with every
 * path checked to stay inside that folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type BufferedFile, ChartArchiveError, loadArchiveFiles } from '../chart/index.js';
import { parseYaml } from '../encoding/index.js';
import { RepoError, type RepoErrorCode } from './errors.js';
import { atomicWrite } from './fs-util.js';
import { type LocateOptions, locate } from './locate.js';

export interface PullOptions extends LocateOptions {
  untar?: boolean;
  untarDir?: string;
  destination?: string;
}

/** Which of our codes a refused archive gets (unsafe paths, bombs, the rest). */
function archiveCode(code: string): RepoErrorCode {
  if (code === 'ECHART_TOO_LARGE' || code === 'ECHART_FILE_TOO_LARGE') return 'ARCHIVE_TOO_LARGE';
  if (code === 'ECHART_GZIP' || code === 'ECHART_TAR' || code === 'ECHART_EMPTY_ARCHIVE')
    return 'ARCHIVE_INVALID';
  if (code === 'ECHART_NESTED_CHART_YAML') return 'ARCHIVE_INVALID';
  return 'ARCHIVE_UNSAFE';
}

/** The files of a chart archive (helm's LoadArchiveFiles), refusals named after `label`. */
export function archiveFiles(data: Uint8Array, label: string): BufferedFile[] {
  try {
    return loadArchiveFiles(data);
  } catch (err) {
    if (!(err instanceof ChartArchiveError)) throw err;
    throw new RepoError(archiveCode(err.code), `refusing ${label}: ${err.message}`, { cause: err });
  }
}

/** Unpacks chart archive bytes into `<dir>/<chart name>/`; returns that folder. */
export async function expandChart(dir: string, data: Uint8Array, label: string): Promise<string> {
  const files = archiveFiles(data, label);
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  let name = '';
  if (chartYaml) {
    const md = parseYaml(Buffer.from(chartYaml.data).toString('utf8')) as Record<string, unknown> | null;
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
