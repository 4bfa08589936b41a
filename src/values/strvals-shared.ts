/**
 * Pieces shared by the strvals parsers (strvals.ts and strvals-literal.ts): limits, the error
 * type, Go panics and their recovery text, list index handling.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { goQuote } from './go-quote.js';
import { setKey } from './map-util.js';

/** Largest list index a set line may use (helm's strvals.MaxIndex). */
export const MAX_INDEX = 65536;
/** Deepest `a.b.c…` nesting a set line may use (helm's strvals.MaxNestedNameLevel). */
export const MAX_NESTED_NAME_LEVEL = 30;

/** A malformed set line; `message` is helm's text without the `failed parsing --set data:` prefix. */
export class StrvalsError extends Error {
  readonly code = 'ESTRVALS';
  constructor(message: string) {
    super(message);
    this.name = 'StrvalsError';
  }
}

/** Reads the value of a `--set-file` entry (the runes after `=`) and returns the value to set. */
export type RunesValueReader = (value: string) => unknown;

/** io.EOF: the end of the line; never escapes the parser. */
export const EOF = Symbol('EOF');
export const NOT_LIST = Symbol('not a list');
export type Err = StrvalsError | typeof EOF | typeof NOT_LIST | undefined;

/** A Go panic inside the parser; recovered by `key` as "unable to parse key: …". */
export class Panic {
  constructor(readonly message: string) {}
}

/** The name Go's runtime prints for the dynamic type of an interface{} value. */
function goRuntimeType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  return 'interface {}';
}

export function assertList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${goRuntimeType(v)}, not []interface {}`);
}

export function assertMap(v: unknown): GoMap {
  if (isMap(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${goRuntimeType(v)}, not map[string]interface {}`);
}

/** unicode.IsSpace. */
export const isSpace = (r: string): boolean =>
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(r);

/** strconv.Atoi as helm calls it on the text between `[` and `]`. */
export function atoi(s: string): number | StrvalsError {
  if (!/^[+-]?[0-9]+$/.test(s))
    return new StrvalsError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n)
    return new StrvalsError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

/** typedVal: how `--set` types a scalar. */
export function typedVal(val: string, asString: boolean): unknown {
  if (asString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return 0n;
  if (val.length > 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n <= 9223372036854775807n && n >= -9223372036854775808n) return n;
  }
  return val;
}

export function set(data: GoMap, key: string, val: unknown): void {
  if (key.length === 0) return;
  setKey(data, key, val);
}

export function setIndex(list: unknown[], index: number, val: unknown): [unknown[], Err] {
  if (index < 0) return [list, new StrvalsError(`negative ${index} index not allowed`)];
  if (index > MAX_INDEX)
    return [
      list,
      new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`),
    ];
  let out = list;
  if (out.length <= index) {
    out = [...list];
    while (out.length <= index) out.push(null);
  }
  out[index] = val;
  return [out, undefined];
}

/** "error parsing index: %w": a wrapped EOF still reads as the end of the line (errors.Is). */
export function indexError(e: Err): Err {
  if (e === EOF) return EOF;
  const msg = e === NOT_LIST ? 'not a list' : (e as StrvalsError).message;
  return new StrvalsError(`error parsing index: ${msg}`);
}
