/**
 * encoding — Go-compatible YAML, JSON and TOML, as helm sees them.
 *
 * Parsing follows sigs.k8s.io/yaml (YAML 1.1 via go-yaml v2, converted through JSON): maps are
 * plain objects, every number is a float64 (`number`), `yes`/`no`/`on`/`off`/`y`/`n` are booleans.
 * Emitting follows go-yaml v2 as helm's `toYaml` uses it, and Go's encoding/json for `toJson`.
 *
 * Imports only the value model of `gotemplate`.
 *
 * Example: parseYaml('replicas: 3\nenabled: yes\n') → { replicas: 3, enabled: true }
 */
export { parseYaml, parseYamlAll, type YamlParseOptions, YamlSyntaxError } from './yaml-parse.js';
