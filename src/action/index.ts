/**
 * action — the verbs: template (and, as they land, install, upgrade, rollback, uninstall,
 * history, list, status, get, test), with hooks and the pending-state lock.
 *
 * Must not parse flags or print. Imports engine, chart, values, repo, release, storage, kube,
 * encoding, gotemplate, semver.
 *
 * Example: template({ releaseName: 'web', namespace: 'shop', chart, values: {} }) → helm's stdout text.
 */
export { nameAndChart, ReleaseNameError, validateReleaseName } from './names.js';
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
export { TemplateError, type TemplateOptions, template } from './template.js';
