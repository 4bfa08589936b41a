/**
 * Go's `%q` for strings and runes (strconv.Quote / QuoteRune), used by error messages that
 * must read exactly like helm's.
 */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function escapeRune(ch: string, quote: '"' | "'"): string {
  const cp = ch.codePointAt(0)!;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (printable.test(ch)) return ch;
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"');
  return `${out}"`;
}

/** fmt's `%q` of a []rune: `['a' 'b']`. */
export function goQuoteRunes(runes: readonly string[]): string {
  return `[${runes.map((r) => `'${escapeRune(r, "'")}'`).join(' ')}]`;
}
