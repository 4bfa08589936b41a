/** Go's reflect.DeepEqual over the value model (bigint 1 and float 1 differ, as int and float64 do). */
import { GoStruct, isMap, isNil } from './go.js';

/** Structs that hold private state implement this to take part in deepEqual. */
export interface DeepEqualer {
  goDeepEqual(other: unknown): boolean;
}

function hasDeepEqual(v: unknown): v is DeepEqualer {
  return typeof (v as Partial<DeepEqualer>)?.goDeepEqual === 'function';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return a === b; // NaN !== NaN, as in Go
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof GoStruct) {
    if (!(b instanceof GoStruct) || a.constructor !== b.constructor) return false;
    if (hasDeepEqual(a)) return a.goDeepEqual(b);
    return deepEqualMaps(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>);
  }
  if (isMap(a)) return isMap(b) && deepEqualMaps(a, b);
  return a === b;
}

function deepEqualMaps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
