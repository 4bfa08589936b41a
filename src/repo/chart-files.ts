/**
 * The few chart-loading steps this module needs on its own: walking a chart folder with
 * `.helmignore` (helm's pkg/ignore rules), reading Chart.yaml / Chart.lock, and grouping the
 * files of a chart the way helm's loader does before chartutil.Save writes them.
 *
 * TODO(chart module): use src/chart's loader once its index exports folder/archive loading.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../encoding/index.js';
import { type ArchiveFile, MAX_FILE_SIZE, readChartArchive } from './archive.js';
import { messageOf, RepoError } from './errors.js';
import { type ChartMetadata, type Dependency, metadataFrom } from './metadata.js';

/** Go's filepath.Match as a RegExp (`*` and `?` stop at `/`). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) throw new Error('syntax error in pattern');
      let body = glob.slice(i + 1, end);
      if (body.startsWith('^')) body = `\\^${body.slice(1)}`;
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface Rule {
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

/** helm's .helmignore rules plus the default `templates/.?*`. */
export class IgnoreRules {
  private readonly rules: Rule[] = [];

  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) r.add(line);
    return r;
  }

  add(raw: string): void {
    let rule = raw.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new RepoError('CHART_INVALID', 'double-star (**) syntax is not supported');
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    let match: (p: string) => boolean;
    if (rule.startsWith('/')) {
      const re = globToRegExp(rule.slice(1));
      match = (p) => re.test(p);
    } else if (rule.includes('/')) {
      const re = globToRegExp(rule);
      match = (p) => re.test(p);
    } else {
      const re = globToRegExp(rule);
      match = (p) => re.test(p.slice(p.lastIndexOf('/') + 1));
    }
    this.rules.push({ negate, mustDir, match });
  }

  ignore(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.rules) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The files of a chart folder in helm's walk order, `.helmignore` applied. */
export function readChartDir(dir: string): ArchiveFile[] {
  let rules = new IgnoreRules();
  try {
    rules = IgnoreRules.parse(readFileSync(join(dir, '.helmignore'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  rules.add('templates/.?*');
  const files: ArchiveFile[] = [];
  const walk = (rel: string) => {
    const abs = rel === '' ? dir : join(dir, rel);
    for (const name of readdirSync(abs).sort(byteOrder)) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = statSync(join(abs, name));
      if (st.isDirectory()) {
        if (!rules.ignore(r, true)) walk(r);
        continue;
      }
      if (rules.ignore(r, false)) continue;
      if (!st.isFile()) throw new RepoError('CHART_INVALID', `cannot load irregular file ${join(abs, name)}`);
      if (st.size > MAX_FILE_SIZE) {
        throw new RepoError(
          'CHART_INVALID',
          `chart file "${name}" is larger than the maximum file size ${MAX_FILE_SIZE}`,
        );
      }
      let data = readFileSync(join(abs, name));
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      files.push({ name: r, data, mtime: st.mtime });
    }
  };
  walk('');
  return files;
}

function parseDoc(data: Uint8Array, file: string): Record<string, unknown> {
  try {
    const d = parseYaml(Buffer.from(data).toString('utf8'), { filename: file });
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch (err) {
    throw new RepoError('CHART_INVALID', `cannot load ${file}: ${messageOf(err)}`, { cause: err });
  }
}

export interface ChartLock {
  generated: string;
  digest: string;
  dependencies: Dependency[];
}

export interface LoadedChart {
  metadata: ChartMetadata;
  lock?: ChartLock;
  /** Chart.yaml's modification time. */
  modTime: Date;
  lockModTime?: Date;
  values?: ArchiveFile;
  schema?: ArchiveFile;
  templates: ArchiveFile[];
  files: ArchiveFile[];
  subcharts: LoadedChart[];
}

function dependencyFrom(d: Record<string, unknown>): Dependency {
  const out: Dependency = { name: String(d.name ?? ''), repository: String(d.repository ?? '') };
  if (d.version != null) out.version = String(d.version);
  if (d.condition != null) out.condition = String(d.condition);
  if (Array.isArray(d.tags)) out.tags = d.tags.map(String);
  if (d.enabled === true) out.enabled = true;
  if (Array.isArray(d['import-values'])) out['import-values'] = d['import-values'];
  if (d.alias != null) out.alias = String(d.alias);
  return out;
}

export function chartMetadataOf(doc: Record<string, unknown>): ChartMetadata {
  const md = metadataFrom(doc);
  if (Array.isArray(doc.dependencies)) {
    md.dependencies = doc.dependencies
      .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
      .map(dependencyFrom);
  }
  if (!md.apiVersion) md.apiVersion = 'v1';
  return md;
}

/** Groups a chart's files like helm's LoadFiles (subcharts from `charts/`). */
export function loadChartFiles(files: readonly ArchiveFile[], label: string): LoadedChart {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new RepoError('CHART_INVALID', `${label}: Chart.yaml file is missing`);
  const c: LoadedChart = {
    metadata: chartMetadataOf(parseDoc(chartYaml.data, 'Chart.yaml')),
    modTime: chartYaml.mtime,
    templates: [],
    files: [],
    subcharts: [],
  };
  const sub = new Map<string, ArchiveFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'Chart.lock') {
      const d = parseDoc(f.data, 'Chart.lock');
      c.lock = {
        generated: String(d.generated ?? ''),
        digest: String(d.digest ?? ''),
        dependencies: Array.isArray(d.dependencies)
          ? d.dependencies.filter((x) => x && typeof x === 'object').map(dependencyFrom)
          : [],
      };
      c.lockModTime = f.mtime;
    } else if (f.name === 'values.yaml') c.values = f;
    else if (f.name === 'values.schema.json') c.schema = f;
    else if (f.name.startsWith('templates/')) c.templates.push(f);
    else if (f.name.startsWith('charts/')) {
      if (f.name.endsWith('.prov')) {
        c.files.push(f);
        continue;
      }
      const rest = f.name.slice('charts/'.length);
      const cname = rest.split('/')[0]!;
      const list = sub.get(cname) ?? [];
      list.push({ ...f, name: rest.slice(cname.length + 1) || cname });
      sub.set(cname, list);
    } else c.files.push(f);
  }
  for (const [n, fs] of sub) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    if (n.endsWith('.tgz')) {
      c.subcharts.push(loadChartFiles(readChartArchive(fs[0]!.data, `charts/${n}`), `charts/${n}`));
    } else if (fs.some((f) => f.name === 'Chart.yaml')) {
      c.subcharts.push(loadChartFiles(fs, `charts/${n}`));
    }
  }
  return c;
}

/** Loads a chart from a folder or a .tgz path. */
export function loadChartPath(path: string): LoadedChart {
  if (lstatSync(path).isDirectory()) return loadChartFiles(readChartDir(path), path);
  return loadChartFiles(readChartArchive(readFileSync(path), path), path);
}
