/**
 * helm's `toYaml`: sigs.k8s.io/yaml.Marshal, i.e. Go's json.Marshal, the JSON read back by
 * go-yaml v2 (so numbers become ints where the JSON text is an integer) and written by go-yaml
 * v2's emitter with keys in go-yaml's order. The result ends with a line break.
 */
import { JsonNumber, type JsonObject, type JsonTree, toJsonTree } from './go-json.js';
import { formatFloatG } from './go-values.js';
import { emitYaml, YamlMap, type YamlNode, YamlPlain } from './yaml-emit.js';
import { resolvePlain } from './yaml-resolve.js';
import { sortYamlKeys } from './yaml-sort.js';

/** An error of go-yaml while reading back the JSON (Go's message in `message`). */
export class YamlMarshalError extends Error {
  readonly code = 'EYAMLMARSHAL';
  constructor(message: string) {
    super(message);
    this.name = 'YamlMarshalError';
  }
}

// Characters Go's JSON writes raw but libyaml's reader refuses.
const YAML_FORBIDDEN = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * A JSON string as go-yaml reads it back: libyaml takes a raw NEL (U+0085, which Go's JSON does
 * not escape) inside a double-quoted scalar for a line break and folds it with the spaces around.
 */
function readBackString(s: string, isKey: boolean): string {
  if (YAML_FORBIDDEN.test(s)) throw new YamlMarshalError('yaml: control characters are not allowed');
  if (!s.includes('\u0085')) return s;
  if (isKey) throw new YamlMarshalError("yaml: line 1: did not find expected ',' or '}'");
  return s.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** How go-yaml v2 writes back a JSON number it has read. */
export function yamlNumberText(json: string): string {
  const r = resolvePlain(json);
  if (r.tag === 'int') return r.value.toString();
  if (r.tag === 'float') {
    const s = formatFloatG(r.value);
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
  }
  return json;
}

const NULL = new YamlPlain('null');
const TRUE = new YamlPlain('true');
const FALSE = new YamlPlain('false');

/** The YAML node go-yaml v2 builds from a JSON document. */
export function jsonTreeToYaml(t: JsonTree): YamlNode {
  if (t === null) return NULL;
  if (typeof t === 'boolean') return t ? TRUE : FALSE;
  if (typeof t === 'string') return readBackString(t, false);
  if (t instanceof JsonNumber) return new YamlPlain(yamlNumberText(t.text));
  if (Array.isArray(t)) return t.map(jsonTreeToYaml);
  return objectToYaml(t);
}

function objectToYaml(o: JsonObject): YamlMap {
  const byKey = new Map<string, JsonTree>();
  for (const [k, v] of o.entries) byKey.set(readBackString(k, true), v);
  return new YamlMap(sortYamlKeys([...byKey.keys()]).map((k) => [k, jsonTreeToYaml(byKey.get(k)!)]));
}

/**
 * sigs.k8s.io/yaml.Marshal of a Go value (what helm's toYaml prints, plus the final newline).
 * Throws JsonMarshalError (Go's message) for values JSON cannot hold (NaN, ±Inf, functions).
 */
export function toYaml(v: unknown): string {
  return emitYaml(jsonTreeToYaml(toJsonTree(v)));
}
