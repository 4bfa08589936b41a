/**
 * helm's release storage (pkg/storage) over a driver: get, create (with `maxHistory` pruning
 * that never removes the deployed revision), update, delete, history, last, deployed, and the
 * list queries. Every method is async and takes an optional AbortSignal.
 */
import type { Release } from '../release/index.js';
import type { CallOptions, Driver, LatestOptions } from './driver.js';
import { NoDeployedReleasesError, ReleaseNotFoundError, StorageError } from './errors.js';
import { makeKey } from './keys.js';

export interface StorageOptions {
  /**
   * Revisions kept per release, counting the newest (`--history-max`, HELM_MAX_HISTORY);
   * 0 or less keeps everything.
   */
  maxHistory?: number;
}

const byRevision = (a: Release, b: Release) => a.version - b.version;

export class Storage {
  maxHistory: number;

  constructor(
    readonly driver: Driver,
    opts: StorageOptions = {},
  ) {
    this.maxHistory = opts.maxHistory ?? 0;
  }

  get(name: string, version: number, opts?: CallOptions): Promise<Release> {
    return this.driver.get(makeKey(name, version), opts);
  }

  /** Stores a new revision, first pruning history to make room for it when maxHistory is set. */
  async create(rel: Release, opts?: CallOptions): Promise<void> {
    if (this.maxHistory > 0) {
      try {
        await this.removeLeastRecent(rel.name, this.maxHistory - 1, opts);
      } catch (e) {
        if (!(e instanceof ReleaseNotFoundError)) throw e;
      }
    }
    await this.driver.create(makeKey(rel.name, rel.version), rel, opts);
  }

  update(rel: Release, opts?: CallOptions): Promise<void> {
    return this.driver.update(makeKey(rel.name, rel.version), rel, opts);
  }

  delete(name: string, version: number, opts?: CallOptions): Promise<Release> {
    return this.driver.delete(makeKey(name, version), opts);
  }

  /** Every revision of every release (decodes all of them, as helm does). */
  listReleases(opts?: CallOptions): Promise<Release[]> {
    return this.driver.list(() => true, opts);
  }

  listUninstalled(opts?: CallOptions): Promise<Release[]> {
    return this.driver.list((r) => r.info.status === 'uninstalled', opts);
  }

  listDeployed(opts?: CallOptions): Promise<Release[]> {
    return this.driver.list((r) => r.info.status === 'deployed', opts);
  }

  /** The latest revision of each release, decoding only those (what `list` needs). */
  listLatest(opts?: LatestOptions): Promise<Release[]> {
    return this.driver.listLatest(opts);
  }

  /** Every revision labelled deployed (normally one); NoDeployedReleasesError when none. */
  async deployedAll(name: string, opts?: CallOptions): Promise<Release[]> {
    try {
      return await this.driver.query({ name, owner: 'helm', status: 'deployed' }, opts);
    } catch (e) {
      if (e instanceof ReleaseNotFoundError) throw new NoDeployedReleasesError(name);
      throw e;
    }
  }

  /** The newest deployed revision (a crashed concurrent run can leave several). */
  async deployed(name: string, opts?: CallOptions): Promise<Release> {
    const all = await this.deployedAll(name, opts);
    if (all.length === 0) throw new NoDeployedReleasesError(name);
    return all.sort(byRevision)[all.length - 1]!;
  }

  /** All revisions of a release, in no particular order; ReleaseNotFoundError when there are none. */
  history(name: string, opts?: CallOptions): Promise<Release[]> {
    return this.driver.query({ name, owner: 'helm' }, opts);
  }

  /** The newest revision of a release, whatever its status. */
  async last(name: string, opts?: CallOptions): Promise<Release> {
    const h = await this.history(name, opts);
    if (h.length === 0)
      throw new StorageError('ENOREVISION', `no revision for release ${JSON.stringify(name)}`);
    return h.sort(byRevision)[h.length - 1]!;
  }

  /**
   * Deletes the oldest revisions until at most `max` remain, sparing the deployed one. Deletes
   * as many as it can and reports the first failure, as helm does.
   */
  async removeLeastRecent(name: string, max: number, opts?: CallOptions): Promise<void> {
    if (max < 0) return;
    const h = (await this.history(name, opts)).sort(byRevision);
    if (h.length <= max) return;
    let deployed: Release | undefined;
    try {
      deployed = await this.deployed(name, opts);
    } catch (e) {
      if (!(e instanceof NoDeployedReleasesError)) throw e;
    }
    const toDelete: Release[] = [];
    for (const rel of h) {
      if (h.length - toDelete.length === max) break;
      if (!deployed || rel.version !== deployed.version) toDelete.push(rel);
    }
    const errs: unknown[] = [];
    for (const rel of toDelete) {
      try {
        await this.delete(name, rel.version, opts);
      } catch (e) {
        errs.push(e);
      }
    }
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) {
      const first = errs[0] as Error;
      throw new StorageError(
        'EPRUNE',
        `encountered ${errs.length} deletion errors. First is: ${first.message}`,
        {
          cause: first,
        },
      );
    }
  }
}
