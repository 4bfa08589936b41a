/**
 * `recover`: a release whose latest revision was left `pending-install|upgrade|rollback` by a
 * process that died (killed, machine lost) blocks every later upgrade and rollback. This marks
 * that revision `failed` — but only once it is sure nothing still works on it: the record's lease
 * (lease.ts) names a process on this host that no longer runs, or a lease that ran out; a record
 * without a lease (helm wrote it, or an older bosun) must be older than `staleAfterMs`. `force`
 * skips the checks. bosun's own answer to helm's "another operation is in progress" dead end.
 */
import { goTimeMillis, isPendingStatus, type Release } from '../release/index.js';
import type { ActionConfig } from './config.js';
import { holderOf, nowOf } from './config.js';
import { leaseOf, processAlive } from './lease.js';
import { validateReleaseName } from './names.js';
import { setStatus } from './record.js';

export interface RecoverOptions {
  /** A record without a lease is stale once it is this old (default 10 minutes). */
  readonly staleAfterMs?: number;
  /** Mark it failed without checking that it is stale. */
  readonly force?: boolean;
  /** Is this process alive? (default: signal 0; for tests). */
  readonly alive?: (pid: number) => boolean;
  readonly signal?: AbortSignal;
}

export interface RecoverResult {
  readonly release: Release;
  /** The pending status it was left in. */
  readonly previousStatus: string;
  /** Why it was judged stale. */
  readonly reason: string;
}

export class RecoverError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'RecoverError';
    this.code = code;
  }
}

export const defaultStaleAfterMs = 10 * 60_000;

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** Why the record is stale, or throws RecoverError saying why it may still be in use. */
function staleness(cfg: ActionConfig, rel: Release, opts: RecoverOptions): string {
  const name = rel.name;
  const status = rel.info.status;
  if (opts.force) return 'forced (--force)';
  const now = nowOf(cfg).getTime();
  const lease = leaseOf(rel);
  const alive = opts.alive ?? processAlive;
  if (lease) {
    const me = holderOf(cfg);
    if (lease.host === me.host) {
      if (!alive(lease.pid)) return `the process that held it (pid ${lease.pid} on ${lease.host}) is gone`;
      throw new RecoverError(
        `release "${name}" is ${status} and process ${lease.pid} on this host (${lease.host}) still holds it; ` +
          `wait for it to finish or stop it, then run "bosun helm recover ${name}" again`,
        'ESTILL_HELD',
      );
    }
    if (lease.expires * 1000 <= now)
      return `the lease of pid ${lease.pid} on ${lease.host} ran out ${seconds(now - lease.expires * 1000)} ago`;
    throw new RecoverError(
      `release "${name}" is ${status} and is held by pid ${lease.pid} on host ${lease.host} until ` +
        `${new Date(lease.expires * 1000).toISOString()}; if you are sure that process is gone, ` +
        `run "bosun helm recover ${name} --force"`,
      'ESTILL_HELD',
    );
  }
  const age = now - goTimeMillis(rel.info.last_deployed);
  const limit = opts.staleAfterMs ?? defaultStaleAfterMs;
  if (Number.isNaN(age)) {
    throw new RecoverError(
      `release "${name}" is ${status} with no lease and no deployment time; use --force if you are sure no operation is running`,
      'ENOT_STALE',
    );
  }
  if (age >= limit)
    return `it has been ${status} for ${seconds(age)} with no lease (limit ${seconds(limit)})`;
  throw new RecoverError(
    `release "${name}" has been ${status} for only ${seconds(age)} and names no holder (helm may still be ` +
      `working on it); retry after ${seconds(limit - age)}, lower --stale-after, or use --force if you are ` +
      'sure no operation is running',
    'ENOT_STALE',
  );
}

export async function recover(
  cfg: ActionConfig,
  name: string,
  opts: RecoverOptions = {},
): Promise<RecoverResult> {
  try {
    validateReleaseName(name);
  } catch {
    throw new RecoverError(`recover: Release name is invalid: ${name}`, 'ERELEASE_NAME');
  }
  const call = opts.signal ? { signal: opts.signal } : undefined;
  const history = await cfg.storage.history(name, call);
  if (history.length === 0) throw new RecoverError('release: not found', 'ERELEASE_NOT_FOUND');
  const rel = history.reduce((a, b) => (b.version > a.version ? b : a));
  const previousStatus = rel.info.status;
  if (!isPendingStatus(previousStatus)) {
    throw new RecoverError(
      `release "${name}" is not pending (revision ${rel.version} is ${previousStatus}); nothing to recover`,
      'ENOT_PENDING',
    );
  }
  const reason = staleness(cfg, rel, opts);
  setStatus(
    rel,
    'failed',
    `Release "${name}" failed: the operation that left it ${previousStatus} stopped (${reason}); marked failed by recover`,
  );
  await cfg.storage.update(rel, call);
  return { release: rel, previousStatus, reason };
}
