/**
 * Character-class data for the RE2 translator: Go's ASCII Perl classes (\d \s \w) and POSIX
 * classes, range negation, and Unicode simple case folding for scoped (?i).
 */

export type Range = [number, number];
export const MAX_RUNE = 0x10ffff;

export const perlClasses: Record<string, Range[]> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

export const posixClasses: Record<string, Range[]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: perlClasses.w!,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

export function negate(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

export const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

export function emitChar(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f)
    return String.fromCharCode(cp);
  return hex(cp);
}

/** Extra members of simple case-folding orbits that upper/lower-casing does not reach. */
const foldExtras: Record<number, number[]> = {
  107: [0x212a],
  75: [0x212a],
  8490: [0x6b, 0x4b],
  115: [0x17f],
  83: [0x17f],
  383: [0x73, 0x53],
  229: [0x212b],
  197: [0x212b],
  8491: [0xe5, 0xc5],
};

/** Code points equal to `cp` under Unicode simple case folding (Go's (?i)). */
export function foldVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [
    ch.toLowerCase(),
    ch.toUpperCase(),
    ch.toUpperCase().toLowerCase(),
    ch.toLowerCase().toUpperCase(),
  ]) {
    const cps = [...v];
    if (cps.length === 1) out.add(cps[0]!.codePointAt(0)!);
  }
  for (const x of [...out]) for (const e of foldExtras[x] ?? []) out.add(e);
  return [...out];
}

export function foldRanges(ranges: Range[]): Range[] {
  const out = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi - lo > 5000) continue; // big ranges: assume they already hold their case variants
    for (let c = lo; c <= hi; c++) for (const v of foldVariants(c)) if (v < lo || v > hi) out.push([v, v]);
  }
  return out;
}
