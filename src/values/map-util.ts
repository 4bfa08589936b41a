/**
 * Own-property access for Go maps held in plain objects. Keys come from users (`--set
 * __proto__=x` is a legal helm key), so reads must not see inherited properties and writes must
 * define an own property instead of touching the prototype.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';

export function hasKey(m: GoMap, k: string): boolean {
  return Object.hasOwn(m, k);
}

export function getKey(m: GoMap, k: string): unknown {
  return Object.hasOwn(m, k) ? m[k] : undefined;
}

export function setKey(m: GoMap, k: string, v: unknown): void {
  if (k === '__proto__') {
    Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  } else {
    m[k] = v;
  }
}

/** istable: a Go map[string]interface{} (what helm calls a YAML table). */
export function isTable(v: unknown): v is GoMap {
  return isMap(v);
}

/** A new empty Go map. */
export function newMap(): GoMap {
  return {};
}
