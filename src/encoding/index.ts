/**
 * encoding — Go-compatible YAML, JSON and TOML, exactly as helm reads and writes them.
 *
 * - Parsing follows sigs.k8s.io/yaml.Unmarshal (go-yaml v2, YAML 1.1, then through JSON): maps
 *   are plain objects, every number is a float64 (`number`), `yes`/`no`/`on`/`off`/`y`/`n` are
 *   booleans, timestamps stay strings, `<<` merges, anchors and aliases expand. The scanner and
 *   parser are a faithful re-implementation of libyaml's, so acceptance and error texts/lines
 *   match helm's ("error converting YAML to JSON: yaml: line 4: did not find expected key").
 * - `toYamlPretty` is go-yaml v3's encoder with indent 2 (sequences indented, no folding).
 * - `toYaml` is sigs.k8s.io/yaml.Marshal byte for byte (json.Marshal, then go-yaml v2's emitter);
 *   `toJson`/`toPrettyJson`/`toRawJson` are Go's encoding/json; TOML is BurntSushi/toml's.
 * - `encodingFuncs()` gives helm's template functions (toYaml, fromYaml, toJson, toToml, …) with
 *   helm's behaviour on errors (an "Error" key in a map, "" or a panic).
 *
 * Imports only gotemplate (its value model, value.ts, through go-values.ts). Must not import
 * any other module. A GoStruct may implement `toJSONValue()` (JsonValueProvider) to give
 * its JSON form (helm's lower-camel json tags) for toJson/toYaml.
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
  decodeGoJsonPrefix,
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
