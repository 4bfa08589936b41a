/**
 * The template lexer: Go's text/template/parse lexer, state for state.
 *
 * For speed it allocates no object per token: tokens go into parallel typed arrays (type, start,
 * end, line) of a `Tokens` buffer, and a token's text is sliced from the input only when the
 * parser asks for it. Positions are UTF-16 offsets into the text; the error reporter converts
 * them to Go's byte columns.
 */
import { quote } from './strconv.js';

export enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

const KEYWORDS = new Map<string, T>([
  ['.', T.Dot],
  ['block', T.Block],
  ['break', T.Break],
  ['continue', T.Continue],
  ['define', T.Define],
  ['else', T.Else],
  ['end', T.End],
  ['if', T.If],
  ['range', T.Range],
  ['nil', T.Nil],
  ['template', T.Template],
  ['with', T.With],
]);

/** Go's item.String() of a token of type `typ` and text `val`, used in "unexpected X in Y" messages. */
export function tokenString(typ: T, val: string): string {
  if (typ === T.EOF) return 'EOF';
  if (typ === T.Error) return val;
  if (typ > T.Keyword) return `<${val}>`;
  const chars = [...val];
  if (chars.length > 10) return quote(chars.slice(0, 10).join('')) + '...';
  return quote(val);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(cp: number): boolean {
  if (cp < 0x80) {
    return cp === 95 || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

function formatU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp)) || cp === 32;
  return printable ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}

const EOF = -1;

/** The tokens of one text, in parallel arrays; the last token is EOF or Error. */
export class Tokens {
  typ: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  length = 0;
  /** Message of the final Error token, if the text failed to lex. */
  error = '';

  constructor(
    readonly input: string,
    capacity: number,
  ) {
    this.typ = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
  }

  push(typ: T, start: number, end: number, line: number): void {
    if (this.length === this.typ.length) this.grow();
    const i = this.length++;
    this.typ[i] = typ;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
  }

  /** The token's text (Go: item.val); an Error token's is its message. */
  val(i: number): string {
    return this.typ[i] === T.Error ? this.error : this.input.slice(this.start[i], this.end[i]);
  }

  private grow(): void {
    const n = this.typ.length * 2 + 16;
    const typ = new Uint8Array(n);
    typ.set(this.typ);
    this.typ = typ;
    const start = new Int32Array(n);
    start.set(this.start);
    this.start = start;
    const end = new Int32Array(n);
    end.set(this.end);
    this.end = end;
    const line = new Int32Array(n);
    line.set(this.line);
    this.line = line;
  }
}

enum S {
  Stop,
  Text,
  LeftDelim,
  Comment,
  RightDelim,
  InsideAction,
  Space,
  Identifier,
  Field,
  Variable,
  Char,
  Number,
  Quote,
  RawQuote,
}

const LEFT = '{{';
const RIGHT = '}}';

class Lexer {
  pos = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  readonly n: number;
  readonly out: Tokens;

  constructor(
    readonly input: string,
    readonly breakOK: boolean,
    readonly continueOK: boolean,
  ) {
    this.n = input.length;
    // About one token per 6 characters in real charts; grown on demand.
    this.out = new Tokens(input, Math.max(16, (input.length >> 3) + 16));
  }

  run(): Tokens {
    let s: S = S.Text;
    while (s !== S.Stop) {
      switch (s) {
        case S.Text:
          s = this.lexText();
          break;
        case S.LeftDelim:
          s = this.lexLeftDelim();
          break;
        case S.Comment:
          s = this.lexComment();
          break;
        case S.RightDelim:
          s = this.lexRightDelim();
          break;
        case S.InsideAction:
          s = this.lexInsideAction();
          break;
        case S.Space:
          s = this.lexSpace();
          break;
        case S.Identifier:
          s = this.lexIdentifier();
          break;
        case S.Field:
          s = this.lexFieldOrVariable(T.Field);
          break;
        case S.Variable:
          s = this.atTerminator() ? this.emitThen(T.Variable) : this.lexFieldOrVariable(T.Variable);
          break;
        case S.Char:
          s = this.lexChar();
          break;
        case S.Number:
          s = this.lexNumber();
          break;
        case S.Quote:
          s = this.lexQuote();
          break;
        case S.RawQuote:
          s = this.lexRawQuote();
          break;
      }
    }
    return this.out;
  }

  // --- primitives ----------------------------------------------------------------------------
  next(): number {
    const { pos, n } = this;
    if (pos >= n) {
      this.pos = n + 1; // remember that we hit EOF (Go: atEOF)
      return EOF;
    }
    const c = this.input.charCodeAt(pos);
    if (c < 0xd800 || c > 0xdbff) {
      this.pos = pos + 1;
      if (c === 10) this.line++;
      return c;
    }
    const cp = this.input.codePointAt(pos)!;
    this.pos = pos + (cp > 0xffff ? 2 : 1);
    return cp;
  }
  backup(): void {
    const { pos, n, input } = this;
    if (pos > n) {
      this.pos = n;
      return;
    }
    if (pos > 0) {
      const lo = input.charCodeAt(pos - 1);
      if (lo >= 0xdc00 && lo <= 0xdfff && pos > 1) {
        const hi = input.charCodeAt(pos - 2);
        this.pos = pos - (hi >= 0xd800 && hi <= 0xdbff ? 2 : 1);
      } else this.pos = pos - 1;
      if (lo === 10) this.line--;
    }
  }
  peek(): number {
    const save = this.pos;
    const saveLine = this.line;
    const r = this.next();
    this.pos = save;
    this.line = saveLine;
    return r;
  }
  emit(typ: T): void {
    this.out.push(typ, this.start, this.pos, this.startLine);
    this.start = this.pos;
    this.startLine = this.line;
  }
  emitThen(typ: T): S {
    this.emit(typ);
    return S.InsideAction;
  }
  ignore(): void {
    const { input, pos } = this;
    for (let i = this.start; i < pos; i++) if (input.charCodeAt(i) === 10) this.line++;
    this.start = pos;
    this.startLine = this.line;
  }
  errorf(msg: string): S {
    this.out.error = msg;
    this.out.push(T.Error, this.start, this.start, this.startLine);
    return S.Stop;
  }
  /** Consumes one of the ASCII characters of `valid`. */
  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && r < 0x80 && valid.indexOf(String.fromCharCode(r)) >= 0) return true;
    this.backup();
    return false;
  }
  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r >= 0x80 || valid.indexOf(String.fromCharCode(r)) < 0) break;
    }
    this.backup();
  }
  hasLeftTrimMarker(at: number): boolean {
    return at + 1 < this.n && this.input.charCodeAt(at) === 45 && isSpace(this.input.charCodeAt(at + 1));
  }
  hasRightTrimMarker(at: number): boolean {
    return at + 1 < this.n && isSpace(this.input.charCodeAt(at)) && this.input.charCodeAt(at + 1) === 45;
  }
  /** 0: not at the right delimiter; 1: at it; 2: at it with a trim marker. */
  atRightDelim(): number {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return 2;
    if (this.input.startsWith(RIGHT, this.pos)) return 1;
    return 0;
  }
  countNewlines(from: number, to: number): number {
    let c = 0;
    const { input } = this;
    for (let i = input.indexOf('\n', from); i >= 0 && i < to; i = input.indexOf('\n', i + 1)) c++;
    return c;
  }
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 46: // .
      case 44: // ,
      case 124: // |
      case 58: // :
      case 41: // )
      case 40: // (
        return true;
    }
    return this.input.startsWith(RIGHT, this.pos);
  }

  // --- states --------------------------------------------------------------------------------
  lexText(): S {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x >= 0) {
      this.pos = x;
      let trimLength = 0;
      if (this.hasLeftTrimMarker(x + LEFT.length)) {
        let j = x;
        while (j > this.start && isSpace(this.input.charCodeAt(j - 1))) j--;
        trimLength = x - j;
      }
      this.pos -= trimLength;
      if (this.pos > this.start) {
        this.line += this.countNewlines(this.start, this.pos);
        this.emit(T.Text);
      }
      this.pos += trimLength;
      this.ignore();
      return S.LeftDelim;
    }
    this.pos = this.n;
    if (this.pos > this.start) {
      this.line += this.countNewlines(this.start, this.pos);
      this.emit(T.Text);
    }
    this.emit(T.EOF);
    return S.Stop;
  }

  lexLeftDelim(): S {
    this.pos += LEFT.length;
    const afterMarker = this.hasLeftTrimMarker(this.pos) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return S.Comment;
    }
    this.emit(T.LeftDelim);
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return S.InsideAction;
  }

  lexComment(): S {
    this.pos += 2;
    const i = this.input.indexOf('*/', this.pos);
    if (i < 0) return this.errorf('unclosed comment');
    this.pos = i + 2;
    const delim = this.atRightDelim();
    if (delim === 0) return this.errorf('comment ends before closing delimiter');
    if (delim === 2) this.pos += 2;
    this.pos += RIGHT.length;
    if (delim === 2) this.skipSpace();
    this.ignore();
    return S.Text;
  }

  skipSpace(): void {
    while (this.pos < this.n && isSpace(this.input.charCodeAt(this.pos))) this.pos++;
  }

  lexRightDelim(): S {
    const trimSpace = this.hasRightTrimMarker(this.pos);
    if (trimSpace) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    this.emit(T.RightDelim);
    if (trimSpace) {
      this.skipSpace();
      this.ignore();
    }
    return S.Text;
  }

  lexInsideAction(): S {
    if (this.atRightDelim() !== 0) {
      if (this.parenDepth === 0) return S.RightDelim;
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === EOF) return this.errorf('unclosed action');
    if (isSpace(r)) {
      this.backup();
      return S.Space;
    }
    switch (r) {
      case 61: // =
        return this.emitThen(T.Assign);
      case 58: // :
        if (this.next() !== 61) return this.errorf('expected :=');
        return this.emitThen(T.Declare);
      case 124: // |
        return this.emitThen(T.Pipe);
      case 34: // "
        return S.Quote;
      case 96: // `
        return S.RawQuote;
      case 36: // $
        return S.Variable;
      case 39: // '
        return S.Char;
      case 40: // (
        this.parenDepth++;
        return this.emitThen(T.LeftParen);
      case 41: // )
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        return this.emitThen(T.RightParen);
      case 46: {
        // .
        if (this.pos < this.n) {
          const c = this.input.charCodeAt(this.pos);
          if (c < 48 || c > 57) return S.Field;
        }
        this.backup();
        return S.Number;
      }
    }
    if (r === 43 || r === 45 || (r >= 48 && r <= 57)) {
      this.backup();
      return S.Number;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return S.Identifier;
    }
    if (r >= 0x20 && r < 0x7f) return this.emitThen(T.Char);
    return this.errorf(`unrecognized character in action: ${formatU(r)}`);
  }

  lexSpace(): S {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    if (this.hasRightTrimMarker(this.pos - 1) && this.input.startsWith(RIGHT, this.pos + 1)) {
      this.backup();
      if (numSpaces === 1) return S.RightDelim;
    }
    return this.emitThen(T.Space);
  }

  lexIdentifier(): S {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      if (!this.atTerminator()) return this.errorf(`bad character ${formatU(r)}`);
      const word = this.input.slice(this.start, this.pos);
      const kw = KEYWORDS.get(word);
      if (kw !== undefined && kw > T.Keyword) {
        if ((kw === T.Break && !this.breakOK) || (kw === T.Continue && !this.continueOK))
          this.emit(T.Identifier);
        else this.emit(kw);
      } else if (word === 'true' || word === 'false') this.emit(T.Bool);
      else this.emit(T.Identifier);
      return S.InsideAction;
    }
  }

  lexFieldOrVariable(typ: T): S {
    if (this.atTerminator()) return this.emitThen(typ === T.Variable ? T.Variable : T.Dot);
    let r: number;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${formatU(r)}`);
    return this.emitThen(typ);
  }

  lexChar(): S {
    for (;;) {
      let r = this.next();
      if (r === 92) {
        r = this.next();
        if (r !== EOF && r !== 10) continue;
        return this.errorf('unterminated character constant');
      }
      if (r === EOF || r === 10) return this.errorf('unterminated character constant');
      if (r === 39) break;
    }
    return this.emitThen(T.CharConstant);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  lexNumber(): S {
    if (!this.scanNumber()) return this.badNumber();
    const sign = this.peek();
    if (sign === 43 || sign === 45) {
      if (!this.scanNumber() || this.input.charCodeAt(this.pos - 1) !== 105) return this.badNumber();
      return this.emitThen(T.Complex);
    }
    return this.emitThen(T.Number);
  }

  badNumber(): S {
    return this.errorf(
      `bad number syntax: ${quote(this.input.slice(this.start, Math.min(this.pos, this.n)))}`,
    );
  }

  lexQuote(): S {
    const { input, n } = this;
    // Fast path: scan plain ASCII up to the closing quote without decoding runes.
    let p = this.pos;
    while (p < n) {
      const c = input.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return this.emitThen(T.String);
      }
      if (c === 92 || c === 10 || c >= 0xd800) break;
      p++;
    }
    this.pos = p;
    for (;;) {
      let r = this.next();
      if (r === 92) {
        r = this.next();
        if (r !== EOF && r !== 10) continue;
        return this.errorf('unterminated quoted string');
      }
      if (r === EOF || r === 10) return this.errorf('unterminated quoted string');
      if (r === 34) break;
    }
    return this.emitThen(T.String);
  }

  lexRawQuote(): S {
    const i = this.input.indexOf('`', this.pos);
    if (i < 0) return this.errorf('unterminated raw quoted string');
    this.line += this.countNewlines(this.pos, i + 1);
    this.pos = i + 1;
    return this.emitThen(T.RawString);
  }
}

/** Lexes `input`; the last token is EOF or Error. */
export function lex(input: string, opts: { breakOK: boolean; continueOK: boolean }): Tokens {
  return new Lexer(input, opts.breakOK, opts.continueOK).run();
}
