/**
 * Discovery documents: `/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`, and
 * the aggregated form (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`) that kubectl 1.35 and
 * client-go ask for first.
 */
import { compareVersions, gvString, type Registry, type ResourceInfo } from './resources.js';

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Does the Accept header ask for aggregated discovery v2? */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(?![a-z0-9])/.test(accept);
}

export function apiVersions(host: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

function groupEntry(name: string, versions: string[]) {
  const vs = [...versions]
    .sort(compareVersions)
    .map((v) => ({ groupVersion: gvString(name, v), version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(reg: Registry): Record<string, unknown> {
  const groups = [...reg.groups()].filter(([g]) => g !== '').map(([g, vs]) => groupEntry(g, vs));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(reg: Registry, group: string): Record<string, unknown> | undefined {
  const vs = reg.groups().get(group);
  if (!vs || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, vs) };
}

const SUB_VERBS = ['get', 'patch', 'update'];

export function resourceList(
  reg: Registry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const infos = reg.inGroupVersion(group, version);
  if (infos.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of infos.sort((a, b) => a.resource.localeCompare(b.resource))) {
    const e: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length) e.shortNames = r.shortNames;
    if (r.categories.length) e.categories = r.categories;
    resources.push(e);
    if (r.status)
      resources.push({
        name: `${r.resource}/status`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: SUB_VERBS,
      });
    if (r.scale) {
      resources.push({
        name: `${r.resource}/scale`,
        singularName: '',
        namespaced: r.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: SUB_VERBS,
      });
    }
    for (const a of r.actions ?? [])
      resources.push({
        name: `${r.resource}/${a.name}`,
        singularName: '',
        namespaced: r.namespaced,
        group: a.group,
        version: a.version,
        kind: a.kind,
        verbs: ['create'],
      });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gvString(group, version), resources };
}

function aggregatedResource(r: ResourceInfo): Record<string, unknown> {
  const e: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) e.shortNames = r.shortNames;
  if (r.categories.length) e.categories = r.categories;
  const subs: Record<string, unknown>[] = [];
  if (r.status)
    subs.push({
      subresource: 'status',
      responseKind: { group: r.group, version: r.version, kind: r.kind },
      verbs: SUB_VERBS,
    });
  if (r.scale)
    subs.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: SUB_VERBS,
    });
  for (const a of r.actions ?? [])
    subs.push({
      subresource: a.name,
      responseKind: { group: a.group, version: a.version, kind: a.kind },
      verbs: ['create'],
    });
  if (subs.length) e.subresources = subs;
  return e;
}

/** `/api` (legacy: only the core group) or `/apis` (every other group) in aggregated form. */
export function aggregated(reg: Registry, legacy: boolean): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  for (const [group, versions] of reg.groups()) {
    if ((group === '') !== legacy) continue;
    items.push({
      metadata: legacy ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: [...versions].sort(compareVersions).map((v) => ({
        version: v,
        resources: reg
          .inGroupVersion(group, v)
          .sort((a, b) => a.resource.localeCompare(b.resource))
          .map(aggregatedResource),
        freshness: 'Current',
      })),
    });
  }
  items.sort((a, b) =>
    String((a.metadata as any).name ?? '').localeCompare(String((b.metadata as any).name ?? '')),
  );
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
