/**
 * Reading a chart archive (`.tgz`) into memory with helm's safety checks
 * (pkg/chart/loader/archive LoadArchiveFiles): entries are named without their top folder,
 * absolute paths, `..`, drive letters and a nested Chart.yaml at the top are refused, and the
 * decompressed size is capped per file and per chart. bosun also refuses link entries that
 * point outside the chart (helm would read them as empty files).
 */
import { gunzipSync } from 'node:zlib';

/** helm's MaxDecompressedChartSize: 100 MiB. */
export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;
/** helm's MaxDecompressedFileSize: 5 MiB. */
export const MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024;

export interface BufferedFile {
  name: string;
  data: Uint8Array;
  modTime?: Date;
}

export interface SizeLimits {
  maxChartSize?: number;
  maxFileSize?: number;
}

export type ArchiveErrorCode =
  | 'ECHART_GZIP'
  | 'ECHART_TAR'
  | 'ECHART_ABSOLUTE_PATH'
  | 'ECHART_OUTSIDE_BASE'
  | 'ECHART_PARENT_PATH'
  | 'ECHART_ILLEGAL_NAME'
  | 'ECHART_NESTED_CHART_YAML'
  | 'ECHART_TOO_LARGE'
  | 'ECHART_FILE_TOO_LARGE'
  | 'ECHART_LINK_ESCAPES'
  | 'ECHART_EMPTY_ARCHIVE';

export class ChartArchiveError extends Error {
  readonly code: ArchiveErrorCode;
  constructor(code: ArchiveErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartArchiveError';
    this.code = code;
  }
}

const BOM = [0xef, 0xbb, 0xbf];

export function trimBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2]
    ? data.subarray(3)
    : data;
}

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

const decoder = new TextDecoder();

function cstring(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && buf[end] !== 0) end++;
  return decoder.decode(buf.subarray(off, end));
}

function octal(buf: Uint8Array, off: number, len: number): number {
  // GNU base-256 for large sizes.
  if (buf[off]! & 0x80) {
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + buf[i]!;
    return v;
  }
  const s = cstring(buf, off, len).trim();
  return s === '' ? 0 : Number.parseInt(s, 8);
}

function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const text = decoder.decode(data);
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(text.slice(i, sp));
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

interface TarEntry {
  name: string;
  type: string;
  size: number;
  linkname: string;
  mtime: Date;
  data: Uint8Array;
}

function* readTar(tar: Uint8Array): Generator<TarEntry> {
  let off = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) return;
    let name = cstring(h, 0, 100);
    const size = octal(h, 124, 12);
    const mtime = new Date(octal(h, 136, 12) * 1000);
    let type = String.fromCharCode(h[156]!);
    let linkname = cstring(h, 157, 100);
    const magic = cstring(h, 257, 6);
    if (magic === 'ustar') {
      const prefix = cstring(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const dataStart = off + 512;
    if (dataStart + size > tar.length) throw new ChartArchiveError('ECHART_TAR', 'unexpected EOF');
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cstring(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = cstring(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (longName !== undefined) name = longName;
    if (longLink !== undefined) linkname = longLink;
    if (pax.path !== undefined) name = pax.path;
    if (pax.linkpath !== undefined) linkname = pax.linkpath;
    longName = undefined;
    longLink = undefined;
    pax = {};
    if (type === '\0' || type === '7') type = name.endsWith('/') ? '5' : '0';
    yield { name, type, size, linkname, mtime, data };
  }
}

/** LoadArchiveFiles: the files of a gzipped chart archive, named relative to the chart root. */
export function loadArchiveFiles(archive: Uint8Array, limits: SizeLimits = {}): BufferedFile[] {
  const maxChart = limits.maxChartSize ?? MAX_DECOMPRESSED_CHART_SIZE;
  const maxFile = limits.maxFileSize ?? MAX_DECOMPRESSED_FILE_SIZE;
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b)
    throw new ChartArchiveError('ECHART_GZIP', 'gzip: invalid header');
  let tar: Uint8Array;
  try {
    // Headers and padding add to the contents; allow for them before the per-entry checks.
    tar = gunzipSync(archive, { maxOutputLength: maxChart * 2 + 64 * 1024 * 1024 });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ChartArchiveError(
        'ECHART_TOO_LARGE',
        `decompressed chart is larger than the maximum size ${maxChart}`,
      );
    throw new ChartArchiveError('ECHART_GZIP', `gzip: ${(e as Error).message}`, { cause: e });
  }
  const files: BufferedFile[] = [];
  let remaining = maxChart;
  for (const hd of readTar(tar)) {
    if (hd.type === '5') continue;
    const delimiter = hd.name.includes('\\') ? '\\' : '/';
    const parts = hd.name.split(delimiter);
    let n = parts.slice(1).join(delimiter).split(delimiter).join('/');
    if (n.startsWith('/'))
      throw new ChartArchiveError('ECHART_ABSOLUTE_PATH', 'chart illegally contains absolute paths');
    n = cleanPath(n);
    if (n === '.')
      throw new ChartArchiveError(
        'ECHART_OUTSIDE_BASE',
        `chart illegally contains content outside the base directory: ${JSON.stringify(hd.name)}`,
      );
    if (n.startsWith('..'))
      throw new ChartArchiveError(
        'ECHART_PARENT_PATH',
        `chart illegally references parent directory (entry ${JSON.stringify(hd.name)})`,
      );
    if (/^[a-zA-Z]:\//.test(n))
      throw new ChartArchiveError('ECHART_ILLEGAL_NAME', 'chart contains illegally named files');
    if (parts[0] === 'Chart.yaml')
      throw new ChartArchiveError('ECHART_NESTED_CHART_YAML', 'chart yaml not in base directory');
    if (hd.type === '1' || hd.type === '2') {
      const target = hd.linkname.replace(/\\/g, '/');
      const resolved =
        hd.type === '2'
          ? cleanPath(`${n.split('/').slice(0, -1).join('/') || '.'}/${target}`)
          : cleanPath(target.split('/').slice(1).join('/'));
      if (target.startsWith('/') || resolved.startsWith('..'))
        throw new ChartArchiveError(
          'ECHART_LINK_ESCAPES',
          `chart illegally contains a link pointing outside the chart: ${JSON.stringify(hd.name)} -> ${JSON.stringify(hd.linkname)}`,
        );
    }
    if (hd.size > remaining)
      throw new ChartArchiveError(
        'ECHART_TOO_LARGE',
        `decompressed chart is larger than the maximum size ${maxChart} (at entry ${JSON.stringify(hd.name)})`,
      );
    if (hd.size > maxFile)
      throw new ChartArchiveError(
        'ECHART_FILE_TOO_LARGE',
        `decompressed chart file ${JSON.stringify(hd.name)} is larger than the maximum file size ${maxFile}`,
      );
    const data = hd.type === '1' || hd.type === '2' ? new Uint8Array(0) : hd.data;
    remaining -= data.length;
    if (remaining <= 0)
      throw new ChartArchiveError(
        'ECHART_TOO_LARGE',
        `decompressed chart is larger than the maximum size ${maxChart}`,
      );
    files.push({ name: n, data: new Uint8Array(trimBom(data)), modTime: hd.mtime });
  }
  if (files.length === 0) throw new ChartArchiveError('ECHART_EMPTY_ARCHIVE', 'no files in chart archive');
  return files;
}
