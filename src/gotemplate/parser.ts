/**
 * The template parser: Go's text/template/parse grammar and error messages.
 *
 * `parseTemplates(name, text, hasFunction)` returns every tree defined by the text (the
 * top-level one under `name`, plus each `define`/`block`), or throws TemplateParseError.
 */
import { TemplateParseError } from './errors.js';
import { lex, T, type Tokens, tokenString } from './lexer.js';
import {
  type BranchNode,
  type CommandNode,
  isEmptyTree,
  type ListNode,
  type Node,
  type NumberNode,
  nodeString,
  type PipeNode,
  type SourceInfo,
  type VariableNode,
} from './nodes.js';
import { GoSyntaxError, unquote, unquoteChar } from './strconv.js';

/** A parsed template: its name and body (Go's parse.Tree). */
export interface Tree {
  readonly name: string;
  readonly root: ListNode;
  readonly src: SourceInfo;
}

class Parser {
  idx = 0;
  maxIdx = 0;
  vars: string[] = ['$'];
  rangeDepth = 0;
  actionLine = 0;
  readonly last: number;
  readonly typ: Uint8Array;
  readonly tpos: Int32Array;

  constructor(
    readonly tokens: Tokens,
    readonly src: SourceInfo,
    /** Undefined: do not check that functions exist (Go's SkipFuncCheck); see `funcs`. */
    readonly hasFunction: ((name: string) => boolean) | undefined,
    readonly treeSet: Map<string, Tree>,
    /** The functions the text calls, in order of first use. */
    readonly funcs: string[],
  ) {
    this.last = tokens.length - 1;
    this.typ = tokens.typ;
    this.tpos = tokens.start;
  }

  // --- token stream (tokens are indexes into `tokens`) ---------------------------------------
  next(): number {
    // Past the final EOF/Error token, keep returning it (Go's lexer does the same).
    const i = Math.min(this.idx, this.last);
    if (i > this.maxIdx) this.maxIdx = i;
    this.idx++;
    return i;
  }
  backup(): void {
    this.idx--;
  }
  peek(): number {
    const t = this.next();
    this.idx--;
    return t;
  }
  nextNonSpace(): number {
    let t: number;
    do t = this.next();
    while (this.typ[t] === T.Space);
    return t;
  }
  peekNonSpace(): number {
    const t = this.nextNonSpace();
    this.idx--;
    return t;
  }
  val(t: number): string {
    return this.tokens.val(t);
  }

  // --- errors --------------------------------------------------------------------------------
  errorf(msg: string): never {
    const line = this.tokens.line[Math.min(this.maxIdx, this.last)]!;
    throw new TemplateParseError(`template: ${this.src.parseName}:${line}: ${msg}`, this.src.parseName, line);
  }
  unexpected(token: number, context: string): never {
    const typ = this.typ[token] as T;
    const val = this.val(token);
    if (typ === T.Error) {
      let extra = '';
      const line = this.tokens.line[token]!;
      if (this.actionLine !== 0 && this.actionLine !== line) {
        extra = ` in action started at ${this.src.parseName}:${this.actionLine}`;
        if (val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${tokenString(typ, val)}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(typ, val)} in ${context}`);
  }
  expect(expected: T, context: string): number {
    const token = this.nextNonSpace();
    if (this.typ[token] !== expected) this.unexpected(token, context);
    return token;
  }
  unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      if (e instanceof GoSyntaxError) this.errorf(e.message);
      throw e;
    }
  }

  // --- trees ---------------------------------------------------------------------------------
  add(name: string, root: ListNode): void {
    const tree = this.treeSet.get(name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(name, { name, root, src: this.src });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  list(pos: number): ListNode {
    return { kind: 'list', pos, src: this.src, nodes: [] };
  }

  /** Top level: text, actions and {{define}}s up to EOF. */
  parse(name: string): void {
    const root = this.list(this.tpos[this.peek()]!);
    for (let t = this.peek(); this.typ[t] !== T.EOF; t = this.peek()) {
      if (this.typ[t] === T.LeftDelim) {
        const at = this.idx;
        this.next();
        if (this.typ[this.nextNonSpace()] === T.Define) {
          this.parseDefinition();
          continue;
        }
        this.idx = at;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add(name, root);
  }

  parseDefinition(): void {
    const context = 'define clause';
    const token = this.nextNonSpace();
    const typ = this.typ[token];
    if (typ !== T.String && typ !== T.RawString) this.unexpected(token, context);
    const name = this.unquoteOrFail(this.val(token));
    this.expect(T.RightDelim, context);
    const saveVars = this.vars;
    const saveDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const list = this.itemList();
    const next = this.itemListEnd!;
    if (next.kind !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
    this.add(name, list);
    this.vars = saveVars;
    this.rangeDepth = saveDepth;
  }

  /** The node that ended the last itemList ({{end}} or {{else}}). */
  itemListEnd: Node | null = null;

  itemList(): ListNode {
    const list = this.list(this.tpos[this.peekNonSpace()]!);
    while (this.typ[this.peekNonSpace()] !== T.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') {
        this.itemListEnd = n;
        return list;
      }
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (this.typ[token]) {
      case T.Text:
        return { kind: 'text', pos: this.tpos[token]!, src: this.src, text: this.val(token) };
      case T.LeftDelim: {
        this.actionLine = this.tokens.line[token]!;
        const n = this.action();
        this.actionLine = 0;
        return n;
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (this.typ[token]) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.loopControl(token, 'break');
      case T.Continue:
        return this.loopControl(token, 'continue');
      case T.Else:
        return this.elseControl();
      case T.End:
        return { kind: 'end', pos: this.tpos[this.expect(T.RightDelim, 'end')]!, src: this.src };
      case T.If:
        return this.branch('if');
      case T.Range:
        return this.branch('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branch('with');
    }
    this.backup();
    const pos = this.tpos[this.peek()]!;
    return { kind: 'action', pos, src: this.src, pipe: this.pipeline('command', T.RightDelim) };
  }

  loopControl(token: number, word: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (this.typ[t] !== T.RightDelim) this.unexpected(t, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { kind: word, pos: this.tpos[token]!, src: this.src };
  }

  pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: this.tpos[token]!,
      src: this.src,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (this.typ[v] !== T.Variable) break;
      const vIdx = this.idx;
      this.next();
      const next = this.peekNonSpace();
      const nt = this.typ[next];
      if (nt === T.Assign || nt === T.Declare) {
        pipe.isAssign = nt === T.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(this.tpos[v]!, this.val(v)));
        this.vars.push(this.val(v));
        break;
      }
      if (nt === T.Char && this.val(next) === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(this.tpos[v]!, this.val(v)));
        this.vars.push(this.val(v));
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.typ[this.peekNonSpace()];
          if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.idx = vIdx;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      const typ = this.typ[token];
      if (typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (typ) {
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const k = pipe.cmds[i]!.args[0]!.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  branch(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, T.RightDelim);
    if (context === 'range') this.rangeDepth++;
    const list = this.itemList();
    let next = this.itemListEnd!;
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      const p = this.typ[this.peek()];
      if ((context === 'if' && p === T.If) || (context === 'with' && p === T.With)) {
        this.next();
        elseList = this.list(next.pos);
        elseList.nodes.push(this.branch(context));
      } else {
        elseList = this.itemList();
        next = this.itemListEnd!;
        if (next.kind !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
      }
    }
    this.vars.length = mark;
    return { kind: context, pos: pipe.pos, src: this.src, pipe, list, elseList };
  }

  elseControl(): Node {
    const p = this.peekNonSpace();
    const pt = this.typ[p];
    if (pt === T.If || pt === T.With) return { kind: 'else', pos: this.tpos[p]!, src: this.src };
    const token = this.expect(T.RightDelim, 'else');
    return { kind: 'else', pos: this.tpos[token]!, src: this.src };
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const saveVars = this.vars;
    const saveDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const list = this.itemList();
    const next = this.itemListEnd!;
    if (next.kind !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
    this.add(name, list);
    this.vars = saveVars;
    this.rangeDepth = saveDepth;
    return { kind: 'template', pos: this.tpos[token]!, src: this.src, name, pipe };
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.typ[this.nextNonSpace()] !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { kind: 'template', pos: this.tpos[token]!, src: this.src, name, pipe };
  }

  parseTemplateName(token: number, context: string): string {
    const typ = this.typ[token];
    if (typ === T.String || typ === T.RawString) return this.unquoteOrFail(this.val(token));
    this.unexpected(token, context);
  }

  command(): CommandNode {
    const cmd: CommandNode = {
      kind: 'command',
      pos: this.tpos[this.peekNonSpace()]!,
      src: this.src,
      args: [],
    };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      const typ = this.typ[token];
      if (typ === T.Space) continue;
      if (typ === T.RightDelim || typ === T.RightParen) this.backup();
      else if (typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.typ[this.peek()] === T.Field) {
      const pos = this.tpos[this.peek()]!;
      const fields: string[] = [];
      while (this.typ[this.peek()] === T.Field) {
        const t = this.next();
        fields.push(this.tokens.input.slice(this.tpos[t]! + 1, this.tokens.end[t]!));
      }
      switch (node.kind) {
        case 'field':
          node = { kind: 'field', pos, src: this.src, ident: [...node.ident, ...fields] };
          break;
        case 'variable':
          node = this.newVariable(pos, [...node.ident, ...fields].join('.'));
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
          break;
        default:
          node = { kind: 'chain', pos, src: this.src, node, field: fields };
      }
    }
    return node;
  }

  term(): Node | null {
    const token = this.nextNonSpace();
    const pos = this.tpos[token]!;
    switch (this.typ[token]) {
      case T.Identifier: {
        const name = this.val(token);
        if (this.hasFunction === undefined) {
          if (!this.funcs.includes(name)) this.funcs.push(name);
        } else if (!this.hasFunction(name)) this.errorf(`function ${JSON.stringify(name)} not defined`);
        return { kind: 'identifier', pos, src: this.src, ident: name };
      }
      case T.Dot:
        return { kind: 'dot', pos, src: this.src };
      case T.Nil:
        return { kind: 'nil', pos, src: this.src };
      case T.Variable:
        return this.useVar(pos, this.val(token));
      case T.Field:
        return { kind: 'field', pos, src: this.src, ident: this.val(token).slice(1).split('.') };
      case T.Bool:
        return { kind: 'bool', pos, src: this.src, value: this.val(token) === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.newNumber(token);
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString: {
        const quoted = this.val(token);
        return { kind: 'string', pos, src: this.src, quoted, text: this.unquoteOrFail(quoted) };
      }
    }
    this.backup();
    return null;
  }

  newVariable(pos: number, ident: string): VariableNode {
    return { kind: 'variable', pos, src: this.src, ident: ident.split('.') };
  }

  useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
    return v;
  }

  newNumber(token: number): NumberNode {
    const text = this.val(token);
    const typ = this.typ[token] as T;
    const pos = this.tpos[token]!;
    if (typ === T.Number && SMALL_DECIMAL.test(text)) {
      // Fast path for the common case (`trunc 63`, `nindent 4`): a plain decimal int.
      const v = Number(text) || 0; // no -0: Go's float64 of int 0 is +0
      return {
        kind: 'number',
        pos,
        src: this.src,
        isInt: true,
        isUint: v >= 0,
        isFloat: true,
        isComplex: false,
        int64: BigInt(v),
        uint64: v >= 0 ? BigInt(v) : 0n,
        float64: v,
        text,
      };
    }
    const r = parseNumber(text, typ);
    if (typeof r === 'string') this.errorf(r);
    return {
      kind: 'number',
      pos,
      src: this.src,
      isInt: r.isInt,
      isUint: r.isUint,
      isFloat: r.isFloat,
      isComplex: r.isComplex,
      int64: r.int64,
      uint64: r.uint64,
      float64: r.float64,
      text,
    };
  }
}

/** A decimal integer without leading zeros that float64 represents exactly. */
const SMALL_DECIMAL = /^[+-]?(?:0|[1-9][0-9]{0,14})$/;

type NumberFields = Pick<
  NumberNode,
  'isInt' | 'isUint' | 'isFloat' | 'isComplex' | 'int64' | 'uint64' | 'float64'
>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint(text, 0, 64) syntax: returns the value or undefined. */
function parseGoInteger(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  let underscoreOK = false;
  if (/^0[xX]/.test(s)) {
    base = 16;
    digits = s.slice(2);
    underscoreOK = true;
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    digits = s.slice(2);
    underscoreOK = true;
  } else if (/^0[bB]/.test(s)) {
    base = 2;
    digits = s.slice(2);
    underscoreOK = true;
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    digits = s.slice(1);
    underscoreOK = true;
  }
  if (digits.includes('_')) {
    // Go: underscores only between digits or after the base prefix.
    const check = (underscoreOK ? '_' : '') + digits;
    if (!underscoreOK && s.includes('_')) {
      if (!/^[0-9]+(_[0-9]+)*$/.test(s)) return undefined;
    } else if (/__|_$/.test(check) || (!underscoreOK && digits.startsWith('_'))) return undefined;
    digits = digits.replaceAll('_', '');
  }
  if (digits.length === 0) return undefined;
  const valid =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

/** Go's strconv.ParseFloat syntax (decimal and hex floats, underscores); undefined if invalid. */
function parseGoFloat(text: string): number | undefined {
  const s = text.replace(/^[+-]/, '');
  const sign = text.startsWith('-') ? -1 : 1;
  if (/^0[xX]/.test(s)) {
    const m = /^0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s);
    if (!m) return undefined;
    const ip = (m[1] ?? '').replaceAll('_', '');
    const fp = (m[2] ?? '').replaceAll('_', '');
    if (ip.length + fp.length === 0) return undefined;
    const mant = Number.parseInt(ip + fp || '0', 16);
    return sign * mant * 2 ** (Number(m[3]!.replaceAll('_', '')) - 4 * fp.length);
  }
  if (/_/.test(s) && (/__|^_|_$|_\.|\._|_[eE]|[eE]_/.test(s) || !/^[0-9]/.test(s))) return undefined;
  const t = s.replaceAll('_', '');
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t)) return undefined;
  return sign * Number(t);
}

/** Go's parse.newNumber: classifies a number literal, or returns an error message. */
export function parseNumber(text: string, typ: T): NumberFields | string {
  const n: NumberFields = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
  };
  if (typ === T.CharConstant) {
    let r: { value: number; tail: string };
    try {
      r = unquoteChar(text.slice(1), text[0]!);
    } catch {
      return 'invalid syntax';
    }
    if (r.tail !== "'") return `malformed character constant: ${text}`;
    n.int64 = BigInt(r.value);
    n.uint64 = BigInt(r.value);
    n.float64 = r.value;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (typ === T.Complex || text.endsWith('i')) {
    // Complex numbers have no place in the value model: report them as Go reports an
    // unusable value, at parse time (helm charts never use them).
    if (typ === T.Complex) return `complex constants are not supported: ${text}`;
    const f = parseGoFloat(text.slice(0, -1));
    if (f !== undefined) {
      n.isComplex = true;
      if (f === 0) {
        n.isFloat = n.isInt = n.isUint = true;
      }
      return n;
    }
  }
  const iv = parseGoInteger(text);
  if (iv !== undefined && iv >= 0n && iv <= UINT64_MAX) {
    n.isUint = true;
    n.uint64 = iv;
  }
  if (iv !== undefined && iv >= INT64_MIN && iv <= INT64_MAX) {
    n.isInt = true;
    n.int64 = iv;
    if (iv === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f !== undefined && Number.isFinite(f)) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${JSON.stringify(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${JSON.stringify(text)}`;
  return n;
}

/** What parsing a text yields: its trees (top-level and defined) and the functions it calls. */
export interface ParsedText {
  readonly trees: Map<string, Tree>;
  /** Functions called by the text, in order of first use (only when parsed without a check). */
  readonly funcs: readonly string[];
}

/**
 * Parses `text` as template `name`: returns the trees it defines (top-level included).
 * `hasFunction` answers whether an identifier names a function (builtins included); when it is
 * undefined, functions are not checked (Go's SkipFuncCheck) but listed in `funcs`, and
 * `keywords` says whether `break`/`continue` are keywords (Go: unless they are functions).
 */
export function parseText(
  name: string,
  text: string,
  hasFunction: ((name: string) => boolean) | undefined,
  keywords: { breakOK: boolean; continueOK: boolean },
): ParsedText {
  const tokens = lex(text, keywords);
  const src: SourceInfo = { parseName: name, text };
  const trees = new Map<string, Tree>();
  const funcs: string[] = [];
  new Parser(tokens, src, hasFunction, trees, funcs).parse(name);
  return { trees, funcs };
}

/** Parses `text` as template `name`, checking functions with `hasFunction`. */
export function parseTemplates(
  name: string,
  text: string,
  hasFunction: (name: string) => boolean,
): Map<string, Tree> {
  const keywords = { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') };
  return parseText(name, text, hasFunction, keywords).trees;
}
