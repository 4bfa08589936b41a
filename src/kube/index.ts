/**
 * kube — the cluster. Kubeconfig resolution exactly as kubectl (`--kubeconfig`, KUBECONFIG merged
 * in order, `~/.kube/config`, relative paths against their file, `--kube-context`, the context's
 * namespace, a pod's service account when nothing is configured) and client-go's authentication
 * (CA/insecure/tls-server-name, token and re-read tokenFile, client certificates, basic auth,
 * exec credential plugins v1/v1beta1 with expiry caching and a re-run after 401, a legacy
 * auth-provider's stored token, impersonation) in our own code: @kubernetes/client-node is not
 * loaded at run time (it costs ~0.5 s to import). Discovery and REST mapping cached per client,
 * server-side apply as field manager `helm` (helm 4's, so the two can take turns without
 * conflicts), create, replace,
 * patch, get, list, delete with propagation policy, watch-driven readiness (kstatus rules, helm's
 * job/hook readers), retries with backoff for 429/5xx/resets where safe, and the Secret/ConfigMap
 * ports of release storage.
 *
 * Imports only `encoding` and node built-ins. Knows nothing of releases or charts.
 *
 * Example:
 *   const kube = KubeClient.fromKubeconfig({ kubeconfig: '/tmp/kc', namespace: 'shop' });
 *   await kube.apply(objects, { fieldManager: 'helm' });
 *   await kube.waitReady(objects, { timeoutMs: 300_000, signal, onProgress: (p) => console.log(p.ref, p.status) });
 */

export { type AuthOptions, KubeAuth, type RequestAuth, type TlsMaterial } from './auth.js';
export {
  type AppliedObject,
  type ApplyOptions,
  type Capabilities,
  type DeleteOptions,
  type DeleteResult,
  helmFieldManager,
  KubeClient,
  type KubeClientOptions,
  type ListOptions,
} from './client.js';
export {
  type ExecConfig,
  inClusterConfig,
  type KubeCluster,
  type KubeConfigFile,
  type KubeConfigOptions,
  type KubeContext,
  type KubeUser,
  kubeconfigFiles,
  loadKubeConfigFile,
  mergeKubeConfigs,
  parseKubeConfig,
  type ResolvedKubeConfig,
  resolveKubeConfig,
} from './config.js';
export { type ConfigMapLike, ConfigMapsClient, type SecretLike, SecretsClient } from './core-ports.js';
export { type RestMapping, type ServerVersion, splitApiVersion } from './discovery.js';
export {
  isConflictError,
  isNotFoundError,
  KubeApiError,
  KubeAuthError,
  KubeBatchError,
  KubeConfigError,
  KubeError,
  KubeUnreachableError,
  NoKindMatchError,
  type NotReady,
  WaitDeleteError,
  WaitError,
} from './errors.js';
export { computeStatus, type ResourceStatus, type StatusMode, type StatusResult } from './status.js';
export type { RetryPolicy } from './transport.js';
export { type KubeObject, type ObjectMeta, type ObjectRef, refOf, refString } from './types.js';
export type { ResourceProgress, WaitOptions } from './wait.js';
