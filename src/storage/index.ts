/**
 * storage — release history kept as helm keeps it: one record per revision, named
 * `sh.helm.release.v1.NAME.vN`, in a Secret (default), a ConfigMap or memory; labels `name`,
 * `owner=helm`, `status`, `version`, `createdAt`/`modifiedAt`; data base64(gzip(JSON)).
 * `Storage` adds helm's queries and `maxHistory` pruning; `listLatest` picks each release's
 * newest revision from labels and decodes only those.
 *
 * Imports only `release` and `encoding`. It owns the `SecretsPort`/`ConfigMapsPort` that `kube`
 * implements; it must not import `kube`.
 *
 * Example:
 *   const storage = new Storage(new SecretsDriver(kubeClient.secrets(), { namespace: 'shop' }), { maxHistory: 10 });
 *   await storage.create(rel); const h = await storage.history('web');
 */
export { ConfigMapsDriver } from './configmaps.js';
export { type CallOptions, type Driver, type LatestOptions, latestHeads, type RecordHead } from './driver.js';
export {
  InvalidKeyError,
  NoDeployedReleasesError,
  ReleaseExistsError,
  ReleaseNotFoundError,
  ReleaseTooLargeError,
  StorageBackendError,
  StorageError,
  UnknownDriverError,
} from './errors.js';
export {
  containsSystemLabels,
  filterSystemLabels,
  isSystemLabel,
  makeKey,
  parseKey,
  releaseSecretType,
  storagePrefix,
  systemLabels,
} from './keys.js';
export { MemoryDriver, type MemoryFailures } from './memory.js';
export { type DriverOptions, maxRecordBytes, ObjectDriver } from './object-driver.js';
export {
  type ConfigMapObject,
  type ConfigMapsPort,
  isAlreadyExists,
  isNotFound,
  type ObjectPort,
  type PortCallOptions,
  type PortObjectMeta,
  type SecretObject,
  type SecretsPort,
} from './port.js';
export { SecretsDriver } from './secrets.js';
export { type DriverChoice, selectDriver } from './select.js';
export { Storage, type StorageOptions } from './storage.js';
