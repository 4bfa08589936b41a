/**
 * Sprig's dictionary functions (dict.go). Dicts are Go `map[string]interface{}` values — plain
 * objects here — and `set`, `unset`, `merge*` modify their first argument as Go does.
 * Go iterates maps in random order; `keys` and `values` use sorted key order instead.
 */
import { empty } from './empty.js';
import { type FuncMap, func, type GoMap, isMap, isNil, sortedKeys, typeName } from './go.js';
import { strval } from './gostrings.js';

/** Sets a key without tripping over JavaScript's special `__proto__` property. */
export function setKey(m: GoMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

const has = (m: GoMap | null | undefined, key: string): m is GoMap => !isNil(m) && Object.hasOwn(m, key);

function dict(...v: unknown[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) setKey(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  return out;
}

/**
 * mergo.Merge / MergeWithOverwrite (dario.cat/mergo v1.0.1) for maps of interface values:
 * nested maps merge recursively (in place); without overwrite only missing or empty
 * destination values are filled; with overwrite every source value wins, nil and empty ones
 * included, except that a non-empty destination slice or map-into-map stays merged.
 */
export function mergeMaps(dst: GoMap, src: GoMap | null | undefined, overwrite: boolean): void {
  if (isNil(src)) return;
  for (const key of Object.keys(src)) {
    const s = src[key];
    const dHas = Object.hasOwn(dst, key);
    const d = dHas ? dst[key] : undefined;
    if (isNil(s)) {
      if (overwrite) setKey(dst, key, null);
      continue;
    }
    const sIsSlice = Array.isArray(s) || s instanceof Uint8Array;
    if (isMap(s)) {
      if (dHas && isMap(d)) mergeMaps(d, s, overwrite);
    } else if (sIsSlice) {
      // mergo decides between the two slices by the emptiness of the whole destination map.
      let dstSlice: unknown = !dHas || isNil(d) ? [] : d;
      if (overwrite || Object.keys(dst).length === 0) dstSlice = s;
      setKey(dst, key, dstSlice);
    }
    if (dHas && !empty(d)) {
      if (sIsSlice) continue;
      if (isMap(s) && isMap(d)) continue;
    }
    if (overwrite || !dHas || empty(d)) setKey(dst, key, s);
  }
}

function merge(overwrite: boolean) {
  return (dst: GoMap | null, ...srcs: (GoMap | null)[]): GoMap => {
    let out = dst;
    for (const src of srcs) {
      if (isNil(out)) out = {};
      mergeMaps(out, src, overwrite);
    }
    return out ?? {};
  };
}

/** copystructure.Copy over the value model: maps and slices are copied, structs are shared. */
export function deepCopy(v: unknown): unknown {
  if (isNil(v)) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  return copyValue(v);
}

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v instanceof Uint8Array) return v.slice();
  if (isMap(v)) {
    const out: GoMap = {};
    for (const k of Object.keys(v)) setKey(out, k, copyValue(v[k]));
    return out;
  }
  return v;
}

function assertion(v: unknown, want: string): Error {
  return new Error(`interface conversion: interface {} is ${isNil(v) ? 'nil' : typeName(v)}, not ${want}`);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const last = ps[ps.length - 1];
  if (!isMap(last)) throw assertion(last, 'map[string]interface {}');
  const def = ps[ps.length - 2];
  const ks = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertion(k, 'string');
    return k;
  });
  let cur: GoMap = last;
  for (const [i, k] of ks.entries()) {
    if (!Object.hasOwn(cur, k)) return def;
    const step = cur[k];
    if (i === ks.length - 1) return step;
    if (!isMap(step)) throw assertion(step, 'map[string]interface {}');
    cur = step;
  }
  return def;
}

export function dictFuncs(): FuncMap {
  const mergeF = func(['map'], merge(false), 'map');
  const mergeOverwriteF = func(['map'], merge(true), 'map');
  const deepCopyF = func(['any'], deepCopy);
  return new Map([
    ['dict', func([], dict, 'any')],
    ['get', func(['map', 'string'], (d: GoMap | null, k: string) => (has(d, k) ? d[k] : ''))],
    [
      'set',
      func(['map', 'string', 'any'], (d: GoMap | null, k: string, v: unknown) => {
        if (isNil(d)) throw new Error('assignment to entry in nil map');
        setKey(d, k, v);
        return d;
      }),
    ],
    [
      'unset',
      func(['map', 'string'], (d: GoMap | null, k: string) => {
        if (has(d, k)) delete d[k];
        return d ?? {};
      }),
    ],
    ['hasKey', func(['map', 'string'], (d: GoMap | null, k: string) => has(d, k))],
    [
      'pluck',
      func(
        ['string'],
        (k: string, ...ds: (GoMap | null)[]) => ds.filter((d) => has(d, k)).map((d) => d![k]),
        'map',
      ),
    ],
    [
      'keys',
      func([], (...ds: (GoMap | null)[]) => ds.flatMap((d) => (isNil(d) ? [] : sortedKeys(d))), 'map'),
    ],
    [
      'pick',
      func(
        ['map'],
        (d: GoMap | null, ...ks: string[]) => {
          const out: GoMap = {};
          for (const k of ks) if (has(d, k)) setKey(out, k, d[k]);
          return out;
        },
        'string',
      ),
    ],
    [
      'omit',
      func(
        ['map'],
        (d: GoMap | null, ...ks: string[]) => {
          const out: GoMap = {};
          const drop = new Set(ks);
          if (!isNil(d)) for (const k of Object.keys(d)) if (!drop.has(k)) setKey(out, k, d[k]);
          return out;
        },
        'string',
      ),
    ],
    ['merge', mergeF],
    ['mustMerge', mergeF],
    ['mergeOverwrite', mergeOverwriteF],
    ['mustMergeOverwrite', mergeOverwriteF],
    ['values', func(['map'], (d: GoMap | null) => (isNil(d) ? [] : sortedKeys(d).map((k) => d[k])))],
    ['deepCopy', deepCopyF],
    ['mustDeepCopy', deepCopyF],
    ['dig', func([], dig, 'any')],
  ]);
}
