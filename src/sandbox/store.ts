/**
 * The object store: every object by group-resource, namespace and name, one global
 * resourceVersion counter, a bounded history of change events for watches, and a journal
 * hook for persistence. Stored objects are never mutated in place: writers store new objects.
 */

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type KubeObject = Record<string, any>;

export interface StoreEvent {
  type: EventType;
  /** `group/resource` (core group: `/pods`). */
  gr: string;
  rv: number;
  object: KubeObject;
  /** The object before a MODIFIED change (not persisted). */
  old?: KubeObject;
}

/** Receives every committed change, in order (persistence). */
export interface Journal {
  record(ev: StoreEvent): void;
}

export function grKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

function nsName(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

export interface StoreSnapshot {
  rv: number;
  objects: { gr: string; object: KubeObject }[];
}

export class Store {
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private rv = 0;
  private readonly history: StoreEvent[] = [];
  private historyStart = 0;
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  journal: Journal | undefined;

  constructor(private readonly historyLimit = 20_000) {}

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  get oldestWatchable(): number {
    return this.historyStart;
  }

  get(gr: string, ns: string | undefined, name: string): KubeObject | undefined {
    return this.data.get(gr)?.get(nsName(ns, name));
  }

  list(gr: string, ns?: string): KubeObject[] {
    const m = this.data.get(gr);
    if (!m) return [];
    const out: KubeObject[] = [];
    for (const o of m.values()) if (ns === undefined || o.metadata?.namespace === ns) out.push(o);
    return out;
  }

  /** Every group-resource that holds objects. */
  groupResources(): string[] {
    return [...this.data.keys()].filter((k) => (this.data.get(k)?.size ?? 0) > 0);
  }

  count(): number {
    let n = 0;
    for (const m of this.data.values()) n += m.size;
    return n;
  }

  /** Stores `object` with a new resourceVersion; returns the stored object. */
  put(gr: string, object: KubeObject): KubeObject {
    const key = nsName(object.metadata.namespace, object.metadata.name);
    let m = this.data.get(gr);
    if (!m) this.data.set(gr, (m = new Map()));
    const old = m.get(key);
    const rv = ++this.rv;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    m.set(key, stored);
    this.emit(
      old ? { type: 'MODIFIED', gr, rv, object: stored, old } : { type: 'ADDED', gr, rv, object: stored },
    );
    return stored;
  }

  /** Removes an object; the DELETED event carries a new resourceVersion. */
  remove(gr: string, ns: string | undefined, name: string): KubeObject | undefined {
    const m = this.data.get(gr);
    const key = nsName(ns, name);
    const old = m?.get(key);
    if (!m || !old) return undefined;
    m.delete(key);
    const rv = ++this.rv;
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.emit({ type: 'DELETED', gr, rv, object });
    return object;
  }

  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Events after `rv` (exclusive), or undefined when they are no longer in the history. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.historyStart) return undefined;
    const i = this.history.findIndex((e) => e.rv > rv);
    return i < 0 ? [] : this.history.slice(i);
  }

  snapshot(): StoreSnapshot {
    const objects: { gr: string; object: KubeObject }[] = [];
    for (const [gr, m] of this.data) for (const object of m.values()) objects.push({ gr, object });
    return { rv: this.rv, objects };
  }

  /** Loads persisted state (no events, no journal). */
  load(snap: StoreSnapshot): void {
    this.data.clear();
    for (const { gr, object } of snap.objects) this.loadOne(gr, object);
    this.rv = snap.rv;
    this.historyStart = snap.rv;
  }

  /** Replays one journal entry during start-up. */
  replay(ev: { type: EventType; gr: string; rv: number; object: KubeObject }): void {
    if (ev.type === 'DELETED') {
      this.data.get(ev.gr)?.delete(nsName(ev.object.metadata.namespace, ev.object.metadata.name));
    } else this.loadOne(ev.gr, ev.object);
    this.rv = Math.max(this.rv, ev.rv);
    this.historyStart = this.rv;
  }

  private loadOne(gr: string, object: KubeObject): void {
    let m = this.data.get(gr);
    if (!m) this.data.set(gr, (m = new Map()));
    m.set(nsName(object.metadata.namespace, object.metadata.name), object);
  }

  private emit(ev: StoreEvent): void {
    this.journal?.record(ev);
    this.history.push(ev);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.historyStart = dropped[dropped.length - 1]!.rv;
    }
    for (const fn of this.listeners) fn(ev);
  }
}
