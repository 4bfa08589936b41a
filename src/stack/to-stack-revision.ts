/**
 * `bosun rollback --to-stack-revision N`: every selected release returns to the revision it had
 * at stack revision N (its `after` there, or in the latest earlier revision that names it), in
 * reverse order of needs. A release not installed at N is uninstalled. A release installed at N
 * but removed since cannot be reinstalled here (helm's uninstall removed its history): it is
 * reported as failed with that reason. A release already at its target is left unchanged.
 */
import { errorMessage, StackError } from './errors.js';
import type { ReleaseResult, RunSummary } from './events.js';
import { resolveSelection } from './observe.js';
import type { LiveRelease } from './ops.js';
import { schedule } from './scheduler.js';
import type { Selection, Stack } from './stack.js';
import { listStackRevisions, type RevisionPlace, type StackRevision } from './stack-revisions.js';
import { collectResults, type ExecContext, ReleaseFailure } from './sync.js';

/** The revision each release had at stack revision `n` (null: not installed then). */
export function targetsAt(revisions: readonly StackRevision[], n: number): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const r of revisions) {
    if (r.number > n) break;
    for (const x of r.releases) out.set(x.id, x.after);
  }
  return out;
}

export async function runRollbackToStackRevision(
  stack: Stack,
  selection: Selection,
  ctx: ExecContext,
  n: number,
  place: RevisionPlace,
): Promise<RunSummary> {
  const clock = ctx.clock ?? (() => Date.now());
  const started = clock();
  const revisions = await listStackRevisions(ctx.ops, stack, place, ctx.signal);
  if (!revisions.some((r) => r.number === n)) {
    throw new StackError(
      'EREVISION',
      `there is no stack revision ${n} for ${stack.file.shownPath} (environment ${stack.environment.name}); ${
        revisions.length ? `recorded: ${revisions.map((r) => r.number).join(', ')}` : 'none is recorded'
      }`,
    );
  }
  const targets = targetsAt(revisions, n);
  const desired = resolveSelection(stack, selection, ctx.emit);
  const live = new Map<string, LiveRelease | null>();
  await Promise.all(
    selection.ids.map(async (id) =>
      live.set(id, await ctx.ops.getLive(desired.get(id)!, { signal: ctx.signal })),
    ),
  );
  const current = (id: string): number | null => {
    const l = live.get(id);
    return l && l.status !== 'uninstalled' ? l.revision : null;
  };
  const ids = [...selection.ids].reverse();
  const outcomes = await schedule<ReleaseResult>({
    ids,
    waitsFor: (id) => stack.graph.neededBy.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run: async (id) => {
      const rel = desired.get(id)!;
      const to = targets.get(id) ?? null;
      const now = current(id);
      const start = clock();
      const base = { id, revisionBefore: now, durationMs: 0 };
      if (to === now && (now === null || live.get(id)?.status === 'deployed')) {
        ctx.emit({
          type: 'skipped',
          release: id,
          reason: `already at revision ${to ?? 'none'} of stack revision ${n}`,
        });
        return { ...base, action: 'rollback', status: 'unchanged', revisionAfter: now };
      }
      const action = to === null ? ('uninstall' as const) : ('rollback' as const);
      ctx.emit({ type: 'started', release: id, action });
      const fail = (error: string): never => {
        const durationMs = clock() - start;
        ctx.emit({ type: 'failed', release: id, error, durationMs });
        throw new ReleaseFailure({
          ...base,
          action,
          status: 'failed',
          revisionAfter: now,
          durationMs,
          error,
        });
      };
      if (to !== null && now === null)
        fail(
          `was at revision ${to} at stack revision ${n} but is not installed now; its history is gone, so it cannot be reinstalled from it (run sync)`,
        );
      try {
        if (to === null) {
          ctx.emit({ type: 'applying', release: id, action });
          await ctx.ops.uninstall(rel, { signal: ctx.signal, wait: rel.wait, timeout: rel.timeout });
          const durationMs = clock() - start;
          ctx.emit({ type: 'ready', release: id, revision: null, durationMs });
          return {
            ...base,
            action,
            status: 'done',
            revisionAfter: null,
            durationMs,
            reason: `not installed at stack revision ${n}`,
          };
        }
        ctx.emit({ type: 'rolling-back', release: id, toRevision: to });
        const r = await ctx.ops.rollback(rel, to, {
          signal: ctx.signal,
          wait: rel.wait,
          timeout: rel.timeout,
          onProgress: (p) => ctx.emit({ type: 'waiting', release: id, ...p }),
        });
        const durationMs = clock() - start;
        ctx.emit({ type: 'ready', release: id, revision: r.revision, durationMs });
        return {
          ...base,
          action,
          status: 'done',
          revisionAfter: r.revision,
          durationMs,
          reason: `revision ${to} of stack revision ${n}`,
        };
      } catch (err) {
        if (err instanceof ReleaseFailure) throw err;
        return fail(errorMessage(err));
      }
    },
    onSkip: (id, reason) => ctx.emit({ type: 'skipped', release: id, reason }),
  });
  const results = collectResults(ids, outcomes, () => 'rollback', current);
  const summary: RunSummary = {
    command: `rollback --to-stack-revision ${n}`,
    results,
    ok: results.every((r) => r.status === 'done' || r.status === 'unchanged'),
    interrupted: ctx.signal.aborted,
    durationMs: clock() - started,
  };
  ctx.emit({ type: 'finished', summary });
  return summary;
}
