/** The storage driver interface (helm's driver.Driver) plus bosun's label-only listing. */
import type { Release } from '../release/index.js';

export interface CallOptions {
  signal?: AbortSignal;
}

/** What a record's labels and name say about it, without decoding the record. */
export interface RecordHead {
  key: string;
  name: string;
  namespace: string;
  version: number;
  status: string;
  /** Every label on the stored object, system labels included. */
  labels: Record<string, string>;
}

export interface LatestOptions extends CallOptions {
  /** Which records take part before the latest revision of each release is picked (e.g. `--filter`). */
  include?: (head: RecordHead) => boolean;
  /** Which latest revisions to decode and return (e.g. state flags, `-l`). */
  keep?: (head: RecordHead) => boolean;
  /**
   * Look at every revision's labels, superseded ones included. Without it a release whose newest
   * revision is labelled `superseded` (a state no helm or bosun flow leaves) is seen at its newest
   * other revision, or not at all; with it the listing transfers much more.
   */
  exact?: boolean;
}

/**
 * A place to keep release records. Contract (as helm's): `get` rejects with ReleaseNotFoundError
 * when the key is absent; `create` with ReleaseExistsError when it is taken; `update` and
 * `delete` with ReleaseNotFoundError when it is missing; `query` with ReleaseNotFoundError
 * when nothing matches. Other failures are StorageBackendError. Calls may run concurrently.
 */
export interface Driver {
  /** helm's driver name: "Secret", "ConfigMap" or "Memory". */
  readonly name: string;
  get(key: string, opts?: CallOptions): Promise<Release>;
  list(filter: (rel: Release) => boolean, opts?: CallOptions): Promise<Release[]>;
  query(labels: Record<string, string>, opts?: CallOptions): Promise<Release[]>;
  create(key: string, rel: Release, opts?: CallOptions): Promise<void>;
  update(key: string, rel: Release, opts?: CallOptions): Promise<void>;
  delete(key: string, opts?: CallOptions): Promise<Release>;
  /**
   * The latest revision of every release (per namespace and name), chosen from labels and
   * decoding only the records returned. Unlike helm's list, nothing else is decoded.
   */
  listLatest(opts?: LatestOptions): Promise<Release[]>;
}

/** Picks the highest revision per namespace/name among `heads` (helm's filterLatestReleases). */
export function latestHeads(heads: Iterable<RecordHead>, include?: (h: RecordHead) => boolean): RecordHead[] {
  const latest = new Map<string, RecordHead>();
  for (const h of heads) {
    if (include && !include(h)) continue;
    const id = `${h.namespace}/${h.name}`;
    const cur = latest.get(id);
    if (!cur || h.version >= cur.version) latest.set(id, h);
  }
  return [...latest.values()];
}
