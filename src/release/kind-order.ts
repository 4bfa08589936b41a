/**
 * The order in which helm installs and uninstalls kinds (pkg/release/v1/util/kind_sorter.go).
 * Kinds not listed come last, ordered by name; equal kinds keep their order (stable sort).
 */

export const InstallOrder: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

/** Uninstall order: install order reversed, except that Service moves ahead of workloads. */
export const UninstallOrder: readonly string[] = [
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

/** Stable sort of items by the rank of their kind in `order`. Returns a new array. */
export function sortByKind<T>(
  items: readonly T[],
  kindOf: (item: T) => string,
  order: readonly string[],
): T[] {
  const rank = new Map(order.map((k, i) => [k, i]));
  return items
    .map((item, index) => ({ item, index, kind: kindOf(item) }))
    .sort((a, b) => {
      const ra = rank.get(a.kind);
      const rb = rank.get(b.kind);
      if (ra === undefined && rb === undefined) {
        if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
      } else if (ra === undefined) {
        return 1;
      } else if (rb === undefined) {
        return -1;
      } else if (ra !== rb) {
        return ra - rb;
      }
      return a.index - b.index;
    })
    .map((x) => x.item);
}
