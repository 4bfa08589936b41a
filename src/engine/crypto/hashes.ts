/**
 * sprig's digest functions: sha1sum, sha256sum, sha512sum (lower-case hex) and adler32sum
 * (the checksum as an unsigned decimal string). Input strings are hashed as their UTF-8 bytes.
 */
import { createHash } from 'node:crypto';
import { utf8 } from './codec.js';

export const sha1sum = (s: string): string => createHash('sha1').update(utf8(s)).digest('hex');
export const sha256sum = (s: string): string => createHash('sha256').update(utf8(s)).digest('hex');
export const sha512sum = (s: string): string => createHash('sha512').update(utf8(s)).digest('hex');

const ADLER_MOD = 65521;

/** hash/adler32.Checksum, printed with %d. */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  // 5552 is the largest n with 255n(n+1)/2 + (n+1)(MOD-1) < 2^32; stay well inside 2^53 anyway.
  for (let i = 0; i < b.length; i += 5552) {
    const end = Math.min(b.length, i + 5552);
    for (let k = i; k < end; k++) {
      a += b[k]!;
      s += a;
    }
    a %= ADLER_MOD;
    s %= ADLER_MOD;
  }
  return s * 65536 + a;
}

export const adler32sum = (s: string): string => String(adler32(utf8(s)));
