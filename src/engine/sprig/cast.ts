/**
 * spf13/cast (v1.7) conversions that Sprig's arithmetic uses, over the Go value model:
 * strings parse with strconv rules (base prefixes, `_` separators, a zero decimal part like
 * "3.0"), floats truncate toward zero, bools are 0/1, nil and anything unparsable are 0.
 */
import { int64 } from './go.js';

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

/** Go's int64(f) conversion as amd64 performs it: out-of-range and NaN give math.MinInt64. */
export function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || !Number.isFinite(f)) return MIN_INT64;
  const t = BigInt(Math.trunc(f));
  return t < MIN_INT64 || t > MAX_INT64 ? MIN_INT64 : t;
}

/** Go's strconv.ParseInt(s, 0, 64); undefined on a syntax or range error. */
export function parseGoInt(s: string): bigint | undefined {
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return undefined;
  const whole = s;
  let base = 10;
  if (s[0] === '0') {
    const p = s.length >= 3 ? s[1]!.toLowerCase() : '';
    base = p === 'b' ? 2 : p === 'o' ? 8 : p === 'x' ? 16 : 8;
    s = p === 'b' || p === 'o' || p === 'x' ? s.slice(2) : s.slice(1);
  }
  let underscores = false;
  let n = 0n;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
  }
  if (underscores && !underscoreOK(whole)) return undefined;
  if (neg ? n > 1n << 63n : n >= 1n << 63n) return undefined;
  return neg ? -n : n;
}

/** Go's strconv underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const p = s[1]!.toLowerCase();
    if (p === 'x' || p === 'o' || p === 'b') {
      hex = p === 'x';
      i = 2;
      saw = '0';
    }
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const decimalFloat =
  /^[+-]?(?:[0-9](?:_?[0-9])*)?(?:\.(?:[0-9](?:_?[0-9])*)?)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const hexFloat = /^([+-]?)0[xX]((?:_?[0-9a-fA-F])*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;
const special = /^([+-]?)(inf|infinity|nan)$/i;

/** Go's strconv.ParseFloat(s, 64); undefined on a syntax or range error. */
export function parseGoFloat(s: string): number | undefined {
  const sp = special.exec(s);
  if (sp) {
    if (sp[2]!.toLowerCase() === 'nan') return sp[1] === '' ? Number.NaN : undefined;
    return sp[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  let f: number;
  const hx = hexFloat.exec(s);
  if (hx) {
    const mant = (hx[2]! + (hx[3] ?? '')).replaceAll('_', '');
    if (mant === '') return undefined;
    const fracDigits = (hx[3] ?? '').replaceAll('_', '').length;
    const exp = Number(hx[4]!.replaceAll('_', '')) - 4 * fracDigits;
    f = Number(BigInt(`0x${mant}`)) * 2 ** exp;
    if (hx[1] === '-') f = -f;
  } else {
    if (!decimalFloat.test(s) || !/[0-9]/.test(s.replace(/[eE].*$/, ''))) return undefined;
    if (s.includes('_') && !underscoreOK(s.replace(/^[+-]/, ''))) return undefined;
    f = Number(s.replaceAll('_', ''));
  }
  if (!Number.isFinite(f)) return undefined; // Go: value out of range
  return f;
}

/** cast.ToInt64 (errors swallowed to 0, as Sprig does). */
export function toInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return int64(v);
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

/** cast.ToFloat64 (errors swallowed to 0). */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** cast's trimZeroDecimal: "12.000" → "12", "12.50" stays. */
export function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}
