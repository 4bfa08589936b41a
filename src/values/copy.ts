/**
 * Deep copies of Go values (copystructure.Copy as helm uses it): maps and slices are copied,
 * scalars, byte slices' contents and structs are shared... except byte slices, which are copied.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { setKey } from './map-util.js';

export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (isMap(v)) return deepCopyMap(v) as T;
  return v;
}

export function deepCopyMap(m: GoMap): GoMap {
  const out: GoMap = {};
  for (const k of Object.keys(m)) setKey(out, k, deepCopy(m[k]));
  return out;
}

/** A shallow copy of a map (Go's maps.Copy into a new map). */
export function copyMap(m: GoMap): GoMap {
  const out: GoMap = {};
  for (const k of Object.keys(m)) setKey(out, k, m[k]);
  return out;
}
