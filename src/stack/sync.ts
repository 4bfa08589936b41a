/**
 * `sync` and `apply`: observe, plan, then execute the plan with ready-set scheduling. A release
 * starts as soon as everything it needs is done; a failed install/upgrade is rolled back with
 * helm's atomic semantics (an upgrade returns to the last good revision, a first install is
 * removed) when `atomic`; releases that need a failed one are skipped; the rest still run.
 * Uninstalls (`installed: false`) go first, in reverse order of needs.
 *
 * On abort (SIGINT): nothing new starts; in-flight releases get the signal, and when they end
 * failed they are rolled back under a fresh deadline, so no release is left pending.
 */
import { errorMessage, isAbort, StackError } from './errors.js';
import type { ReleaseResult, RunSummary, StackRollbackReport } from './events.js';
import { type HookRunner, ProcessHookRunner, runHooks } from './hooks.js';
import { type Observed, observe, type RunContext } from './observe.js';
import type { DesiredRelease, ExportedRecord, LiveRelease, ReleaseOps } from './ops.js';
import type { Plan, PlanAction } from './plan.js';
import { type Outcome, schedule } from './scheduler.js';
import type { Selection, Stack } from './stack.js';
import { keepingRemovals } from './stack-revisions.js';
import { rollbackStack } from './stack-rollback.js';

export interface ExecContext extends RunContext {
  readonly hooks?: HookRunner;
  /** Environment variables of hook commands (default process.env, given by the caller). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** helm 4's `--force-conflicts`: upgrades take back fields other field managers changed. */
  readonly forceConflicts?: boolean;
}

export interface SyncOptions {
  /** `apply`: only releases whose plan changes something; `sync`: every selected release. */
  readonly onlyChanged: boolean;
  /** When any release fails (or the run is interrupted), return every release this run changed to its pre-run revision. */
  readonly rollbackStackOnFailure?: boolean;
  /** Called once the plan is computed, before anything changes; throwing refuses the run (a saved plan's check). */
  readonly verify?: (observed: Observed) => void;
  /**
   * `--deadline`, in seconds, for the whole run: when it passes nothing new starts and releases
   * in flight are cancelled and rolled back, as on SIGINT (and with `rollbackStackOnFailure`,
   * everything the run changed is restored).
   */
  readonly deadlineSeconds?: number;
}

export interface SyncResult {
  readonly plan: Plan;
  readonly summary: RunSummary;
  /** The stored helm records of the releases this run uninstalled (for the stack revision). */
  readonly kept?: ReadonlyMap<string, readonly ExportedRecord[]>;
}

/** A release that failed; carries its result so the scheduler's outcome can be reported. */
class ReleaseFailure extends Error {
  constructor(readonly result: ReleaseResult) {
    super(result.error ?? 'failed');
  }
}

function clockOf(ctx: RunContext): () => number {
  return ctx.clock ?? (() => Date.now());
}

/** The revision an atomic rollback returns to: the newest deployed/superseded one before `failed`. */
async function lastGoodRevision(
  ops: ReleaseOps,
  rel: DesiredRelease,
  before: number,
  signal: AbortSignal,
): Promise<number | null> {
  const history = await ops.history(rel, { signal });
  const good = history.filter(
    (h) => h.revision <= before && (h.status === 'deployed' || h.status === 'superseded'),
  );
  return good.at(-1)?.revision ?? null;
}

/** Undo a failed install/upgrade: roll back to the last good revision, or remove a release that never worked. */
async function atomicRollback(
  ctx: ExecContext,
  rel: DesiredRelease,
  live: LiveRelease | null,
): Promise<{ revision: number | null; uninstalled: boolean }> {
  // A fresh deadline: the run's signal may be the reason we are here.
  const signal = AbortSignal.timeout(Math.max(rel.timeout, 30) * 1000);
  const target = live ? await lastGoodRevision(ctx.ops, rel, live.revision, signal) : null;
  ctx.emit({ type: 'rolling-back', release: rel.id, toRevision: target });
  if (target === null) {
    await ctx.ops.uninstall(rel, { signal, wait: rel.wait, timeout: rel.timeout });
    ctx.emit({ type: 'rolled-back', release: rel.id, revision: null, uninstalled: true });
    return { revision: null, uninstalled: true };
  }
  const r = await ctx.ops.rollback(rel, target, {
    signal,
    wait: rel.wait,
    timeout: rel.timeout,
    onProgress: (p) => ctx.emit({ type: 'waiting', release: rel.id, ...p }),
  });
  ctx.emit({ type: 'rolled-back', release: rel.id, revision: r.revision, uninstalled: false });
  return { revision: r.revision, uninstalled: false };
}

async function syncOne(
  ctx: ExecContext,
  rel: DesiredRelease,
  live: LiveRelease | null,
  action: PlanAction,
  envName: string,
  chartVersion?: string,
): Promise<ReleaseResult> {
  const clock = clockOf(ctx);
  const start = clock();
  const hooks = ctx.hooks ?? new ProcessHookRunner();
  const hookRun = { release: rel, environment: envName, signal: ctx.signal, env: ctx.env ?? {} };
  const emitHook = (event: string) => (command: string, output: string | undefined) =>
    ctx.emit({ type: 'hook', release: rel.id, event, command, ...(output === undefined ? {} : { output }) });
  const before = live && live.status !== 'uninstalled' ? live.revision : null;
  ctx.emit({ type: 'started', release: rel.id, action });
  try {
    if (action === 'uninstall') {
      await runHooks(hooks, 'preuninstall', hookRun, emitHook('preuninstall'));
      ctx.emit({ type: 'applying', release: rel.id, action });
      await ctx.ops.uninstall(rel, { signal: ctx.signal, wait: rel.wait, timeout: rel.timeout });
      await runHooks(hooks, 'postuninstall', hookRun, emitHook('postuninstall'));
      const durationMs = clock() - start;
      ctx.emit({ type: 'ready', release: rel.id, revision: null, durationMs });
      return { id: rel.id, action, status: 'done', revisionBefore: before, revisionAfter: null, durationMs };
    }
    await runHooks(hooks, 'presync', hookRun, emitHook('presync'));
  } catch (err) {
    const durationMs = clock() - start;
    const error = errorMessage(err);
    ctx.emit({ type: 'failed', release: rel.id, error, durationMs });
    throw new ReleaseFailure({
      id: rel.id,
      action,
      status: 'failed',
      revisionBefore: before,
      revisionAfter: before,
      durationMs,
      error,
    });
  }
  ctx.emit({ type: 'applying', release: rel.id, action });
  let revision: number;
  try {
    ({ revision } = await ctx.ops.upgradeInstall(rel, {
      signal: ctx.signal,
      wait: rel.wait,
      waitForJobs: rel.waitForJobs,
      timeout: rel.timeout,
      createNamespace: rel.createNamespace,
      historyMax: rel.historyMax,
      forceConflicts: ctx.forceConflicts ?? false,
      onProgress: (p) => ctx.emit({ type: 'waiting', release: rel.id, ...p }),
    }));
  } catch (err) {
    const error = isAbort(err, ctx.signal) ? `interrupted: ${errorMessage(err)}` : errorMessage(err);
    ctx.emit({ type: 'failed', release: rel.id, error, durationMs: clock() - start });
    if ((err as { code?: unknown }).code === 'EPENDING') {
      // Another operation (or a run that died) holds the release: nothing of ours to undo, and
      // rolling back or removing it would destroy someone else's revision.
      throw new ReleaseFailure({
        id: rel.id,
        action,
        status: 'failed',
        chartVersion,
        revisionBefore: before,
        revisionAfter: before,
        durationMs: clock() - start,
        error,
        reason: 'left as it was: another operation holds it',
      });
    }
    if (!rel.atomic && !ctx.signal.aborted) {
      throw new ReleaseFailure({
        id: rel.id,
        action,
        status: 'failed',
        chartVersion,
        revisionBefore: before,
        revisionAfter: null,
        durationMs: clock() - start,
        error,
        reason: 'atomic is off: left as failed',
      });
    }
    try {
      const rb = await atomicRollback(ctx, rel, live && live.status !== 'uninstalled' ? live : null);
      throw new ReleaseFailure({
        id: rel.id,
        action,
        status: 'rolled-back',
        chartVersion,
        revisionBefore: before,
        revisionAfter: rb.revision,
        durationMs: clock() - start,
        error,
        reason: rb.uninstalled
          ? 'first install failed: removed'
          : `rolled back to the last good revision (now ${rb.revision})`,
      });
    } catch (rbErr) {
      if (rbErr instanceof ReleaseFailure) throw rbErr;
      throw new ReleaseFailure({
        id: rel.id,
        action,
        status: 'failed',
        chartVersion,
        revisionBefore: before,
        revisionAfter: null,
        durationMs: clock() - start,
        error: `${error}; the rollback failed too: ${errorMessage(rbErr)}`,
      });
    }
  }
  try {
    await runHooks(
      hooks,
      'postsync',
      { ...hookRun, signal: AbortSignal.timeout(rel.timeout * 1000) },
      emitHook('postsync'),
    );
  } catch (err) {
    ctx.emit({ type: 'warning', release: rel.id, message: errorMessage(err) });
  }
  const durationMs = clock() - start;
  ctx.emit({ type: 'ready', release: rel.id, revision, durationMs });
  return {
    id: rel.id,
    action,
    status: 'done',
    chartVersion,
    revisionBefore: before,
    revisionAfter: revision,
    durationMs,
  };
}

/** Turns scheduler outcomes into results, in the order of `ids`. */
export function collectResults(
  ids: readonly string[],
  outcomes: ReadonlyMap<string, Outcome<ReleaseResult>>,
  actionOf: (id: string) => PlanAction | 'rollback',
  beforeOf: (id: string) => number | null,
): ReleaseResult[] {
  return ids.map((id) => {
    const o = outcomes.get(id)!;
    if (o.status === 'done') return o.value;
    if (o.status === 'failed') {
      if (o.error instanceof ReleaseFailure) return o.error.result;
      return {
        id,
        action: actionOf(id),
        status: 'failed',
        revisionBefore: beforeOf(id),
        revisionAfter: null,
        durationMs: 0,
        error: errorMessage(o.error),
      };
    }
    return {
      id,
      action: actionOf(id),
      status: 'skipped',
      revisionBefore: beforeOf(id),
      revisionAfter: beforeOf(id),
      durationMs: 0,
      reason: o.reason,
    };
  });
}

export { ReleaseFailure };

export async function runSync(
  stack: Stack,
  selection: Selection,
  unkept: ExecContext,
  opts: SyncOptions,
): Promise<SyncResult> {
  // Uninstalls read the release's records first, so the stack revision can keep them.
  const keeper = keepingRemovals(unkept.ops);
  const outer: ExecContext = { ...unkept, ops: keeper.ops };
  if (opts.deadlineSeconds === undefined)
    return {
      ...(await runSyncIn(stack, selection, outer, opts, () => false, keeper.kept)),
      kept: keeper.kept,
    };
  const deadline = new AbortController();
  const seconds = opts.deadlineSeconds;
  const timer = setTimeout(() => {
    outer.emit({
      type: 'warning',
      message: `the deadline of ${seconds}s passed: nothing new starts, releases in flight are rolled back`,
    });
    deadline.abort(new StackError('EDEADLINE', `the run's deadline (${seconds}s) passed`));
  }, seconds * 1000);
  try {
    const r = await runSyncIn(
      stack,
      selection,
      { ...outer, signal: AbortSignal.any([outer.signal, deadline.signal]) },
      opts,
      () => deadline.signal.aborted,
      keeper.kept,
    );
    return { ...r, kept: keeper.kept };
  } finally {
    clearTimeout(timer);
  }
}

async function runSyncIn(
  stack: Stack,
  selection: Selection,
  ctx: ExecContext,
  opts: SyncOptions,
  deadlinePassed: () => boolean,
  kept?: ReadonlyMap<string, readonly ExportedRecord[]>,
): Promise<SyncResult> {
  const clock = clockOf(ctx);
  const started = clock();
  const observed = await observe(stack, selection, ctx);
  const { desired, observations, plan } = observed;
  opts.verify?.(observed);
  ctx.emit({ type: 'planned', plan });
  const broken = plan.releases.filter(
    (r) => r.action === 'skipped' && observations.get(r.id)?.error !== undefined,
  );
  if (broken.length > 0) {
    throw new StackError(
      'ERENDER',
      `nothing was changed: ${broken.length} release${broken.length === 1 ? '' : 's'} could not be prepared:\n${broken.map((r) => `  ${r.id}: ${r.reason}`).join('\n')}`,
    );
  }
  const byId = new Map(plan.releases.map((r) => [r.id, r]));
  const runs = (id: string, action: PlanAction): boolean =>
    action === 'install' ||
    action === 'upgrade' ||
    action === 'uninstall' ||
    (!opts.onlyChanged && action === 'unchanged' && desired.get(id)!.installed);
  const toRun = plan.releases.filter((r) => desired.has(r.id) && runs(r.id, r.action));
  const removals = toRun.filter((r) => r.action === 'uninstall').map((r) => r.id);
  const deploys = toRun.filter((r) => r.action !== 'uninstall').map((r) => r.id);
  const actionOf = (id: string): PlanAction => {
    const a = byId.get(id)!.action;
    return a === 'unchanged' ? 'upgrade' : a;
  };
  const liveOf = (id: string) => observations.get(id)?.live ?? null;
  const beforeOf = (id: string) => {
    const l = liveOf(id);
    return l && l.status !== 'uninstalled' ? l.revision : null;
  };
  const run = (id: string) =>
    syncOne(
      ctx,
      desired.get(id)!,
      liveOf(id),
      actionOf(id),
      stack.environment.name,
      observations.get(id)?.rendered?.chartVersion,
    );
  const onSkip = (id: string, reason: string) => ctx.emit({ type: 'skipped', release: id, reason });

  // Removals first, dependents before what they need.
  const removed = await schedule({
    ids: [...removals].reverse(),
    waitsFor: (id) => stack.graph.neededBy.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run,
    onSkip,
  });
  const deployed = await schedule({
    ids: deploys,
    waitsFor: (id) => stack.graph.needs.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run,
    onSkip,
  });
  const outcomes = new Map([...removed, ...deployed]);
  const ran = collectResults([...removals, ...deploys], outcomes, actionOf, beforeOf);
  const resultById = new Map(ran.map((r) => [r.id, r]));
  let results: ReleaseResult[] = plan.releases
    .filter((r) => desired.has(r.id))
    .map(
      (r) =>
        resultById.get(r.id) ?? {
          id: r.id,
          action: r.action,
          status: 'unchanged',
          chartVersion: r.live?.chartVersion,
          revisionBefore: r.live?.revision ?? null,
          revisionAfter: r.live?.revision ?? null,
          durationMs: 0,
        },
    );
  const allOk = results.every((r) => r.status === 'done' || r.status === 'unchanged');
  let stackRollback: StackRollbackReport | undefined;
  if (opts.rollbackStackOnFailure && (!allOk || ctx.signal.aborted)) {
    ctx.emit({
      type: 'warning',
      message: 'the run did not succeed: returning every release it changed to its pre-run revision',
    });
    ({ results, report: stackRollback } = await rollbackStack(stack, desired, results, ctx, kept));
  }
  const summary: RunSummary = {
    command: opts.onlyChanged ? 'apply' : 'sync',
    results,
    ok: !stackRollback && allOk,
    interrupted: ctx.signal.aborted,
    ...(deadlinePassed() ? { deadlineExceeded: true } : {}),
    durationMs: clock() - started,
    ...(stackRollback ? { stackRollback } : {}),
  };
  ctx.emit({ type: 'finished', summary });
  return { plan, summary };
}
