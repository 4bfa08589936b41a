/**
 * Translates Go regular expressions (RE2 syntax, Perl flags, as regexp.Compile accepts them)
 * into equivalent JavaScript RegExps with the `u` flag, and reports Go's syntax errors with
 * Go's messages. Go and JavaScript both pick the leftmost-first (backtracking-order) match,
 * so a faithful translation matches the same text.
 *
 * Handled: named groups `(?P<n>…)`/`(?<n>…)` (names kept on the side, so Go-only names such
 * as `1x` work), scoped flags `(?i)` `(?m)` `(?s)` `(?U)` and `(?flags:…)`, `\A` `\z`, octal
 * and `\x{…}` escapes, `\Q…\E`, ASCII Perl classes `\d\s\w`, POSIX classes `[[:alpha:]]`,
 * Unicode classes `\pL` `\p{Greek}`, repetition limits and Go's ban on stacked repetitions.
 */

import {
  emitChar,
  foldRanges,
  foldVariants,
  hex,
  MAX_RUNE,
  negate,
  perlClasses,
  posixClasses,
  type Range,
} from './re2-classes.js';

/** Go's regexp/syntax error: prints as `error parsing regexp: CODE: \`EXPR\``. */
export class RegexSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'RegexSyntaxError';
  }
}

export interface Translated {
  /** JavaScript source, to be compiled with the `u` flag (plus `g` for iteration). */
  source: string;
  /** Capture group names by group number (index 0 is the whole match, always ''). */
  names: string[];
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const REPEAT_CHARS = '*+?{';

class Parser {
  private pos = 0;
  private readonly cps: string[];
  private out = '';
  readonly names: string[] = [''];

  constructor(private readonly src: string) {
    this.cps = [...src];
  }

  private peek(k = 0): string | undefined {
    return this.cps[this.pos + k];
  }

  private rest(): string {
    return this.cps.slice(this.pos).join('');
  }

  private textFrom(start: number, end = this.pos): string {
    return this.cps.slice(start, end).join('');
  }

  translate(): Translated {
    const flags: Flags = { i: false, m: false, s: false, U: false };
    this.out = this.parseAlternation(flags, 0);
    if (this.pos < this.cps.length) {
      // Only an unmatched ")" stops the top level early.
      throw new RegexSyntaxError('unexpected )', this.src);
    }
    return { source: this.out, names: this.names };
  }

  /** Parses until ")" (depth > 0) or the end. Returns JS source. */
  private parseAlternation(flags: Flags, depth: number): string {
    const alts: string[] = [];
    let cur = '';
    // `atomStart` tells a repetition whether it has an operand; `lastRepeat` the previous operator.
    let hasAtom = false;
    let lastRepeatStart = -1;
    const f = { ...flags };
    while (this.pos < this.cps.length) {
      const c = this.peek()!;
      if (c === ')') {
        if (depth === 0) throw new RegexSyntaxError('unexpected )', this.src);
        break;
      }
      if (c === '|') {
        this.pos++;
        alts.push(cur);
        cur = '';
        hasAtom = false;
        lastRepeatStart = -1;
        continue;
      }
      if (REPEAT_CHARS.includes(c)) {
        const start = this.pos;
        const rep = this.parseRepeatOp();
        if (rep !== undefined) {
          if (lastRepeatStart >= 0)
            throw new RegexSyntaxError('invalid nested repetition operator', this.textFrom(lastRepeatStart));
          if (!hasAtom)
            throw new RegexSyntaxError('missing argument to repetition operator', this.textFrom(start));
          const lazy = rep.lazy !== f.U;
          cur = `${cur.slice(0, cur.length - this.lastAtomLen)}(?:${cur.slice(cur.length - this.lastAtomLen)})${rep.op}${lazy ? '?' : ''}`;
          this.lastAtomLen = cur.length; // the repeated expression cannot be split any more
          lastRepeatStart = start;
          continue;
        }
        // "{" that does not start a valid repetition is a literal.
      }
      lastRepeatStart = -1;
      const before = cur.length;
      const atom = this.parseAtom(f, depth);
      if (atom === null) {
        // A flag group like (?i) changed `f` and produced nothing to repeat.
        hasAtom = false;
        continue;
      }
      cur += atom;
      // A \Q…\E run is several literals: a repetition after it applies to the last one only.
      this.lastAtomLen = this.quotedLastLen ?? cur.length - before;
      this.quotedLastLen = undefined;
      hasAtom = true;
    }
    alts.push(cur);
    return alts.join('|');
  }

  private lastAtomLen = 0;
  private quotedLastLen: number | undefined;

  private parseRepeatOp(): { op: string; lazy: boolean } | undefined {
    const c = this.peek()!;
    let op: string;
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.rest());
      if (!m || /^0\d/.test(m[1]!) || (m[3] !== undefined && /^0\d/.test(m[3]))) return undefined;
      const min = m[1]!.length > 8 ? -1 : Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : m[3]!.length > 8 ? 1001 : Number(m[3]);
      if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
        throw new RegexSyntaxError('invalid repeat count', m[0]);
      this.pos += m[0].length;
      op = m[0];
    } else {
      this.pos++;
      op = c;
    }
    let lazy = false;
    if (this.peek() === '?') {
      this.pos++;
      lazy = true;
    }
    return { op, lazy };
  }

  /** One atom; null for a bare flag group. Updates `f` in place for `(?flags)`. */
  private parseAtom(f: Flags, depth: number): string | null {
    const c = this.peek()!;
    switch (c) {
      case '(':
        return this.parseGroup(f, depth);
      case '[':
        return this.parseClass(f);
      case '.':
        this.pos++;
        return f.s ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]';
      case '^':
        this.pos++;
        return f.m ? '(?:^|(?<=\\n))' : '(?:^)';
      case '$':
        this.pos++;
        return f.m ? '(?:$|(?=\\n))' : '(?:$)';
      case '\\':
        return this.parseEscape(f);
      default: {
        this.pos++;
        return this.literal(c.codePointAt(0)!, f);
      }
    }
  }

  private literal(cp: number, f: Flags): string {
    if (!f.i) return emitChar(cp);
    const vs = foldVariants(cp);
    return vs.length === 1 ? emitChar(cp) : `[${vs.map(emitChar).join('')}]`;
  }

  private parseGroup(f: Flags, depth: number): string | null {
    const start = this.pos;
    this.pos++; // (
    let capture = true;
    let name = '';
    const inner: Flags = { ...f };
    if (this.peek() === '?') {
      const rest = this.rest();
      const named = /^\?P?<([^>]*)>/.exec(rest);
      if ((rest.startsWith('?P<') && rest.length > 3) || (rest.startsWith('?<') && rest.length > 2)) {
        if (!named) throw new RegexSyntaxError('invalid named capture', `(${rest}`);
        name = named[1]!;
        if (!/^[A-Za-z0-9_]+$/.test(name))
          throw new RegexSyntaxError('invalid named capture', `(${named[0]}`);
        this.pos += [...named[0]].length;
      } else {
        // Flags: (?flags) or (?flags:re)
        this.pos++;
        let neg = false;
        let sawFlag = false;
        for (;;) {
          const ch = this.peek();
          if (ch === undefined)
            throw new RegexSyntaxError('invalid or unsupported Perl syntax', this.textFrom(start));
          if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
            inner[ch] = !neg;
            sawFlag = true;
            this.pos++;
            continue;
          }
          if (ch === '-' && !neg) {
            neg = true;
            sawFlag = false;
            this.pos++;
            continue;
          }
          if ((ch === ')' || ch === ':') && !(neg && !sawFlag)) {
            this.pos++;
            if (ch === ')') {
              Object.assign(f, inner);
              return null;
            }
            capture = false;
            break;
          }
          this.pos++;
          throw new RegexSyntaxError('invalid or unsupported Perl syntax', this.textFrom(start));
        }
      }
    }
    if (capture) this.names.push(name);
    const body = this.parseAlternation(inner, depth + 1);
    if (this.peek() !== ')') throw new RegexSyntaxError('missing closing )', this.src);
    this.pos++;
    return capture ? `(${body})` : `(?:${body})`;
  }

  /** After a backslash: returns a code point, ranges, a raw JS class item, or an assertion. */
  private parseEscapeItem(inClass: boolean): {
    cp?: number;
    ranges?: Range[];
    js?: string;
    assertion?: string;
  } {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError('trailing backslash at end of expression', '');
    this.pos++;
    const bad = (): never => {
      throw new RegexSyntaxError('invalid escape sequence', this.textFrom(start));
    };
    switch (c) {
      case 'a':
        return { cp: 7 };
      case 'f':
        return { cp: 12 };
      case 't':
        return { cp: 9 };
      case 'n':
        return { cp: 10 };
      case 'r':
        return { cp: 13 };
      case 'v':
        return { cp: 11 };
      case 'x': {
        if (this.peek() === '{') {
          const m = /^\{([0-9a-fA-F]+)\}/.exec(this.rest());
          if (!m) {
            const close = this.rest().indexOf('}');
            this.pos = close < 0 ? this.cps.length : this.pos + close + 1;
            return bad();
          }
          const v = Number.parseInt(m[1]!, 16);
          this.pos += m[0].length;
          if (v > MAX_RUNE) bad();
          return { cp: v };
        }
        const h = this.textFrom(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) {
          this.pos = Math.min(this.pos + 2, this.cps.length);
          return bad();
        }
        this.pos += 2;
        return { cp: Number.parseInt(h, 16) };
      }
      case 'd':
      case 's':
      case 'w':
        return { ranges: perlClasses[c]! };
      case 'D':
      case 'S':
      case 'W':
        return { ranges: negate(perlClasses[c.toLowerCase()]!) };
      case 'p':
      case 'P': {
        const cls = this.unicodeClass(c === 'P', start);
        return typeof cls === 'string' ? { js: cls } : { ranges: cls };
      }
      case 'b':
      case 'B':
        if (inClass) return bad();
        return { assertion: `(?:\\${c})` };
      case 'A':
        if (inClass) return bad();
        return { assertion: '(?:^)' };
      case 'z':
        if (inClass) return bad();
        return { assertion: '(?:$)' };
    }
    if (c >= '0' && c <= '7') {
      if (c !== '0' && !(this.peek() !== undefined && this.peek()! >= '0' && this.peek()! <= '7'))
        return bad();
      let v = c.charCodeAt(0) - 48;
      for (let k = 1; k < 3; k++) {
        const d = this.peek();
        if (d === undefined || d < '0' || d > '7') break;
        v = v * 8 + d.charCodeAt(0) - 48;
        this.pos++;
      }
      return { cp: v };
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return { cp };
    return bad();
  }

  private unicodeClass(negated: boolean, start: number): string | Range[] {
    let name: string;
    if (this.peek() === '{') {
      const close = this.rest().indexOf('}');
      if (close < 0)
        throw new RegexSyntaxError('invalid character class range', this.textFrom(start, this.cps.length));
      name = this.textFrom(this.pos + 1, this.pos + close);
      this.pos += close + 1;
    } else {
      const ch = this.peek();
      if (ch === undefined) throw new RegexSyntaxError('invalid character class range', this.textFrom(start));
      name = ch;
      this.pos++;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const p = negated ? 'P' : 'p';
    if (name === 'Any') return negated ? [] : [[0, MAX_RUNE]];
    // Go knows general categories (L, Lu, …) and scripts (Greek, Old_Italic, …), nothing else.
    const candidate = /^[A-Z][a-z]?$/.test(name) ? `\\${p}{${name}}` : `\\${p}{Script=${name}}`;
    if (/^[A-Za-z_]+$/.test(name)) {
      try {
        new RegExp(candidate, 'u');
        return candidate;
      } catch {
        // not a Unicode class JavaScript (or Go) knows
      }
    }
    throw new RegexSyntaxError('invalid character class range', this.textFrom(start));
  }

  private parseEscape(f: Flags): string {
    if (this.peek(1) === 'Q') {
      this.pos += 2;
      const rest = this.rest();
      const end = rest.indexOf('\\E');
      const lit = end < 0 ? rest : rest.slice(0, end);
      this.pos += [...lit].length + (end < 0 ? 0 : 2);
      const pieces = [...lit].map((ch) => this.literal(ch.codePointAt(0)!, f));
      if (pieces.length > 0) this.quotedLastLen = pieces[pieces.length - 1]!.length;
      return pieces.join('');
    }
    const item = this.parseEscapeItem(false);
    if (item.assertion) return item.assertion;
    if (item.js) return item.js;
    if (item.ranges) return this.classSource(f.i ? foldRanges(item.ranges) : item.ranges, [], false);
    return this.literal(item.cp!, f);
  }

  private classSource(ranges: Range[], js: string[], negated: boolean): string {
    const body =
      ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('') + js.join('');
    if (body === '') return negated ? '[\\u{0}-\\u{10ffff}]' : '[^\\u{0}-\\u{10ffff}]';
    return `[${negated ? '^' : ''}${body}]`;
  }

  private parseClass(f: Flags): string {
    const start = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    const js: string[] = [];
    let first = true;
    const missing = (): never => {
      throw new RegexSyntaxError('missing closing ]', this.textFrom(start, this.cps.length));
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined) missing();
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const m = /^\[:(\^?)([a-z]*):\]/.exec(this.rest());
        if (m) {
          const cls = posixClasses[m[2]!];
          if (!cls) throw new RegexSyntaxError('invalid character class range', m[0]);
          ranges.push(...(m[1] ? negate(cls) : cls));
          this.pos += m[0].length;
          continue;
        }
      }
      const itemStart = this.pos;
      const lo = this.classChar(js, ranges);
      if (lo === undefined) continue;
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.pos++;
        const hi = this.classChar(js, ranges);
        if (hi === undefined)
          throw new RegexSyntaxError('invalid character class range', this.textFrom(itemStart));
        if (hi < lo) throw new RegexSyntaxError('invalid character class range', this.textFrom(itemStart));
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    return this.classSource(f.i ? foldRanges(ranges) : ranges, js, negated);
  }

  /** One class member: a code point to use as a range end, or undefined if it added a whole class. */
  private classChar(js: string[], ranges: Range[]): number | undefined {
    const c = this.peek()!;
    if (c !== '\\') {
      this.pos++;
      return c.codePointAt(0)!;
    }
    const item = this.parseEscapeItem(true);
    if (item.ranges) {
      ranges.push(...item.ranges);
      return undefined;
    }
    if (item.js) {
      js.push(item.js);
      return undefined;
    }
    return item.cp!;
  }
}

/** Translates a Go regexp; throws RegexSyntaxError with Go's message for invalid syntax. */
export function translateRegexp(pattern: string): Translated {
  return new Parser(pattern).translate();
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (m) => `\\${m}`);
}
