/**
 * repo — where charts come from: helm's repositories file and index cache, `search repo`,
 * chart references (`repo/chart`, `./dir`, `./x.tgz`, `https://…/x.tgz`, `oci://…`) resolved
 * through a digest-keyed chart cache shared with helm, `pull`, `package`, `dependency`
 * (Chart.lock), `repo index`, and OCI registries (push, pull, login).
 *
 * Imports only encoding (YAML parsing) and semver. It never renders.
 *
 * Files are helm's own (pkg/helmpath): `$HELM_REPOSITORY_CONFIG` (repositories.yaml),
 * `$HELM_REPOSITORY_CACHE/<name>-index.yaml`, `$HELM_REGISTRY_CONFIG` (Docker config.json),
 * `$HELM_CONTENT_CACHE/<xx>/<sha256>.chart`.
 *
 * Example:
 *   await addRepo({ name: 'stable', url: 'https://charts.example.com' }, ctx)
 *   const path = await locateChart('stable/web', { version: '^1.2' }) // cached .chart file
 */
export { type ArchiveFile, MAX_CHART_SIZE, MAX_FILE_SIZE, readChartArchive } from './archive.js';
export { ChartCache, normalizeDigest, sha256Hex } from './cache.js';
export { type LoadedChart, loadChartPath } from './chart-files.js';
export {
  type DependencyOptions,
  dependencyBuild,
  dependencyList,
  dependencyUpdate,
  hashReq,
} from './dependency.js';
export { RepoError, type RepoErrorCode } from './errors.js';
export { loadCachedIndex } from './index-cache.js';
export { indexDirectory, writeRepoIndex } from './index-dir.js';
export {
  type ChartVersion,
  closeNames,
  getChartVersion,
  type IndexFile,
  parseIndex,
  type WarnFn,
} from './index-file.js';
export { type Located, type LocateOptions, locate, locateChart } from './locate.js';
export type { ChartMetadata, Dependency } from './metadata.js';
export { isOci, parseOciRef } from './oci-ref.js';
export { chartArchive, type PackageOptions, packageChart } from './package.js';
export { cacheIndexFile, type HelmPaths, helmPaths } from './paths.js';
export { expandChart, type PullOptions, pullChart } from './pull.js';
export { ociPull, ociPush, registryLogin, registryLogout } from './registry.js';
export { loadRepoFile, type RepoEntry, type RepoFile } from './repo-file.js';
export {
  type AddRepoOptions,
  addRepo,
  downloadIndexFile,
  formatUpdateResult,
  type RepoContext,
  type RepoUpdateResult,
  removeRepos,
  updateRepos,
} from './repos.js';
export {
  formatSearchResults,
  type OutputFormat,
  type SearchOptions,
  type SearchResult,
  searchRepos,
} from './search.js';
export { formatTable } from './table.js';
export { toYaml as toGoYaml } from './yaml-out.js';
