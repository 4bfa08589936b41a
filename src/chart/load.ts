/**
 * Loading a chart from a folder, a `.tgz`/`.tar.gz` file or archive bytes, as helm v4's loader
 * does: Chart.yaml first (its apiVersion picks the loader), `.helmignore` for folders, size
 * limits, subcharts under `charts/` (folders and archives, `_`/`.`-prefixed names skipped),
 * requirements.yaml/requirements.lock for apiVersion v1 charts, and Metadata validation.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseYaml, YamlSyntaxError } from '../encoding/index.js';
import { loadValues } from '../values/index.js';
import {
  type BufferedFile,
  ChartArchiveError,
  loadArchiveFiles,
  MAX_DECOMPRESSED_FILE_SIZE,
  type SizeLimits,
  trimBom,
} from './archive.js';
import { Chart, type ChartFile } from './chart.js';
import { chartBaseSpec, decodeYamlStruct, lockSpec, metadataSpec } from './decode.js';
import { HELM_IGNORE, IgnoreRules } from './ignore.js';
import { API_VERSION_V1, type Lock, Metadata } from './metadata.js';

export type ChartLoadErrorCode =
  | 'ECHART_NOT_FOUND'
  | 'ECHART_YAML'
  | 'ECHART_MISSING_CHART_YAML'
  | 'ECHART_UNSUPPORTED_VERSION'
  | 'ECHART_NOT_ARCHIVE'
  | 'ECHART_IRREGULAR_FILE'
  | 'ECHART_FILE_TOO_LARGE'
  | 'ECHART_SYMLINK_ESCAPES'
  | 'ECHART_SUBCHART'
  | 'ECHART_ARCHIVE';

export class ChartLoadError extends Error {
  readonly code: ChartLoadErrorCode;
  constructor(code: ChartLoadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartLoadError';
    this.code = code;
  }
}

export interface LoadOptions extends SizeLimits {
  /** Prefix of file names in parse errors (`web/charts/redis/`); subcharts extend it. */
  pathPrefix?: string;
  /** helm's log lines (requirements.yaml in a v2 chart, symlinks followed). */
  warn?: (message: string) => void;
  /**
   * Symbolic links in a chart folder: helm follows them wherever they point ('follow', the
   * default, with a warning); 'refuse-escaping' rejects links that resolve outside the chart.
   */
  symlinks?: 'follow' | 'refuse-escaping';
}

const text = new TextDecoder();

function decodeYaml(data: Uint8Array, file: string, what: string): { doc: unknown; source: string } {
  const source = text.decode(data);
  try {
    return { doc: parseYaml(source, { filename: file }), source };
  } catch (e) {
    const where = e instanceof YamlSyntaxError ? ` (at ${e.file ?? file}:${e.line}:${e.column})` : '';
    throw new ChartLoadError('ECHART_YAML', `cannot load ${what}: ${(e as Error).message}${where}`, {
      cause: e,
    });
  }
}

function decodeStructFile<T extends object>(
  f: BufferedFile,
  prefix: string | undefined,
  spec: Parameters<typeof decodeYamlStruct>[1],
  into?: T,
): T {
  const { doc, source } = decodeYaml(f.data, (prefix ?? '') + f.name, f.name);
  try {
    return decodeYamlStruct(doc, spec, source, into);
  } catch (e) {
    throw new ChartLoadError(
      'ECHART_YAML',
      `cannot load ${f.name}: error unmarshaling JSON: while decoding JSON: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}

/** helm's first look at Chart.yaml: which chart API version (and so which loader) applies. */
function checkApiVersion(f: BufferedFile, prefix?: string): void {
  const base = decodeStructFile<{ APIVersion: string }>(f, prefix, chartBaseSpec);
  if (!['v1', 'v2', ''].includes(base.APIVersion))
    throw new ChartLoadError('ECHART_UNSUPPORTED_VERSION', 'unsupported chart version');
}

/** v2 LoadFiles: builds a chart (and its subcharts) from in-memory files. */
export function loadFiles(files: BufferedFile[], opts: LoadOptions = {}): Chart {
  const warn = opts.warn ?? (() => {});
  let metadata: Metadata | null = null;
  const raw: ChartFile[] = [];
  for (const f of files) {
    raw.push(f);
    if (f.name === 'Chart.yaml') {
      metadata = decodeStructFile(f, opts.pathPrefix, metadataSpec, metadata ?? new Metadata());
      if (metadata.APIVersion === '') metadata.APIVersion = API_VERSION_V1;
    }
  }
  const c = new Chart(metadata ?? new Metadata());
  c.raw = raw;
  const subcharts = new Map<string, BufferedFile[]>();
  for (const f of files) {
    const n = f.name;
    if (n === 'Chart.yaml') continue;
    if (n === 'Chart.lock' || n === 'requirements.lock') {
      c.lock = decodeStructFile<Lock>(f, opts.pathPrefix, lockSpec);
      if (n === 'requirements.lock') {
        metadata ??= c.metadata;
        if (c.metadata.APIVersion !== API_VERSION_V1)
          warn(
            'Warning: Dependency locking is handled in Chart.lock since apiVersion "v2". We recommend migrating to Chart.lock.',
          );
        else c.files.push(f);
      }
    } else if (n === 'values.yaml') {
      const source = text.decode(f.data);
      try {
        c.values = loadValues(source, (opts.pathPrefix ?? '') + f.name);
      } catch (e) {
        throw new ChartLoadError('ECHART_YAML', `cannot load values.yaml: ${(e as Error).message}`, {
          cause: e,
        });
      }
      c.valuesText = source;
    } else if (n === 'values.schema.json') {
      c.schema = f.data;
    } else if (n === 'requirements.yaml') {
      metadata ??= c.metadata;
      if (c.metadata.APIVersion !== API_VERSION_V1)
        warn(
          'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.',
        );
      decodeStructFile(f, opts.pathPrefix, metadataSpec, c.metadata);
      if (c.metadata.APIVersion === API_VERSION_V1) c.files.push(f);
    } else if (n.startsWith('templates/')) {
      c.templates.push(f);
    } else if (n.startsWith('charts/')) {
      if (n.endsWith('.prov')) {
        c.files.push(f);
        continue;
      }
      const fname = n.slice('charts/'.length);
      const cname = fname.split('/')[0]!;
      const list = subcharts.get(cname) ?? [];
      list.push({ ...f, name: fname });
      subcharts.set(cname, list);
    } else {
      c.files.push(f);
    }
  }
  if (metadata === null) throw new ChartLoadError('ECHART_MISSING_CHART_YAML', 'Chart.yaml file is missing');
  c.metadata.validate();

  for (const [n, sfiles] of [...subcharts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sc: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = sfiles[0]!;
        if (file.name !== n)
          throw new ChartLoadError(
            'ECHART_SUBCHART',
            `error unpacking subchart tar in ${c.name}: expected ${n}, got ${file.name}`,
          );
        sc = loadFiles(loadArchiveFiles(file.data, opts), {
          ...opts,
          pathPrefix: `${opts.pathPrefix ?? ''}charts/${n}/`,
        });
      } else {
        const buff: BufferedFile[] = [];
        for (const f of sfiles) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          buff.push({ ...f, name: f.name.slice(slash + 1) });
        }
        sc = loadFiles(buff, { ...opts, pathPrefix: `${opts.pathPrefix ?? ''}charts/${n}/` });
      }
    } catch (e) {
      if (
        e instanceof ChartLoadError &&
        e.code === 'ECHART_SUBCHART' &&
        e.message.startsWith('error unpacking subchart tar')
      )
        throw e;
      throw new ChartLoadError(
        'ECHART_SUBCHART',
        `error unpacking subchart ${n} in ${c.name}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    c.addDependency(sc);
  }
  return c;
}

/** Loads a chart archive held in memory. */
export function loadArchive(data: Uint8Array, opts: LoadOptions = {}): Chart {
  let files: BufferedFile[];
  try {
    files = loadArchiveFiles(data, opts);
  } catch (e) {
    if (e instanceof ChartArchiveError && e.code === 'ECHART_GZIP')
      throw new ChartLoadError(
        'ECHART_NOT_ARCHIVE',
        `stream does not appear to be a valid chart file (details: ${e.message})`,
        {
          cause: e,
        },
      );
    throw new ChartLoadError('ECHART_ARCHIVE', `unable to load chart archive: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml)
    throw new ChartLoadError(
      'ECHART_MISSING_CHART_YAML',
      'unable to detect chart version, no Chart.yaml found',
    );
  checkApiVersion(chartYaml);
  return loadFiles(files, opts);
}

/** Loads a chart archive file, with helm's hints when the file is not an archive. */
export function loadArchiveFile(path: string, opts: LoadOptions = {}): Chart {
  const data = readFileSync(path);
  const gzip = data.length >= 3 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 0x08;
  if (!gzip) {
    if (path.endsWith('.yml') || path.endsWith('.yaml'))
      throw new ChartLoadError(
        'ECHART_NOT_ARCHIVE',
        `file '${path}' seems to be a YAML file, but expected a gzipped archive`,
      );
    throw new ChartLoadError(
      'ECHART_NOT_ARCHIVE',
      `file '${path}' does not appear to be a gzipped archive; got '${detectContentType(data)}'`,
    );
  }
  try {
    return loadArchive(data, opts);
  } catch (e) {
    if (e instanceof ChartLoadError && e.code === 'ECHART_NOT_ARCHIVE')
      throw new ChartLoadError(
        'ECHART_NOT_ARCHIVE',
        `file '${path}' does not appear to be a valid chart file (details: gzip: invalid header)`,
        {
          cause: e,
        },
      );
    throw e;
  }
}

/** A rough http.DetectContentType for the "not an archive" hint. */
function detectContentType(data: Uint8Array): string {
  const head = data.subarray(0, 512);
  if (head.length === 0) return 'text/plain; charset=utf-8';
  if (
    head.some(
      (b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f,
    )
  )
    return 'application/octet-stream';
  return 'text/plain; charset=utf-8';
}

/** Loads a chart folder: `.helmignore`, sorted walk following symlinks, size limit, BOMs trimmed. */
export function loadDir(dir: string, opts: LoadOptions = {}): Chart {
  const topdir = resolve(dir);
  const chartYamlPath = join(topdir, 'Chart.yaml');
  let chartYaml: Buffer;
  try {
    chartYaml = readFileSync(chartYamlPath);
  } catch (e) {
    throw new ChartLoadError(
      'ECHART_NOT_FOUND',
      `unable to detect chart at ${chartYamlPath}: ${goFsError(e, chartYamlPath)}`,
      {
        cause: e,
      },
    );
  }
  checkApiVersion(
    { name: 'Chart.yaml', data: trimBom(chartYaml) },
    opts.pathPrefix ?? `${dir.replace(/\/+$/, '')}/`,
  );

  let rules = IgnoreRules.empty();
  const ifile = join(topdir, HELM_IGNORE);
  try {
    if (statSync(ifile).isFile()) rules = IgnoreRules.parse(readFileSync(ifile, 'utf8'));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  rules.addDefaults();

  const maxFile = opts.maxFileSize ?? MAX_DECOMPRESSED_FILE_SIZE;
  const realTop = realpathSync(topdir);
  const files: BufferedFile[] = [];
  const walk = (abs: string, rel: string): void => {
    let st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      const resolved = realpathSync(abs);
      if (opts.symlinks === 'refuse-escaping') {
        const r = relative(realTop, resolved);
        if (r.startsWith('..') || r.startsWith(sep))
          throw new ChartLoadError(
            'ECHART_SYMLINK_ESCAPES',
            `symbolic link ${rel} resolves outside the chart, to ${resolved}`,
          );
      }
      opts.warn?.(
        `found symbolic link in path: ${abs} resolves to ${resolved}. Contents of linked file included and used`,
      );
      st = statSync(resolved);
    }
    if (st.isDirectory()) {
      if (rel !== '' && rules.ignore(rel, true)) return;
      const names = readdirSync(abs).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      for (const name of names) walk(join(abs, name), rel === '' ? name : `${rel}/${name}`);
      return;
    }
    if (rules.ignore(rel, false)) return;
    if (!st.isFile())
      throw new ChartLoadError(
        'ECHART_IRREGULAR_FILE',
        `cannot load irregular file ${abs} as it has file mode type bits set`,
      );
    if (st.size > maxFile) {
      const baseName = rel.slice(rel.lastIndexOf('/') + 1);
      throw new ChartLoadError(
        'ECHART_FILE_TOO_LARGE',
        `chart file "${baseName}" is larger than the maximum file size ${maxFile} (${rel} is ${st.size} bytes)`,
      );
    }
    const data = readFileSync(abs);
    files.push({ name: rel, data: new Uint8Array(trimBom(data)), modTime: st.mtime });
  };
  walk(topdir, '');
  return loadFiles(files, { ...opts, pathPrefix: opts.pathPrefix ?? `${dir.replace(/\/+$/, '')}/` });
}

function goFsError(e: unknown, path: string): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  return (e as Error).message;
}

/** Loads a chart from a folder, an archive file, or archive bytes. */
export function loadChart(source: string | Uint8Array, opts: LoadOptions = {}): Chart {
  if (typeof source !== 'string') return loadArchive(source, opts);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(source);
  } catch (e) {
    throw new ChartLoadError('ECHART_NOT_FOUND', `stat ${source}: no such file or directory`, { cause: e });
  }
  return st.isDirectory() ? loadDir(source, opts) : loadArchiveFile(source, opts);
}
