/**
 * The few facts about the Go value model (src/gotemplate/value.ts) that encoding needs at run time.
 * They are restated here (structurally identical) rather than imported, so that encoding does not
 * depend on what gotemplate's index exports at run time; they must keep value.ts's meaning.
 */

/** map[string]interface{} (value.ts GoMap). */
export type GoMap = Record<string, unknown>;

/** Go parameter types of a template function (value.ts ParamType). */
export type ParamType = 'any' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'slice' | 'map' | 'bytes';

/** A template function (value.ts TemplateFunc): throwing is returning a Go error or panicking. */
export interface TemplateFunc {
  readonly fn: (...args: any[]) => unknown;
  readonly params: readonly ParamType[];
  readonly variadic?: ParamType;
}

/** value.ts FuncMap. */
export type FuncMap = Map<string, TemplateFunc>;

/** nil: null or undefined. */
export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** A plain object standing for map[string]interface{}. */
export function isGoMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The parts of a GoStruct that encoding uses. */
export interface GoStructLike {
  readonly goTypeName: string;
  goMapEntries?(): GoMap | undefined;
}

/** An instance of a GoStruct subclass (recognised by its `goTypeName`). */
export function isGoStruct(v: unknown): v is GoStructLike {
  return (
    typeof v === 'object' && v !== null && typeof (v as { goTypeName?: unknown }).goTypeName === 'string'
  );
}

/** The Go fields of a struct value: its own enumerable properties except `goTypeName`. */
export function goStructFields(v: GoStructLike): string[] {
  return Object.keys(v).filter((k) => k !== 'goTypeName');
}

/** Byte-wise (UTF-8, i.e. code point) order of Go strings. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP code unit in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? (y >= 0xe000 ? -1 : 1) : x >= 0xe000 ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** The digits and decimal exponent of the shortest decimal that reads back as f (f finite, non-zero). */
function shortestDigits(f: number, bits: 32 | 64): { digits: string; exp: number } {
  let s: string;
  if (bits === 64) s = Math.abs(f).toExponential();
  else {
    const target = Math.fround(Math.abs(f));
    s = target.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const t = target.toExponential(p);
      if (Math.fround(Number(t)) === target) {
        s = t;
        break;
      }
    }
  }
  const [mant, e] = s.split('e') as [string, string];
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

/** Go's strconv.FormatFloat(f, 'g', -1, bits). */
export function formatFloatG(f: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(f, bits);
  let out: string;
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    out = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  } else if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return f < 0 ? `-${out}` : out;
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64) for a finite f. */
export function formatFloatF(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(f, 64);
  let out: string;
  if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return f < 0 ? `-${out}` : out;
}
