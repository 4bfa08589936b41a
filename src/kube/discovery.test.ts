import { describe, expect, test } from 'vitest';
import { Discovery, discoveryAccept } from './discovery.js';
import { KubeApiError, NoKindMatchError } from './errors.js';
import type { Transport } from './transport.js';

interface Res {
  resource: string;
  kind: string;
  namespaced: boolean;
  scale?: boolean;
}
/** group → version → resources; '' is the core group. */
type Registry = Record<string, Record<string, Res[]>>;

const base = (): Registry => ({
  '': {
    v1: [
      { resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
      { resource: 'namespaces', kind: 'Namespace', namespaced: false },
    ],
  },
  apps: { v1: [{ resource: 'deployments', kind: 'Deployment', namespaced: true, scale: true }] },
  'apiextensions.k8s.io': {
    v1: [{ resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false }],
  },
});

const gvOf = (g: string, v: string) => (g ? `${g}/${v}` : v);

/**
 * A fake API server over `reg`, answering discovery as a server of `mode` does: aggregated (v2
 * or v2beta1) when asked for it, or only the legacy documents. Records every request.
 */
function fakeServer(reg: Registry, mode: 'v2' | 'v2beta1' | 'legacy') {
  const requests: { path: string; accept?: string }[] = [];
  const aggregated = (legacy: boolean) => ({
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${mode}`,
    items: Object.entries(reg)
      .filter(([g]) => (g === '') === legacy)
      .map(([g, vs]) => ({
        metadata: legacy ? {} : { name: g },
        versions: Object.entries(vs).map(([v, rs]) => ({
          version: v,
          freshness: 'Current',
          resources: rs.map((r) => ({
            resource: r.resource,
            responseKind: { group: g, version: v, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            verbs: ['get'],
            ...(r.scale
              ? { subresources: [{ subresource: 'scale', responseKind: { kind: 'Scale' }, verbs: ['get'] }] }
              : {}),
          })),
        })),
      })),
  });
  const transport = {
    async request({ path, accept }: { path: string; accept?: string }) {
      requests.push({ path, accept });
      const wantsAgg = mode !== 'legacy' && accept?.includes(`v=${mode};as=APIGroupDiscoveryList`);
      if (path === '/api')
        return wantsAgg ? aggregated(true) : { kind: 'APIVersions', versions: Object.keys(reg['']!) };
      if (path === '/apis')
        return wantsAgg
          ? aggregated(false)
          : {
              kind: 'APIGroupList',
              groups: Object.entries(reg)
                .filter(([g]) => g !== '')
                .map(([g, vs]) => ({
                  name: g,
                  versions: Object.keys(vs).map((v) => ({ groupVersion: `${g}/${v}` })),
                })),
            };
      const m = /^\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
      const [g, v] = m?.[1] ? ['', m[1]] : [m?.[2] ?? '', m?.[3] ?? ''];
      const rs = reg[g]?.[v];
      if (!rs) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
      return {
        kind: 'APIResourceList',
        groupVersion: gvOf(g, v),
        resources: rs.flatMap((r) => [
          { name: r.resource, kind: r.kind, namespaced: r.namespaced },
          ...(r.scale ? [{ name: `${r.resource}/scale`, kind: 'Scale', namespaced: r.namespaced }] : []),
        ]),
      };
    },
  };
  return { transport: transport as unknown as Transport, requests, paths: () => requests.map((r) => r.path) };
}

const expectedVersions = [
  'apiextensions.k8s.io/v1',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'apps/v1',
  'apps/v1/Deployment',
  'apps/v1/Scale',
  'v1',
  'v1/ConfigMap',
  'v1/Namespace',
];

describe('Discovery', () => {
  test.for(['v2', 'v2beta1'] as const)('aggregated %s: /api and /apis answer everything', async (mode) => {
    const s = fakeServer(base(), mode);
    const d = new Discovery(s.transport);
    expect(await d.apiVersions()).toEqual(expectedVersions);
    expect(await d.mapping('apps/v1', 'Deployment')).toEqual({
      group: 'apps',
      version: 'v1',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      resource: 'deployments',
      namespaced: true,
    });
    expect((await d.mapping('v1', 'Namespace')).namespaced).toBe(false);
    expect(s.paths().sort()).toEqual(['/api', '/apis']);
    expect(s.requests.every((r) => r.accept === discoveryAccept)).toBe(true);
  });

  test('the Accept header is client-go’s: v2, v2beta1, then plain JSON', () => {
    expect(discoveryAccept).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
        'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    );
  });

  test('legacy server: the same answers through one request per group/version', async () => {
    const s = fakeServer(base(), 'legacy');
    const d = new Discovery(s.transport);
    expect(await d.apiVersions()).toEqual(expectedVersions);
    expect((await d.mapping('apps/v1', 'Deployment')).resource).toBe('deployments');
    expect(s.paths().sort()).toEqual([
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apiextensions.k8s.io/v1',
      '/apis/apps/v1',
    ]);
  });

  test('legacy server: mapping alone fetches only its group/version', async () => {
    const s = fakeServer(base(), 'legacy');
    const d = new Discovery(s.transport);
    expect((await d.mapping('v1', 'ConfigMap')).resource).toBe('configmaps');
    expect(s.paths().filter((p) => p !== '/api' && p !== '/apis')).toEqual(['/api/v1']);
  });

  test.for(['v2', 'legacy'] as const)(
    '%s: a kind installed later is found after one refresh',
    async (mode) => {
      const reg = base();
      const s = fakeServer(reg, mode);
      const d = new Discovery(s.transport);
      await d.apiVersions();
      reg['example.com'] = { v1: [{ resource: 'widgets', kind: 'Widget', namespaced: true }] };
      const before = s.requests.length;
      expect((await d.mapping('example.com/v1', 'Widget')).resource).toBe('widgets');
      // aggregated: /api and /apis again; legacy: the group/version (404 before the CRD existed).
      expect(s.requests.length - before).toBe(mode === 'v2' ? 2 : 1);
      // Cached from now on.
      await d.mapping('example.com/v1', 'Widget');
      expect(s.requests.length - before).toBe(mode === 'v2' ? 2 : 1);
    },
  );

  test.for(['v2', 'legacy'] as const)('%s: a missing kind fails after one refresh', async (mode) => {
    const s = fakeServer(base(), mode);
    const d = new Discovery(s.transport);
    await d.mapping('v1', 'ConfigMap');
    const before = s.requests.length;
    await expect(d.mapping('example.com/v1', 'Widget')).rejects.toThrow(NoKindMatchError);
    await expect(d.mapping('example.com/v1', 'Widget')).rejects.toThrow(
      'no matches for kind "Widget" in version "example.com/v1"',
    );
    // legacy: the first lookup also fetches the group/version once before its refresh.
    expect(s.requests.length - before).toBe(mode === 'v2' ? 4 : 3);
  });

  test('aggregated: concurrent misses share one refresh', async () => {
    const s = fakeServer(base(), 'v2');
    const d = new Discovery(s.transport);
    await d.apiVersions();
    const before = s.requests.length;
    const all = await Promise.allSettled(
      Array.from({ length: 5 }, () => d.mapping('example.com/v1', 'Widget')),
    );
    expect(all.every((r) => r.status === 'rejected')).toBe(true);
    expect(s.requests.length - before).toBe(2);
  });

  test('a subresource kind is in the version set but is no mapping', async () => {
    const d = new Discovery(fakeServer(base(), 'v2').transport);
    await expect(d.mapping('apps/v1', 'Scale')).rejects.toThrow(NoKindMatchError);
  });

  test('invalidate refetches', async () => {
    const s = fakeServer(base(), 'v2');
    const d = new Discovery(s.transport);
    await d.apiVersions();
    d.invalidate();
    await d.apiVersions();
    expect(s.paths()).toEqual(['/api', '/apis', '/api', '/apis']);
  });
});
