/**
 * Go's fmt.Sprintf / Sprint / Sprintln over the value model of value.ts.
 *
 * Supported verbs: %v %+v %#v %s %q %d %x %X %o %O %b %c %U %e %E %f %F %g %G %t %T %%,
 * flags `+ - # 0 space`, width and precision (also `*` and `[n]` argument indexes), and Go's
 * error notations: `%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA type=value, …)`, `%!(NOVERB)`,
 * `%!(BADWIDTH)`, `%!(BADPREC)`, `%!d(BADINDEX)`.
 * Known gaps: %x/%b on floats print as %g; %p prints as for an unknown pointer.
 */
import { canBackquote, formatFloat, quote, quoteRune } from './strconv.js';
import { GoStruct, isMap, isNil, sortedKeys, structFields, typeName } from './value.js';

/**
 * The Go type name templates report for a value: value.ts's typeName, except that a bigint is
 * `int` (what template constants, len and most functions produce) rather than int64, and a
 * slice is `[]interface {}` (what values files decode to) whatever its elements.
 */
export function goTypeName(v: unknown): string {
  if (typeof v === 'bigint') return 'int';
  if (Array.isArray(v)) return '[]interface {}';
  return typeName(v);
}

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function newFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    widPresent: false,
    prec: 0,
    precPresent: false,
  };
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** A Go Stringer/error: a GoStruct listing `String` (or `Error`) among its template methods. */
function stringerOf(v: unknown): string | undefined {
  if (!(v instanceof GoStruct)) return undefined;
  const methods = v.goMethods();
  const name = methods.includes('Error') ? 'Error' : methods.includes('String') ? 'String' : undefined;
  if (name === undefined) return undefined;
  const fn = (v as unknown as Record<string, () => unknown>)[name];
  return typeof fn === 'function' ? String(fn.call(v)) : undefined;
}

class Printer {
  buf = '';
  f: Flags = newFlags();

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  badVerb(verb: string, v: unknown): void {
    this.buf += '%!' + verb + '(';
    if (isNil(v)) this.buf += '<nil>';
    else {
      this.buf += goTypeName(v) + '=';
      this.printArg(v, 'v', 0);
    }
    this.buf += ')';
  }

  fmtInteger(u: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    const f = this.f;
    const negative = isSigned && u < 0n;
    if (negative) u = -u;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = oldZero;
        return;
      }
    } else if (f.zero && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (f.plus) s = '+' + s;
    else if (f.space) s = ' ' + s;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  fmtUnicode(u: bigint): void {
    const f = this.f;
    let prec = 4;
    if (f.precPresent && f.prec > 4) prec = f.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (f.sharp && u <= 0x10ffffn && isPrintCp(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  fmtC(u: bigint): void {
    let cp = u > 0x10ffffn || u < 0n ? 0xfffd : Number(u);
    if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
    this.pad(String.fromCodePoint(cp));
  }

  intVerb(v: bigint, isSigned: boolean, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !isSigned) {
          const sharp = this.f.sharp;
          this.f.sharp = true;
          this.fmtInteger(v, 16, false, 'v', LDIGITS);
          this.f.sharp = sharp;
        } else this.fmtInteger(v, 10, isSigned, verb, LDIGITS);
        return;
      case 'd':
        this.fmtInteger(v, 10, isSigned, verb, LDIGITS);
        return;
      case 'b':
        this.fmtInteger(v, 2, isSigned, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, isSigned, verb, LDIGITS);
        return;
      case 'x':
        this.fmtInteger(v, 16, isSigned, verb, LDIGITS);
        return;
      case 'X':
        this.fmtInteger(v, 16, isSigned, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q': {
        const cp = v > 0x10ffffn || v < 0n ? 0xfffd : Number(v);
        this.pad(quoteRune(cp, this.f.plus));
        return;
      }
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  fmtFloat(v: number, verb: string, prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, verb === 'F' ? 'f' : verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = f.zero;
      f.zero = false;
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.pad(num);
      f.zero = oldZero;
      return;
    }
    if (f.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      let cut = num.length;
      for (let i = 1; i < num.length; i++) {
        const c = num[i]!;
        if (c === '.') hasDecimalPoint = true;
        else if (c === 'e' || c === 'E') {
          tail = num.slice(i);
          cut = i;
          break;
        } else {
          if (c !== '0') sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      num = num.slice(0, cut);
      if (!hasDecimalPoint) {
        if (num.length === 2 && num[1] === '0') digits--;
        num += '.';
      }
      while (digits > 0) {
        num += '0';
        digits--;
      }
      num += tail;
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  floatVerb(v: number, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        this.fmtFloat(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloat(v, verb === 'G' ? 'G' : 'g', -1);
        return;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloat(v, verb, 6);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  truncate(s: string): string {
    if (this.f.precPresent) {
      let n = this.f.prec;
      let i = 0;
      for (const ch of s) {
        n--;
        if (n < 0) return s.slice(0, i);
        i += ch.length;
      }
    }
    return s;
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    const f = this.f;
    let length = bytes.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) width += 2;
    } else {
      if (f.widPresent) this.writePadding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    let out = f.sharp ? '0' + digits[16] : '';
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) {
        out += ' ';
        if (f.sharp) out += '0' + digits[16];
      }
      const c = bytes[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.buf += out;
    if (f.widPresent && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(quote(s, this.f.plus));
  }

  stringVerb(s: string, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'x':
        this.fmtSbx(new TextEncoder().encode(s), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(new TextEncoder().encode(s), UDIGITS);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  bytesVerb(b: Uint8Array, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.f.sharpV) {
          this.buf += '[]byte{';
          b.forEach((c, i) => {
            if (i > 0) this.buf += ', ';
            const sharp = this.f.sharp;
            this.f.sharp = true;
            this.fmtInteger(BigInt(c), 16, false, 'v', LDIGITS);
            this.f.sharp = sharp;
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          b.forEach((c, i) => {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(c), 10, false, verb, LDIGITS);
          });
          this.buf += ']';
        }
        return;
      case 's':
        this.pad(this.truncate(new TextDecoder().decode(b)));
        return;
      case 'x':
        this.fmtSbx(b, LDIGITS);
        return;
      case 'X':
        this.fmtSbx(b, UDIGITS);
        return;
      case 'q':
        this.fmtQ(new TextDecoder().decode(b));
        return;
      default:
        this.buf += '[';
        b.forEach((c, i) => {
          if (i > 0) this.buf += ' ';
          this.intVerb(BigInt(c), false, verb, c);
        });
        this.buf += ']';
    }
  }

  /** Go's printArg (depth 0) and printValue (depth > 0). */
  printMap(m: Record<string, unknown>, goType: string, verb: string, depth: number): void {
    this.buf += this.f.sharpV ? goType + '{' : 'map[';
    sortedKeys(m).forEach((k, i) => {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      this.printArg(k, verb, depth + 1);
      this.buf += ':';
      this.printArg(m[k], verb, depth + 1);
    });
    this.buf += this.f.sharpV ? '}' : ']';
  }

  printArg(arg: unknown, verb: string, depth: number): void {
    if (isNil(arg)) {
      if (depth > 0) {
        this.buf += this.f.sharpV ? 'interface {}(nil)' : '<nil>';
        return;
      }
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (depth === 0 && verb === 'T') {
      this.pad(this.truncate(goTypeName(arg)));
      return;
    }
    if (depth === 0 && verb === 'p') {
      this.buf += '%!p(' + goTypeName(arg) + '=';
      this.printArg(arg, 'v', 1);
      this.buf += ')';
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        if (verb === 't' || verb === 'v') this.pad(arg ? 'true' : 'false');
        else this.badVerb(verb, arg);
        return;
      case 'bigint':
        this.intVerb(BigInt.asIntN(64, arg), true, verb, arg);
        return;
      case 'number':
        this.floatVerb(arg, verb, arg);
        return;
      case 'string':
        this.stringVerb(arg, verb, arg);
        return;
      case 'function':
        this.buf += '0x0';
        return;
    }
    if (arg instanceof Uint8Array) {
      this.bytesVerb(arg, verb);
      return;
    }
    if (!this.f.sharpV && (verb === 'v' || verb === 's' || verb === 'x' || verb === 'X' || verb === 'q')) {
      const s = stringerOf(arg);
      if (s !== undefined) {
        this.stringVerb(s, verb, s);
        return;
      }
    }
    if (Array.isArray(arg)) {
      if (this.f.sharpV) {
        this.buf += goTypeName(arg) + '{';
        arg.forEach((x, i) => {
          if (i > 0) this.buf += ', ';
          this.printArg(x, verb, depth + 1);
        });
        this.buf += '}';
      } else {
        this.buf += '[';
        arg.forEach((x, i) => {
          if (i > 0) this.buf += ' ';
          this.printArg(x, verb, depth + 1);
        });
        this.buf += ']';
      }
      return;
    }
    if (isMap(arg)) {
      this.printMap(arg, typeName(arg), verb, depth);
      return;
    }
    if (arg instanceof GoStruct) {
      const entries = arg.goMapEntries();
      if (entries !== undefined) {
        // A Go map type with methods (helm's .Files) prints as its map.
        this.printMap(entries, arg.goTypeName, verb, depth);
        return;
      }
      const ptr = arg.goTypeName.startsWith('*');
      if (this.f.sharpV) this.buf += (ptr ? '&' : '') + arg.goTypeName.replace(/^\*/, '');
      else if (ptr && depth === 0) this.buf += '&';
      this.buf += '{';
      structFields(arg).forEach((k, i) => {
        if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
        if (this.f.plusV || this.f.sharpV) this.buf += k + ':';
        this.printArg((arg as unknown as Record<string, unknown>)[k], verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    this.buf += String(arg);
  }

  doPrintf(format: string, a: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    let i = 0;
    while (i < end) {
      let goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = newFlags();
      const f = this.f;
      let simpleDone = false;
      for (; i < end; i++) {
        const c = format[i]!;
        if (c === '#') f.sharp = true;
        else if (c === '0') f.zero = !f.minus;
        else if (c === '+') f.plus = true;
        else if (c === '-') {
          f.minus = true;
          f.zero = false;
        } else if (c === ' ') f.space = true;
        else {
          if (c >= 'a' && c <= 'z' && argNum < a.length) {
            if (c === 'v') {
              f.sharpV = f.sharp;
              f.sharp = false;
              f.plusV = f.plus;
              f.plus = false;
            }
            this.printArg(a[argNum], c, 0);
            argNum++;
            i++;
            simpleDone = true;
          }
          break;
        }
      }
      if (simpleDone) continue;

      const argNumber = (): void => {
        if (i >= end || format[i] !== '[') {
          afterIndex = false;
          return;
        }
        reordered = true;
        // parseArgNumber
        let ok = false;
        let index = 0;
        let wid = 1;
        if (end - i >= 3) {
          for (let j = i + 1; j < end; j++) {
            if (format[j] === ']') {
              const pn = parseNum(format, i + 1, j);
              if (!pn.ok || pn.next !== j) {
                wid = j - i + 1;
              } else {
                index = pn.num - 1;
                wid = j - i + 1;
                ok = true;
              }
              break;
            }
          }
        }
        if (ok && index >= 0 && index < a.length) {
          argNum = index;
          i += wid;
          afterIndex = true;
          return;
        }
        goodArgNum = false;
        i += wid;
        afterIndex = ok;
      };

      argNumber();
      if (i < end && format[i] === '*') {
        i++;
        const r = intFromArg(a, argNum);
        f.wid = r.num;
        f.widPresent = r.isInt;
        argNum = r.newArgNum;
        if (!f.widPresent) this.buf += '%!(BADWIDTH)';
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        const pn = parseNum(format, i, end);
        f.wid = pn.num;
        f.widPresent = pn.ok;
        i = pn.next;
        if (afterIndex && f.widPresent) goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        argNumber();
        if (i < end && format[i] === '*') {
          i++;
          const r = intFromArg(a, argNum);
          f.prec = r.num;
          f.precPresent = r.isInt;
          argNum = r.newArgNum;
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const pn = parseNum(format, i, end);
          f.prec = pn.num;
          f.precPresent = pn.ok;
          i = pn.next;
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }
      if (!afterIndex) argNumber();
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === '%') this.buf += '%';
      else if (!goodArgNum) this.buf += '%!' + verb + '(BADINDEX)';
      else if (argNum >= a.length) this.buf += '%!' + verb + '(MISSING)';
      else {
        if (verb === 'v') {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(a[argNum], verb, 0);
        argNum++;
      }
    }
    if (!reordered && argNum < a.length) {
      this.f = newFlags();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (isNil(arg)) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v', 0);
        }
      });
      this.buf += ')';
    }
  }
}

function isPrintCp(cp: number): boolean {
  return quoteRune(cp).length === String.fromCodePoint(cp).length + 2;
}

function parseNum(s: string, start: number, end: number): { num: number; ok: boolean; next: number } {
  if (start >= end) return { num: 0, ok: false, next: end };
  let num = 0;
  let ok = false;
  let i = start;
  for (; i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
    if (num > 1e6) return { num: 0, ok: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    ok = true;
  }
  return { num, ok, next: i };
}

function intFromArg(
  a: readonly unknown[],
  argNum: number,
): { num: number; isInt: boolean; newArgNum: number } {
  if (argNum >= a.length) return { num: 0, isInt: false, newArgNum: argNum };
  const v = a[argNum];
  let num = 0;
  let isInt = false;
  if (typeof v === 'bigint' && v >= -(2n ** 63n) && v < 2n ** 63n) {
    num = Number(v);
    isInt = true;
  }
  if (num > 1e6 || num < -1e6) {
    num = 0;
    isInt = false;
  }
  return { num, isInt, newArgNum: argNum + 1 };
}

/** Go's fmt.Sprintf. */
export function sprintf(format: string, ...args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** Go's fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
export function sprint(...args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, n) => {
    const isString = typeof arg === 'string';
    if (n > 0 && !isString && !prevString) p.buf += ' ';
    p.f = newFlags();
    p.printArg(arg, 'v', 0);
    prevString = isString;
  });
  return p.buf;
}

/** Go's fmt.Sprintln: operands printed with %v, always space-separated, newline appended. */
export function sprintln(...args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, n) => {
    if (n > 0) p.buf += ' ';
    p.f = newFlags();
    p.printArg(arg, 'v', 0);
  });
  return p.buf + '\n';
}
