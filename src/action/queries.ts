/** Reading releases: list, history, one revision (helm's List, History, Get, Status). */
import { type Release, releaseStatuses } from '../release/index.js';
import type { ActionConfig } from './config.js';

export interface ListOptions {
  /** Show releases of every status (helm's -a). */
  readonly all?: boolean;
  /** Status filters (--deployed, --failed, --pending, --superseded, --uninstalled, --uninstalling). */
  readonly states?: readonly string[];
  /** A regular expression on release names (--filter). */
  readonly filter?: string;
  /** Sort by date instead of name (helm's --date); reverse order (-r). */
  readonly byDate?: boolean;
  readonly reverse?: boolean;
  readonly max?: number;
  readonly offset?: number;
  readonly signal?: AbortSignal;
}

/** helm's List: the latest revision of each release, deployed/failed by default. */
export async function list(cfg: ActionConfig, opts: ListOptions = {}): Promise<Release[]> {
  let releases = await cfg.storage.listLatest(opts.signal ? { signal: opts.signal } : {});
  let states = new Set(opts.states ?? []);
  if (opts.all) states = new Set(releaseStatuses);
  if (states.size === 0) states = new Set(['deployed', 'failed']);
  if (states.has('pending'))
    ['pending-install', 'pending-upgrade', 'pending-rollback'].forEach((s) => states.add(s));
  releases = releases.filter((r) => states.has(r.info.status));
  if (opts.filter) {
    const re = new RegExp(opts.filter);
    releases = releases.filter((r) => re.test(r.name));
  }
  releases.sort((a, b) =>
    opts.byDate
      ? Date.parse(a.info.last_deployed ?? '') - Date.parse(b.info.last_deployed ?? '')
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
  if (opts.reverse) releases.reverse();
  const offset = opts.offset ?? 0;
  const max = opts.max && opts.max > 0 ? opts.max : releases.length;
  return releases.slice(offset, offset + max);
}

export class ReleaseQueryError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'ReleaseQueryError';
    this.code = code;
  }
}

export async function history(cfg: ActionConfig, name: string, signal?: AbortSignal): Promise<Release[]> {
  const h = await cfg.storage.history(name, signal ? { signal } : undefined);
  if (h.length === 0) throw new ReleaseQueryError('release: not found', 'ERELEASE_NOT_FOUND');
  return h.sort((a, b) => a.version - b.version);
}

/** One revision of a release; revision 0 or absent: the latest. */
export async function getRelease(
  cfg: ActionConfig,
  name: string,
  revision = 0,
  signal?: AbortSignal,
): Promise<Release> {
  const h = await history(cfg, name, signal);
  if (revision <= 0) return h[h.length - 1]!;
  const r = h.find((x) => x.version === revision);
  if (!r) throw new ReleaseQueryError('release: not found', 'ERELEASE_NOT_FOUND');
  return r;
}
