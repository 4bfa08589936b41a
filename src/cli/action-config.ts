/**
 * The composition root of cluster commands: flags → kube client → release storage →
 * action configuration. Nothing else in the CLI builds these.
 */
import type { ActionConfig, ActionEvent } from '../action/index.js';
import { KubeClient } from '../kube/index.js';
import { Storage, selectDriver } from '../storage/index.js';
import { type ClusterFlags, clusterTarget } from './cluster.js';

export interface ConfigFlags extends ClusterFlags {
  /** List across namespaces (`-A`): storage reads every namespace. */
  allNamespaces?: boolean;
  historyMax?: number;
}

export async function actionConfig(
  flags: ConfigFlags,
  signal: AbortSignal,
  onEvent?: (e: ActionEvent) => void,
): Promise<ActionConfig & { close(): void }> {
  const target = await clusterTarget(flags, signal);
  const kube = KubeClient.fromKubeconfig({
    ...(target.kubeconfig ? { kubeconfig: target.kubeconfig } : {}),
    ...(target.context ? { context: target.context } : {}),
    ...(target.namespace ? { namespace: target.namespace } : {}),
  });
  const namespace = kube.namespace;
  const driver = selectDriver({
    driver: process.env.HELM_DRIVER,
    namespace: flags.allNamespaces ? '' : namespace,
    secrets: () => kube.secrets(),
    configMaps: () => kube.configMaps(),
  });
  const envMax = Number(process.env.HELM_MAX_HISTORY);
  const maxHistory = flags.historyMax ?? (Number.isFinite(envMax) && envMax > 0 ? envMax : 0);
  return {
    kube,
    storage: new Storage(driver, { maxHistory }),
    namespace,
    ...(onEvent ? { onEvent } : {}),
    close: () => kube.close(),
  };
}
