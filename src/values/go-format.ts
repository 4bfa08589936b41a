/**
 * Go's fmt `%t` verb applied to any value, as helm's "type mismatch on %s: %t" prints it:
 * booleans print as words, anything else as `%!t(type=value)`, element-wise inside slices and maps.
 */
import { formatV, isMap, sortedKeys } from '../gotemplate/index.js';

function scalarType(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
  }
  return 'interface {}';
}

export function goFormatT(v: unknown): string {
  if (v === null || v === undefined) return '%!t(<nil>)';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goFormatT).join(' ')}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${goFormatT(k)}:${goFormatT(v[k])}`)
      .join(' ')}]`;
  return `%!t(${scalarType(v)}=${formatV(v)})`;
}
