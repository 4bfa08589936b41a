/**
 * The template executor: Go's text/template exec.go over the value model of value.ts.
 *
 * Executor values: `undefined` is Go's invalid reflect.Value ("no value"), `null` a nil
 * interface{} (a map entry that is nil or missing under missingkey=zero). After each pipeline
 * command a nil interface becomes "no value", as Go unwraps interface{} results.
 */
import { BUILTINS, type ExecFunc, type ExecParam, goTruth } from './builtins.js';
import { TemplateExecError } from './errors.js';
import { goTypeName, sprint } from './fmt.js';
import {
  type BranchNode,
  type ChainNode,
  type CommandNode,
  errorContext,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  nodeString,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from './nodes.js';
import type { Tree } from './parser.js';
import { quote } from './strconv.js';
import { formatFloatG, GoStruct, isMap, isNil, sortedKeys } from './value.js';

export type MissingKey = 'default' | 'zero' | 'error';

/** What an execution needs from its template set. */
export interface ExecContext {
  lookup(name: string): Tree | undefined;
  /** The function `name` (a builtin unless the set defines its own). */
  func(name: string): ExecFunc | undefined;
  readonly missingKey: MissingKey;
  readonly maxDepth: number;
}

const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

interface Variable {
  name: string;
  value: unknown;
  /** The value's static type is interface{} (an element of a map or slice). */
  iface: boolean;
}

function goType(t: ExecParam): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'bytes':
      return '[]uint8';
    case 'value':
      return 'reflect.Value';
    default:
      return t;
  }
}

function canBeNil(t: ExecParam): boolean {
  return t === 'any' || t === 'slice' || t === 'map' || t === 'bytes' || t === 'value';
}

function assignable(v: unknown, t: ExecParam): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'int':
    case 'int64':
      return typeof v === 'bigint';
    case 'float64':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'slice':
      return Array.isArray(v);
    case 'map':
      return isMap(v);
    case 'bytes':
      return v instanceof Uint8Array;
    default:
      return true;
  }
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

/** Parameter lists of untyped methods, by arity: every parameter is interface{}. */
const ANY_PARAMS: (readonly ExecParam[])[] = [];
function anyParams(n: number): readonly ExecParam[] {
  return (ANY_PARAMS[n] ??= new Array<ExecParam>(n).fill('any'));
}

/** Method `name` of a struct value, to be called with the struct as `this`. */
function methodOf(recv: GoStruct, name: string): ExecFunc | undefined {
  if (!recv.goMethods().includes(name)) return undefined;
  const fn = (recv as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') return undefined;
  const typed = recv.goMethodParams(name);
  if (typed) {
    return typed.variadic === undefined
      ? { fn: fn as ExecFunc['fn'], params: typed.params }
      : { fn: fn as ExecFunc['fn'], params: typed.params, variadic: typed.variadic };
  }
  return { fn: fn as ExecFunc['fn'], params: anyParams(fn.length) };
}

/** One execution of one template (Go: state). */
export class ExecState {
  out = '';
  node: Node | null = null;
  vars: Variable[];
  /** Whether dot's static type is interface{} (inside range over a slice or map). */
  dotIface = false;
  /** Side channel of evalField: whether its result's static type is interface{}. */
  lastIface = false;

  constructor(
    readonly ctx: ExecContext,
    readonly name: string,
    data: unknown,
    readonly depth: number,
  ) {
    this.vars = [{ name: '$', value: data, iface: false }];
  }

  // --- errors --------------------------------------------------------------------------------
  errorf(msg: string): never {
    if (this.node === null) {
      throw new TemplateExecError(`template: ${this.name}: ${msg}`, this.name, this.name, 0, 0);
    }
    const c = errorContext(this.node);
    throw new TemplateExecError(
      `template: ${c.location}: executing ${quote(this.name)} at <${c.context}>: ${msg}`,
      this.name,
      this.node.src.parseName,
      c.line,
      c.col,
    );
  }

  // --- variables -----------------------------------------------------------------------------
  setVar(name: string, value: unknown, iface: boolean): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) {
        v.value = value;
        v.iface = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    v.value = value;
    v.iface = iface;
  }
  varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking -------------------------------------------------------------------------------
  walk(dot: unknown, node: Node): void {
    this.node = node;
    switch (node.kind) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list': {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) this.walk(dot, nodes[i]!);
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.out += node.text;
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (goTruth(val)) {
        if (node.kind === 'with') {
          const save = this.dotIface;
          this.dotIface = false;
          try {
            this.walk(val, node.list);
          } finally {
            this.dotIface = save;
          }
        } else this.walk(dot, node.list);
      } else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  oneIteration(r: BranchNode, mark: number, index: unknown, elem: unknown, iface: boolean): void {
    const decl = r.pipe.decl;
    if (decl.length > 0) {
      if (r.pipe.isAssign) {
        if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index, false);
        else this.setVar(decl[0]!.ident[0]!, elem, iface);
      } else this.setTopVar(1, elem, iface);
    }
    if (decl.length > 1) {
      if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, iface);
      else this.setTopVar(2, index, false);
    }
    const save = this.dotIface;
    this.dotIface = iface;
    try {
      this.walk(elem, r.list);
    } catch (e) {
      if (e !== CONTINUE) throw e;
    } finally {
      this.dotIface = save;
      this.vars.length = mark;
    }
  }

  walkRange(dot: unknown, r: BranchNode): void {
    this.node = r;
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      if (Array.isArray(val)) {
        if (val.length > 0) {
          for (let i = 0; i < val.length; i++) this.oneIteration(r, mark, BigInt(i), val[i] ?? null, true);
          return;
        }
      } else if (val instanceof Uint8Array) {
        if (val.length > 0) {
          for (let i = 0; i < val.length; i++) this.oneIteration(r, mark, BigInt(i), BigInt(val[i]!), false);
          return;
        }
      } else if (isMap(val)) {
        const keys = sortedKeys(val);
        if (keys.length > 0) {
          for (const k of keys) this.oneIteration(r, mark, k, val[k] ?? null, true);
          return;
        }
      } else if (val instanceof GoStruct && val.goMapEntries() !== undefined) {
        // A Go map type with methods (helm's .Files): its elements have the map's element type.
        const entries = val.goMapEntries()!;
        const keys = sortedKeys(entries);
        if (keys.length > 0) {
          for (const k of keys) this.oneIteration(r, mark, k, entries[k] ?? null, false);
          return;
        }
      } else if (typeof val === 'bigint') {
        if (r.pipe.decl.length > 1) {
          this.errorf(`can't use ${sprint(val)} to iterate over more than one variable`);
        }
        if (val > 0n) {
          for (let i = 0n; i < val; i++) this.oneIteration(r, mark, i, i, false);
          return;
        }
      } else if (!isNil(val)) {
        this.errorf(`range can't iterate over ${sprint(val)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.vars.length = outer;
    }
  }

  walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.ctx.lookup(t.name);
    if (tmpl === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= this.ctx.maxDepth) {
      this.errorf(`exceeded maximum template depth (${this.ctx.maxDepth})`);
    }
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const child = new ExecState(this.ctx, t.name, newDot, this.depth + 1);
    try {
      child.walk(newDot, tmpl.root);
    } finally {
      this.out += child.out;
    }
  }

  // --- evaluation ----------------------------------------------------------------------------
  evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i]!, value);
      if (value === null) value = undefined; // interface{} results are unwrapped
    }
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      const name = decl[i]!.ident[0]!;
      if (pipe.isAssign) this.setVar(name, value, false);
      else this.vars.push({ name, value, iface: false });
    }
    return value;
  }

  notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
  }

  idealConstant(c: NumberNode): unknown {
    this.node = c;
    if (c.isComplex) this.errorf(`complex constant ${c.text} is not supported`);
    if (c.isFloat && !isHexInt(c.text) && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: unknown, field: FieldNode, args: Node[] | null, final: Final): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, this.dotIface, field, field.ident, args, final);
  }

  evalChainNode(dot: unknown, chain: ChainNode, args: Node[] | null, final: Final): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // Go evaluates the head with a nil type: no conversion, "no value" stays "no value".
    const pipe = this.evalArg(dot, 'value', chain.node);
    return this.evalFieldChain(dot, pipe, this.lastIface, chain, chain.field, args, final);
  }

  evalVariableNode(dot: unknown, v: VariableNode, args: Node[] | null, final: Final): unknown {
    this.node = v;
    const variable = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [v], final);
      this.lastIface = variable.iface;
      return variable.value;
    }
    return this.evalFieldChain(dot, variable.value, variable.iface, v, v.ident, args, final, 1);
  }

  /** Evaluates the fields ident[from:] of `receiver` in turn; the last one gets the arguments. */
  evalFieldChain(
    dot: unknown,
    receiver: unknown,
    iface: boolean,
    node: Node,
    ident: string[],
    args: Node[] | null,
    final: Final,
    from = 0,
  ): unknown {
    const n = ident.length;
    for (let i = from; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i]!, node, null, MISSING, receiver, iface);
      iface = this.lastIface;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver, iface);
  }

  evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): unknown {
    this.node = node;
    const name = node.ident;
    const f = this.ctx.func(name);
    if (f === undefined) this.errorf(`${quote(name)} is not a defined function`);
    const builtin = f === BUILTINS.get(name);
    const v = this.evalCall(dot, f, builtin, cmd, name, args, final);
    this.lastIface = builtin && name === 'index';
    return v;
  }

  evalField(
    dot: unknown,
    fieldName: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: unknown,
    iface: boolean,
  ): unknown {
    this.lastIface = false;
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const method = methodOf(receiver, fieldName);
      if (method) {
        const v = this.evalCall(dot, method, false, node, fieldName, args, final, receiver);
        this.lastIface = v === null;
        return v;
      }
      const entries = receiver.goMapEntries();
      if (entries !== undefined) {
        // A Go map type with methods (helm's .Files): not a method, so a key of the map.
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        if (Object.hasOwn(entries, fieldName)) return entries[fieldName] ?? null;
        switch (this.ctx.missingKey) {
          case 'zero':
            return receiver.goMapZero();
          case 'error':
            this.errorf(`map has no entry for key ${quote(fieldName)}`);
            break;
          default:
            return undefined;
        }
      }
      if (Object.hasOwn(receiver, fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        const v = (receiver as unknown as Record<string, unknown>)[fieldName];
        this.lastIface = v === null || v === undefined;
        return v ?? null;
      }
    } else if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      this.lastIface = true;
      if (Object.hasOwn(receiver, fieldName)) return receiver[fieldName] ?? null;
      switch (this.ctx.missingKey) {
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${quote(fieldName)}`);
          break;
        default:
          return undefined;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${iface ? 'interface {}' : goTypeName(receiver)}`);
  }

  evalCall(
    dot: unknown,
    fun: ExecFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: Node[] | null,
    final: Final,
    receiver?: unknown,
  ): unknown {
    // The arguments are argNodes[1:] (argNodes[0] names the function).
    const nargs = argNodes === null ? 0 : argNodes.length - 1;
    const params = fun.params;
    let numIn = nargs;
    if (final !== MISSING) numIn++;
    let numFixed = nargs;
    if (fun.variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${nargs}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (let i = 0; i < nargs; i++) {
        v = this.evalArg(dot, 'value', argNodes![i + 1]!);
        if (goTruth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: unknown[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++) argv[i] = this.evalArg(dot, params[i]!, argNodes![i + 1]!);
    if (fun.variadic !== undefined) {
      for (; i < nargs; i++) argv[i] = this.evalArg(dot, fun.variadic, argNodes![i + 1]!);
    }
    if (final !== MISSING) {
      let t: ExecParam;
      if (fun.variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1]! : fun.variadic;
      else t = params[params.length - 1]!;
      argv[i] = this.validateType(final, t);
    }
    let result: unknown;
    try {
      result = fun.fn.apply(receiver ?? fun, argv);
    } catch (e) {
      this.node = node;
      const msg = e instanceof Error ? e.message : String(e);
      this.errorfCause(`error calling ${name}: ${msg}`, e);
    }
    return result === undefined ? null : result;
  }

  errorfCause(msg: string, cause: unknown): never {
    try {
      this.errorf(msg);
    } catch (e) {
      if (e instanceof TemplateExecError) {
        throw new TemplateExecError(e.message, e.templateName, e.file, e.line, e.column, { cause });
      }
      throw e;
    }
  }

  validateType(value: unknown, typ: ExecParam): unknown {
    if (typ === 'value') return value;
    if (value === undefined) {
      if (canBeNil(typ)) return null;
      this.errorf(`invalid value; expected ${goType(typ)}`);
    }
    if (typ === 'any') return value;
    if (value === null) {
      this.errorf(`wrong type for value; expected ${goType(typ)}; got interface {}`);
    }
    if (!assignable(value, typ)) {
      this.errorf(`wrong type for value; expected ${goType(typ)}; got ${goTypeName(value)}`);
    }
    return value;
  }

  /**
   * Evaluates an argument for a parameter of type `typ`; afterwards lastIface reports whether
   * the result's static type is interface{} (used for chains on call results).
   */
  evalArg(dot: unknown, typ: ExecParam, n: Node): unknown {
    this.node = n;
    let v: unknown;
    switch (n.kind) {
      case 'dot':
        this.lastIface = this.dotIface;
        return this.validateType(dot, typ);
      case 'nil':
        if (canBeNil(typ)) return typ === 'value' ? undefined : null;
        this.errorf(`cannot assign nil to ${goType(typ)}`);
        break;
      case 'field':
        v = this.evalFieldNode(dot, n, null, MISSING);
        return this.validateType(v, typ);
      case 'variable':
        v = this.evalVariableNode(dot, n, null, MISSING);
        return this.validateType(v, typ);
      case 'pipe':
        v = this.evalPipeline(dot, n);
        this.lastIface = false;
        return this.validateType(v, typ);
      case 'identifier':
        v = this.evalFunction(dot, n, n, null, MISSING);
        return this.validateType(v, typ);
      case 'chain':
        v = this.evalChainNode(dot, n, null, MISSING);
        return this.validateType(v, typ);
    }
    this.lastIface = false;
    switch (typ) {
      case 'bool':
        this.node = n;
        if (n.kind === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'float64':
        this.node = n;
        if (n.kind === 'number' && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
      case 'int64':
        this.node = n;
        if (n.kind === 'number' && n.isInt) return n.int64;
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'string':
        this.node = n;
        if (n.kind === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case 'any':
      case 'value':
        return this.evalEmptyInterface(dot, n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${goType(typ)}`);
  }

  evalEmptyInterface(dot: unknown, n: Node): unknown {
    this.node = n;
    switch (n.kind) {
      case 'bool':
        return n.value;
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldNode(dot, n, null, MISSING);
      case 'identifier':
        return this.evalFunction(dot, n, n, null, MISSING);
      case 'nil':
        this.errorf("evalEmptyInterface: nil (can't happen)");
        break;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
      case 'variable':
        return this.evalVariableNode(dot, n, null, MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  printValue(n: Node, v: unknown): void {
    this.node = n;
    switch (typeof v) {
      case 'string':
        this.out += v;
        return;
      case 'undefined':
        this.out += '<no value>';
        return;
      case 'bigint':
        this.out += v.toString();
        return;
      case 'number':
        this.out += formatFloatG(v);
        return;
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return;
      case 'function':
        this.errorf(`can't print ${nodeString(n)} of type func`);
    }
    // text/template prints what a pointer points to: a *struct prints `{…}`, not fmt's `&{…}`
    // (unless the pointer is a fmt.Stringer, which formatV already honours).
    const s = sprint(v);
    this.out += v instanceof GoStruct && s.startsWith('&{') ? s.slice(1) : s;
  }
}
