/**
 * One line as helm v4's default logger (Go slog's text handler, no time) prints it:
 * `level=WARN msg="ImportValues missing table" error="\"exports\" is not a table"`.
 * helm v4 routes the old log.Printf warnings (coalescing) through it at level INFO.
 */
import { goQuote } from './go-quote.js';

function needsQuote(s: string): boolean {
  return s === '' || /[\s="\\]/u.test(s) || !/^[\p{L}\p{M}\p{N}\p{P}\p{S}]*$/u.test(s);
}

function slogValue(s: string): string {
  return needsQuote(s) ? goQuote(s) : s;
}

export function slogLine(
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
  msg: string,
  attrs: Record<string, string> = {},
): string {
  const parts = [`level=${level}`, `msg=${slogValue(msg)}`];
  for (const [k, v] of Object.entries(attrs)) parts.push(`${k}=${slogValue(v)}`);
  return parts.join(' ');
}
