/**
 * Whole-stack operations in reverse order of needs (a release goes after everything that needs
 * it): `rollback` (every selected release to its previous revision, or to a given one) and
 * `destroy` (uninstall, with the preuninstall/postuninstall hooks).
 */
import { errorMessage } from './errors.js';
import type { ReleaseResult, RunSummary } from './events.js';
import { ProcessHookRunner, runHooks } from './hooks.js';
import { resolveSelection } from './observe.js';
import type { DesiredRelease, LiveRelease } from './ops.js';
import { schedule } from './scheduler.js';
import type { Selection, Stack } from './stack.js';
import { collectResults, type ExecContext, ReleaseFailure } from './sync.js';

export interface RollbackOptions {
  /** Roll every release back to this revision instead of the previous one. */
  readonly revision?: number | undefined;
}

type Op = (rel: DesiredRelease, live: LiveRelease) => Promise<ReleaseResult>;

async function reverseRun(
  command: 'rollback' | 'destroy',
  stack: Stack,
  selection: Selection,
  ctx: ExecContext,
  op: Op,
): Promise<RunSummary> {
  const clock = ctx.clock ?? (() => Date.now());
  const started = clock();
  const desired = resolveSelection(stack, selection, ctx.emit);
  const live = new Map<string, LiveRelease | null>();
  await Promise.all(
    selection.ids.map(async (id) =>
      live.set(id, await ctx.ops.getLive(desired.get(id)!, { signal: ctx.signal })),
    ),
  );
  const action = command === 'rollback' ? ('rollback' as const) : ('uninstall' as const);
  const present = (id: string) => {
    const l = live.get(id);
    return l !== null && l !== undefined && l.status !== 'uninstalled';
  };
  const ids = [...selection.ids].reverse();
  const outcomes = await schedule<ReleaseResult>({
    ids,
    waitsFor: (id) => stack.graph.neededBy.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run: async (id) => {
      const rel = desired.get(id)!;
      const l = live.get(id) ?? null;
      if (!present(id)) {
        ctx.emit({ type: 'skipped', release: id, reason: 'not installed' });
        return {
          id,
          action,
          status: 'unchanged',
          revisionBefore: null,
          revisionAfter: null,
          durationMs: 0,
          reason: 'not installed',
        };
      }
      const start = clock();
      ctx.emit({ type: 'started', release: id, action });
      try {
        return await op(rel, l!);
      } catch (err) {
        if (err instanceof ReleaseFailure) throw err;
        const durationMs = clock() - start;
        ctx.emit({ type: 'failed', release: id, error: errorMessage(err), durationMs });
        throw new ReleaseFailure({
          id,
          action,
          status: 'failed',
          revisionBefore: l!.revision,
          revisionAfter: null,
          durationMs,
          error: errorMessage(err),
        });
      }
    },
    onSkip: (id, reason) => ctx.emit({ type: 'skipped', release: id, reason }),
  });
  const results = collectResults(
    ids,
    outcomes,
    () => action,
    (id) => live.get(id)?.revision ?? null,
  );
  const summary: RunSummary = {
    command,
    results,
    ok: results.every((r) => r.status === 'done' || r.status === 'unchanged'),
    interrupted: ctx.signal.aborted,
    durationMs: clock() - started,
  };
  ctx.emit({ type: 'finished', summary });
  return summary;
}

export function runRollback(
  stack: Stack,
  selection: Selection,
  ctx: ExecContext,
  opts: RollbackOptions = {},
): Promise<RunSummary> {
  const clock = ctx.clock ?? (() => Date.now());
  return reverseRun('rollback', stack, selection, ctx, async (rel, live) => {
    const start = clock();
    const target = opts.revision ?? (live.revision > 1 ? live.revision - 1 : undefined);
    if (target === undefined) {
      ctx.emit({ type: 'skipped', release: rel.id, reason: 'no previous revision' });
      return {
        id: rel.id,
        action: 'rollback',
        status: 'unchanged',
        revisionBefore: live.revision,
        revisionAfter: live.revision,
        durationMs: 0,
        reason: 'no previous revision',
      };
    }
    ctx.emit({ type: 'rolling-back', release: rel.id, toRevision: target });
    const r = await ctx.ops.rollback(rel, target, {
      signal: ctx.signal,
      wait: rel.wait,
      timeout: rel.timeout,
      onProgress: (p) => ctx.emit({ type: 'waiting', release: rel.id, ...p }),
    });
    const durationMs = clock() - start;
    ctx.emit({ type: 'rolled-back', release: rel.id, revision: r.revision, uninstalled: false });
    ctx.emit({ type: 'ready', release: rel.id, revision: r.revision, durationMs });
    return {
      id: rel.id,
      action: 'rollback',
      status: 'done',
      chartVersion: live.chartVersion,
      revisionBefore: live.revision,
      revisionAfter: r.revision,
      durationMs,
      reason: `to revision ${target}`,
    };
  });
}

export function runDestroy(stack: Stack, selection: Selection, ctx: ExecContext): Promise<RunSummary> {
  const clock = ctx.clock ?? (() => Date.now());
  const hooks = ctx.hooks ?? new ProcessHookRunner();
  return reverseRun('destroy', stack, selection, ctx, async (rel, live) => {
    const start = clock();
    const run = { release: rel, environment: stack.environment.name, signal: ctx.signal, env: ctx.env ?? {} };
    const emitHook = (event: string) => (command: string, output: string | undefined) =>
      ctx.emit({
        type: 'hook',
        release: rel.id,
        event,
        command,
        ...(output === undefined ? {} : { output }),
      });
    await runHooks(hooks, 'preuninstall', run, emitHook('preuninstall'));
    ctx.emit({ type: 'applying', release: rel.id, action: 'uninstall' });
    await ctx.ops.uninstall(rel, { signal: ctx.signal, wait: rel.wait, timeout: rel.timeout });
    await runHooks(hooks, 'postuninstall', run, emitHook('postuninstall'));
    const durationMs = clock() - start;
    ctx.emit({ type: 'ready', release: rel.id, revision: null, durationMs });
    return {
      id: rel.id,
      action: 'uninstall',
      status: 'done',
      chartVersion: live.chartVersion,
      revisionBefore: live.revision,
      revisionAfter: null,
      durationMs,
    };
  });
}
