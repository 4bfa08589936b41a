/** The object shapes the kube module speaks: plain Kubernetes JSON. */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  [k: string]: unknown;
}

/** Any Kubernetes object (unstructured). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

/** Enough to find one object. `namespace` defaults to the client's for namespaced kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** `Kind/namespace/name` (or `Kind/name` when cluster-scoped), as helm's wait messages name objects. */
export function refString(r: ObjectRef): string {
  return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}

export function refOf(obj: KubeObject): ObjectRef {
  const r: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata?.name };
  if (obj.metadata?.namespace) r.namespace = obj.metadata.namespace;
  return r;
}
