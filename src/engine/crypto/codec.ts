/**
 * Go's standard base64 and base32 decoders (encoding/base64.StdEncoding,
 * encoding/base32.StdEncoding), reproduced for their error positions: sprig's b64dec and
 * b32dec return the decoder's error text ("illegal base64 data at input byte 4") in place of
 * the decoded value, so the exact byte offset is visible in rendered output.
 *
 * Both decoders skip '\r' and '\n', require padding, and do not check trailing bits.
 */

const enc = new TextEncoder();
/** Decodes bytes as Go strings are printed: invalid UTF-8 becomes U+FFFD (lossy, see report). */
const dec = new TextDecoder('utf-8');

export const utf8 = (s: string): Uint8Array => enc.encode(s);
export const fromUtf8 = (b: Uint8Array): string => dec.decode(b);

export class CorruptInputError extends Error {
  override readonly name = 'CorruptInputError';
  constructor(
    readonly encoding: 'base64' | 'base32',
    readonly offset: number,
  ) {
    super(`illegal ${encoding} data at input byte ${offset}`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PAD = 0x3d; // '='
const isNewline = (c: number): boolean => c === 0x0a || c === 0x0d;

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);

/** base64.StdEncoding.DecodeString: the bytes, or a CorruptInputError at Go's offset. */
export function goBase64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const digits: number[] = [];
    let dlen = 4;
    let trailing = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        // Padding is required, so a short final quantum is always an error.
        throw new CorruptInputError('base64', si - j);
      }
      const c = src[si]!;
      si++;
      const v = B64_MAP[c]!;
      if (v >= 0) {
        digits[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) throw new CorruptInputError('base64', si - 1);
      if (j < 2) throw new CorruptInputError('base64', si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si]!)) si++;
        if (si === src.length) throw new CorruptInputError('base64', src.length);
        if (src[si] !== PAD) throw new CorruptInputError('base64', si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si]!)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const [a = 0, b = 0, c = 0, d = 0] = digits;
    const val = (a << 18) | (b << 12) | (c << 6) | d;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing >= 0) throw new CorruptInputError('base64', trailing);
    if (dlen < 4) break;
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.DecodeString: newlines are stripped first, offsets count the rest. */
export function goBase32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => !isNewline(c));
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < olen && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      const left = olen - pos;
      if (left === 0) throw new CorruptInputError('base32', olen - j);
      const c = src[pos]!;
      pos++;
      const rest = olen - pos;
      if (c === PAD && j >= 2 && rest < 8) {
        if (rest + j < 7) throw new CorruptInputError('base32', olen);
        for (let k = 0; k < 7 - j; k++) {
          if (rest > k && src[pos + k] !== PAD) throw new CorruptInputError('base32', olen - rest + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInputError('base32', olen - rest - 1);
        break;
      }
      const v = B32_MAP[c]!;
      if (v < 0) throw new CorruptInputError('base32', olen - rest - 1);
      dbuf[j] = v;
      j++;
    }
    const [b0, b1, b2, b3, b4, b5, b6, b7] = dbuf as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const bytes = [
      ((b0 << 3) | (b1 >> 2)) & 0xff,
      ((b1 << 6) | (b2 << 1) | (b3 >> 4)) & 0xff,
      ((b3 << 4) | (b4 >> 1)) & 0xff,
      ((b4 << 7) | (b5 << 2) | (b6 >> 3)) & 0xff,
      ((b6 << 5) | b7) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, n));
  }
  return Uint8Array.from(out);
}

export function goBase32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** sprig's b64enc. */
export const b64enc = (s: string): string => Buffer.from(utf8(s)).toString('base64');

/** sprig's b64dec: the decoded string, or the decoder's error message. */
export function b64dec(s: string): string {
  try {
    return fromUtf8(goBase64Decode(utf8(s)));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}

/** sprig's b32enc. */
export const b32enc = (s: string): string => goBase32Encode(utf8(s));

/** sprig's b32dec: the decoded string, or the decoder's error message. */
export function b32dec(s: string): string {
  try {
    return fromUtf8(goBase32Decode(utf8(s)));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}
