/**
 * values — helm's values rules, with no I/O.
 *
 * - The `--set` family (helm's strvals grammar and error texts): `parseSet`, `parseSetString`,
 *   `parseSetJson`, `parseSetFile` (values read through a callback), `parseSetLiteral`.
 * - `mergeValues`: `-f` files and every `--set` flavour in helm's order of precedence.
 * - `coalesceValues` / `mergeChartValues`: a chart's defaults (and its subcharts', with
 *   `global` propagation) under the user's values, with helm's null and table rules and warnings.
 * - Deep copies and dotted-path lookups (`table`, `pathValue`).
 *
 * Values use the Go value model of gotemplate (int64 → bigint, float64 → number, maps are plain
 * objects). Imports only `gotemplate` and `encoding`; never reads files or the network.
 *
 * Example:
 *   mergeValues({ valueFiles: [{ name: 'prod.yaml', content: 'replicas: 3\n' }],
 *                 set: ['image.tag=1.2.3,ports={80,443}'] })
 *   → { replicas: 3, image: { tag: '1.2.3' }, ports: [80n, 443n] }
 */
export {
  CoalesceError,
  type CoalesceOptions,
  coalesceTables,
  coalesceValues,
  GLOBAL_KEY,
  mergeChartValues,
  mergeTables,
  type ValuesChart,
} from './coalesce.js';
export { copyMap, deepCopy, deepCopyMap } from './copy.js';
export { goQuote } from './go-quote.js';
export { getKey, hasKey, isTable, setKey } from './map-util.js';
export {
  loadValues,
  mergeMaps,
  mergeValues,
  type ValueFile,
  ValuesError,
  type ValuesOptions,
} from './merge.js';
export { slogLine } from './slog.js';
export {
  MAX_INDEX,
  MAX_NESTED_NAME_LEVEL,
  parseSet,
  parseSetFile,
  parseSetJson,
  parseSetString,
  type RunesValueReader,
  StrvalsError,
  typedVal,
} from './strvals.js';
export { parseSetLiteral } from './strvals-literal.js';
export { pathValue, table } from './table.js';
