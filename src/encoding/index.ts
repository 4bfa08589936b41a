/**
 * encoding — Go-compatible YAML, JSON and TOML, exactly as helm reads and writes them.
 *
 * - Parsing follows sigs.k8s.io/yaml.Unmarshal (go-yaml v2, YAML 1.1, then through JSON): maps
 *   are plain objects, every number is a float64 (`number`), `yes`/`no`/`on`/`off`/`y`/`n` are
 *   booleans, timestamps stay strings, `<<` merges, anchors and aliases expand.
 * - `toYaml` is sigs.k8s.io/yaml.Marshal byte for byte (json.Marshal, then go-yaml v2's emitter);
 *   `toJson`/`toPrettyJson`/`toRawJson` are Go's encoding/json; TOML is BurntSushi/toml's.
 * - `encodingFuncs()` gives helm's template functions (toYaml, fromYaml, toJson, toToml, …) with
 *   helm's behaviour on errors (an "Error" key in a map, "" or a panic).
 *
 * Imports only types of the value model from `gotemplate` (go-values.ts restates the rest).
 * Must not import any other module.
 *
 * Example: parseYaml('replicas: 3\nenabled: yes\n') → { replicas: 3, enabled: true }
 *          toYaml({ b: [1, 'x'], a: '1' }) → 'a: "1"\nb:\n- 1\n- x\n'
 */

export { encodingFuncs, GoError, helmFromYaml, helmToYaml } from './funcs.js';
export {
  goJsonQuote,
  JsonMarshalError,
  type JsonValueProvider,
  type MarshalOptions,
  marshalJson,
} from './go-json.js';
export {
  decodeGoJson,
  type JsonDecoded,
  JsonSyntaxError,
  type JsonTarget,
  parseGoJson,
  parseGoJsonArray,
  parseGoJsonMap,
} from './json-parse.js';
export { toYaml, YamlMarshalError } from './to-yaml.js';
export { toYamlPretty } from './to-yaml-pretty.js';
export { TomlEncodeError, toToml } from './toml-encode.js';
export { parseToml, TomlParseError } from './toml-parse.js';
export {
  parseYaml,
  parseYamlAll,
  parseYamlArray,
  parseYamlMap,
  type YamlParseOptions,
  YamlSyntaxError,
} from './yaml-parse.js';
