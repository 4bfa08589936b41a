/**
 * helm's `toYamlPretty`: go-yaml v3's Encoder with SetIndent(2) on the Go value itself (no JSON
 * round trip): floats print as Go's %g does (`1e+07`), sequences are indented under their key,
 * long strings are not folded.
 */
import { formatFloatG, type GoMap, goStructFields, isGoMap, isGoStruct, isNil } from './go-values.js';
import { emitYaml, V3_FLAVOR, YamlMap, type YamlNode, YamlPlain } from './yaml-emit.js';
import { sortYamlKeys } from './yaml-sort.js';

function floatText(f: number): string {
  const s = formatFloatG(f);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

function mapNode(m: GoMap): YamlMap {
  return new YamlMap(sortYamlKeys(Object.keys(m), true).map((k) => [k, goToV3(m[k])]));
}

/** The node go-yaml v3 builds for a Go value. */
export function goToV3(v: unknown): YamlNode {
  if (isNil(v)) return new YamlPlain('null');
  switch (typeof v) {
    case 'boolean':
      return new YamlPlain(v ? 'true' : 'false');
    case 'string':
      return v;
    case 'bigint':
      return new YamlPlain(v.toString());
    case 'number':
      return new YamlPlain(floatText(v));
  }
  if (v instanceof Uint8Array) return Array.from(v, (b) => new YamlPlain(String(b)));
  if (Array.isArray(v)) return v.map(goToV3);
  if (isGoMap(v)) return mapNode(v);
  if (isGoStruct(v)) {
    const entries = v.goMapEntries?.();
    if (entries) return mapNode(entries);
    // v3 names a struct field by its lower-cased Go name.
    return new YamlMap(goStructFields(v).map((k) => [k.toLowerCase(), goToV3((v as unknown as GoMap)[k])]));
  }
  throw new Error(`cannot marshal type: ${typeof v}`);
}

/** go-yaml v3 Encoder (indent 2) output for a Go value, ending with a line break. */
export function toYamlPretty(v: unknown): string {
  return emitYaml(goToV3(v), V3_FLAVOR);
}
