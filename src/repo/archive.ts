/**
 * Chart archives (.tgz): reading them safely and writing them the way helm's chartutil.Save
 * does (Go archive/tar USTAR headers, mode 0644, gzip with helm's extra field and "Helm"
 * comment), so real helm loads what bosun packages.
 *
 * Reading refuses what helm's loader refuses — absolute paths, `..`, content outside the
 * chart folder — and stops decompression bombs: at most 100 MiB decompressed in all and
 * 5 MiB per file (helm's MaxDecompressedChartSize / MaxDecompressedFileSize).
 */

import { posix } from 'node:path';
import { crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import { RepoError } from './errors.js';

export const MAX_CHART_SIZE = 100 * 1024 * 1024;
export const MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface ArchiveFile {
  /** Path inside the chart (first folder stripped), with `/` separators. */
  name: string;
  data: Buffer;
  mtime: Date;
}

export interface ArchiveLimits {
  maxChartSize?: number;
  maxFileSize?: number;
}

function cstr(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const z = s.indexOf(0);
  return (z === -1 ? s : s.subarray(0, z)).toString('utf8');
}

function octal(b: Buffer, start: number, len: number): number {
  if (b[start]! & 0x80) {
    // base-256 (GNU) for large values
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cstr(b, start, len).trim();
  return s === '' ? 0 : Number.parseInt(s, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let s = data.toString('utf8');
  while (s.length > 0) {
    const sp = s.indexOf(' ');
    const len = Number.parseInt(s.slice(0, sp), 10);
    if (!(len > 0)) break;
    const rec = Buffer.from(s).subarray(0, len).toString('utf8');
    const kv = rec.slice(sp + 1, -1);
    const eq = kv.indexOf('=');
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
    s = Buffer.from(s).subarray(len).toString('utf8');
  }
  return out;
}

function gunzip(data: Uint8Array, max: number, label: string): Buffer {
  if (data.length < 3 || data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 0x08) {
    throw new RepoError('ARCHIVE_INVALID', `file '${label}' does not appear to be a gzipped archive`);
  }
  try {
    // Room for tar headers on top of the content limit.
    return gunzipSync(data, { maxOutputLength: max + 4 * 1024 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new RepoError(
        'ARCHIVE_TOO_LARGE',
        `refusing ${label}: decompressed chart is larger than the maximum size ${max} (a decompression bomb?)`,
      );
    }
    throw new RepoError('ARCHIVE_INVALID', `${label}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The files of a chart archive, as helm's LoadArchiveFiles returns them. Throws
 * ARCHIVE_UNSAFE for paths escaping the chart, ARCHIVE_TOO_LARGE for bombs.
 */
export function readChartArchive(
  data: Uint8Array,
  label = 'chart archive',
  limits: ArchiveLimits = {},
): ArchiveFile[] {
  const maxChart = limits.maxChartSize ?? MAX_CHART_SIZE;
  const maxFile = limits.maxFileSize ?? MAX_FILE_SIZE;
  const tar = gunzip(data, maxChart, label);
  const files: ArchiveFile[] = [];
  let remaining = maxChart;
  let off = 0;
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    let name = cstr(h, 0, 100);
    const size = octal(h, 124, 12);
    const mtime = octal(h, 136, 12);
    const type = String.fromCharCode(h[156]!);
    const magic = cstr(h, 257, 6);
    const prefix = magic === 'ustar' ? cstr(h, 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    const body = tar.subarray(off + 512, off + 512 + size);
    if (body.length < size) throw new RepoError('ARCHIVE_INVALID', `${label}: unexpected end of tar data`);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = cstr(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      pax = parsePax(body);
      continue;
    }
    if (type === 'g' || type === 'K') continue;
    if (longName !== undefined) name = longName;
    if (pax.path !== undefined) name = pax.path;
    longName = undefined;
    pax = {};
    if (type === '5' || name.endsWith('/')) continue;
    const delim = name.includes('\\') ? '\\' : '/';
    const parts = name.split(delim);
    let n = parts.slice(1).join('/');
    if (n.startsWith('/'))
      throw new RepoError('ARCHIVE_UNSAFE', `refusing ${label}: chart illegally contains absolute paths`);
    n = posix.normalize(n);
    if (n.endsWith('/') && n.length > 1) n = n.slice(0, -1);
    if (n === '.' || n === '' || n === './') {
      throw new RepoError(
        'ARCHIVE_UNSAFE',
        `refusing ${label}: chart illegally contains content outside the base directory: "${name}"`,
      );
    }
    if (n.startsWith('..'))
      throw new RepoError('ARCHIVE_UNSAFE', `refusing ${label}: chart illegally references parent directory`);
    if (/^[a-zA-Z]:\//.test(n))
      throw new RepoError('ARCHIVE_UNSAFE', `refusing ${label}: chart contains illegally named files`);
    if (parts[0] === 'Chart.yaml')
      throw new RepoError('ARCHIVE_INVALID', `${label}: chart yaml not in base directory`);
    if (size > remaining) {
      throw new RepoError(
        'ARCHIVE_TOO_LARGE',
        `refusing ${label}: decompressed chart is larger than the maximum size ${maxChart}`,
      );
    }
    if (size > maxFile) {
      throw new RepoError(
        'ARCHIVE_TOO_LARGE',
        `refusing ${label}: decompressed chart file "${name}" is larger than the maximum file size ${maxFile}`,
      );
    }
    remaining -= size;
    let content = Buffer.from(body);
    if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) content = content.subarray(3);
    files.push({ name: n, data: content, mtime: new Date(mtime * 1000) });
  }
  if (files.length === 0) throw new RepoError('ARCHIVE_INVALID', `${label}: no files in chart archive`);
  return files;
}

/** The folder name of the chart inside an archive (its first path component). */
export function archiveTopDir(data: Uint8Array, label = 'chart archive'): string | undefined {
  const tar = gunzip(data, MAX_CHART_SIZE, label);
  const name = cstr(tar, 0, 100);
  return name.split('/')[0];
}

// ---- writing -------------------------------------------------------------------------------

function putString(b: Buffer, s: string, off: number, len: number): void {
  const bytes = Buffer.from(s, 'utf8');
  bytes.copy(b, off, 0, Math.min(len, bytes.length));
}

function putOctal(b: Buffer, n: number, off: number, len: number): void {
  putString(b, `${n.toString(8).padStart(len - 1, '0')}\0`, off, len);
}

function splitUstarName(name: string): [string, string] | undefined {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return ['', name];
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '')
      return [prefix, rest];
  }
  return undefined;
}

function ustarHeader(name: string, prefix: string, size: number, mtime: Date, type: string): Buffer {
  const h = Buffer.alloc(512);
  putString(h, name, 0, 100);
  putOctal(h, 0o644, 100, 8);
  putOctal(h, 0, 108, 8);
  putOctal(h, 0, 116, 8);
  putOctal(h, size, 124, 12);
  putOctal(h, Math.round(mtime.getTime() / 1000), 136, 12);
  h.fill(0x20, 148, 156);
  h[156] = type.charCodeAt(0);
  putString(h, 'ustar\0', 257, 6);
  putString(h, '00', 263, 2);
  putOctal(h, 0, 329, 8);
  putOctal(h, 0, 337, 8);
  putString(h, prefix, 345, 155);
  let sum = 0;
  for (const x of h) sum += x;
  putString(h, `${sum.toString(8).padStart(6, '0')}\0`, 148, 7);
  return h;
}

/** The header blocks of one regular file (a PAX record first when USTAR cannot hold the path). */
function header(name: string, size: number, mtime: Date): Buffer[] {
  const split = splitUstarName(name);
  if (split) return [ustarHeader(split[1], split[0], size, mtime, '0')];
  const body = ` path=${name}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${len}${body}`) !== len) len = Buffer.byteLength(`${len}${body}`);
  const data = Buffer.from(`${len}${body}`);
  const paxName = posix.join(posix.dirname(name), 'PaxHeaders.0', posix.basename(name)).slice(0, 100);
  return [
    ustarHeader(paxName, '', data.length, mtime, 'x'),
    pad(data),
    ustarHeader(name.slice(0, 100), '', size, mtime, '0'),
  ];
}

function pad(data: Buffer): Buffer {
  const rem = data.length % 512;
  return rem === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rem)]);
}

export interface TarEntry {
  /** Full path in the archive, e.g. `mychart/templates/a.yaml`. */
  path: string;
  data: Uint8Array;
  mtime: Date;
}

/** A tar stream of regular files, as Go's archive/tar writes it (no record padding). */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(...header(e.path, e.data.length, e.mtime));
    parts.push(pad(Buffer.from(e.data)));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const HELM_GZIP_EXTRA = Buffer.from('+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=');

/** gzip with helm's header: FEXTRA + FCOMMENT ("Helm"), mtime 0, OS unknown. */
export function helmGzip(data: Uint8Array): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 0x08, 0x14, 0, 0, 0, 0, 0x00, 0xff]);
  const xlen = Buffer.alloc(2);
  xlen.writeUInt16LE(HELM_GZIP_EXTRA.length);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data) >>> 0, 0);
  tail.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([head, xlen, HELM_GZIP_EXTRA, Buffer.from('Helm\0'), deflateRawSync(data), tail]);
}
