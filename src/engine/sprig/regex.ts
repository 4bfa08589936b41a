/**
 * Sprig's regex functions (regex.go) over Go regexp semantics: Go syntax (translated by
 * re2.ts), Go's rules for successive matches (an empty match right after a match is skipped),
 * `$1`/`${name}` expansion in replacements, and Go's Split.
 */
import { canBackquote, type FuncMap, func, goQuote } from './go.js';
import { quoteMeta, RegexSyntaxError, translateRegexp } from './re2.js';

export class GoRegexp {
  private readonly re: RegExp;
  readonly names: string[];

  constructor(readonly expr: string) {
    const t = translateRegexp(expr);
    this.re = new RegExp(t.source, 'gu');
    this.names = t.names;
  }

  /** The leftmost match starting at or after `pos` (JS string index), or null. */
  private execAt(s: string, pos: number): RegExpExecArray | null {
    this.re.lastIndex = pos;
    return this.re.exec(s);
  }

  match(s: string): boolean {
    return this.execAt(s, 0) !== null;
  }

  /** Go's allMatches: up to n matches (n < 0: all), skipping empty matches that abut a match. */
  allMatches(s: string, n: number): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    let pos = 0;
    let prevEnd = -1;
    while ((n < 0 || out.length < n) && pos <= s.length) {
      const m = this.execAt(s, pos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      let accept = true;
      if (end === pos) {
        if (start === prevEnd) accept = false;
        pos += pos < s.length ? String.fromCodePoint(s.codePointAt(pos)!).length : 1;
      } else {
        pos = end;
      }
      prevEnd = end;
      if (accept) out.push(m);
    }
    return out;
  }

  findString(s: string): string {
    return this.execAt(s, 0)?.[0] ?? '';
  }

  findAllString(s: string, n: number): string[] {
    return this.allMatches(s, n).map((m) => m[0]);
  }

  /** Go's ReplaceAllString (expand=true) / ReplaceAllLiteralString. */
  replaceAll(src: string, repl: string, expand: boolean): string {
    let out = '';
    let lastEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.execAt(src, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += src.slice(lastEnd, start);
      // No replacement for an empty match right after the previous match.
      if (end > lastEnd || start === 0) out += expand ? this.expand(repl, m) : repl;
      lastEnd = end;
      const width = searchPos < src.length ? String.fromCodePoint(src.codePointAt(searchPos)!).length : 1;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + src.slice(lastEnd);
  }

  /** Go's Regexp.Expand: `$$`, `$1`, `$name`, `${name}`; a name runs as far as letters, digits and `_` go. */
  expand(template: string, m: RegExpExecArray): string {
    let out = '';
    let t = template;
    for (;;) {
      const i = t.indexOf('$');
      if (i < 0) break;
      out += t.slice(0, i);
      t = t.slice(i + 1);
      if (t.startsWith('$')) {
        out += '$';
        t = t.slice(1);
        continue;
      }
      const ref = extractRef(t);
      if (!ref) {
        out += '$';
        continue;
      }
      t = ref.rest;
      if (ref.num >= 0) {
        out += m[ref.num] ?? '';
      } else {
        for (let g = 0; g < this.names.length; g++) {
          if (this.names[g] === ref.name && m[g] !== undefined) {
            out += m[g];
            break;
          }
        }
      }
    }
    return out + t;
  }

  /** Go's Regexp.Split. */
  split(s: string, n: number): string[] {
    if (n === 0) return [];
    if (this.expr.length > 0 && s.length === 0) return [''];
    const matches = this.allMatches(s, n);
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of matches) {
      if (n > 0 && out.length === n - 1) break;
      end = m.index;
      const mEnd = m.index + m[0].length;
      if (mEnd !== 0) out.push(s.slice(beg, end));
      beg = mEnd;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }
}

function extractRef(str: string): { name: string; num: number; rest: string } | undefined {
  let s = str;
  let brace = false;
  if (s.startsWith('{')) {
    brace = true;
    s = s.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(s);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (s[i] !== '}') return undefined;
    i++;
  }
  let num = -1;
  if (/^[0-9]+$/.test(name) && !(name[0] === '0' && name.length > 1)) {
    num = name.length > 9 ? -1 : Number(name);
  }
  return { name, num, rest: s.slice(i) };
}

/** Compiles with a per-instance cache (templates call the same expressions over and over). */
export class RegexpCache {
  private readonly cache = new Map<string, GoRegexp | RegexSyntaxError>();

  /** regexp.Compile: throws Go's syntax error. */
  compile(expr: string): GoRegexp {
    let r = this.cache.get(expr);
    if (r === undefined) {
      try {
        r = new GoRegexp(expr);
      } catch (e) {
        if (!(e instanceof RegexSyntaxError)) throw e;
        r = e;
      }
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(expr, r);
    }
    if (r instanceof RegexSyntaxError) throw r;
    return r;
  }

  /** regexp.MustCompile: the panic message names the expression. */
  mustCompile(expr: string): GoRegexp {
    try {
      return this.compile(expr);
    } catch (e) {
      const q = canBackquote(expr) ? `\`${expr}\`` : goQuote(expr);
      throw new Error(`regexp: Compile(${q}): ${(e as Error).message}`);
    }
  }
}

export function regexFuncs(): FuncMap {
  const rc = new RegexpCache();
  const num = (n: bigint): number => Number(BigInt.asIntN(64, n));
  const s2 = ['string', 'string'] as const;
  const s3 = ['string', 'string', 'string'] as const;
  const ssi = ['string', 'string', 'int'] as const;
  return new Map([
    [
      'regexMatch',
      func(s2, (re: string, s: string) => {
        try {
          return rc.compile(re).match(s);
        } catch {
          return false;
        }
      }),
    ],
    ['mustRegexMatch', func(s2, (re: string, s: string) => rc.compile(re).match(s))],
    [
      'regexFindAll',
      func(ssi, (re: string, s: string, n: bigint) => rc.mustCompile(re).findAllString(s, num(n))),
    ],
    [
      'mustRegexFindAll',
      func(ssi, (re: string, s: string, n: bigint) => rc.compile(re).findAllString(s, num(n))),
    ],
    ['regexFind', func(s2, (re: string, s: string) => rc.mustCompile(re).findString(s))],
    ['mustRegexFind', func(s2, (re: string, s: string) => rc.compile(re).findString(s))],
    [
      'regexReplaceAll',
      func(s3, (re: string, s: string, r: string) => rc.mustCompile(re).replaceAll(s, r, true)),
    ],
    [
      'mustRegexReplaceAll',
      func(s3, (re: string, s: string, r: string) => rc.compile(re).replaceAll(s, r, true)),
    ],
    [
      'regexReplaceAllLiteral',
      func(s3, (re: string, s: string, r: string) => rc.mustCompile(re).replaceAll(s, r, false)),
    ],
    [
      'mustRegexReplaceAllLiteral',
      func(s3, (re: string, s: string, r: string) => rc.compile(re).replaceAll(s, r, false)),
    ],
    ['regexSplit', func(ssi, (re: string, s: string, n: bigint) => rc.mustCompile(re).split(s, num(n)))],
    ['mustRegexSplit', func(ssi, (re: string, s: string, n: bigint) => rc.compile(re).split(s, num(n)))],
    ['regexQuoteMeta', func(['string'], quoteMeta)],
  ]);
}
