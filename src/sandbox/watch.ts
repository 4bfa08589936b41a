/**
 * Watch streams: `?watch=1` answers a chunked stream of `{"type":…,"object":…}` lines — synthetic
 * ADDED events for the current state (no resourceVersion, "0", or `sendInitialEvents=true`, which
 * ends with an `initial-events-end` bookmark), then live changes; from a resourceVersion it
 * replays the history (410 Expired when too old). Objects that start or stop matching a selector
 * arrive as ADDED / DELETED, as from the real API server.
 */
import type { ServerResponse } from 'node:http';
import type { Api } from './api.js';
import type { ResourceInfo } from './resources.js';
import type { Matcher } from './selectors.js';
import { grKey, type KubeObject, type StoreEvent } from './store.js';

export interface WatchRequest {
  info: ResourceInfo;
  ns?: string;
  name?: string;
  label?: Matcher;
  field?: Matcher;
  resourceVersion?: string;
  sendInitialEvents: boolean;
  bookmarks: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** Wraps each object (e.g. into a one-row Table). */
  render: (obj: KubeObject, first: boolean) => KubeObject;
}

export function serveWatch(api: Api, w: WatchRequest, res: ServerResponse): void {
  const gr = grKey(w.info.group, w.info.resource);
  const ns = w.info.namespaced ? w.ns : undefined;
  const matches = (o: KubeObject | undefined): boolean =>
    !!o &&
    (ns === undefined || o.metadata?.namespace === ns) &&
    (w.name === undefined || o.metadata?.name === w.name) &&
    (!w.label || w.label(o)) &&
    (!w.field || w.field(o));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let first = true;
  let lastRv = api.store.resourceVersion;
  const send = (type: string, obj: KubeObject) => {
    const object = type === 'BOOKMARK' || type === 'ERROR' ? obj : w.render(api.present(w.info, obj), first);
    first = false;
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (initialEnd: boolean) => {
    const metadata: KubeObject = { resourceVersion: String(lastRv) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const apiVersion = w.info.group ? `${w.info.group}/${w.info.version}` : w.info.version;
    res.write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: w.info.kind, apiVersion, metadata } })}\n`,
    );
  };
  const onEvent = (ev: StoreEvent) => {
    if (ev.gr !== gr) return;
    lastRv = ev.rv;
    const now = matches(ev.object);
    if (ev.type === 'ADDED') {
      if (now) send('ADDED', ev.object);
    } else if (ev.type === 'DELETED') {
      if (now) send('DELETED', ev.object);
    } else {
      const before = matches(ev.old);
      if (now && before) send('MODIFIED', ev.object);
      else if (now) send('ADDED', ev.object);
      else if (before) send('DELETED', ev.object);
    }
  };
  const rv = w.resourceVersion;
  if (w.sendInitialEvents || rv === undefined || rv === '' || rv === '0') {
    for (const o of api.store.list(gr, ns)) if (matches(o)) send('ADDED', o);
    if (w.sendInitialEvents) bookmark(true);
  } else {
    const n = Number(rv);
    const events = Number.isInteger(n) ? api.store.eventsSince(n) : undefined;
    if (!events) {
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${rv} (${api.store.oldestWatchable})`,
            reason: 'Expired',
            code: 410,
          },
        })}\n`,
      );
      return;
    }
    for (const ev of events) onEvent(ev);
  }
  const unsubscribe = api.store.subscribe(onEvent);
  const timers: NodeJS.Timeout[] = [];
  const close = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  if (w.bookmarks) {
    const t = setInterval(() => bookmark(false), w.bookmarkIntervalMs);
    t.unref();
    timers.push(t);
  }
  if (w.timeoutSeconds && w.timeoutSeconds > 0) {
    const t = setTimeout(close, w.timeoutSeconds * 1000);
    t.unref();
    timers.push(t);
  }
  res.on('close', close);
}
