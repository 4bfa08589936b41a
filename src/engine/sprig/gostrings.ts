/**
 * Go string semantics over JavaScript strings: Go strings are UTF-8 bytes, so `len`, slicing
 * and byte-wise loops count bytes. Byte slices that cut a character in two cannot be
 * represented in a JavaScript string; they decode to U+FFFD.
 */
import { formatV, GoStruct } from './go.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

const asciiOnly = /^[\x00-\x7f]*$/;

/** Go's len(s): the number of UTF-8 bytes. */
export function byteLen(s: string): number {
  return asciiOnly.test(s) ? s.length : utf8(s).length;
}

/** Go's s[start:end] on byte offsets (end defaults to len(s)). Throws Go's panic for bad bounds. */
export function byteSlice(s: string, start: number, end?: number): string {
  if (asciiOnly.test(s)) {
    const e = end ?? s.length;
    checkBounds(start, e, s.length);
    return s.slice(start, e);
  }
  const b = utf8(s);
  const e = end ?? b.length;
  checkBounds(start, e, b.length);
  return fromUtf8(b.subarray(start, e));
}

function checkBounds(start: number, end: number, len: number): void {
  if (end < 0 || end > len)
    throw new Error(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
  if (start < 0 || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
}

/**
 * The string's bytes as one character each (U+0000–U+00FF): what Go code gets when it walks a
 * string byte by byte and writes `rune(s[i])` back (goutils' Initials, DeleteWhiteSpace, Wrap).
 */
export function bytesAsChars(s: string): string {
  if (asciiOnly.test(s)) return s;
  let out = '';
  for (const b of utf8(s)) out += String.fromCharCode(b);
  return out;
}

/** Inverse of bytesAsChars for text that was only cut at byte positions (characters ≤ U+00FF). */
export function charsAsBytes(s: string): string {
  if (asciiOnly.test(s)) return s;
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return fromUtf8(b);
}

/** Go's unicode.IsSpace. */
export function isSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return /^\p{White_Space}$/u.test(String.fromCodePoint(cp));
}

export function isUpper(ch: string): boolean {
  return /^\p{Lu}$/u.test(ch);
}
export function isLower(ch: string): boolean {
  return /^\p{Ll}$/u.test(ch);
}
export function isTitle(ch: string): boolean {
  return /^\p{Lt}$/u.test(ch);
}
export function isLetter(ch: string): boolean {
  return /^\p{L}$/u.test(ch);
}
export function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}
export function isNumber(ch: string): boolean {
  return /^\p{N}$/u.test(ch);
}
export function isPunct(ch: string): boolean {
  return /^\p{P}$/u.test(ch);
}

/** Go's unicode.ToUpper of one character (simple mapping: never changes the length in runes). */
export function toUpperRune(ch: string): string {
  const u = ch.toUpperCase();
  return [...u].length === 1 ? u : ch;
}
export function toLowerRune(ch: string): string {
  if (ch === 'İ') return 'i'; // its simple lower-case mapping; JS applies the full one (i + dot)
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}
/** Go's unicode.ToTitle: title case where Unicode defines one (ǆ → ǅ), else upper case. */
export function toTitleRune(ch: string): string {
  const titles: Record<string, string> = {
    Ǆ: 'ǅ',
    ǅ: 'ǅ',
    ǆ: 'ǅ',
    Ǉ: 'ǈ',
    ǈ: 'ǈ',
    ǉ: 'ǈ',
    Ǌ: 'ǋ',
    ǋ: 'ǋ',
    ǌ: 'ǋ',
    Ǳ: 'ǲ',
    ǲ: 'ǲ',
    ǳ: 'ǲ',
  };
  return titles[ch] ?? toUpperRune(ch);
}

/** Go's strings.ToUpper / ToLower (per-rune simple mappings, unlike JS's full mappings: ß stays ß). */
export function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) out += toUpperRune(ch);
  return out;
}
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) out += toLowerRune(ch);
  return out;
}

/**
 * Sprig's strval: strings as they are, []byte as text, a fmt.Stringer through String(),
 * anything else as fmt's %v prints it.
 */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return fromUtf8(v);
  if (v instanceof Error) return v.message;
  if (v instanceof GoStruct && v.goMethods().includes('String'))
    return String((v as unknown as { String(): unknown }).String());
  return formatV(v);
}

/** Go's strings.TrimSpace. */
export function trimSpace(s: string): string {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && isSpace(cps[i]!.codePointAt(0)!)) i++;
  while (j > i && isSpace(cps[j - 1]!.codePointAt(0)!)) j--;
  return cps.slice(i, j).join('');
}

/** Go's strings.Trim(s, cutset): removes leading and trailing runes contained in cutset. */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(cutset);
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && set.has(cps[i]!)) i++;
  while (j > i && set.has(cps[j - 1]!)) j--;
  return cps.slice(i, j).join('');
}

/** Go's strings.Split (sep "" splits into runes). */
export function goSplit(s: string, sep: string): string[] {
  return goSplitN(s, sep, -1);
}

/** Go's strings.SplitN: n == 0 gives nil (an empty list), n < 0 all parts. */
export function goSplitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** Go's strings.Replace(s, old, new, -1): an empty `old` inserts `new` around every rune. */
export function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    const runes = [...s];
    return repl + runes.map((r) => r + repl).join('');
  }
  return s.split(old).join(repl);
}

/** Go's strings.Title: upper-cases (title-cases) the first letter of every word. */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? toTitleRune(ch) : ch;
    prev = ch;
  }
  return out;
}

function isTitleSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) {
    if (/[0-9a-zA-Z_]/.test(ch)) return false;
    return true;
  }
  if (isLetter(ch) || isDigit(ch)) return false;
  return isSpace(c);
}
