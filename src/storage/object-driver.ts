/**
 * What the Secret and ConfigMap drivers share: helm's records as Kubernetes objects named by
 * key, labelled `name`, `owner=helm`, `status`, `version` (+ `createdAt` on create,
 * `modifiedAt` on update, as helm does), holding base64(gzip(JSON)) under `release`.
 */
import { decodeRelease, encodeRelease, type Release } from '../release/index.js';
import type { CallOptions, Driver, LatestOptions, RecordHead } from './driver.js';
import { latestHeads } from './driver.js';
import {
  ReleaseExistsError,
  ReleaseNotFoundError,
  ReleaseTooLargeError,
  StorageBackendError,
  StorageError,
} from './errors.js';
import { filterSystemLabels, labelValueErrors, parseKey, selectorOf } from './keys.js';
import { isAlreadyExists, isNotFound, type ObjectPort, type PortObjectMeta } from './port.js';

/** Maps with at most `n` calls in flight, keeping order. */
async function mapLimit<A, B>(items: readonly A[], n: number, fn: (a: A) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** A Secret's or ConfigMap's data may hold at most 1 MiB. */
export const maxRecordBytes = 1024 * 1024;

export interface DriverOptions {
  /** The namespace records live in; `''` lists every namespace (`helm list -A`). */
  namespace: string;
  /** Seconds since the epoch for createdAt/modifiedAt (default: the system clock). */
  now?: () => number;
}

/** How one kind of object holds a record. */
export interface RecordCodec<T> {
  toObject(meta: PortObjectMeta, encoded: string): T;
  /** The encoded record (base64(gzip(JSON))) in an object, or undefined. */
  recordOf(obj: T): string | undefined;
  metaOf(obj: T): PortObjectMeta;
}

export class ObjectDriver<T> implements Driver {
  readonly namespace: string;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly port: ObjectPort<T>,
    private readonly codec: RecordCodec<T>,
    opts: DriverOptions,
  ) {
    this.namespace = opts.namespace;
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  private ns(rel?: Release): string {
    return this.namespace || rel?.namespace || 'default';
  }

  private decode(obj: T, allLabels: boolean): Release {
    const meta = this.codec.metaOf(obj);
    const data = this.codec.recordOf(obj);
    if (data === undefined)
      throw new StorageError('ERELEASEDECODE', `record ${meta.name} has no release data`);
    const rel = decodeRelease(data);
    rel.labels = allLabels ? { ...(meta.labels ?? {}) } : filterSystemLabels(meta.labels);
    return rel;
  }

  async get(key: string, opts: CallOptions = {}): Promise<Release> {
    let obj: T | undefined;
    try {
      obj = await this.port.get(this.ns(), key, opts);
    } catch (e) {
      throw new StorageBackendError(`get: failed to get ${JSON.stringify(key)}`, e);
    }
    if (obj === undefined) throw new ReleaseNotFoundError(key);
    try {
      return this.decode(obj, false);
    } catch (e) {
      throw new StorageBackendError(`get: failed to decode data ${JSON.stringify(key)}`, e);
    }
  }

  private async listObjects(selector: string, what: string, opts: CallOptions): Promise<T[]> {
    try {
      return await this.port.list(this.namespace, selector, opts);
    } catch (e) {
      throw new StorageBackendError(what, e);
    }
  }

  /** Decodes every record, skipping the ones that do not decode (as helm does). */
  private decodeAll(items: T[]): Release[] {
    const out: Release[] = [];
    for (const item of items) {
      try {
        out.push(this.decode(item, true));
      } catch {
        // helm logs and skips records it cannot decode
      }
    }
    return out;
  }

  async list(filter: (rel: Release) => boolean, opts: CallOptions = {}): Promise<Release[]> {
    const items = await this.listObjects('owner=helm', 'list: failed to list', opts);
    return this.decodeAll(items).filter(filter);
  }

  async query(labels: Record<string, string>, opts: CallOptions = {}): Promise<Release[]> {
    for (const v of Object.values(labels)) {
      const errs = labelValueErrors(v);
      if (errs.length)
        throw new StorageError(
          'EINVALIDLABEL',
          `invalid label value: ${JSON.stringify(v)}: ${errs.join('; ')}`,
        );
    }
    const items = await this.listObjects(selectorOf(labels), 'query: failed to query with labels', opts);
    if (items.length === 0) throw new ReleaseNotFoundError();
    return this.decodeAll(items);
  }

  /**
   * By default only records not labelled `superseded` are fetched: the newest revision of a
   * release is never superseded in any flow helm or bosun runs (upgrade and rollback supersede
   * the older one), and superseded revisions are most of a long history. `exact` considers every
   * revision's labels (metadata-only when the port can), for stores in a state no flow produces.
   */
  async listLatest(opts: LatestOptions = {}): Promise<Release[]> {
    if (opts.exact && this.port.listMetadata) return this.listLatestFromMetadata(opts);
    const selector = opts.exact ? 'owner=helm' : 'owner=helm,status!=superseded';
    const items = await this.listObjects(selector, 'list: failed to list', opts);
    // Each head remembers how to produce its release: decode the object, or (for the rare
    // record without usable labels, which had to be decoded to learn its revision) the release.
    const source = new Map<RecordHead, T | Release>();
    for (const item of items) {
      const head = this.headOf(item);
      if (head) {
        source.set(head, item);
        continue;
      }
      for (const rel of this.decodeAll([item])) {
        const h = {
          key: '',
          name: rel.name,
          namespace: rel.namespace,
          version: rel.version,
          status: rel.info.status,
          labels: rel.labels,
        };
        source.set(h, rel);
      }
    }
    const out: Release[] = [];
    for (const h of latestHeads(source.keys(), opts.include)) {
      if (opts.keep && !opts.keep(h)) continue;
      const src = source.get(h)!;
      if (h.key === '') out.push(src as Release);
      else out.push(...this.decodeAll([src as T]));
    }
    return out;
  }

  /**
   * With a port that lists metadata alone: pick the latest revisions from labels, then read just
   * those records (a few concurrent GETs instead of transferring every revision).
   */
  private async listLatestFromMetadata(opts: LatestOptions): Promise<Release[]> {
    let metas: { metadata: PortObjectMeta }[];
    try {
      metas = await this.port.listMetadata!(this.namespace, 'owner=helm', opts);
    } catch (e) {
      throw new StorageBackendError('list: failed to list', e);
    }
    const heads: RecordHead[] = [];
    const unlabelled: PortObjectMeta[] = [];
    for (const m of metas) {
      const h = this.headOfMeta(m.metadata);
      if (h) heads.push(h);
      else unlabelled.push(m.metadata);
    }
    const read = async (namespace: string, key: string): Promise<Release | undefined> => {
      let obj: T | undefined;
      try {
        obj = await this.port.get(namespace, key, opts);
      } catch (e) {
        throw new StorageBackendError(`get: failed to get ${JSON.stringify(key)}`, e);
      }
      // Deleted since the listing, or not decodable: skipped, as helm skips bad records.
      return obj === undefined ? undefined : this.decodeAll([obj])[0];
    };
    const extra = new Map<RecordHead, Release>();
    for (const rel of await mapLimit(unlabelled, 16, (m) => read(m.namespace ?? this.namespace, m.name))) {
      if (!rel) continue;
      const h = {
        key: '',
        name: rel.name,
        namespace: rel.namespace,
        version: rel.version,
        status: rel.info.status,
        labels: rel.labels,
      };
      extra.set(h, rel);
      heads.push(h);
    }
    const chosen = latestHeads(heads, opts.include).filter((h) => !opts.keep || opts.keep(h));
    const rels = await mapLimit(chosen, 16, (h) =>
      h.key === '' ? Promise.resolve(extra.get(h)) : read(h.namespace, h.key),
    );
    return rels.filter((r): r is Release => r !== undefined);
  }

  private headOf(item: T): RecordHead | undefined {
    return this.headOfMeta(this.codec.metaOf(item));
  }

  private headOfMeta(meta: PortObjectMeta): RecordHead | undefined {
    const labels = meta.labels ?? {};
    let name = labels.name;
    let version =
      labels.version !== undefined && /^\d+$/.test(labels.version) ? Number(labels.version) : undefined;
    if (name === undefined || version === undefined) {
      try {
        const k = parseKey(meta.name);
        name ??= k.name;
        version ??= k.version;
      } catch {
        return undefined;
      }
    }
    if (labels.status === undefined) return undefined;
    return {
      key: meta.name,
      name,
      namespace: meta.namespace ?? this.namespace,
      version,
      status: labels.status,
      labels,
    };
  }

  private build(key: string, rel: Release, extra: Record<string, string>): T {
    const encoded = encodeRelease(rel);
    if (encoded.length > maxRecordBytes) {
      throw new ReleaseTooLargeError(rel.name, rel.version, encoded.length, maxRecordBytes);
    }
    const labels: Record<string, string> = {
      ...(rel.labels ?? {}),
      ...extra,
      name: rel.name,
      owner: 'helm',
      status: rel.info.status,
      version: String(rel.version),
    };
    return this.codec.toObject({ name: key, namespace: this.ns(rel), labels }, encoded);
  }

  async create(key: string, rel: Release, opts: CallOptions = {}): Promise<void> {
    const obj = this.build(key, rel, { createdAt: String(this.now()) });
    try {
      await this.port.create(this.ns(rel), obj, opts);
    } catch (e) {
      if (isAlreadyExists(e)) throw new ReleaseExistsError(key);
      throw new StorageBackendError('create: failed to create', e);
    }
  }

  async update(key: string, rel: Release, opts: CallOptions = {}): Promise<void> {
    // Like helm, the object is replaced: createdAt does not survive an update.
    const obj = this.build(key, rel, { modifiedAt: String(this.now()) });
    try {
      await this.port.update(this.ns(rel), obj, opts);
    } catch (e) {
      if (isNotFound(e)) throw new ReleaseNotFoundError(key);
      throw new StorageBackendError('update: failed to update', e);
    }
  }

  async delete(key: string, opts: CallOptions = {}): Promise<Release> {
    const rel = await this.get(key, opts);
    let deleted: boolean;
    try {
      deleted = await this.port.delete(this.ns(), key, opts);
    } catch (e) {
      throw new StorageBackendError(`delete: failed to delete ${JSON.stringify(key)}`, e);
    }
    if (!deleted) throw new ReleaseNotFoundError(key);
    return rel;
  }
}
