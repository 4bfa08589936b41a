/**
 * upgrade (helm's Upgrade.RunWithContext): the pending-state lock, values reuse rules, render
 * as revision N+1, `pending-upgrade` record, pre-upgrade hooks, apply and prune, optional wait,
 * post-upgrade hooks, then the old revision `superseded` and the new one `deployed`. A failure
 * records `failed`; --cleanup-on-fail deletes what the upgrade created; --atomic rolls back.
 */
import type { Chart } from '../chart/index.js';
import type { GoMap } from '../gotemplate/index.js';
import { isPendingStatus, type Release } from '../release/index.js';
import { ReleaseNotFoundError } from '../storage/index.js';
import { type ActionConfig, clusterCapabilities, funcsOf, holderOf, nowOf } from './config.js';
import { defaultTimeoutMs, dryRunMode, type InstallOptions, install, releaseObjects } from './install.js';
import { loadRenderLib, type RenderLib } from './lazy.js';
import { holdLease } from './lease.js';
import { withClusterLookup } from './lookup.js';
import { validateReleaseName } from './names.js';
import { performRelease } from './perform.js';
import { checkRecordSize, newRelease, setStatus } from './record.js';
import { checkDependencies, checkInstallable, renderReleaseWith } from './render.js';
import { inNamespace, manifestObjects, refOfObject } from './resources.js';
import { rollback } from './rollback.js';
import { isClientSideApply, updateResources } from './update.js';

export interface UpgradeOptions extends Omit<InstallOptions, 'replace' | 'takeOwnership'> {
  /** Install when the release does not exist (helm's upgrade --install). */
  readonly install?: boolean;
  readonly reuseValues?: boolean;
  readonly resetValues?: boolean;
  readonly resetThenReuseValues?: boolean;
  readonly cleanupOnFail?: boolean;
  /** Take fields other managers own (helm 4's --force-conflicts). */
  readonly forceConflicts?: boolean;
  readonly recreatePods?: boolean;
  readonly maxHistory?: number;
}

export class UpgradeError extends Error {
  readonly code: string;
  constructor(
    message: string,
    code: string,
    readonly release?: Release,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpgradeError';
    this.code = code;
  }
}

export function pendingError(name: string, status: string): UpgradeError {
  return new UpgradeError(
    `another operation (install/upgrade/rollback) is in progress (release "${name}" is ${status}); if no other operation is running, run "bosun helm recover ${name}" to mark it failed`,
    'EPENDING',
  );
}

/** helm's reuseValues: which user values the new revision starts from. */
function chooseValues(lib: RenderLib, opts: UpgradeOptions, current: Release, chart: Chart): GoMap {
  const { coalesceTables } = lib.values;
  const newVals = opts.values;
  if (opts.resetValues) return newVals;
  if (opts.reuseValues) {
    chart.values =
      coalesceTables(structuredClone(current.config) as GoMap, current.chart.values as GoMap) ?? {};
    return coalesceTables(structuredClone(newVals), current.config) ?? {};
  }
  if (opts.resetThenReuseValues) return coalesceTables(structuredClone(newVals), current.config) ?? {};
  if (Object.keys(newVals).length === 0 && Object.keys(current.config ?? {}).length > 0)
    return current.config as GoMap;
  return newVals;
}

export async function upgrade(cfg: ActionConfig, name: string, opts: UpgradeOptions): Promise<Release> {
  const signal = opts.signal;
  const call = signal ? { signal } : undefined;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  try {
    validateReleaseName(name);
  } catch {
    throw new UpgradeError(`release name is invalid: ${name}`, 'ERELEASE_NAME');
  }
  const history = await cfg.storage.history(name, call).catch((err: unknown) => {
    if (err instanceof ReleaseNotFoundError) return [] as Release[];
    throw err;
  });
  if (history.length === 0) {
    if (opts.install) return install(cfg, { ...opts, releaseName: name });
    throw new UpgradeError(`"${name}" has no deployed releases`, 'ENO_DEPLOYED');
  }
  checkInstallable(opts.chart);
  checkDependencies(opts.chart);
  const last = history.reduce((a, b) => (b.version > a.version ? b : a));
  if (isPendingStatus(last.info.status)) throw pendingError(name, last.info.status);
  let current = last;
  if (last.info.status !== 'deployed') {
    const deployed = history
      .filter((r) => r.info.status === 'deployed')
      .sort((a, b) => b.version - a.version)[0];
    if (deployed) current = deployed;
    else if (last.info.status !== 'failed' && last.info.status !== 'superseded') {
      throw new UpgradeError(`"${name}" has no deployed releases`, 'ENO_DEPLOYED');
    }
  }

  const chart = opts.chart;
  const lib = await loadRenderLib();
  const values = chooseValues(lib, opts, current, chart);
  const revision = last.version + 1;
  const dryRun = dryRunMode(opts.dryRun);
  const capabilities =
    dryRun === 'client' ? new lib.engine.Capabilities() : await clusterCapabilities(cfg, signal);
  const funcs = await funcsOf(cfg);
  const rendered = withClusterLookup(cfg, dryRun !== 'client', (lookup) =>
    renderReleaseWith(lib, {
      chart,
      values,
      release: { name, namespace: cfg.namespace, revision, isInstall: false, isUpgrade: true },
      capabilities,
      funcs,
      ...(lookup ? { lookup } : {}),
      ...(opts.subNotes ? { subNotes: true } : {}),
      ...(opts.skipSchemaValidation ? { skipSchemaValidation: true } : {}),
      warn: (message) => cfg.onEvent?.({ type: 'warning', release: name, message }),
    }),
  );
  const rel = newRelease({
    name,
    namespace: cfg.namespace,
    chart: rendered.chart,
    config: values,
    version: revision,
    now: nowOf(cfg),
    ...(opts.labels ? { labels: opts.labels } : {}),
    ...(current.info.first_deployed ? { firstDeployed: current.info.first_deployed } : {}),
  });
  rel.manifest = rendered.manifest;
  rel.hooks = [...rendered.hooks];
  rel.info.notes = rendered.notes;
  setStatus(rel, 'pending-upgrade', 'Preparing upgrade');
  if (dryRun) {
    rel.info.description = 'Dry run complete';
    return rel;
  }
  checkRecordSize(rel);
  if (opts.maxHistory !== undefined) cfg.storage.maxHistory = opts.maxHistory;
  holdLease(rel, holderOf(cfg), nowOf(cfg), timeoutMs);
  await cfg.storage.create(rel, call);
  const target = await inNamespace(cfg.kube, releaseObjects(rel), cfg.namespace, signal);
  const currentObjects = manifestObjects(current.manifest);
  let created: ReturnType<typeof releaseObjects> = [];
  try {
    await performRelease(
      cfg,
      rel,
      {
        phase: 'upgrading',
        pre: 'pre-upgrade',
        post: 'post-upgrade',
        hookFailure: (event, message) => `${event} hooks failed: ${message}`,
        change: async () => {
          const result = await updateResources(cfg, currentObjects, target, cfg.namespace, {
            force: opts.forceConflicts ?? false,
            fromClientSideApply: isClientSideApply(current.apply_method),
            recreatePods: opts.recreatePods ?? false,
            now: nowOf(cfg),
            ...(call ?? {}),
          });
          created = result.created;
        },
        waitFor: target,
      },
      { ...opts, timeoutMs, ...(call ?? {}) },
    );
    if (current.info.status === 'deployed') {
      current.info.status = 'superseded';
      await cfg.storage.update(current);
    }
    setStatus(rel, 'deployed', opts.description || 'Upgrade complete');
    await cfg.storage.update(rel);
    return rel;
  } catch (err) {
    const message = (err as Error).message;
    setStatus(rel, 'failed', `Upgrade "${name}" failed: ${message}`);
    await cfg.storage.update(rel).catch(() => {});
    if (opts.cleanupOnFail && created.length > 0) {
      await cfg.kube.delete(created.map((o) => refOfObject(o, cfg.namespace))).catch(() => {});
    }
    if (opts.atomic) {
      try {
        await rollback(cfg, name, {
          revision: 0,
          wait: true,
          waitForJobs: opts.waitForJobs ?? false,
          timeoutMs,
          cleanupOnFail: opts.cleanupOnFail ?? false,
          noHooks: opts.noHooks ?? false,
          forceConflicts: true,
        });
      } catch (rerr) {
        throw new UpgradeError(
          `an error occurred while rolling back the release. original upgrade error: ${message}: ${(rerr as Error).message}`,
          'EUPGRADE_FAILED',
          rel,
          { cause: err },
        );
      }
      throw new UpgradeError(
        `release ${name} failed, and has been rolled back due to rollback-on-failure being set: ${message}`,
        'EUPGRADE_ROLLED_BACK',
        rel,
        { cause: err },
      );
    }
    throw new UpgradeError(message, 'EUPGRADE_FAILED', rel, { cause: err });
  }
}

export { ReleaseNotFoundError };
