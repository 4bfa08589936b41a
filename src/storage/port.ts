/**
 * The narrow ports through which the Secret and ConfigMap drivers reach the cluster. `kube`
 * implements them (checked there with `satisfies`); tests use in-memory fakes.
 *
 * Contract:
 * - Objects are in their Kubernetes JSON form; Secret `data` values are base64 as on the wire.
 * - `namespace` is required for get/create/update/delete; `list` with `''` lists all namespaces.
 * - `get` resolves `undefined` when the object does not exist (HTTP 404); `delete` resolves
 *   `false` in that case. Every other failure rejects.
 * - `create` rejects with an error whose `reason` is `'AlreadyExists'` (or `statusCode` 409)
 *   when the name is taken; `update` rejects with `reason` `'NotFound'` (404) when it is missing.
 * - Calls may run concurrently; implementations retry transient failures of idempotent calls
 *   (get, list, delete) themselves, never create/update blindly.
 * - `signal` aborts the call; the promise then rejects with the signal's reason.
 */

export interface PortObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  resourceVersion?: string;
  creationTimestamp?: string;
}

export interface SecretObject {
  apiVersion?: string;
  kind?: string;
  metadata: PortObjectMeta;
  type?: string;
  /** base64 values, as the API sends them. */
  data?: Record<string, string>;
}

export interface ConfigMapObject {
  apiVersion?: string;
  kind?: string;
  metadata: PortObjectMeta;
  data?: Record<string, string>;
}

export interface PortCallOptions {
  signal?: AbortSignal;
}

export interface ObjectPort<T> {
  get(namespace: string, name: string, opts?: PortCallOptions): Promise<T | undefined>;
  list(namespace: string, labelSelector: string, opts?: PortCallOptions): Promise<T[]>;
  /**
   * Optional: the metadata only (name, namespace, labels) of the objects `list` would return,
   * for listings that decide from labels what to read.
   */
  listMetadata?(
    namespace: string,
    labelSelector: string,
    opts?: PortCallOptions,
  ): Promise<{ metadata: PortObjectMeta }[]>;
  create(namespace: string, obj: T, opts?: PortCallOptions): Promise<T>;
  update(namespace: string, obj: T, opts?: PortCallOptions): Promise<T>;
  delete(namespace: string, name: string, opts?: PortCallOptions): Promise<boolean>;
}

export type SecretsPort = ObjectPort<SecretObject>;
export type ConfigMapsPort = ObjectPort<ConfigMapObject>;

/** Whether a port error means "already exists" (Kubernetes Status reason or HTTP 409). */
export function isAlreadyExists(err: unknown): boolean {
  const e = err as { reason?: string; statusCode?: number } | null;
  return e?.reason === 'AlreadyExists' || (e?.statusCode === 409 && e?.reason === undefined);
}

/** Whether a port error means "not found" (Kubernetes Status reason or HTTP 404). */
export function isNotFound(err: unknown): boolean {
  const e = err as { reason?: string; statusCode?: number } | null;
  return e?.reason === 'NotFound' || e?.statusCode === 404;
}
