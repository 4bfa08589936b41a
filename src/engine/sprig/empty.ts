/** Sprig's `empty`: Go's zero-value test (reflect based), the rule behind `default`, `compact`, `coalesce`. */
import { GoStruct, isMap, isNil } from './go.js';

export function empty(v: unknown): boolean {
  if (isNil(v)) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoStruct) {
    const entries = v.goMapEntries();
    return entries ? Object.keys(entries).length === 0 : false;
  }
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}
