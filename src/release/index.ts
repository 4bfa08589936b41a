/**
 * release — helm's release domain without I/O: hooks, manifest splitting and the kind order
 * in which manifests are installed and uninstalled.
 *
 * Must not do I/O or import anything but `encoding` and the value model.
 *
 * Example: sortManifests(new Map([['c/templates/a.yaml', 'kind: Service\n---\nkind: Namespace']]), InstallOrder)
 *   → manifests: Namespace, then Service.
 */
export * from './hook.js';
export { InstallOrder, sortByKind, UninstallOrder } from './kind-order.js';
export {
  type Manifest,
  ManifestParseError,
  parseHead,
  type SimpleHead,
  type SortedManifests,
  sortManifests,
  splitManifests,
  trimSpace,
} from './manifest.js';
export * from './record.js';
