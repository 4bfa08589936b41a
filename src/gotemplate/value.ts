/**
 * The Go value model shared by the template executor and every function library.
 *
 * Templates in helm operate on Go values. bosun represents them with plain JavaScript values so
 * that values files, JSON and YAML need no wrapping, and keeps the distinctions Go's printing
 * and comparison rules depend on:
 *
 * | Go                         | JavaScript                                              |
 * |----------------------------|---------------------------------------------------------|
 * | nil (interface, map, slice)| `null` or `undefined` (both are "nil")                  |
 * | bool                       | `boolean`                                               |
 * | string                     | `string`                                                |
 * | int, int64 (and other ints)| `bigint` (wrapped to 64 bits by arithmetic)             |
 * | float64                    | `number` (YAML/JSON numbers are float64, as in helm)    |
 * | []byte                     | `Uint8Array`                                            |
 * | []interface{}, []string    | `unknown[]`                                             |
 * | map[string]interface{}     | a plain object (prototype `Object.prototype` or `null`) |
 * | struct / *struct           | an instance of a class extending `GoStruct`             |
 *
 * Struct fields are the instance's own properties; struct methods callable from templates
 * (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`) are listed in `goMethods`.
 */

/** Base of values that behave as Go structs (or pointers to structs) in templates. */
export abstract class GoStruct {
  /** Go's type name as `%T` prints it, e.g. `*chart.Metadata`. */
  abstract readonly goTypeName: string;
  /** Names of methods templates may call; each must be a method of the instance. */
  goMethods(): readonly string[] {
    return [];
  }
  /**
   * For a Go *map type with methods* (helm's `.Files` is `map[string][]byte` with Get/Glob/…):
   * return the map's entries. Then the value ranges, indexes, `len`s and prints as that map,
   * while `.Name` selects a method from goMethods() first and a map key otherwise.
   * Return undefined (the default) for an ordinary struct.
   */
  goMapEntries(): GoMap | undefined {
    return undefined;
  }
  /**
   * For a map type (see goMapEntries): the zero value of its element type, which a missing key
   * yields under missingkey=zero and from `index` (helm's `.Files` holds []byte: an empty
   * Uint8Array, printed `[]`). Default null: interface{} elements.
   */
  goMapZero(): unknown {
    return null;
  }
  /**
   * The Go signature of method `name` (one of goMethods()), so that arguments are converted and
   * checked as Go does (`.Capabilities.APIVersions.Has 1` fails: expected string). Undefined (the
   * default): every parameter is interface{}, as many as the JavaScript method declares.
   */
  goMethodParams(
    _name: string,
  ): { readonly params: readonly ParamType[]; readonly variadic?: ParamType } | undefined {
    return undefined;
  }
}

export type GoMap = Record<string, unknown>;

export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** A plain object that stands for a Go map. */
export function isMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const nilMapMark = Symbol.for('bosun.goNilMap');

/**
 * A nil Go map of a concrete map type (chart.Metadata's `Annotations map[string]string` when
 * Chart.yaml has none). Through interface{} it is not nil: it prints `map[]`, `len` is 0, it
 * ranges over nothing and `kindOf` is map — but json.Marshal writes `null`. An empty plain
 * object carrying a hidden mark; copies are ordinary empty maps.
 */
export function goNilMap(): GoMap {
  const m: GoMap = {};
  Object.defineProperty(m, nilMapMark, { value: true });
  return m;
}

export function isGoNilMap(v: unknown): boolean {
  return isMap(v) && (v as Record<symbol, unknown>)[nilMapMark] === true;
}

export function isInt(v: unknown): v is bigint {
  return typeof v === 'bigint';
}

export function isFloat(v: unknown): v is number {
  return typeof v === 'number';
}

/** Go's `%T` of a value (as seen through interface{}). */
export function typeName(v: unknown): string {
  if (isNil(v)) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'function':
      return 'func';
  }
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v))
    return v.length > 0 && v.every((x) => typeof x === 'string') ? '[]string' : '[]interface {}';
  if (v instanceof GoStruct) return v.goTypeName;
  if (isMap(v)) return 'map[string]interface {}';
  return 'unknown';
}

/** Go's `reflect.Kind` name of a value (what sprig's `kindOf`/`kindIs` report). */
export function kindName(v: unknown): string {
  if (isNil(v)) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'function':
      return 'func';
  }
  if (v instanceof Uint8Array || Array.isArray(v)) return 'slice';
  if (v instanceof GoStruct) return v.goTypeName.startsWith('*') ? 'ptr' : 'struct';
  if (isMap(v)) return 'map';
  return 'invalid';
}

/** Go template truthiness: false for nil and for the zero value of the type, and for empty collections. */
export function truth(v: unknown): boolean {
  if (isNil(v)) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
  }
  if (v instanceof Uint8Array) return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** Wraps a JavaScript bigint to Go's int64 range (two's complement overflow, as Go does). */
export function int64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/**
 * Formats a float64 as Go's strconv.FormatFloat(f, 'g', -1, 64) does, which is what `%v`
 * prints: the shortest digits that round-trip, in exponent form when the decimal exponent is
 * < -4 or >= 6 (Go: "if shortest { eprec = 6 }"), so 10000000 prints `1e+07` as in helm.
 */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JavaScript's toExponential() without an argument yields the shortest round-trip digits,
  // exactly the digits Go's shortest formatting chooses.
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant!.startsWith('-');
  const digits = mant!.replace('-', '').replace('.', '');
  const out = exp < -4 || exp >= 6 ? expForm(digits, exp) : fixedForm(digits, exp);
  return neg ? `-${out}` : out;
}

function expForm(digits: string, exp: number): string {
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const sign = exp < 0 ? '-' : '+';
  const e = Math.abs(exp);
  return `${m}e${sign}${e < 10 ? `0${e}` : e}`;
}

function fixedForm(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Sorted keys of a Go map, in Go's order for string keys (byte-wise). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/** Byte-wise comparison of strings, as Go compares them (UTF-8 order equals code point order). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Code point order; JS's default `<` compares UTF-16 code units, which differs for astral characters.
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * Go's `%v` of a value nested inside a composite (and of a top-level value for fmt.Sprint):
 * nil prints `<nil>`, maps `map[k:v ...]` with sorted keys, slices `[a b]`.
 * (text/template prints a top-level nil as `<no value>`; the executor handles that case.)
 */
export function formatV(v: unknown): string {
  if (isNil(v)) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatG(v);
  }
  if (v instanceof Uint8Array) return `[${Array.from(v).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${formatV(v[k])}`)
      .join(' ')}]`;
  if (v instanceof GoStruct) {
    // A fmt.Stringer prints through its String method (e.g. helm's KubeVersion).
    if (v.goMethods().includes('String')) return String((v as unknown as { String(): unknown }).String());
    const entries = v.goMapEntries();
    if (entries) return formatV(entries);
    const fields = structFields(v).map((k) => formatV((v as unknown as GoMap)[k]));
    return `${v.goTypeName.startsWith('*') ? '&' : ''}{${fields.join(' ')}}`;
  }
  return String(v);
}

/** The Go fields of a struct value: its own enumerable properties except `goTypeName`. */
export function structFields(v: GoStruct): string[] {
  return Object.keys(v).filter((k) => k !== 'goTypeName');
}

/**
 * Declared Go parameter types of a template function. The executor converts and checks
 * arguments against them as Go's text/template does (untyped number constants convert;
 * other values must already have the type, else "wrong type for value; expected T; got U").
 */
export type ParamType = 'any' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'slice' | 'map' | 'bytes';

/**
 * A function callable from templates. Arguments arrive converted to the declared types.
 * Throwing (an `Error`) is how a function returns Go's `error` or panics: the executor reports
 * it as `error calling NAME: MESSAGE`, as text/template does.
 */
export interface TemplateFunc {
  readonly fn: (...args: any[]) => unknown;
  /** Fixed parameters. */
  readonly params: readonly ParamType[];
  /** Type of the trailing `...T` parameter, if the Go function is variadic. */
  readonly variadic?: ParamType;
}

export type FuncMap = Map<string, TemplateFunc>;

/** Shorthand for declaring a template function. */
export function func(
  params: readonly ParamType[],
  fn: (...args: any[]) => unknown,
  variadic?: ParamType,
): TemplateFunc {
  return variadic === undefined ? { fn, params } : { fn, params, variadic };
}
