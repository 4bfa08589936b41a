/** Reading releases: list, history, one revision (helm's List, History, Get, Status). */
import { goTimeMillis, type Release, releaseStatuses } from '../release/index.js';
import { ReleaseNotFoundError } from '../storage/index.js';
import { type ActionConfig, funcsOf } from './config.js';
import { parseSelector } from './selector.js';

export interface ListOptions {
  /** Show releases of every status (helm's -a). */
  readonly all?: boolean;
  /** Status filters (--deployed, --failed, --pending, --superseded, --uninstalled, --uninstalling). */
  readonly states?: readonly string[];
  /** A regular expression on release names (--filter; Go RE2 syntax, unanchored). */
  readonly filter?: string;
  /** A label selector on release labels (-l/--selector). */
  readonly selector?: string;
  /** Sort by date instead of name (helm's --date); reverse order (-r). */
  readonly byDate?: boolean;
  readonly reverse?: boolean;
  readonly max?: number;
  readonly offset?: number;
  readonly signal?: AbortSignal;
}

/**
 * helm's List: the latest revision of each release (every revision when only --superseded is
 * asked), filtered by status (helm 3's default: deployed and failed; helm 4 shows every status),
 * name regexp and label selector, sorted by name (or date), then offset and max.
 */
export async function list(cfg: ActionConfig, opts: ListOptions = {}): Promise<Release[]> {
  let match: ((name: string) => boolean) | undefined;
  if (opts.filter) {
    // Go's regexp (RE2) semantics through the template engine's regexMatch.
    const re = (await funcsOf(cfg)).get('regexMatch');
    const pattern = opts.filter;
    if (re) {
      re.fn(pattern, '');
      match = (name) => re.fn(pattern, name) === true;
    } else {
      const r = new RegExp(pattern);
      match = (name) => r.test(name);
    }
  }
  const selector = parseSelector(opts.selector ?? '');
  const requested = new Set(opts.states ?? []);
  const onlySuperseded = !opts.all && requested.size === 1 && requested.has('superseded');
  const call = opts.signal ? { signal: opts.signal } : {};
  let states = requested;
  if (opts.all) states = new Set(releaseStatuses);
  if (states.size === 0) states = new Set(['deployed', 'failed']);
  if (states.has('pending'))
    for (const p of ['pending-install', 'pending-upgrade', 'pending-rollback']) states.add(p);
  // Only the latest revision of each release is decoded, and only when it will be shown.
  let releases = onlySuperseded
    ? await cfg.storage.listReleases(call)
    : await cfg.storage.listLatest({
        ...call,
        ...(match ? { include: (h: { name: string }) => match(h.name) } : {}),
        keep: (h: { status: string; labels: Record<string, string> }) =>
          states.has(h.status) && selector(h.labels),
      });
  releases = releases.filter(
    (r) => states.has(r.info.status) && (!match || match(r.name)) && selector(r.labels ?? {}),
  );
  const byName = (a: Release, b: Release) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const unix = (r: Release) => Math.floor(goTimeMillis(r.info.last_deployed) / 1000);
  releases.sort(opts.byDate ? (a, b) => unix(a) - unix(b) || byName(a, b) : byName);
  if (opts.reverse) releases.reverse();
  const offset = opts.offset ?? 0;
  if (offset >= releases.length) return [];
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

/**
 * One revision of a release; revision 0 or absent: the latest (read through the history query,
 * so its labels include the system ones, as helm's Last; a given revision is read alone, with
 * the release's own labels, as helm's Get).
 */
export async function getRelease(
  cfg: ActionConfig,
  name: string,
  revision = 0,
  signal?: AbortSignal,
): Promise<Release> {
  if (revision <= 0) {
    const h = await history(cfg, name, signal);
    return h[h.length - 1]!;
  }
  try {
    return await cfg.storage.get(name, revision, signal ? { signal } : undefined);
  } catch (err) {
    if (err instanceof ReleaseNotFoundError)
      throw new ReleaseQueryError('release: not found', 'ERELEASE_NOT_FOUND');
    throw err;
  }
}
