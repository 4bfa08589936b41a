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

/** go-yaml's keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string, v3 = false): boolean {
  const ar = runes(a);
  const br = runes(b);
  // v3 remembers whether the common prefix ended in a digit, and then puts letters last.
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ac === 0x30 || bc === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

/** Sorts keys in go-yaml's order (v2, or v3's variant). */
export function sortYamlKeys(keys: string[], v3 = false): string[] {
  return keys.sort((x, y) => (yamlKeyLess(x, y, v3) ? -1 : yamlKeyLess(y, x, v3) ? 1 : 0));
}
