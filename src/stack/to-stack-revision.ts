/**
 * `bosun rollback --to-stack-revision N`: every selected release returns to the revision it had
 * at stack revision N (its `after` there, or in the latest earlier revision that names it).
 *
 * Two phases. First, in order of needs, releases installed at N but removed since are
 * reinstalled: from their own helm history when it was kept (a rollback), else from the helm
 * record a later stack revision kept when it removed them (restoreRecord). Then, in reverse order
 * of needs (dependents first), the others are rolled back, and releases not installed at N are
 * uninstalled. A release already at its target is left unchanged; a release that cannot be put
 * back (no record kept) is reported as failed with why, never guessed at. Each change is retried
 * on transient API faults under its own deadline.
 */
import { errorMessage, StackError } from './errors.js';
import type { ReleaseResult, RunSummary } from './events.js';
import { resolveSelection } from './observe.js';
import type { DesiredRelease, ExportedRecord, LiveRelease } from './ops.js';
import { type Outcome, schedule } from './scheduler.js';
import type { Selection, Stack } from './stack.js';
import {
  type KeptRecords,
  type RevisionPlace,
  readStackRevisions,
  reinstallFromRecord,
  type StackRevision,
  withRetries,
} from './stack-revisions.js';
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

/** The newest record of `id` at helm revision `to` that a revision after `n` kept. */
function keptRecord(
  revisions: readonly { revision: StackRevision; kept: KeptRecords }[],
  n: number,
  id: string,
  to: number,
): ExportedRecord | undefined {
  for (const r of [...revisions].reverse()) {
    if (r.revision.number <= n) break;
    const record = r.kept.get(id)?.get(to);
    if (record) return { revision: to, record };
  }
  return undefined;
}

type Step = 'unchanged' | 'reinstall' | 'rollback' | 'uninstall';

export async function runRollbackToStackRevision(
  stack: Stack,
  selection: Selection,
  ctx: ExecContext,
  n: number,
  place: RevisionPlace,
): Promise<RunSummary> {
  const clock = ctx.clock ?? (() => Date.now());
  const started = clock();
  const revisions = await readStackRevisions(ctx.ops, stack, place, ctx.signal);
  if (!revisions.some((r) => r.revision.number === n)) {
    throw new StackError(
      'EREVISION',
      `there is no stack revision ${n} for ${stack.file.shownPath} (environment ${stack.environment.name}); ${
        revisions.length
          ? `recorded: ${revisions.map((r) => r.revision.number).join(', ')}`
          : 'none is recorded'
      }`,
    );
  }
  const targets = targetsAt(
    revisions.map((r) => r.revision),
    n,
  );
  const declared = new Set(stack.releases.map((r) => r.id));
  for (const [id, to] of targets) {
    if (to !== null && !declared.has(id))
      ctx.emit({
        type: 'warning',
        release: id,
        message: `${id} was at revision ${to} at stack revision ${n} but is not in the state file any more; declare it again to restore it`,
      });
  }
  const desired = resolveSelection(stack, selection, ctx.emit);
  const live = new Map<string, LiveRelease | null>();
  await Promise.all(
    selection.ids.map(async (id) =>
      live.set(
        id,
        await withRetries(3, () => ctx.ops.getLive(desired.get(id)!, { signal: ctx.signal }), ctx.signal),
      ),
    ),
  );
  const current = (id: string): number | null => {
    const l = live.get(id);
    return l && l.status !== 'uninstalled' ? l.revision : null;
  };
  const stepOf = (id: string): Step => {
    const to = targets.get(id) ?? null;
    const now = current(id);
    if (to === now && (now === null || live.get(id)?.status === 'deployed')) return 'unchanged';
    if (to === null) return 'uninstall';
    return now === null ? 'reinstall' : 'rollback';
  };

  const runOne = async (id: string): Promise<ReleaseResult> => {
    const rel = desired.get(id)!;
    const to = targets.get(id) ?? null;
    const now = current(id);
    const step = stepOf(id);
    const start = clock();
    const base = { id, revisionBefore: now, durationMs: 0 };
    if (step === 'unchanged') {
      ctx.emit({
        type: 'skipped',
        release: id,
        reason: `already at revision ${to ?? 'none'} of stack revision ${n}`,
      });
      return { ...base, action: 'rollback', status: 'unchanged', revisionAfter: now };
    }
    const action = step === 'uninstall' ? ('uninstall' as const) : ('rollback' as const);
    ctx.emit({ type: 'started', release: id, action });
    const fail = (error: string): never => {
      const durationMs = clock() - start;
      ctx.emit({ type: 'failed', release: id, error, durationMs });
      throw new ReleaseFailure({ ...base, action, status: 'failed', revisionAfter: now, durationMs, error });
    };
    const done = (revisionAfter: number | null, reason: string): ReleaseResult => {
      const durationMs = clock() - start;
      ctx.emit({ type: 'ready', release: id, revision: revisionAfter, durationMs });
      return { ...base, action, status: 'done', revisionAfter, durationMs, reason };
    };
    const onProgress = (p: { ready: number; total: number; message?: string | undefined }) =>
      ctx.emit({ type: 'waiting', release: id, ...p });
    try {
      if (step === 'uninstall') {
        ctx.emit({ type: 'applying', release: id, action });
        await withRetries(3, () => uninstallOnce(ctx, rel), ctx.signal);
        return done(null, `not installed at stack revision ${n}`);
      }
      ctx.emit({ type: 'rolling-back', release: id, toRevision: to });
      if (step === 'reinstall') {
        const target = to!;
        // Uninstalled with its history kept: helm's own rollback brings it back.
        const history = await withRetries(3, () => ctx.ops.history(rel, { signal: ctx.signal }), ctx.signal);
        if (history.some((h) => h.revision === target)) {
          const r = await rollbackTo(ctx, rel, target, onProgress);
          return done(r, `reinstalled: revision ${target} of stack revision ${n}, from its kept history`);
        }
        const record = keptRecord(revisions, n, id, target);
        if (!record) {
          const removedIn = revisions.find(
            (r) =>
              r.revision.number > n &&
              r.revision.releases.some((x) => x.id === id && x.before !== null && x.after === null),
          )?.revision;
          return fail(
            `was at revision ${target} at stack revision ${n} but is not installed now, and ${
              removedIn
                ? `stack revision ${removedIn.number} (${removedIn.command}) that removed it kept no record of revision ${target}${
                    removedIn.releases.find((x) => x.id === id)?.notKept ? ' (too large)' : ''
                  }`
                : 'no stack revision since recorded its removal'
            }, so it cannot be reinstalled (run sync)`,
          );
        }
        const r = await reinstallFromRecord(ctx.ops, rel, record, onProgress);
        return done(
          r.revision,
          `reinstalled from its kept record of revision ${target} (stack revision ${n})`,
        );
      }
      const history = await withRetries(3, () => ctx.ops.history(rel, { signal: ctx.signal }), ctx.signal);
      if (!history.some((h) => h.revision === to))
        return fail(
          `was at revision ${to} at stack revision ${n}, but its helm history no longer has that revision (kept: ${
            history.map((h) => h.revision).join(', ') || 'none'
          }; history-max?), so it cannot be rolled back to it`,
        );
      const r = await rollbackTo(ctx, rel, to!, onProgress);
      return done(r, `revision ${to} of stack revision ${n}`);
    } catch (err) {
      if (err instanceof ReleaseFailure) throw err;
      return fail(errorMessage(err));
    }
  };

  const onSkip = (id: string, reason: string) => ctx.emit({ type: 'skipped', release: id, reason });
  const reinstalls = selection.ids.filter((id) => stepOf(id) === 'reinstall');
  const others = [...selection.ids].filter((id) => stepOf(id) !== 'reinstall').reverse();
  const first = await schedule<ReleaseResult>({
    ids: reinstalls,
    waitsFor: (id) => stack.graph.needs.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run: runOne,
    onSkip,
  });
  const second = await schedule<ReleaseResult>({
    ids: others,
    waitsFor: (id) => stack.graph.neededBy.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: ctx.signal,
    run: runOne,
    onSkip,
  });
  const outcomes = new Map<string, Outcome<ReleaseResult>>([...first, ...second]);
  const results = collectResults([...reinstalls, ...others], outcomes, () => 'rollback', current);
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

/** One uninstall under its own deadline; a retry after one that landed finds nothing left. */
async function uninstallOnce(ctx: ExecContext, rel: DesiredRelease): Promise<void> {
  const l = await ctx.ops.getLive(rel, { signal: ctx.signal });
  if (!l || l.status === 'uninstalled') return;
  await ctx.ops.uninstall(rel, { signal: ctx.signal, wait: rel.wait, timeout: rel.timeout });
}

/**
 * Rolls back to `to`, retrying transient faults; an attempt that landed before its reply was
 * lost counts (the latest revision is deployed and newer than where we started).
 */
async function rollbackTo(
  ctx: ExecContext,
  rel: DesiredRelease,
  to: number,
  onProgress: (p: { ready: number; total: number; message?: string | undefined }) => void,
): Promise<number> {
  const before = await ctx.ops.getLive(rel, { signal: ctx.signal });
  let attempt = 0;
  return withRetries(
    3,
    async () => {
      if (attempt++ > 0) {
        const l = await ctx.ops.getLive(rel, { signal: ctx.signal });
        if (l && l.status === 'deployed' && l.revision > (before?.revision ?? 0)) return l.revision;
      }
      return (
        await ctx.ops.rollback(rel, to, {
          signal: ctx.signal,
          wait: rel.wait,
          timeout: rel.timeout,
          onProgress,
        })
      ).revision;
    },
    ctx.signal,
  );
}
