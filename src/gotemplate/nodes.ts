/**
 * Parse-tree nodes of a template (Go's text/template/parse node types) and their String()
 * forms, which appear in Go's error messages (`executing "x" at <.Values.a>`).
 */
import { quote } from './strconv.js';

/** The source a node came from, for error locations (Go: the node's *Tree). */
export interface SourceInfo {
  /** Name of the top-level template being parsed (Go: Tree.ParseName). */
  readonly parseName: string;
  readonly text: string;
}

interface Base {
  pos: number;
  src: SourceInfo;
}

export interface ListNode extends Base {
  kind: 'list';
  nodes: Node[];
}
export interface TextNode extends Base {
  kind: 'text';
  text: string;
}
export interface PipeNode extends Base {
  kind: 'pipe';
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface ActionNode extends Base {
  kind: 'action';
  pipe: PipeNode;
}
export interface CommandNode extends Base {
  kind: 'command';
  args: Node[];
}
export interface IdentifierNode extends Base {
  kind: 'identifier';
  ident: string;
}
export interface VariableNode extends Base {
  kind: 'variable';
  ident: string[];
}
export interface DotNode extends Base {
  kind: 'dot';
}
export interface NilNode extends Base {
  kind: 'nil';
}
export interface FieldNode extends Base {
  kind: 'field';
  ident: string[];
}
export interface ChainNode extends Base {
  kind: 'chain';
  node: Node;
  field: string[];
}
export interface BoolNode extends Base {
  kind: 'bool';
  value: boolean;
}
export interface NumberNode extends Base {
  kind: 'number';
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  text: string;
}
export interface StringNode extends Base {
  kind: 'string';
  quoted: string;
  text: string;
}
export interface EndNode extends Base {
  kind: 'end';
}
export interface ElseNode extends Base {
  kind: 'else';
}
export interface BranchNode extends Base {
  kind: 'if' | 'range' | 'with';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface BreakNode extends Base {
  kind: 'break';
}
export interface ContinueNode extends Base {
  kind: 'continue';
}
export interface TemplateNode extends Base {
  kind: 'template';
  name: string;
  pipe: PipeNode | null;
}

export type Node =
  | ListNode
  | TextNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BranchNode
  | BreakNode
  | ContinueNode
  | TemplateNode;

/** Go's Node.String(). */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + ' := ';
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((i) => '.' + i).join('');
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return s + '{{end}}';
    }
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'template':
      return `{{template ${quote(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`;
  }
}

/** Go's parse.IsEmptyTree: nothing but space (and comments). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.kind) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim().length === 0 || /^[\s\u0085\u00a0]*$/.test(n.text);
    default:
      return false;
  }
}

/** Byte length of a string in UTF-8 (Go positions are byte offsets). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Go's Tree.ErrorContext: "NAME:LINE:COL" (column in bytes) and the node's text. */
export function errorContext(n: Node): { location: string; line: number; col: number; context: string } {
  const text = n.src.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const col = nl === -1 ? utf8Length(text) : utf8Length(text.slice(nl + 1));
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
  return { location: `${n.src.parseName}:${line}:${col}`, line, col, context: nodeString(n) };
}
