/**
 * semver — semantic versions and constraints with Masterminds/semver v3 semantics (what helm
 * uses for `semverCompare`, Chart.yaml `version`/`kubeVersion` and dependency ranges).
 *
 * Standalone: imports nothing from the project.
 *
 * @example
 *   parseConstraint('>= 1.2, < 2.0.0-0 || ^3').check(parseVersion('v1.4.0')) // true
 *   compare(parseVersion('1.0.0-rc.1'), parseVersion('1.0.0'))              // -1
 */
export { Constraints, parseConstraint } from './constraint.js';
export {
  compareVersions as compare,
  parseStrictVersion,
  parseVersion,
  SemverError,
  type SemverErrorCode,
  Version,
} from './version.js';
