/**
 * repo — where charts come from: helm's repositories file and index cache, `search repo`,
 * chart references (`repo/chart`, `./dir`, `./x.tgz`, `https://…/x.tgz`, `oci://…`) resolved
 * through a digest-keyed chart cache shared with helm, `pull`, `package`, `dependency`
 * (Chart.lock), `repo index`, and OCI registries (push, pull, login).
 *
 * Imports chart (loading, archives, Metadata), encoding (YAML/JSON as Go reads and writes
 * them), semver and gotemplate's value model. It never renders. Big index files are read by a
 * one-pass reader into compact per-version records (index-scan.ts) and cached as a compact twin.
 *
 * Files are helm's own (pkg/helmpath): `$HELM_REPOSITORY_CONFIG` (repositories.yaml),
 * `$HELM_REPOSITORY_CACHE/<name>-index.yaml`, `$HELM_REGISTRY_CONFIG` (Docker config.json),
 * `$HELM_CONTENT_CACHE/<xx>/<sha256>.chart`.
 *
 * Example:
 *   await addRepo({ name: 'stable', url: 'https://charts.example.com' }, ctx)
 *   const path = await locateChart('stable/web', { version: '^1.2' }) // cached .chart file
 */
export { ChartCache, normalizeDigest, sha256Hex } from './cache.js';
export { type ChartVersion, IndexEntry } from './chart-version.js';
export {
  type DependencyOptions,
  dependencyBuild,
  dependencyList,
  dependencyUpdate,
  hashReq,
} from './dependency.js';
export { RepoError, type RepoErrorCode } from './errors.js';
export { loadCachedIndex, writeIndexTwin } from './index-cache.js';
export { indexDirectory, writeRepoIndex } from './index-dir.js';
export {
  closeNames,
  getChartVersion,
  type IndexFile,
  parseIndex,
  type WarnFn,
} from './index-file.js';
export { type Located, type LocateOptions, locate, locateChart } from './locate.js';
export { isOci, parseOciRef } from './oci-ref.js';
export { chartArchive, type PackageOptions, packageChart } from './package.js';
export { cacheIndexFile, type HelmPaths, helmPaths } from './paths.js';
export { archiveFiles, expandChart, type PullOptions, pullChart } from './pull.js';
export { ociPull, ociPush, registryLogin, registryLogout } from './registry.js';
export { formatRepoList, loadRepoFile, type RepoEntry, type RepoFile } from './repo-file.js';
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
