/**
 * action — the verbs: template (and, as they land, install, upgrade, rollback, uninstall,
 * history, list, status, get, test), with hooks and the pending-state lock.
 *
 * Must not parse flags or print. Imports engine, chart, values, repo, release, storage, kube,
 * encoding, gotemplate, semver.
 *
 * Example: template({ releaseName: 'web', namespace: 'shop', chart, values: {} }) → helm's stdout text.
 */

export { type ActionConfig, type ActionEvent, clusterCapabilities } from './config.js';
export { HookError, runHooks } from './hooks.js';
export { defaultTimeoutMs, InstallError, type InstallOptions, install, releaseObjects } from './install.js';
export { nameAndChart, ReleaseNameError, validateReleaseName } from './names.js';
export { getRelease, history, type ListOptions, list, ReleaseQueryError } from './queries.js';
export { newRelease, recordChart } from './record.js';
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
export { TemplateError, type TemplateOptions, template } from './template.js';
export { UninstallError, type UninstallOptions, type UninstallResult, uninstall } from './uninstall.js';
export { pendingError, UpgradeError, type UpgradeOptions, upgrade } from './upgrade.js';
export { type ShowFormat, show, showFormats } from './show.js';
