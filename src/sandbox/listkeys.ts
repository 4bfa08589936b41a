/**
 * Which lists of the built-in kinds merge by key (strategic merge patch's `patchMergeKey` and
 * server-side apply's `x-kubernetes-list-map-keys`), which merge as sets of scalars, and which are
 * atomic. Known by field name, as the built-in types use each name consistently; `ports` is
 * keyed by `containerPort` in containers and by `port` in Services.
 */

const KEYED: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  webhooks: 'name',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  managedFields: '',
};

/** Scalar lists that merge as sets. */
const SETS = new Set(['finalizers']);

export type ListKind = { type: 'map'; key: string } | { type: 'set' } | { type: 'atomic' };

/** How the list under `field` merges; `items` helps tell container ports from service ports. */
export function listKind(field: string, items: unknown[], custom: boolean): ListKind {
  if (custom && field !== 'finalizers' && field !== 'ownerReferences' && field !== 'conditions') {
    return { type: 'atomic' };
  }
  if (field === 'ports') {
    const first = items.find((i) => typeof i === 'object' && i !== null) as
      | Record<string, unknown>
      | undefined;
    if (first && 'containerPort' in first) return { type: 'map', key: 'containerPort' };
    if (first && 'port' in first) return { type: 'map', key: 'port' };
    return { type: 'atomic' };
  }
  const key = KEYED[field];
  if (key) return { type: 'map', key };
  if (SETS.has(field)) return { type: 'set' };
  return { type: 'atomic' };
}
