/**
 * The resource registry: which group/version/resource the sandbox serves, their kinds, scope,
 * short names and subresources. Built-in kinds come from the table below; CustomResourceDefinitions
 * add and remove entries at run time.
 */

export interface ResourceInfo {
  group: string;
  version: string;
  /** Every served version (the first is the preferred/storage version). */
  versions: string[];
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Has a `status` subresource (status is ignored by writes to the main resource). */
  status: boolean;
  scale: boolean;
  /** Bumps `metadata.generation` on spec changes. */
  generation: boolean;
  /** Which name rule applies: DNS-1123 subdomain, DNS-1123 label, DNS-1035 label, or a path segment. */
  nameRule: 'subdomain' | 'label' | 'dns1035' | 'segment';
  /** A custom resource (from a CRD): strategic merge patch is refused. */
  custom: boolean;
  verbs: string[];
  /** Create-only subresources served by their own handler (pods/eviction, serviceaccounts/token). */
  actions?: ActionSubresource[];
  /** Nothing is stored: `create` answers a computed object (the authorization reviews). */
  virtual?: boolean;
}

/** A subresource answering POST with another kind (listed in discovery with verb `create`). */
export interface ActionSubresource {
  name: string;
  group: string;
  version: string;
  kind: string;
}

const ACTIONS: Record<string, ActionSubresource[]> = {
  pods: [{ name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction' }],
  serviceaccounts: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }],
};

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Row = [
  gv: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  flags?: string,
  shortNames?: string,
];

// flags: s = status subresource, c = scale, g = generation, l = label names, 1 = dns1035 names,
// p = path-segment names, a = category "all", v = virtual (create-only, nothing stored: reviews)
const BUILTIN: Row[] = [
  ['v1', 'namespaces', 'Namespace', false, 'sl', 'ns'],
  ['v1', 'nodes', 'Node', false, 's', 'no'],
  ['v1', 'configmaps', 'ConfigMap', true, '', 'cm'],
  ['v1', 'secrets', 'Secret', true, ''],
  ['v1', 'services', 'Service', true, 's1a', 'svc'],
  ['v1', 'serviceaccounts', 'ServiceAccount', true, '', 'sa'],
  ['v1', 'pods', 'Pod', true, 'sa', 'po'],
  ['v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, 's', 'pvc'],
  ['v1', 'persistentvolumes', 'PersistentVolume', false, 's', 'pv'],
  ['v1', 'endpoints', 'Endpoints', true, '', 'ep'],
  ['v1', 'events', 'Event', true, '', 'ev'],
  ['v1', 'limitranges', 'LimitRange', true, '', 'limits'],
  ['v1', 'resourcequotas', 'ResourceQuota', true, 's', 'quota'],
  ['v1', 'replicationcontrollers', 'ReplicationController', true, 'scga', 'rc'],
  ['v1', 'podtemplates', 'PodTemplate', true, ''],
  ['apps/v1', 'deployments', 'Deployment', true, 'scga', 'deploy'],
  ['apps/v1', 'replicasets', 'ReplicaSet', true, 'scga', 'rs'],
  ['apps/v1', 'statefulsets', 'StatefulSet', true, 'scga', 'sts'],
  ['apps/v1', 'daemonsets', 'DaemonSet', true, 'sga', 'ds'],
  ['apps/v1', 'controllerrevisions', 'ControllerRevision', true, ''],
  ['batch/v1', 'jobs', 'Job', true, 'sga'],
  ['batch/v1', 'cronjobs', 'CronJob', true, 'sga', 'cj'],
  ['networking.k8s.io/v1', 'ingresses', 'Ingress', true, 'sg', 'ing'],
  ['networking.k8s.io/v1', 'ingressclasses', 'IngressClass', false, ''],
  ['networking.k8s.io/v1', 'networkpolicies', 'NetworkPolicy', true, 'g', 'netpol'],
  ['rbac.authorization.k8s.io/v1', 'roles', 'Role', true, 'p'],
  ['rbac.authorization.k8s.io/v1', 'rolebindings', 'RoleBinding', true, 'p'],
  ['rbac.authorization.k8s.io/v1', 'clusterroles', 'ClusterRole', false, 'p'],
  ['rbac.authorization.k8s.io/v1', 'clusterrolebindings', 'ClusterRoleBinding', false, 'p'],
  ['policy/v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, 'sg', 'pdb'],
  ['autoscaling/v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 'sa', 'hpa'],
  ['autoscaling/v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 's', 'hpa'],
  ['storage.k8s.io/v1', 'storageclasses', 'StorageClass', false, '', 'sc'],
  ['storage.k8s.io/v1', 'csidrivers', 'CSIDriver', false, ''],
  ['storage.k8s.io/v1', 'csinodes', 'CSINode', false, ''],
  ['storage.k8s.io/v1', 'volumeattachments', 'VolumeAttachment', false, 's'],
  [
    'apiextensions.k8s.io/v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    'sg',
    'crd,crds',
  ],
  [
    'admissionregistration.k8s.io/v1',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    false,
    'g',
  ],
  [
    'admissionregistration.k8s.io/v1',
    'validatingwebhookconfigurations',
    'ValidatingWebhookConfiguration',
    false,
    'g',
  ],
  [
    'admissionregistration.k8s.io/v1',
    'validatingadmissionpolicies',
    'ValidatingAdmissionPolicy',
    false,
    'sg',
  ],
  [
    'admissionregistration.k8s.io/v1',
    'validatingadmissionpolicybindings',
    'ValidatingAdmissionPolicyBinding',
    false,
    'g',
  ],
  ['coordination.k8s.io/v1', 'leases', 'Lease', true, ''],
  ['scheduling.k8s.io/v1', 'priorityclasses', 'PriorityClass', false, '', 'pc'],
  ['discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true, 'g'],
  ['authorization.k8s.io/v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, 'v'],
  ['authorization.k8s.io/v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, 'v'],
  ['authentication.k8s.io/v1', 'selfsubjectreviews', 'SelfSubjectReview', false, 'v'],
];

function fromRow([gv, resource, kind, namespaced, flags = '', short = '']: Row): ResourceInfo {
  const [group, version] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
  return {
    group,
    version,
    versions: [version],
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: short ? short.split(',') : [],
    categories: flags.includes('a') ? ['all'] : [],
    status: flags.includes('s'),
    scale: flags.includes('c'),
    generation: flags.includes('g'),
    nameRule: flags.includes('l')
      ? 'label'
      : flags.includes('1')
        ? 'dns1035'
        : flags.includes('p')
          ? 'segment'
          : 'subdomain',
    custom: false,
    verbs: flags.includes('v') ? ['create'] : ALL_VERBS,
    ...(group === '' && ACTIONS[resource] ? { actions: ACTIONS[resource] } : {}),
    ...(flags.includes('v') ? { virtual: true } : {}),
  };
}

export function gvString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The served resources, keyed by group/version/resource. */
export class Registry {
  private readonly byGVR = new Map<string, ResourceInfo>();

  constructor() {
    for (const row of BUILTIN) this.add(fromRow(row));
  }

  add(info: ResourceInfo): void {
    for (const v of info.versions)
      this.byGVR.set(`${info.group}/${v}/${info.resource}`, { ...info, version: v });
  }

  removeGroupResource(group: string, resource: string): void {
    for (const [k, r] of this.byGVR) if (r.group === group && r.resource === resource) this.byGVR.delete(k);
  }

  get(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGVR.get(`${group}/${version}/${resource}`);
  }

  /** The storage entry for a group-resource (its first registered version). */
  forGroupResource(group: string, resource: string): ResourceInfo | undefined {
    for (const r of this.byGVR.values()) if (r.group === group && r.resource === resource) return r;
    return undefined;
  }

  forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    for (const r of this.byGVR.values())
      if (gvString(r.group, r.version) === apiVersion && r.kind === kind) return r;
    return undefined;
  }

  all(): ResourceInfo[] {
    return [...this.byGVR.values()];
  }

  /** Groups with their versions, preferred first; the legacy core group is "". */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of this.byGVR.values()) {
      const vs = out.get(r.group) ?? [];
      if (!vs.includes(r.version)) vs.push(r.version);
      out.set(r.group, vs);
    }
    for (const vs of out.values()) vs.sort(compareVersions);
    return out;
  }

  inGroupVersion(group: string, version: string): ResourceInfo[] {
    return [...this.byGVR.values()].filter((r) => r.group === group && r.version === version);
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = rank(a);
  const [sb, mb, nb] = rank(b);
  return sb - sa || mb - ma || nb - na || a.localeCompare(b);
}

/** A registry entry for a CRD's served versions (the storage version first). */
export function infoFromCrd(crd: any): ResourceInfo | undefined {
  const spec = crd?.spec;
  if (!spec?.group || !spec?.names?.plural || !spec?.names?.kind) return undefined;
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  const served = versions.filter((v) => v.served !== false);
  if (served.length === 0) return undefined;
  const storage = served.find((v) => v.storage) ?? served[0];
  const ordered = [storage, ...served.filter((v) => v !== storage)];
  return {
    group: spec.group,
    version: storage.name,
    versions: ordered.map((v) => v.name),
    resource: spec.names.plural,
    kind: spec.names.kind,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    status: served.some((v) => v.subresources?.status !== undefined),
    scale: served.some((v) => v.subresources?.scale !== undefined),
    generation: true,
    nameRule: 'subdomain',
    custom: true,
    verbs: ALL_VERBS,
  };
}
