/**
 * Reading inside values by dotted path, as helm's `Values.Table` and `Values.PathValue` do
 * (dependency conditions, tags and import-values use them).
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { getKey, hasKey } from './map-util.js';

/** The table at `a.b.c`, or undefined when a step is missing or not a map (helm's ErrNoTable). */
export function table(values: GoMap, path: string): GoMap | undefined {
  let t: GoMap = values;
  for (const n of path.split('.')) {
    const v = getKey(t, n);
    if (!isMap(v)) return undefined;
    t = v;
  }
  return t;
}

/**
 * The non-table value at `a.b.c`: `{found: true, value}` or `{found: false}` (helm's ErrNoValue).
 * A path ending on a table is "not a value".
 */
export function pathValue(values: GoMap, path: string): { found: true; value: unknown } | { found: false } {
  if (path === '') return { found: false };
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length === 0 ? values : table(values, parts.join('.'));
  if (!t || !hasKey(t, key) || isMap(getKey(t, key))) return { found: false };
  return { found: true, value: getKey(t, key) };
}
