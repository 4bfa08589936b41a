/**
 * The Go value model as encoding uses it: gotemplate's value.ts (re-exported under the names
 * encoding's files use), plus the two facts value.ts does not state: a duck-typed struct test
 * and float32 shortest formatting (go-yaml's map keys).
 */

import { formatFloatG as formatFloatG64, type GoStruct } from '../gotemplate/index.js';

export {
  compareGoStrings,
  type FuncMap,
  type GoMap,
  isGoNilMap,
  isMap as isGoMap,
  isNil,
  type ParamType,
  structFields as goStructFields,
  type TemplateFunc,
} from '../gotemplate/index.js';

/**
 * An instance of a GoStruct subclass, recognised by its `goTypeName` (duck-typed rather than
 * `instanceof`, so that a struct from another copy of gotemplate is still a struct).
 */
export function isGoStruct(v: unknown): v is GoStruct {
  return (
    typeof v === 'object' && v !== null && typeof (v as { goTypeName?: unknown }).goTypeName === 'string'
  );
}

/** The shortest decimal digits (and exponent) that read back as the float32 nearest |f|. */
function shortestDigits32(f: number): { digits: string; exp: number } {
  const target = Math.fround(Math.abs(f));
  let s = target.toExponential(8);
  for (let p = 0; p <= 8; p++) {
    const t = target.toExponential(p);
    if (Math.fround(Number(t)) === target) {
      s = t;
      break;
    }
  }
  const [mant, e] = s.split('e') as [string, string];
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

/** Go's strconv.FormatFloat(f, 'g', -1, bits); 64 bits is gotemplate's formatFloatG. */
export function formatFloatG(f: number, bits: 32 | 64 = 64): string {
  if (bits === 64 || !Number.isFinite(f) || f === 0) return formatFloatG64(f);
  const { digits, exp } = shortestDigits32(f);
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
