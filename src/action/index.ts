/**
 * action — the verbs: template, install, upgrade, rollback, uninstall, history, list, status
 * (with live resources), get, test and recover; hooks; the pending-state lock and its lease.
 *
 * Must not parse flags or print. Imports engine, chart, values, repo, release, storage, kube,
 * encoding, gotemplate, semver. engine, chart and values are imported lazily (lazy.ts): loading
 * this module must not load them, so release commands (list, status, …) start fast; everything
 * that renders (template, renderRelease, toRenderValues, lintPath, executeReleaseTemplate) is async.
 *
 * Example: await template({ releaseName: 'web', namespace: 'shop', chart, values: {} }) → helm's stdout text.
 *          await install(cfg, { releaseName: 'web', chart, values: {}, wait: true }) → the deployed Release.
 */

export { type ActionConfig, type ActionEvent, clusterCapabilities } from './config.js';
export {
  compareObjects,
  type DriftChange,
  type DriftOptions,
  type ObjectDrift,
  type ReleaseDrift,
  releaseDrift,
} from './drift.js';
export { HookError, runHooks } from './hooks.js';
export {
  defaultTimeoutMs,
  dryRunMode,
  InstallError,
  type InstallOptions,
  install,
  releaseObjects,
} from './install.js';
export {
  currentHolder,
  type Holder,
  type Lease,
  leaseExpiresLabel,
  leaseHostLabel,
  leaseOf,
  leasePidLabel,
} from './lease.js';
export {
  formatLintMessage,
  hasWarningsOrErrors,
  type LintMessage,
  type LintOptions,
  type LintResult,
  LintSetupError,
  lintPath,
  Severity,
  subchartPaths,
} from './lint.js';
export { type ClusterLookup, clusterLookup, LookupError } from './lookup.js';
export { nameAndChart, ReleaseNameError, validateReleaseName } from './names.js';
export { getRelease, history, type ListOptions, list, ReleaseQueryError } from './queries.js';
export { checkRecordSize, newRelease, recordChart } from './record.js';
export {
  defaultStaleAfterMs,
  RecoverError,
  type RecoverOptions,
  type RecoverResult,
  recover,
} from './recover.js';
export { executeReleaseTemplate, releaseTemplateData } from './release-template.js';
export {
  ReleaseTestError,
  type ReleaseTestOptions,
  releaseTest,
  type TestPodLog,
  testPodLogs,
} from './release-test.js';
export {
  checkDependencies,
  checkInstallable,
  type ReleaseOptions,
  ReleasePrepareError,
  ReleaseRenderError,
  type RenderedRelease,
  type RenderReleaseInput,
  renderRelease,
  toRenderValues,
} from './render.js';
export { manifestObjects, ResourceError, withOwnership } from './resources.js';
export { RollbackError, type RollbackOptions, rollback } from './rollback.js';
export { parseSelector, SelectorError } from './selector.js';
export { type ShowFormat, show, showFormats } from './show.js';
export { type ResourceSection, releaseResources, type ServerTable } from './status.js';
export { TemplateError, type TemplateOptions, template } from './template.js';
export { UninstallError, type UninstallOptions, type UninstallResult, uninstall } from './uninstall.js';
export { pendingError, UpgradeError, type UpgradeOptions, upgrade } from './upgrade.js';
