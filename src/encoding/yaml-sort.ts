/**
 * The order in which go-yaml writes map keys (sorter.go, identical in v2 and v3 for string keys):
 * letters before non-letters, and runs of digits compared as numbers, so `a2` < `a10`.
 */

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(c: number): boolean {
  return c < 0x80
    ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    : LETTER.test(String.fromCodePoint(c));
}

function isDigit(c: number): boolean {
  return c < 0x80 ? c >= 0x30 && c <= 0x39 : DIGIT.test(String.fromCodePoint(c));
}

function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** A run of digits as go-yaml accumulates it (int64 arithmetic that may wrap). */
function digitRun(r: number[], from: number, start: number): { value: bigint | number; end: number } {
  let end = from;
  while (end < r.length && isDigit(r[end]!)) end++;
  if (end - from <= 15) {
    let n = start;
    for (let k = from; k < end; k++) n = n * 10 + (r[k]! - 0x30);
    return { value: n, end };
  }
  let n = BigInt(start);
  for (let k = from; k < end; k++) n = BigInt.asIntN(64, n * 10n + BigInt(r[k]! - 0x30));
  return { value: n, end };
}

function lessRunes(ar: number[], br: number[], v3: boolean): boolean {
  // v3 remembers whether the common prefix ended in a digit, and then puts letters last.
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) {
      if (v3) digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return v3 && digits ? al : bl;
    let start = 0;
    if (ac === 0x30 || bc === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          start = 1;
          break;
        }
      }
    }
    const an = digitRun(ar, i, start);
    const bn = digitRun(br, i, start);
    if (an.value !== bn.value) {
      const x = typeof an.value === 'bigint' || typeof bn.value === 'bigint';
      return x ? BigInt(an.value) < BigInt(bn.value) : an.value < bn.value;
    }
    if (an.end !== bn.end) return an.end < bn.end;
    return ac < bc;
  }
  return ar.length < br.length;
}

/** go-yaml's keyList.Less for two string keys (v2, or v3's variant). */
export function yamlKeyLess(a: string, b: string, v3 = false): boolean {
  return lessRunes(runes(a), runes(b), v3);
}

/** Sorts keys in go-yaml's order (v2, or v3's variant). */
export function sortYamlKeys(keys: string[], v3 = false): string[] {
  const r = new Map<string, number[]>();
  for (const k of keys) r.set(k, runes(k));
  return keys.sort((x, y) => {
    const xr = r.get(x)!;
    const yr = r.get(y)!;
    return lessRunes(xr, yr, v3) ? -1 : lessRunes(yr, xr, v3) ? 1 : 0;
  });
}
