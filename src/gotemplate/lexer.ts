/**
 * The template lexer: Go's text/template/parse lexer, state for state, producing all tokens of
 * a text up front (the parser consumes them with look-ahead). Positions are UTF-16 offsets into
 * the text; the error reporter converts them to Go's byte columns.
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

export interface Token {
  typ: T;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
};

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function tokenString(t: Token): string {
  if (t.typ === T.EOF) return 'EOF';
  if (t.typ === T.Error) return t.val;
  if (t.typ > T.Keyword) return `<${t.val}>`;
  if ([...t.val].length > 10) return quote([...t.val].slice(0, 10).join('')) + '...';
  return quote(t.val);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(cp: number): boolean {
  if (cp < 0x80) {
    return cp === 95 || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  }
  return cp >= 0 && LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

function isPrintAscii(cp: number): boolean {
  return cp >= 0x20 && cp < 0x7f;
}

function formatU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp)) || cp === 32;
  return printable ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}

const EOF = -1;

/** Lexes `input` into tokens; the last token is EOF or Error. */
export function lex(input: string, opts: { breakOK: boolean; continueOK: boolean }): Token[] {
  const items: Token[] = [];
  const leftDelim = '{{';
  const rightDelim = '}}';
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const n = input.length;

  const next = (): number => {
    if (pos >= n) {
      pos = n + 1; // remember that we hit EOF (Go: atEOF)
      return EOF;
    }
    const cp = input.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    if (cp === 10) line++;
    return cp;
  };
  const backup = (): void => {
    if (pos > n) {
      pos = n;
      return;
    }
    if (pos > 0) {
      const lo = input.charCodeAt(pos - 1);
      if (lo >= 0xdc00 && lo <= 0xdfff && pos > 1) {
        const hi = input.charCodeAt(pos - 2);
        pos -= hi >= 0xd800 && hi <= 0xdbff ? 2 : 1;
      } else pos -= 1;
      if (lo === 10) line--;
    }
  };
  const peek = (): number => {
    const save = pos;
    const saveLine = line;
    const r = next();
    pos = save;
    line = saveLine;
    return r;
  };
  const emit = (typ: T): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    for (let i = start; i < pos; i++) if (input.charCodeAt(i) === 10) line++;
    start = pos;
    startLine = line;
  };
  const errorf = (msg: string): void => {
    items.push({ typ: T.Error, pos: start, val: msg, line: startLine });
  };
  const accept = (valid: string): boolean => {
    const r = next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string): void => {
    for (;;) {
      const r = next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    backup();
  };
  const hasLeftTrimMarker = (at: number): boolean =>
    at + 1 < n && input.charCodeAt(at) === 45 && isSpace(input.charCodeAt(at + 1));
  const hasRightTrimMarker = (at: number): boolean =>
    at + 1 < n && isSpace(input.charCodeAt(at)) && input.charCodeAt(at + 1) === 45;
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + 2)) return { delim: true, trim: true };
    if (input.startsWith(rightDelim, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const countNewlines = (from: number, to: number): number => {
    let c = 0;
    for (let i = input.indexOf('\n', from); i >= 0 && i < to; i = input.indexOf('\n', i + 1)) c++;
    return c;
  };
  const atTerminator = (): boolean => {
    const r = peek();
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
    return input.startsWith(rightDelim, pos);
  };

  type State = (() => State) | null;

  const lexText = (): State => {
    const x = input.indexOf(leftDelim, pos);
    if (x >= 0) {
      pos = x;
      let trimLength = 0;
      if (hasLeftTrimMarker(pos + leftDelim.length)) {
        let j = pos;
        while (j > start && isSpace(input.charCodeAt(j - 1))) j--;
        trimLength = pos - j;
      }
      pos -= trimLength;
      if (pos > start) {
        line += countNewlines(start, pos);
        emit(T.Text);
      }
      pos += trimLength;
      ignore();
      return lexLeftDelim;
    }
    pos = n;
    if (pos > start) {
      line += countNewlines(start, pos);
      emit(T.Text);
    }
    emit(T.EOF);
    return null;
  };

  const lexLeftDelim = (): State => {
    pos += leftDelim.length;
    const trimSpace = hasLeftTrimMarker(pos);
    const afterMarker = trimSpace ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment;
    }
    emit(T.LeftDelim);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment = (): State => {
    pos += 2;
    const i = input.indexOf('*/', pos);
    if (i < 0) {
      errorf('unclosed comment');
      return null;
    }
    pos = i + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      errorf('comment ends before closing delimiter');
      return null;
    }
    if (trim) pos += 2;
    pos += rightDelim.length;
    if (trim) while (pos < n && isSpace(input.charCodeAt(pos))) pos++;
    ignore();
    return lexText;
  };

  const lexRightDelim = (): State => {
    const trimSpace = hasRightTrimMarker(pos);
    if (trimSpace) {
      pos += 2;
      ignore();
    }
    pos += rightDelim.length;
    emit(T.RightDelim);
    if (trimSpace) {
      while (pos < n && isSpace(input.charCodeAt(pos))) pos++;
      ignore();
    }
    return lexText;
  };

  const lexInsideAction = (): State => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      errorf('unclosed left paren');
      return null;
    }
    const r = next();
    if (r === EOF) {
      errorf('unclosed action');
      return null;
    }
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    switch (r) {
      case 61: // =
        emit(T.Assign);
        return lexInsideAction;
      case 58: // :
        if (next() !== 61) {
          errorf('expected :=');
          return null;
        }
        emit(T.Declare);
        return lexInsideAction;
      case 124:
        emit(T.Pipe);
        return lexInsideAction;
      case 34:
        return lexQuote;
      case 96:
        return lexRawQuote;
      case 36:
        return lexVariable;
      case 39:
        return lexChar;
      case 40:
        emit(T.LeftParen);
        parenDepth++;
        return lexInsideAction;
      case 41:
        parenDepth--;
        if (parenDepth < 0) {
          errorf('unexpected right paren');
          return null;
        }
        emit(T.RightParen);
        return lexInsideAction;
    }
    if (r === 46) {
      if (pos < n) {
        const c = input.charCodeAt(pos);
        if (c < 48 || c > 57) return lexField;
      }
      backup();
      return lexNumber;
    }
    if (r === 43 || r === 45 || (r >= 48 && r <= 57)) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    if (r <= 0x7f && isPrintAscii(r)) {
      emit(T.Char);
      return lexInsideAction;
    }
    errorf(`unrecognized character in action: ${formatU(r)}`);
    return null;
  };

  const lexSpace = (): State => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    if (hasRightTrimMarker(pos - 1) && input.startsWith(rightDelim, pos - 1 + 2)) {
      backup();
      if (numSpaces === 1) return lexRightDelim;
    }
    emit(T.Space);
    return lexInsideAction;
  };

  const lexIdentifier = (): State => {
    for (;;) {
      const r = next();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) {
        errorf(`bad character ${formatU(r)}`);
        return null;
      }
      const kw = KEYWORDS[word];
      if (kw !== undefined && kw > T.Keyword) {
        if ((kw === T.Break && !opts.breakOK) || (kw === T.Continue && !opts.continueOK)) emit(T.Identifier);
        else emit(kw);
      } else if (word[0] === '.') emit(T.Field);
      else if (word === 'true' || word === 'false') emit(T.Bool);
      else emit(T.Identifier);
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (typ: T): State => {
    if (atTerminator()) {
      emit(typ === T.Variable ? T.Variable : T.Dot);
      return lexInsideAction;
    }
    let r: number;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      errorf(`bad character ${formatU(r)}`);
      return null;
    }
    emit(typ);
    return lexInsideAction;
  };
  const lexField = (): State => lexFieldOrVariable(T.Field);
  const lexVariable = (): State => {
    if (atTerminator()) {
      emit(T.Variable);
      return lexInsideAction;
    }
    return lexFieldOrVariable(T.Variable);
  };

  const lexChar = (): State => {
    for (;;) {
      let r = next();
      if (r === 92) {
        r = next();
        if (r !== EOF && r !== 10) continue;
        errorf('unterminated character constant');
        return null;
      }
      if (r === EOF || r === 10) {
        errorf('unterminated character constant');
        return null;
      }
      if (r === 39) break;
    }
    emit(T.CharConstant);
    return lexInsideAction;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const lexNumber = (): State => {
    if (!scanNumber()) {
      errorf(`bad number syntax: ${quote(input.slice(start, Math.min(pos, n)))}`);
      return null;
    }
    const sign = peek();
    if (sign === 43 || sign === 45) {
      if (!scanNumber() || input[pos - 1] !== 'i') {
        errorf(`bad number syntax: ${quote(input.slice(start, Math.min(pos, n)))}`);
        return null;
      }
      emit(T.Complex);
    } else emit(T.Number);
    return lexInsideAction;
  };

  const lexQuote = (): State => {
    for (;;) {
      let r = next();
      if (r === 92) {
        r = next();
        if (r !== EOF && r !== 10) continue;
        errorf('unterminated quoted string');
        return null;
      }
      if (r === EOF || r === 10) {
        errorf('unterminated quoted string');
        return null;
      }
      if (r === 34) break;
    }
    emit(T.String);
    return lexInsideAction;
  };

  const lexRawQuote = (): State => {
    const i = input.indexOf('`', pos);
    if (i < 0) {
      errorf('unterminated raw quoted string');
      return null;
    }
    line += countNewlines(pos, i + 1);
    pos = i + 1;
    emit(T.RawString);
    return lexInsideAction;
  };

  let state: State = lexText;
  while (state !== null) state = state();
  return items;
}
