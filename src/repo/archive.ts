/**
 * Writing chart archives (.tgz) the way helm's chartutil.Save does: Go archive/tar USTAR
 * headers (a PAX record for long paths), mode 0644, and gzip with helm's extra field and "Helm"
 * comment, so real helm loads what bosun packages byte for byte. Reading archives (with helm's
 * safety checks) is the chart module's `loadArchiveFiles`.
 */

import { posix } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

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
