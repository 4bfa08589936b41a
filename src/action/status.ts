/**
 * The resources of a release as helm 4's `status` gathers them (pkg/action/status.go and
 * kube.Client.Get): every object of the manifest fetched live, keyed `VERSION/KIND` (helm's
 * quirk: no group), plus the pods selected by workloads' `spec.selector.matchLabels` under
 * `v1/Pod(related)`. With `table` set the server prints them (`as=Table`), as `helm status`
 * does for its table output; otherwise the full objects come back (for `-o json|yaml`).
 * Objects that cannot be fetched are skipped, as helm does.
 */
import type { KubeObject } from '../kube/index.js';
import type { Release } from '../release/index.js';
import type { ActionConfig } from './config.js';
import { manifestObjects, refOfObject } from './resources.js';

/** A `meta.k8s.io/v1` Table as the API server sends it. */
export interface ServerTable {
  columnDefinitions: { name: string; priority?: number; format?: string }[] | null;
  rows: { cells: unknown[] }[];
}

export interface ResourceSection {
  /** `v1/Deployment`, `v1/Pod(related)`. */
  readonly key: string;
  /** One entry per fetched object (or per related-pod list), in manifest order. */
  readonly items: (ServerTable | KubeObject)[];
}

const tableAccept = [
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
  'application/json',
].join(',');

const selectorKinds = new Set(['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

function matchLabels(obj: KubeObject): Record<string, string> | undefined {
  const spec = obj.spec as { selector?: unknown } | undefined;
  if (obj.kind === 'ReplicationController') {
    const sel = spec?.selector;
    return sel && typeof sel === 'object' ? (sel as Record<string, string>) : undefined;
  }
  if (!selectorKinds.has(obj.kind)) return undefined;
  const ml = (spec?.selector as { matchLabels?: unknown } | undefined)?.matchLabels;
  return ml && typeof ml === 'object' ? (ml as Record<string, string>) : undefined;
}

function selectorString(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

export async function releaseResources(
  cfg: ActionConfig,
  rel: Release,
  opts: { table: boolean; signal?: AbortSignal },
): Promise<ResourceSection[]> {
  const sections = new Map<string, (ServerTable | KubeObject)[]>();
  const add = (key: string, item: ServerTable | KubeObject) => {
    let list = sections.get(key);
    if (!list) sections.set(key, (list = []));
    list.push(item);
  };
  const seenSelectors = new Set<string>();
  const accept = opts.table ? tableAccept : 'application/json';
  const query = opts.table ? { includeObject: 'Object' } : undefined;
  for (const obj of manifestObjects(rel.manifest)) {
    const ref = refOfObject(obj, rel.namespace);
    let located: Awaited<ReturnType<typeof cfg.kube.locate>>;
    let live: ServerTable | KubeObject;
    try {
      located = await cfg.kube.locate(ref, opts.signal);
      live = await cfg.kube.transport.request<ServerTable | KubeObject>({
        method: 'GET',
        path: located.path,
        accept,
        ...(query ? { query } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch {
      continue;
    }
    add(`${located.mapping.version}/${located.mapping.kind}`, live);
    const selector = matchLabels(obj);
    if (!selector) continue;
    const sel = selectorString(selector);
    if (seenSelectors.has(sel)) continue;
    seenSelectors.add(sel);
    try {
      const ns = located.namespace || rel.namespace;
      const pods = await cfg.kube.transport.request<ServerTable | { items?: KubeObject[] }>({
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
        accept,
        query: { labelSelector: sel, ...(query ?? {}) },
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (opts.table) {
        if ((pods as ServerTable).rows?.length) add('v1/Pod(related)', pods as ServerTable);
      } else {
        // The list itself, its items given their kind, as client-go's builder returns it.
        const list = pods as { items?: KubeObject[] } & Record<string, unknown>;
        add('v1/Pod(related)', {
          ...list,
          items: (list.items ?? []).map((p) => ({ ...p, apiVersion: 'v1', kind: 'Pod' })),
        } as unknown as KubeObject);
      }
    } catch {
      // helm logs the failure and goes on.
    }
  }
  return [...sections].map(([key, items]) => ({ key, items }));
}
