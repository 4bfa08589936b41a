/**
 * rollback (helm's Rollback.Run): a new revision N+1 that carries revision M's chart, values
 * and manifest ("Rollback to M"), applied with pruning, hooks and optional wait; deployed
 * revisions become `superseded`. Revision 0 means the one before the latest.
 */
import { goTime, isPendingStatus, type Release } from '../release/index.js';
import { type ActionConfig, holderOf, nowOf } from './config.js';
import { defaultTimeoutMs, releaseObjects } from './install.js';
import { holdLease } from './lease.js';
import { validateReleaseName } from './names.js';
import { performRelease } from './perform.js';
import { setStatus } from './record.js';
import { inNamespace, manifestObjects, refOfObject } from './resources.js';
import { isClientSideApply, updateResources } from './update.js';

export interface RollbackOptions {
  /** The revision to return to; 0 or absent: the previous one. */
  readonly revision?: number;
  readonly wait?: boolean;
  readonly waitForJobs?: boolean;
  readonly timeoutMs?: number;
  readonly noHooks?: boolean;
  readonly cleanupOnFail?: boolean;
  readonly recreatePods?: boolean;
  readonly forceConflicts?: boolean;
  readonly dryRun?: boolean;
  readonly maxHistory?: number;
  readonly signal?: AbortSignal;
}

export class RollbackError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RollbackError';
    this.code = code;
  }
}

export async function rollback(
  cfg: ActionConfig,
  name: string,
  opts: RollbackOptions = {},
): Promise<Release> {
  const signal = opts.signal;
  const call = signal ? { signal } : undefined;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  try {
    validateReleaseName(name);
  } catch {
    throw new RollbackError(`prepareRollback: Release name is invalid: ${name}`, 'ERELEASE_NAME');
  }
  const history = (await cfg.storage.history(name, call)).sort((a, b) => a.version - b.version);
  if (history.length === 0) throw new RollbackError(`release: not found`, 'ERELEASE_NOT_FOUND');
  const current = history[history.length - 1]!;
  if (isPendingStatus(current.info.status)) {
    throw new RollbackError(
      `another operation (install/upgrade/rollback) is in progress (release "${name}" is ${current.info.status})`,
      'EPENDING',
    );
  }
  let previousVersion = opts.revision ?? 0;
  if (previousVersion === 0) previousVersion = current.version - 1;
  if (previousVersion < 1)
    throw new RollbackError(`release has no ${previousVersion} version`, 'ENO_VERSION');
  const previous = history.find((r) => r.version === previousVersion);
  if (!previous) throw new RollbackError(`release: not found`, 'ERELEASE_NOT_FOUND');

  const ts = goTime(nowOf(cfg));
  const target: Release = {
    ...structuredClone(previous),
    version: current.version + 1,
    info: {
      ...structuredClone(previous.info),
      first_deployed: current.info.first_deployed ?? ts,
      last_deployed: ts,
      status: 'pending-rollback',
      notes: previous.info.notes,
      description: `Rollback to ${previousVersion}`,
    },
  };
  delete target.info.deleted;
  // bosun always applies server-side.
  target.apply_method = 'ssa';
  if (opts.dryRun) return target;
  if (opts.maxHistory !== undefined) cfg.storage.maxHistory = opts.maxHistory;
  holdLease(target, holderOf(cfg), nowOf(cfg), timeoutMs);
  await cfg.storage.create(target, call);
  const targetObjects = await inNamespace(cfg.kube, releaseObjects(target), target.namespace, signal);
  let created: ReturnType<typeof releaseObjects> = [];
  try {
    await performRelease(
      cfg,
      target,
      {
        phase: 'rolling back',
        pre: 'pre-rollback',
        post: 'post-rollback',
        change: async () => {
          const result = await updateResources(
            cfg,
            manifestObjects(current.manifest),
            targetObjects,
            target.namespace,
            {
              force: opts.forceConflicts ?? true,
              fromClientSideApply: isClientSideApply(current.apply_method),
              recreatePods: opts.recreatePods ?? false,
              now: nowOf(cfg),
              ...(call ?? {}),
            },
          );
          created = result.created;
        },
        waitFor: targetObjects,
      },
      { ...opts, timeoutMs, ...(call ?? {}) },
    );
  } catch (err) {
    const message = (err as Error).message;
    setStatus(target, 'failed', `Rollback "${name}" failed: ${message}`);
    if (current.info.status === 'deployed') current.info.status = 'superseded';
    await cfg.storage.update(current).catch(() => {});
    await cfg.storage.update(target).catch(() => {});
    if (opts.cleanupOnFail && created.length > 0) {
      await cfg.kube.delete(created.map((o) => refOfObject(o, target.namespace))).catch(() => {});
    }
    throw new RollbackError(message, 'EROLLBACK_FAILED', { cause: err });
  }
  for (const r of history) {
    if (r.info.status === 'deployed') {
      r.info.status = 'superseded';
      await cfg.storage.update(r);
    }
  }
  setStatus(target, 'deployed', `Rollback to ${previousVersion}`);
  await cfg.storage.update(target);
  return target;
}
