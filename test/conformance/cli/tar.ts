/**
 * A tiny ustar writer for hostile archives (entries with `..`, absolute names, links, huge
 * files) that ordinary tar tools refuse to make. Gzipped, as helm expects charts.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** File contents; omitted for links and folders. */
  data?: string | Uint8Array;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  linkname?: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, 'utf8');
  h.write(octal(e.type === 'dir' ? 0o755 : 0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(1_700_000_000, 12), 136);
  h.write('        ', 148);
  const flag = { file: '0', hardlink: '1', symlink: '2', dir: '5' }[e.type ?? 'file'];
  h.write(flag, 156);
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** The .tgz bytes of `entries`, in order. */
export function tgz(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    const size = e.type === undefined || e.type === 'file' ? data.length : 0;
    parts.push(header(e, size));
    if (size > 0) {
      parts.push(data);
      const pad = (512 - (size % 512)) % 512;
      parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}
