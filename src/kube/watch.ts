/**
 * A resilient watch over the objects of one resource in one namespace: list (to learn the
 * current state and resourceVersion), then stream changes; reconnect when the server ends the
 * stream, relist on `410 Gone`. Runs until the signal aborts.
 */
import type { RestMapping } from './discovery.js';
import { groupVersionPath } from './discovery.js';
import { KubeApiError } from './errors.js';
import type { Transport } from './transport.js';
import type { KubeObject } from './types.js';

export interface WatchTarget {
  mapping: RestMapping;
  /** Ignored for cluster-scoped resources; `''` for all namespaces. */
  namespace: string;
  /** Only these names (one name uses a field selector). Empty = every object. */
  names?: ReadonlySet<string>;
  labelSelector?: string;
}

/** `undefined` object = the name does not exist (deleted, or absent from the list). */
export type WatchCallback = (name: string, obj: KubeObject | undefined) => void;

export function collectionPath(mapping: RestMapping, namespace: string): string {
  const base = groupVersionPath(mapping.apiVersion);
  return mapping.namespaced && namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${mapping.resource}`
    : `${base}/${mapping.resource}`;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string; reason?: string };
}

export async function watchObjects(
  transport: Transport,
  target: WatchTarget,
  signal: AbortSignal,
  onChange: WatchCallback,
): Promise<void> {
  const path = collectionPath(target.mapping, target.namespace);
  const names = target.names && target.names.size > 0 ? target.names : undefined;
  const fieldSelector = names?.size === 1 ? `metadata.name=${[...names][0]}` : undefined;
  const wanted = (n: string) => !names || names.has(n);
  let rv: string | undefined;
  while (!signal.aborted) {
    if (rv === undefined) {
      let list: { metadata?: { resourceVersion?: string }; items?: KubeObject[] };
      try {
        list = await transport.request({
          method: 'GET',
          path,
          query: { labelSelector: target.labelSelector, fieldSelector },
          signal,
        });
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      const seen = new Set<string>();
      for (const item of list.items ?? []) {
        // Items of a list carry no apiVersion/kind; give them the resource's own.
        const obj = { ...item, apiVersion: target.mapping.apiVersion, kind: target.mapping.kind };
        if (!wanted(obj.metadata.name)) continue;
        seen.add(obj.metadata.name);
        onChange(obj.metadata.name, obj);
      }
      for (const n of names ?? []) if (!seen.has(n)) onChange(n, undefined);
      rv = list.metadata?.resourceVersion ?? '';
    }
    let gone = false;
    const started = Date.now();
    try {
      await transport.stream(
        {
          method: 'GET',
          path,
          query: {
            watch: 1,
            resourceVersion: rv || undefined,
            allowWatchBookmarks: true,
            labelSelector: target.labelSelector,
            fieldSelector,
            timeoutSeconds: 300,
          },
          signal,
        },
        (line) => {
          let ev: WatchEvent;
          try {
            ev = JSON.parse(line) as WatchEvent;
          } catch {
            return;
          }
          if (ev.type === 'ERROR') {
            if (ev.object?.code === 410) gone = true;
            else
              throw new KubeApiError(
                ev.object?.code ?? 500,
                ev.object?.reason ?? 'Unknown',
                ev.object?.message ?? 'watch error',
              );
            return;
          }
          const obj = ev.object;
          if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK' || !obj?.metadata?.name || !wanted(obj.metadata.name)) return;
          onChange(obj.metadata.name, ev.type === 'DELETED' ? undefined : obj);
        },
      );
    } catch (e) {
      if (signal.aborted) return;
      if (!(e instanceof KubeApiError && e.statusCode === 410)) throw e;
      gone = true;
    }
    if (gone) rv = undefined;
    // A server that ends watches at once must not turn this loop into a busy one.
    if (Date.now() - started < 1000) await pause(500, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
