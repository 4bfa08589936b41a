/**
 * Go's `%q` for strings and []rune, used by error messages that must read exactly like helm's:
 * gotemplate's strconv.Quote / QuoteRune.
 */
import { quote, quoteRune } from '../gotemplate/index.js';

/** strconv.Quote: a double-quoted Go string literal. */
export const goQuote = (s: string): string => quote(s);

/** fmt's `%q` of a []rune: `['a' 'b']`. */
export function goQuoteRunes(runes: readonly string[]): string {
  return `[${runes.map((r) => quoteRune(r.codePointAt(0)!)).join(' ')}]`;
}
