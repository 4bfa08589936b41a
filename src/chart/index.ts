/**
 * chart — helm charts as data: Chart.yaml (apiVersion v1 and v2) with helm's validation,
 * loading from a folder (with `.helmignore`), a `.tgz` file or archive bytes (with helm's path
 * and size checks), subcharts, dependency processing (conditions, tags, aliases, import-values)
 * and values.schema.json validation with helm's messages.
 *
 * Imports `values`, `encoding`, `gotemplate` and `semver`; never touches the network or a cluster.
 *
 * Example:
 *   const chart = loadChart('charts/web');               // Chart { name: 'web', … }
 *   const user = mergeValues({ set: ['replicas=3'] });    // from values/
 *   const effective = processDependencies(chart, user);   // disabled subcharts removed
 *   const vals = coalesceValues(effective, user);         // from values/
 *   validateValuesAgainstSchema(effective, vals);         // throws SchemaValidationError
 *   effective.dependencies[0].chartFullPath()             // 'web/charts/redis'
 */
export {
  type ArchiveErrorCode,
  type BufferedFile,
  ChartArchiveError,
  cleanPath,
  loadArchiveFiles,
  MAX_DECOMPRESSED_CHART_SIZE,
  MAX_DECOMPRESSED_FILE_SIZE,
  type SizeLimits,
} from './archive.js';
export { Chart, type ChartFile } from './chart.js';
export { ChartDecodeError } from './decode.js';
export {
  type DependencyOptions,
  type DependencyWarn,
  isCompatibleRange,
  processDependencies,
} from './dependencies.js';
export { BadPatternError, goMatch } from './go-match.js';
export { HELM_IGNORE, HelmIgnoreError, IgnoreRules } from './ignore.js';
export {
  ChartLoadError,
  type ChartLoadErrorCode,
  type LoadOptions,
  loadArchive,
  loadArchiveFile,
  loadChart,
  loadDir,
  loadFiles,
} from './load.js';
export {
  API_VERSION_V1,
  API_VERSION_V2,
  ChartValidationError,
  DEPENDENCY_JSON_KEYS,
  Dependency,
  Lock,
  MAINTAINER_JSON_KEYS,
  Maintainer,
  METADATA_JSON_KEYS,
  Metadata,
  sanitizeString,
} from './metadata.js';
export {
  type SchemaChart,
  SchemaValidationError,
  schemaErrors,
  validateAgainstSingleSchema,
  validateValuesAgainstSchema,
} from './schema.js';
