/**
 * Sources of randomness and sprig's random template functions (randAlphaNum, randAlpha,
 * randNumeric, randAscii, randBytes, randInt, shuffle, uuidv4).
 *
 * sprig draws from crypto/rand (goutils' CryptoRandom*, randBytes, uuid) and from math/rand's
 * global source (randInt, shuffle). bosun draws both from an injected `RandomSource`, so tests
 * can be made deterministic with `seededRandom`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { intnError, makesliceError } from './errors.js';

/** Where random bytes come from. Calls are synchronous; implementations need not be thread-safe. */
export interface RandomSource {
  /** Returns `n` (>= 0) fresh random bytes. */
  bytes(n: number): Uint8Array;
}

/** The operating system's CSPRNG (node:crypto), like Go's crypto/rand. */
export function systemRandom(): RandomSource {
  return { bytes: (n) => new Uint8Array(randomBytes(n)) };
}

/**
 * A deterministic stream for tests: SHA-256 in counter mode over the seed. The same seed
 * always yields the same sequence of bytes. Not for production secrets.
 */
export function seededRandom(seed: string | number | bigint): RandomSource {
  const seedBytes = Buffer.from(String(seed), 'utf8');
  let counter = 0n;
  let pool = new Uint8Array(0);
  return {
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        if (pool.length === 0) {
          const ctr = Buffer.alloc(8);
          ctr.writeBigUInt64BE(counter++);
          pool = new Uint8Array(createHash('sha256').update(seedBytes).update(ctr).digest());
        }
        const take = Math.min(pool.length, n - filled);
        out.set(pool.subarray(0, take), filled);
        pool = pool.subarray(take);
        filled += take;
      }
      return out;
    },
  };
}

/** A uniform integer in [0, n) for n > 0, by rejection sampling (no modulo bias). */
export function uniform(src: RandomSource, n: bigint): bigint {
  if (n <= 0n) throw intnError();
  if (n === 1n) return 0n;
  const bits = (n - 1n).toString(2).length;
  const nbytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let v = 0n;
    for (const b of src.bytes(nbytes)) v = (v << 8n) | BigInt(b);
    v &= mask;
    if (v < n) return v;
  }
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** goutils draws from ' '..'z' and keeps letters and/or digits, so these are the alphabets. */
export const ALPHABETS = {
  alphaNum: DIGITS + LETTERS,
  alpha: LETTERS,
  numeric: DIGITS,
  /** CryptoRandomAscii: code points 32..126, space included. */
  ascii: Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''),
} as const;

/** goutils' CryptoRandom*: `count` characters from `alphabet`; a count <= 0 gives "". */
export function randomString(src: RandomSource, count: bigint, alphabet: string): string {
  if (count <= 0n) return '';
  let out = '';
  const n = BigInt(alphabet.length);
  for (let i = 0n; i < count; i++) out += alphabet[Number(uniform(src, n))];
  return out;
}

/** sprig's randBytes: `count` random bytes, standard base64. */
export function randBytes(src: RandomSource, count: bigint): string {
  if (count < 0n) throw makesliceError();
  return Buffer.from(src.bytes(Number(count))).toString('base64');
}

/** sprig's randInt: math/rand's Intn(max-min)+min, panicking when max <= min. */
export function randInt(src: RandomSource, min: bigint, max: bigint): bigint {
  const span = BigInt.asIntN(64, max - min);
  return BigInt.asIntN(64, uniform(src, span) + min);
}

/** xstrings.Shuffle: a Fisher–Yates shuffle of the string's code points. */
export function shuffle(src: RandomSource, s: string): string {
  if (s === '') return s;
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = Number(uniform(src, BigInt(i + 1)));
    [runes[i], runes[j]] = [runes[j]!, runes[i]!];
  }
  return runes.join('');
}

/** google/uuid's New(): a random (version 4, RFC 4122 variant) UUID in lower-case hex. */
export function uuidv4(src: RandomSource): string {
  const b = src.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
