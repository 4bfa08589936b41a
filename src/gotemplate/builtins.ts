/**
 * text/template's predefined functions (and, or, not, len, index, slice, eq…, print…, html,
 * js, urlquery, call) with Go's semantics and error texts.
 *
 * Parameters typed 'value' receive the raw executor value (Go: reflect.Value): `undefined` for
 * "no value" (an invalid reflect.Value) and `null` for a nil interface.
 */
import { goTypeName, sprint, sprintf, sprintln } from './fmt.js';
import { isPrint } from './strconv.js';
import { compareGoStrings, GoStruct, isMap, isNil, type ParamType, truth } from './value.js';

export type ExecParam = ParamType | 'value';

/** A function as the executor calls it: a TemplateFunc whose params may also be 'value'. */
export interface ExecFunc {
  readonly fn: (...args: any[]) => unknown;
  readonly params: readonly ExecParam[];
  readonly variadic?: ExecParam;
}

function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Go's len(s) for a string: its length in UTF-8 bytes. */
export function byteLength(s: string): number {
  return isAscii(s) ? s.length : utf8Bytes(s).length;
}

/** Whether a map (plain object) has a key, without listing its keys. */
export function hasKeys(m: object): boolean {
  for (const k in m) if (Object.hasOwn(m, k)) return true;
  return false;
}

/**
 * Go's template truth of an executor value: value.ts's truth(), plus a Go map type with methods
 * (a GoStruct whose goMapEntries() is a map), which is true when it has entries.
 */
export function goTruth(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return truth(v);
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoStruct) {
    const entries = v.goMapEntries();
    return entries === undefined || hasKeys(entries);
  }
  if (isMap(v)) return hasKeys(v);
  return true;
}

function length(item: unknown): bigint {
  if (item instanceof GoStruct) {
    const entries = item.goMapEntries();
    if (entries !== undefined) return BigInt(Object.keys(entries).length);
  }
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  throw new Error(`len of type ${goTypeName(item)}`);
}

function indexArg(index: unknown, cap: number): number {
  if (isNil(index)) throw new Error('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new Error(`index out of range: ${index}`);
  return Number(index);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new Error('index of untyped nil');
  for (let idx of indexes) {
    if (idx === null) idx = undefined;
    if (isNil(item)) throw new Error('index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item) || item instanceof Uint8Array) {
      const bytes = typeof item === 'string' && !isAscii(item) ? utf8Bytes(item) : item;
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) {
        // Go's indexArg admits len; reflect then panics.
        throw new Error(`reflect: ${typeof item === 'string' ? 'string' : 'slice'} index out of range`);
      }
      if (typeof bytes === 'string') item = BigInt(bytes.charCodeAt(x));
      else if (bytes instanceof Uint8Array) item = BigInt(bytes[x]!);
      else item = bytes[x] ?? null;
    } else if (isMap(item)) {
      if (idx === undefined) throw new Error('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`);
      item = Object.hasOwn(item, idx) ? (item[idx] ?? null) : null;
    } else if (item instanceof GoStruct && item.goMapEntries() !== undefined) {
      // A Go map type with methods (helm's .Files): index its entries; a missing key yields the
      // zero value of its element type.
      if (idx === undefined) throw new Error('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`);
      const entries = item.goMapEntries()!;
      item = Object.hasOwn(entries, idx) ? (entries[idx] ?? null) : item.goMapZero();
    } else {
      throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  let bytes: Uint8Array | undefined;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    if (!isAscii(item)) bytes = utf8Bytes(item);
    len = bytes ? bytes.length : item.length;
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    len = item.length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x === null ? undefined : x, len);
  });
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!)
    throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') {
    return bytes ? new TextDecoder().decode(bytes.subarray(idx[0], idx[1])) : item.slice(idx[0], idx[1]);
  }
  return item.slice(idx[0], idx[1]);
}

// --- comparison ----------------------------------------------------------------------------

enum Kind {
  Invalid,
  Bool,
  Int,
  Float,
  String,
}

function basicKind(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return Kind.Bool;
    case 'bigint':
      return Kind.Int;
    case 'number':
      return Kind.Float;
    case 'string':
      return Kind.String;
  }
  return Kind.Invalid;
}

function reflectKind(v: unknown): string {
  if (isNil(v)) return 'invalid';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (isMap(v)) return 'map';
  if (v instanceof GoStruct) {
    if (v.goMapEntries() !== undefined) return 'map';
    return v.goTypeName.startsWith('*') ? 'ptr' : 'struct';
  }
  return typeof v;
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  if (arg2.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of arg2) {
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (!isNil(arg1) && !isNil(arg)) {
        throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg)}`);
      }
    } else if (k1 !== Kind.Invalid) {
      t = arg1 === arg;
    } else {
      const rk1 = reflectKind(arg1);
      const rk2 = reflectKind(arg);
      if (rk1 !== rk2 && rk1 !== 'invalid' && rk2 !== 'invalid') {
        throw new Error(
          sprintf('non-comparable types %s: %v, %s: %v', arg1, goTypeName(arg1), goTypeName(arg), arg),
        );
      }
      if (isNil(arg1) || isNil(arg)) t = isNil(arg1) === isNil(arg);
      else {
        if (rk2 === 'slice' || rk2 === 'map') {
          throw new Error(sprintf('non-comparable type %s: %v', arg, goTypeName(arg)));
        }
        t = arg1 === arg;
      }
    }
    if (t) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (k1 === Kind.Invalid) throw new Error('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === Kind.Invalid) throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  switch (k1) {
    case Kind.Bool:
      throw new Error('invalid type for comparison');
    case Kind.String:
      return compareGoStrings(a as string, b as string) < 0;
    default:
      return (a as number) < (b as number);
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

// --- escaping ------------------------------------------------------------------------------

/** Go's template.evalArgs: the textual form of the arguments, as fmt.Sprint with <no value> for nil. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(...args.map((a) => (isNil(a) ? '<no value>' : a)));
}

export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\uFFFD';
    }
  });
}

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isPrint(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 32) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function callFn(fn: unknown, ...args: unknown[]): unknown {
  if (isNil(fn)) throw new Error('call of nil');
  if (typeof fn === 'function') return fn(...args);
  if (typeof fn === 'object' && fn !== null && typeof (fn as ExecFunc).fn === 'function') {
    const f = fn as ExecFunc;
    const numIn = f.params.length;
    if (f.variadic !== undefined) {
      if (args.length < numIn) {
        throw new Error(`wrong number of args: got ${args.length} want at least ${numIn}`);
      }
    } else if (args.length !== numIn) {
      throw new Error(`wrong number of args: got ${args.length} want ${numIn}`);
    }
    return f.fn(...args);
  }
  throw new Error(`non-function of type ${goTypeName(fn)}`);
}

const V: ExecParam = 'value';

/** The predefined functions, by name. `and`/`or` are evaluated lazily by the executor. */
export const BUILTINS: ReadonlyMap<string, ExecFunc> = new Map<string, ExecFunc>([
  [
    'and',
    {
      fn: () => {
        throw new Error('unreachable');
      },
      params: [V],
      variadic: V,
    },
  ],
  [
    'or',
    {
      fn: () => {
        throw new Error('unreachable');
      },
      params: [V],
      variadic: V,
    },
  ],
  ['call', { fn: callFn, params: [V], variadic: V }],
  ['html', { fn: (...a: unknown[]) => htmlEscapeString(evalArgs(a)), params: [], variadic: 'any' }],
  ['index', { fn: index, params: [V], variadic: V }],
  ['slice', { fn: slice, params: [V], variadic: V }],
  ['js', { fn: (...a: unknown[]) => jsEscapeString(evalArgs(a)), params: [], variadic: 'any' }],
  ['len', { fn: length, params: [V] }],
  ['not', { fn: (a: unknown) => !goTruth(a), params: [V] }],
  ['print', { fn: sprint, params: [], variadic: 'any' }],
  ['printf', { fn: sprintf, params: ['string'], variadic: 'any' }],
  ['println', { fn: sprintln, params: [], variadic: 'any' }],
  ['urlquery', { fn: (...a: unknown[]) => queryEscape(evalArgs(a)), params: [], variadic: 'any' }],
  ['eq', { fn: eq, params: [V], variadic: V }],
  ['ge', { fn: (a: unknown, b: unknown) => !lt(a, b), params: [V, V] }],
  ['gt', { fn: (a: unknown, b: unknown) => !le(a, b), params: [V, V] }],
  ['le', { fn: le, params: [V, V] }],
  ['lt', { fn: lt, params: [V, V] }],
  ['ne', { fn: (a: unknown, b: unknown) => !eq(a, b), params: [V, V] }],
]);
