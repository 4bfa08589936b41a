/**
 * helm's memory driver (HELM_DRIVER=memory): records kept in this process, per namespace.
 * Also the first-class fake for tests of the actions, with explicit failure fields.
 */
import { type Release, releaseFromJson, releaseToJson } from '../release/index.js';
import type { CallOptions, Driver, LatestOptions, RecordHead } from './driver.js';
import { latestHeads } from './driver.js';
import { ReleaseExistsError, ReleaseNotFoundError, StorageBackendError } from './errors.js';
import { parseKey } from './keys.js';

interface MemRecord {
  key: string;
  rel: Release;
  labels: Record<string, string>;
}

export interface MemoryFailures {
  /** When set, the next calls of that method reject with this error (a StorageBackendError). */
  get?: Error;
  list?: Error;
  create?: Error;
  update?: Error;
  delete?: Error;
}

export class MemoryDriver implements Driver {
  readonly name = 'Memory';
  /** Failures to inject, for tests of the callers. */
  readonly failures: MemoryFailures = {};
  /** Namespace → release name → records sorted by revision. */
  private readonly cache = new Map<string, Map<string, MemRecord[]>>();

  /** `''` makes list and query see every namespace. */
  constructor(public namespace = 'default') {}

  private fail(op: keyof MemoryFailures): void {
    const e = this.failures[op];
    if (e) throw new StorageBackendError(`${op}: failed`, e);
  }

  private namespaces(): Map<string, MemRecord[]>[] {
    if (this.namespace === '') return [...this.cache.values()];
    const m = this.cache.get(this.namespace);
    return m ? [m] : [];
  }

  /** A deep copy, so callers can never change what is stored (records are values in a cluster too). */
  private static copy(rel: Release, labels: Record<string, string>): Release {
    const out = releaseFromJson(releaseToJson(rel));
    out.labels = { ...labels };
    return out;
  }

  private labelsOf(rel: Release): Record<string, string> {
    return {
      ...(rel.labels ?? {}),
      name: rel.name,
      owner: 'helm',
      status: rel.info.status,
      version: String(rel.version),
    };
  }

  async get(key: string, _opts?: CallOptions): Promise<Release> {
    this.fail('get');
    const { name } = parseKey(key);
    const rec = this.namespaces()
      .map((ns) => ns.get(name)?.find((r) => r.key === key))
      .find((r) => r !== undefined);
    if (!rec) throw new ReleaseNotFoundError(key);
    return MemoryDriver.copy(rec.rel, rec.rel.labels ?? {});
  }

  async list(filter: (rel: Release) => boolean, _opts?: CallOptions): Promise<Release[]> {
    this.fail('list');
    const out: Release[] = [];
    for (const ns of this.namespaces())
      for (const recs of ns.values())
        for (const r of recs) {
          const rel = MemoryDriver.copy(r.rel, r.labels);
          if (filter(rel)) out.push(rel);
        }
    return out;
  }

  async query(labels: Record<string, string>, _opts?: CallOptions): Promise<Release[]> {
    this.fail('list');
    const out: Release[] = [];
    for (const ns of this.namespaces())
      for (const recs of ns.values())
        for (const r of recs) {
          if (Object.entries(labels).every(([k, v]) => r.labels[k] === v))
            out.push(MemoryDriver.copy(r.rel, r.labels));
        }
    if (out.length === 0) throw new ReleaseNotFoundError();
    return out;
  }

  async listLatest(opts: LatestOptions = {}): Promise<Release[]> {
    this.fail('list');
    const source = new Map<RecordHead, MemRecord>();
    for (const ns of this.namespaces())
      for (const recs of ns.values())
        for (const r of recs) {
          const head: RecordHead = {
            key: r.key,
            name: r.rel.name,
            namespace: r.rel.namespace || 'default',
            version: r.rel.version,
            status: r.rel.info.status,
            labels: r.labels,
          };
          // Same view as the cluster drivers: superseded revisions only count when `exact`.
          if (opts.exact || head.status !== 'superseded') source.set(head, r);
        }
    return latestHeads(source.keys(), opts.include)
      .filter((h) => !opts.keep || opts.keep(h))
      .map((h) => {
        const r = source.get(h)!;
        return MemoryDriver.copy(r.rel, r.labels);
      });
  }

  async create(key: string, rel: Release, _opts?: CallOptions): Promise<void> {
    this.fail('create');
    parseKey(key);
    const ns = rel.namespace || 'default';
    let byName = this.cache.get(ns);
    if (!byName) this.cache.set(ns, (byName = new Map()));
    const recs = byName.get(rel.name) ?? [];
    if (recs.some((r) => r.key === key)) throw new ReleaseExistsError(key);
    recs.push({ key, rel: MemoryDriver.copy(rel, rel.labels ?? {}), labels: this.labelsOf(rel) });
    recs.sort((a, b) => a.rel.version - b.rel.version);
    byName.set(rel.name, recs);
  }

  async update(key: string, rel: Release, _opts?: CallOptions): Promise<void> {
    this.fail('update');
    const recs = this.cache.get(rel.namespace || 'default')?.get(rel.name);
    const i = recs?.findIndex((r) => r.key === key) ?? -1;
    if (!recs || i < 0) throw new ReleaseNotFoundError(key);
    recs[i] = { key, rel: MemoryDriver.copy(rel, rel.labels ?? {}), labels: this.labelsOf(rel) };
  }

  async delete(key: string, _opts?: CallOptions): Promise<Release> {
    this.fail('delete');
    const { name } = parseKey(key);
    const recs = this.namespaces()
      .map((ns) => ns.get(name))
      .find((l) => l?.some((r) => r.key === key));
    const i = recs?.findIndex((r) => r.key === key) ?? -1;
    if (!recs || i < 0) throw new ReleaseNotFoundError(key);
    const [rec] = recs.splice(i, 1);
    return MemoryDriver.copy(rec!.rel, rec!.rel.labels ?? {});
  }
}
