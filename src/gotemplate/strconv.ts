/**
 * Go's strconv, as far as templates need it: quoting and unquoting of Go literals and the
 * float formatting behind fmt's `%e %f %g` (FormatFloat with exact, round-half-even digits).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint / strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  if (cp < 0xa1) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

/** A syntax error from unquoting (Go: strconv.ErrSyntax, message "invalid syntax"). */
export class GoSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function hexVal(c: string): number {
  const n = Number.parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? n : -1;
}

/**
 * Go's strconv.UnquoteChar: decodes the first character or escape of `s` (inside a literal
 * quoted with `quote`). Returns the code point (byte escapes give values < 256), whether it
 * was a multi-byte character, and the rest of the string.
 */
export function unquoteChar(s: string, quote: string): { value: number; tail: string } {
  const c = s.codePointAt(0);
  if (c === undefined) throw new GoSyntaxError();
  const ch = String.fromCodePoint(c);
  if (ch === quote && (quote === "'" || quote === '"')) throw new GoSyntaxError();
  if (ch !== '\\') return { value: c, tail: s.slice(ch.length) };
  if (s.length <= 1) throw new GoSyntaxError();
  const e = s[1]!;
  let rest = s.slice(2);
  switch (e) {
    case 'a':
      return { value: 7, tail: rest };
    case 'b':
      return { value: 8, tail: rest };
    case 'f':
      return { value: 12, tail: rest };
    case 'n':
      return { value: 10, tail: rest };
    case 'r':
      return { value: 13, tail: rest };
    case 't':
      return { value: 9, tail: rest };
    case 'v':
      return { value: 11, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw new GoSyntaxError();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = hexVal(rest[j]!);
        if (x < 0) throw new GoSyntaxError();
        v = v * 16 + x;
      }
      rest = rest.slice(n);
      if (e === 'x') return { value: v, tail: rest };
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new GoSyntaxError();
      return { value: v, tail: rest };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = e.charCodeAt(0) - 48;
      if (rest.length < 2) throw new GoSyntaxError();
      for (let j = 0; j < 2; j++) {
        const x = rest.charCodeAt(j) - 48;
        if (x < 0 || x > 7) throw new GoSyntaxError();
        v = v * 8 + x;
      }
      if (v > 255) throw new GoSyntaxError();
      return { value: v, tail: rest.slice(2) };
    }
    case '\\':
      return { value: 92, tail: rest };
    case "'":
    case '"':
      if (e !== quote) throw new GoSyntaxError();
      return { value: e.charCodeAt(0), tail: rest };
    default:
      throw new GoSyntaxError();
  }
}

/** Go's strconv.Unquote for "…", `…` and '…' literals. */
export function unquote(lit: string): string {
  const n = lit.length;
  if (n < 2) throw new GoSyntaxError();
  const q = lit[0]!;
  if (q !== lit[n - 1]) throw new GoSyntaxError();
  const body = lit.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new GoSyntaxError();
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== '"' && q !== "'") throw new GoSyntaxError();
  if (body.includes('\n')) throw new GoSyntaxError();
  if (!body.includes('\\') && !body.includes(q)) {
    if (q === '"') return body;
    if (q === "'" && [...body].length === 1) return body;
  }
  let out = '';
  let rest = body;
  while (rest.length > 0) {
    const { value, tail } = unquoteChar(rest, q);
    out += String.fromCodePoint(value);
    rest = tail;
    if (q === "'" && rest.length > 0) throw new GoSyntaxError();
  }
  if (q === "'" && out.length === 0) throw new GoSyntaxError();
  return out;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendEscaped(cp: number, quote: number, asciiOnly: boolean): string {
  if (cp === quote || cp === 92) return '\\' + String.fromCodePoint(cp);
  if (asciiOnly ? cp < 0x80 && isPrint(cp) : isPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp < 0xe000) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** Go's strconv.Quote (or QuoteToASCII when `asciiOnly`). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += appendEscaped(ch.codePointAt(0)!, 34, asciiOnly);
  return out + '"';
}

/** Go's strconv.QuoteRune (or QuoteRuneToASCII). */
export function quoteRune(cp: number, asciiOnly = false): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) cp = 0xfffd;
  return "'" + appendEscaped(cp, 39, asciiOnly) + "'";
}

/** Go's strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd) return false;
    if (c === 0x60 || c === 0x7f || (c < 0x20 && c !== 9) || c === 0xfeff) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Float formatting.

/** Decimal digits of a non-negative finite float: value = 0.d1d2d3… × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal expansion of |f| (binary floats are finite decimals). */
function exactDigits(f: number): Digits {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(f));
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (mant === 0n) return { d: '', dp: 0 };
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  return trimZeros({ d: s, dp });
}

function trimZeros(x: Digits): Digits {
  let end = x.d.length;
  while (end > 0 && x.d.charCodeAt(end - 1) === 48) end--;
  let start = 0;
  while (start < end && x.d.charCodeAt(start) === 48) start++;
  if (start === end) return { d: '', dp: 0 };
  return { d: x.d.slice(start, end), dp: x.dp - start };
}

/** Rounds to `nd` significant digits, half to even on the exact value (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const c = x.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === x.d.length) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) return trimZeros({ d: x.d.slice(0, nd), dp: x.dp });
  let i = nd - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return trimZeros({
    d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1),
    dp: x.dp,
  });
}

/** The shortest digits that round-trip (JavaScript's algorithm yields the same digits as Go's). */
function shortestDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  const [m, e] = Math.abs(f).toExponential().split('e');
  return { d: m!.replace('.', ''), dp: Number(e) + 1 };
}

function digitAt(x: Digits, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i]! : '0';
}

function fmtE(x: Digits, prec: number, ch: string): string {
  let s = x.d.length === 0 ? '0' : x.d[0]!;
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  const a = Math.abs(exp);
  return `${s}${ch}${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = '';
  if (x.dp > 0) {
    for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  } else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/**
 * Go's strconv.FormatFloat(f, fmt, prec, 64) for fmt in e E f g G (prec -1 = shortest).
 * Other formats (b, x, X) fall back to 'g'.
 */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(f);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(digs.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(digs.d.length - digs.dp, 0);
        break;
      default:
        prec = digs.d.length;
    }
  } else {
    const exact = exactDigits(f);
    switch (fmt) {
      case 'e':
      case 'E':
        digs = roundDigits(exact, prec + 1);
        break;
      case 'f':
        digs = roundDigits(exact, exact.dp + prec);
        if (exact.dp + prec < 0) digs = { d: '', dp: 0 };
        break;
      default:
        if (prec === 0) prec = 1;
        digs = roundDigits(exact, prec);
    }
  }
  if (digs.d.length === 0) digs = { d: '', dp: 1 };
  let body: string;
  switch (fmt) {
    case 'e':
    case 'E':
      body = fmtE(digs, prec, fmt);
      break;
    case 'f':
      body = fmtF(digs, prec);
      break;
    default: {
      const nd = digs.d.length === 0 ? 0 : digs.d.length;
      const dp = digs.d.length === 0 ? 1 : digs.dp;
      let eprec = prec;
      if (eprec > nd && nd >= dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        body = fmtE(digs, prec - 1, fmt === 'G' ? 'E' : 'e');
      } else {
        if (prec > dp) prec = nd;
        body = fmtF(digs, Math.max(prec - dp, 0));
      }
    }
  }
  return neg ? `-${body}` : body;
}
