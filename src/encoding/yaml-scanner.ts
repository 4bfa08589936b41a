/**
 * A YAML scanner that behaves as libyaml's (go-yaml v2 scannerc.go): the same tokens, the same
 * simple-key and indentation rules, and the same errors at the same positions, so that what
 * helm accepts, rejects and reports ("line 4: mapping values are not allowed in this context")
 * is reproduced. Tokens are produced lazily, as go-yaml pulls them.
 *
 * (Longer than the house's soft cap on purpose: it is one state machine — simple keys, indents
 * and the scalar scanners share it — and keeping it in one place keeps it comparable to libyaml.)
 */

export interface Mark {
  /** Characters (code points) from the start. */
  index: number;
  /** 0-based line and column. */
  line: number;
  column: number;
}

export enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface Token {
  type: T;
  start: Mark;
  end: Mark;
  /** Scalar text, anchor/alias name, tag handle, %TAG handle. */
  value?: string;
  style?: ScalarStyle;
  /** Tag suffix, %TAG prefix. */
  suffix?: string;
  major?: number;
  minor?: number;
}

/** A scanner or parser error, as libyaml records it. */
export class LibyamlError extends Error {
  constructor(
    readonly kind: 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark: Mark,
    readonly contextMark: Mark | undefined,
  ) {
    super(problem);
  }
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const copy = (m: Mark): Mark => ({ index: m.index, line: m.line, column: m.column });

function isAlpha(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2d
  );
}
function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function isBreakC(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}
const NUL = -1;
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
function isBreakZ(c: number): boolean {
  return isBreakC(c) || c === NUL;
}
function isBlankZ(c: number): boolean {
  return isBlank(c) || isBreakZ(c);
}

const URI_CHARS = new Set(";/?:@&=+$,.!~*'()[]%".split('').map((c) => c.charCodeAt(0)));
const PLAIN_STOP = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

export class Scanner {
  private pos = 0;
  readonly mark: Mark = { index: 0, line: 0, column: 0 };
  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(private readonly text: string) {}

  /** How far the scanner has read (UTF-16 offset). */
  get offset(): number {
    return this.pos;
  }

  // ---- characters ----

  /** The code point at `k` characters ahead (NUL past the end). */
  private ch(k = 0): number {
    if (k === 0) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) return NUL;
      return c < 0xd800 || c > 0xdbff ? c : this.text.codePointAt(this.pos)!;
    }
    let p = this.pos;
    for (let i = 0; i < k; i++) {
      if (p >= this.text.length) return NUL;
      p += this.text.charCodeAt(p) >= 0xd800 && this.text.charCodeAt(p) <= 0xdbff ? 2 : 1;
    }
    if (p >= this.text.length) return NUL;
    return this.text.codePointAt(p)!;
  }

  private skip(): void {
    const c = this.text.charCodeAt(this.pos);
    this.pos += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    this.mark.index++;
    this.mark.column++;
  }

  private skipLine(): void {
    const c = this.ch();
    if (c === 0x0d && this.ch(1) === 0x0a) {
      this.pos += 2;
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
    } else if (isBreakC(c)) {
      this.pos++;
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
    }
  }

  private read(): string {
    const c = this.ch();
    this.skip();
    return String.fromCodePoint(c);
  }

  /** read_line: a line break, normalised to \n (LS/PS kept). */
  private readLine(): string {
    const c = this.ch();
    let out: string;
    if (c === 0x0d && this.ch(1) === 0x0a) {
      out = '\n';
      this.pos += 2;
      this.mark.index++;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      out = '\n';
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      out = String.fromCharCode(c);
      this.pos++;
    } else return '';
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    return out;
  }

  private error(problem: string, context?: Mark): never {
    throw new LibyamlError('scanner', problem, copy(this.mark), context ?? copy(this.mark));
  }

  // ---- token queue ----

  /** The next token without consuming it. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  /** Consumes the next token. */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head]!.type === T.StreamEnd;
    this.head++;
    // Drop consumed tokens now and then (positions are counted by tokensParsed, not indexes).
    if (this.head >= 4096) {
      this.tokens.splice(0, this.head);
      this.head = 0;
    }
  }

  get ended(): boolean {
    return this.streamEndProduced;
  }

  private insert(at: number, t: Token): void {
    if (at < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + at, 0, t);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private simpleKeyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index) {
      if (k.required) this.error("could not find expected ':'", k.mark);
      k.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const k: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
        mark: copy(this.mark),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = k;
      this.simpleKeysByTok.set(k.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (k.possible) {
      if (k.required) this.error("could not find expected ':'", k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: copy(this.mark),
    });
    this.flowLevel++;
    if (this.flowLevel > 10000) this.error('exceeded max depth of 10000');
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const k = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: T, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > 10000) this.error('exceeded max depth of 10000');
      this.insert(number > -1 ? number - this.tokensParsed : -1, {
        type,
        start: copy(mark),
        end: copy(mark),
      });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insert(-1, { type: T.BlockEnd, start: copy(this.mark), end: copy(this.mark) });
      this.indent = this.indents.pop()!;
    }
  }

  private simple(type: T): void {
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, { type, start, end: copy(this.mark) });
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: copy(this.mark) });
      this.simpleKeyAllowed = true;
      this.streamStartProduced = true;
      this.insert(-1, { type: T.StreamStart, start: copy(this.mark), end: copy(this.mark) });
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    const c = this.ch();
    if (c === NUL) {
      if (this.mark.column !== 0) {
        this.mark.column = 0;
        this.mark.line++;
      }
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, { type: T.StreamEnd, start: copy(this.mark), end: copy(this.mark) });
      return;
    }
    const col0 = this.mark.column === 0;
    if (col0 && c === 0x25) {
      this.fetchDirective();
      return;
    }
    if (
      col0 &&
      ((c === 0x2d && this.ch(1) === 0x2d && this.ch(2) === 0x2d) ||
        (c === 0x2e && this.ch(1) === 0x2e && this.ch(2) === 0x2e)) &&
      isBlankZ(this.ch(3))
    ) {
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      const start = copy(this.mark);
      this.skip();
      this.skip();
      this.skip();
      this.insert(-1, { type: c === 0x2d ? T.DocumentStart : T.DocumentEnd, start, end: copy(this.mark) });
      return;
    }
    const next = this.ch(1);
    switch (c) {
      case 0x5b: // [
      case 0x7b: // {
        this.saveSimpleKey();
        this.increaseFlowLevel();
        this.simpleKeyAllowed = true;
        {
          this.simple(c === 0x5b ? T.FlowSequenceStart : T.FlowMappingStart);
          return;
        }
      case 0x5d: // ]
      case 0x7d: // }
        this.removeSimpleKey();
        this.decreaseFlowLevel();
        this.simpleKeyAllowed = false;
        {
          this.simple(c === 0x5d ? T.FlowSequenceEnd : T.FlowMappingEnd);
          return;
        }
      case 0x2c: // ,
        this.removeSimpleKey();
        this.simpleKeyAllowed = true;
        {
          this.simple(T.FlowEntry);
          return;
        }
    }
    if (c === 0x2d && isBlankZ(next)) {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('block sequence entries are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockSequenceStart, this.mark);
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.simple(T.BlockEntry);
      return;
    }
    if (c === 0x3f && (this.flowLevel > 0 || isBlankZ(next))) {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('mapping keys are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = this.flowLevel === 0;
      this.simple(T.Key);
      return;
    }
    if (c === 0x3a && (this.flowLevel > 0 || isBlankZ(next))) {
      this.fetchValue();
      return;
    }
    if (c === 0x2a || c === 0x26) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanAnchor(c === 0x2a ? T.Alias : T.Anchor));
      return;
    }
    if (c === 0x21) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanTag());
      return;
    }
    if ((c === 0x7c || c === 0x3e) && this.flowLevel === 0) {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.insert(-1, this.scanBlockScalar(c === 0x7c));
      return;
    }
    if (c === 0x27 || c === 0x22) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanFlowScalar(c === 0x27));
      return;
    }
    if (
      !(isBlankZ(c) || PLAIN_STOP.has(c)) ||
      (c === 0x2d && !isBlank(next)) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankZ(next))
    ) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.insert(-1, this.scanPlainScalar());
      return;
    }
    this.error('found character that cannot start any token', copy(this.mark));
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(k)) {
      this.insert(k.tokenNumber - this.tokensParsed, { type: T.Key, start: copy(k.mark), end: copy(k.mark) });
      this.rollIndent(k.mark.column, k.tokenNumber, T.BlockMappingStart, k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simple(T.Value);
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.mark.column === 0 && this.ch() === 0xfeff) this.skip();
      for (;;) {
        const c = this.ch();
        if (c === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && c === 0x09)) this.skip();
        else break;
      }
      if (this.ch() === 0x23) while (!isBreakZ(this.ch())) this.skip();
      if (isBreakC(this.ch())) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }

  // ---- directives ----

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = copy(this.mark);
    this.skip();
    let name = '';
    while (isAlpha(this.ch())) name += this.read();
    if (name === '') this.error('could not find expected directive name', start);
    if (!isBlankZ(this.ch())) this.error('found unexpected non-alphabetical character', start);
    let token: Token;
    if (name === 'YAML') {
      while (isBlank(this.ch())) this.skip();
      const major = this.versionNumber(start);
      if (this.ch() !== 0x2e) this.error("did not find expected digit or '.' character", start);
      this.skip();
      const minor = this.versionNumber(start);
      token = { type: T.VersionDirective, start, end: copy(this.mark), major, minor };
    } else if (name === 'TAG') {
      while (isBlank(this.ch())) this.skip();
      const handle = this.tagHandle(true, start);
      if (!isBlank(this.ch())) this.error('did not find expected whitespace', start);
      while (isBlank(this.ch())) this.skip();
      const prefix = this.tagUri(true, '', start);
      if (!isBlankZ(this.ch())) this.error('did not find expected whitespace or line break', start);
      token = { type: T.TagDirective, start, end: copy(this.mark), value: handle, suffix: prefix };
    } else this.error('found unknown directive name', start);
    while (isBlank(this.ch())) this.skip();
    if (this.ch() === 0x23) while (!isBreakZ(this.ch())) this.skip();
    if (!isBreakZ(this.ch())) this.error('did not find expected comment or line break', start);
    if (isBreakC(this.ch())) this.skipLine();
    this.insert(-1, token);
  }

  private versionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (this.ch() >= 0x30 && this.ch() <= 0x39) {
      length++;
      if (length > 2) this.error('found extremely long version number', start);
      value = value * 10 + (this.ch() - 0x30);
      this.skip();
    }
    if (length === 0) this.error('did not find expected version number', start);
    return value;
  }

  // ---- anchors and tags ----

  private scanAnchor(type: T): Token {
    const start = copy(this.mark);
    this.skip();
    let s = '';
    while (isAlpha(this.ch())) s += this.read();
    const end = copy(this.mark);
    const c = this.ch();
    if (s === '' || !(isBlankZ(c) || '?:,]}%@`'.includes(String.fromCodePoint(c === NUL ? 0 : c))))
      this.error('did not find expected alphabetic or numeric character', start);
    return { type, start, end, value: s };
  }

  private scanTag(): Token {
    const start = copy(this.mark);
    let handle: string;
    let suffix: string;
    if (this.ch(1) === 0x3c) {
      this.skip();
      this.skip();
      handle = '';
      suffix = this.tagUri(false, '', start);
      if (this.ch() !== 0x3e) this.error("did not find the expected '>'", start);
      this.skip();
    } else {
      handle = this.tagHandle(false, start);
      if (handle[0] === '!' && handle.length > 1 && handle.endsWith('!'))
        suffix = this.tagUri(false, '', start);
      else {
        suffix = this.tagUri(false, handle, start);
        handle = '!';
        if (suffix === '') {
          suffix = handle;
          handle = '';
        }
      }
    }
    if (!isBlankZ(this.ch())) this.error('did not find expected whitespace or line break', start);
    return { type: T.Tag, start, end: copy(this.mark), value: handle, suffix };
  }

  private tagHandle(directive: boolean, start: Mark): string {
    if (this.ch() !== 0x21) this.error("did not find expected '!'", start);
    let s = this.read();
    while (isAlpha(this.ch())) s += this.read();
    if (this.ch() === 0x21) s += this.read();
    else if (directive && s !== '!') this.error("did not find expected '!'", start);
    return s;
  }

  private tagUri(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.ch();
      if (!(isAlpha(c) || URI_CHARS.has(c))) break;
      if (c === 0x25) s += this.uriEscapes(start);
      else s += this.read();
      hasTag = true;
    }
    if (!hasTag) this.error('did not find expected tag URI', start);
    void directive;
    return s;
  }

  private uriEscapes(start: Mark): string {
    const bytes: number[] = [];
    let w = 1024;
    while (w > 0) {
      if (!(this.ch() === 0x25 && isHex(this.ch(1)) && isHex(this.ch(2))))
        this.error('did not find URI escaped octet', start);
      const octet = Number.parseInt(String.fromCharCode(this.ch(1), this.ch(2)), 16);
      if (w === 1024) {
        w =
          (octet & 0x80) === 0
            ? 1
            : (octet & 0xe0) === 0xc0
              ? 2
              : (octet & 0xf0) === 0xe0
                ? 3
                : (octet & 0xf8) === 0xf0
                  ? 4
                  : 0;
        if (w === 0) this.error('found an incorrect leading UTF-8 octet', start);
      } else if ((octet & 0xc0) !== 0x80) this.error('found an incorrect trailing UTF-8 octet', start);
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  // ---- scalars ----

  private scanBlockScalar(literal: boolean): Token {
    const start = copy(this.mark);
    this.skip();
    let chomping = 0;
    let increment = 0;
    const chomp = () => {
      const c = this.ch();
      if (c === 0x2b || c === 0x2d) {
        chomping = c === 0x2b ? 1 : -1;
        this.skip();
        return true;
      }
      return false;
    };
    const digit = () => {
      const c = this.ch();
      if (c >= 0x30 && c <= 0x39) {
        if (c === 0x30) this.error('found an indentation indicator equal to 0', start);
        increment = c - 0x30;
        this.skip();
      }
    };
    if (chomp()) digit();
    else if (this.ch() >= 0x30 && this.ch() <= 0x39) {
      digit();
      chomp();
    }
    while (isBlank(this.ch())) this.skip();
    if (this.ch() === 0x23) while (!isBreakZ(this.ch())) this.skip();
    if (!isBreakZ(this.ch())) this.error('did not find expected comment or line break', start);
    if (isBreakC(this.ch())) this.skipLine();
    let end = copy(this.mark);
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    const breaks = (): void => {
      end = copy(this.mark);
      let maxIndent = 0;
      for (;;) {
        while ((indent === 0 || this.mark.column < indent) && this.ch() === 0x20) this.skip();
        if (this.mark.column > maxIndent) maxIndent = this.mark.column;
        if ((indent === 0 || this.mark.column < indent) && this.ch() === 0x09)
          this.error('found a tab character where an indentation space is expected', start);
        if (!isBreakC(this.ch())) break;
        trailingBreaks += this.readLine();
        end = copy(this.mark);
      }
      if (indent === 0) {
        indent = maxIndent;
        if (indent < this.indent + 1) indent = this.indent + 1;
        if (indent < 1) indent = 1;
      }
    };
    breaks();
    let leadingBlank = false;
    while (this.mark.column === indent && this.ch() !== NUL) {
      const trailingBlank = isBlank(this.ch());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (trailingBreaks === '') s += ' ';
      } else s += leadingBreak;
      leadingBreak = '';
      s += trailingBreaks;
      trailingBreaks = '';
      leadingBlank = isBlank(this.ch());
      const from = this.pos;
      while (!isBreakZ(this.ch())) this.skip();
      s += this.text.slice(from, this.pos);
      leadingBreak = this.readLine();
      breaks();
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += trailingBreaks;
    return { type: T.Scalar, start, end, value: s, style: literal ? 'literal' : 'folded' };
  }

  private atDocumentIndicator(): boolean {
    if (this.mark.column !== 0) return false;
    const c = this.ch();
    return (
      ((c === 0x2d && this.ch(1) === 0x2d && this.ch(2) === 0x2d) ||
        (c === 0x2e && this.ch(1) === 0x2e && this.ch(2) === 0x2e)) &&
      isBlankZ(this.ch(3))
    );
  }

  private scanFlowScalar(single: boolean): Token {
    const start = copy(this.mark);
    this.skip();
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      if (this.atDocumentIndicator()) this.error('found unexpected document indicator', start);
      if (this.ch() === NUL) this.error('found unexpected end of stream', start);
      let leadingBlanks = false;
      while (!isBlankZ(this.ch())) {
        const c = this.ch();
        if (single && c === 0x27 && this.ch(1) === 0x27) {
          s += "'";
          this.skip();
          this.skip();
        } else if (single && c === 0x27) break;
        else if (!single && c === 0x22) break;
        else if (!single && c === 0x5c && isBreakC(this.ch(1))) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          s += this.escape(start);
        } else {
          const from = this.pos;
          this.skip();
          for (;;) {
            const d = this.text.charCodeAt(this.pos);
            if (Number.isNaN(d) || d <= 0x20 || d === 0x27 || d === 0x22 || d === 0x5c || d >= 0x7f) break;
            this.pos++;
            this.mark.index++;
            this.mark.column++;
          }
          s += this.text.slice(from, this.pos);
        }
      }
      const c = this.ch();
      if (single ? c === 0x27 : c === 0x22) break;
      while (isBlank(this.ch()) || isBreakC(this.ch())) {
        if (isBlank(this.ch())) {
          if (!leadingBlanks) whitespaces += this.read();
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else trailingBreaks += this.readLine();
      }
      if (leadingBlanks) {
        if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
        else s += leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    return { type: T.Scalar, start, end: copy(this.mark), value: s, style: single ? 'single' : 'double' };
  }

  private escape(start: Mark): string {
    const e = this.ch(1);
    const simple: Record<number, string> = {
      48: '\0',
      97: '\x07',
      98: '\b',
      116: '\t',
      9: '\t',
      110: '\n',
      118: '\v',
      102: '\f',
      114: '\r',
      101: '\x1b',
      32: ' ',
      34: '"',
      39: "'",
      92: '\\',
      78: '\u0085',
      95: '\u00a0',
      76: '\u2028',
      80: '\u2029',
    };
    const len = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
    const out = simple[e];
    if (out === undefined && len === 0) this.error('found unknown escape character', start);
    this.skip();
    this.skip();
    if (len === 0) return out!;
    let value = 0;
    for (let k = 0; k < len; k++) {
      const h = this.ch(k);
      if (!isHex(h)) this.error('did not find expected hexdecimal number', start);
      value = value * 16 + Number.parseInt(String.fromCharCode(h), 16);
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
      this.error('found invalid Unicode character escape code', start);
    for (let k = 0; k < len; k++) this.skip();
    return String.fromCodePoint(value);
  }

  private scanPlainScalar(): Token {
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = copy(this.mark);
    let end = copy(this.mark);
    for (;;) {
      if (this.atDocumentIndicator()) break;
      if (this.ch() === 0x23) break;
      while (!isBlankZ(this.ch())) {
        const c = this.ch();
        if (
          (c === 0x3a && isBlankZ(this.ch(1))) ||
          (this.flowLevel > 0 &&
            (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))
        )
          break;
        if (leadingBlanks || whitespaces.length > 0) {
          if (leadingBlanks) {
            if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
            else s += leadingBreak + trailingBreaks;
            trailingBreaks = '';
            leadingBreak = '';
            leadingBlanks = false;
          } else {
            s += whitespaces;
            whitespaces = '';
          }
        }
        // Copy the run of ordinary characters in one slice.
        const from = this.pos;
        this.skip();
        for (;;) {
          const d = this.text.charCodeAt(this.pos);
          if (
            Number.isNaN(d) ||
            d <= 0x20 ||
            d === 0x3a ||
            d === 0x2c ||
            d === 0x3f ||
            d === 0x5b ||
            d === 0x5d ||
            d === 0x7b ||
            d === 0x7d ||
            d >= 0x7f
          )
            break;
          this.pos++;
          this.mark.index++;
          this.mark.column++;
        }
        s += this.text.slice(from, this.pos);
        end = copy(this.mark);
      }
      if (!(isBlank(this.ch()) || isBreakC(this.ch()))) break;
      while (isBlank(this.ch()) || isBreakC(this.ch())) {
        if (isBlank(this.ch())) {
          if (leadingBlanks && this.mark.column < indent && this.ch() === 0x09)
            this.error('found a tab character that violates indentation', start);
          if (!leadingBlanks) whitespaces += this.read();
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else trailingBreaks += this.readLine();
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: T.Scalar, start, end, value: s, style: 'plain' };
  }
}
