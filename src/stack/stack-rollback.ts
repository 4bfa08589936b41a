/**
 * `--rollback-stack-on-failure`: when a run did not succeed, every release the run changed goes
 * back to the revision it had before the run, in reverse order of needs (dependents first):
 * an upgraded release is rolled back to its pre-run revision, a release the run installed for
 * the first time is uninstalled. Releases an atomic rollback already restored are left alone.
 * Each restore runs under its own deadline (the run's signal may be why we are here) and is
 * retried, so a transient API fault does not leave a release behind; a release that still
 * cannot be restored is reported, never silently skipped. A release the run uninstalled is
 * reinstalled from the helm record read before its removal (first, in order of needs).
 */
import { errorMessage } from './errors.js';
import type { ReleaseResult, StackRollbackReport } from './events.js';
import type { DesiredRelease, ExportedRecord } from './ops.js';
import { schedule } from './scheduler.js';
import type { Stack } from './stack.js';
import { reinstallFromRecord, withRetries } from './stack-revisions.js';
import type { ExecContext } from './sync.js';

/** What the run changed, and therefore what a stack rollback must undo. */
function needsRestore(r: ReleaseResult): boolean {
  if (r.action === 'uninstall' || r.action === 'rollback') return false;
  if (r.status === 'done') return true;
  // Left failed (atomic off): the release sits on a failed revision of this run.
  return r.status === 'failed' && r.revisionAfter === null && r.reason === 'atomic is off: left as failed';
}

/**
 * Restores every release `results` says the run changed; returns the updated results (in the
 * same order) and a report. A release the run uninstalled is reinstalled from its record in
 * `kept`; without one it is reported as not restorable.
 */
export async function rollbackStack(
  stack: Stack,
  desired: ReadonlyMap<string, DesiredRelease>,
  results: readonly ReleaseResult[],
  ctx: ExecContext,
  kept?: ReadonlyMap<string, readonly ExportedRecord[]>,
): Promise<{ results: ReleaseResult[]; report: StackRollbackReport }> {
  const targets = results.filter(needsRestore);
  const removed = results.filter((r) => r.action === 'uninstall' && r.status === 'done');
  const removedByRun = removed.filter((r) => !kept?.get(r.id)?.length);
  const reinstall = removed.filter((r) => kept?.get(r.id)?.length);
  const updated = new Map<string, ReleaseResult>();
  const restored: string[] = [];
  const failed: { id: string; error: string }[] = [];
  const removedById = new Map(reinstall.map((r) => [r.id, r]));
  await schedule({
    ids: reinstall.map((r) => r.id),
    waitsFor: (id) => stack.graph.needs.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: new AbortController().signal,
    succeeded: () => true,
    run: async (id) => {
      const r = removedById.get(id)!;
      const rel = desired.get(id)!;
      const record = kept!.get(id)!.at(-1)!;
      ctx.emit({ type: 'rolling-back', release: id, toRevision: record.revision });
      try {
        const { revision } = await reinstallFromRecord(ctx.ops, rel, record, (p) =>
          ctx.emit({ type: 'waiting', release: id, ...p }),
        );
        ctx.emit({ type: 'rolled-back', release: id, revision, uninstalled: false });
        restored.push(id);
        updated.set(id, {
          ...r,
          status: 'rolled-back',
          revisionAfter: revision,
          reason: `stack rollback: uninstalled by this run, reinstalled from its revision ${record.revision} (now ${revision})`,
        });
      } catch (err) {
        const error = `stack rollback failed: ${errorMessage(err)}`;
        ctx.emit({ type: 'failed', release: id, error, durationMs: 0 });
        failed.push({ id, error: errorMessage(err) });
        updated.set(id, { ...r, status: 'failed', error });
      }
    },
  });
  const ids = targets.map((r) => r.id).reverse();
  const byId = new Map(targets.map((r) => [r.id, r]));
  await schedule({
    ids,
    waitsFor: (id) => stack.graph.neededBy.get(id) ?? [],
    concurrency: ctx.concurrency,
    signal: new AbortController().signal,
    succeeded: () => true,
    run: async (id) => {
      const r = byId.get(id)!;
      const rel = desired.get(id)!;
      const to = r.revisionBefore;
      ctx.emit({ type: 'rolling-back', release: id, toRevision: to });
      try {
        let now: number | null = null;
        await withRetries(3, async () => {
          const signal = AbortSignal.timeout(Math.max(rel.timeout, 30) * 1000);
          if (to === null) {
            await ctx.ops.uninstall(rel, { signal, wait: rel.wait, timeout: rel.timeout });
          } else {
            const live = await ctx.ops.getLive(rel, { signal });
            // A previous attempt may have landed before its reply was lost.
            if (
              live &&
              live.revision > (r.revisionAfter ?? 0) &&
              live.status === 'deployed' &&
              r.revisionAfter
            )
              now = live.revision;
            else
              now = (
                await ctx.ops.rollback(rel, to, {
                  signal,
                  wait: rel.wait,
                  timeout: rel.timeout,
                  onProgress: (p) => ctx.emit({ type: 'waiting', release: id, ...p }),
                })
              ).revision;
          }
        });
        ctx.emit({ type: 'rolled-back', release: id, revision: now, uninstalled: to === null });
        restored.push(id);
        updated.set(id, {
          ...r,
          status: 'rolled-back',
          revisionAfter: now,
          reason:
            to === null
              ? 'stack rollback: installed by this run, removed'
              : `stack rollback: back to revision ${to} (now ${now})`,
        });
      } catch (err) {
        const error = `stack rollback failed: ${errorMessage(err)}`;
        ctx.emit({ type: 'failed', release: id, error, durationMs: 0 });
        failed.push({ id, error: errorMessage(err) });
        updated.set(id, { ...r, status: 'failed', error: r.error ? `${r.error}; ${error}` : error });
      }
    },
  });
  for (const r of removedByRun) {
    ctx.emit({
      type: 'warning',
      release: r.id,
      message: `${r.id} was uninstalled by this run and cannot be reinstalled by the stack rollback`,
    });
  }
  return {
    results: results.map((r) => updated.get(r.id) ?? r),
    report: {
      restored,
      failed,
      notRestorable: removedByRun.map((r) => r.id),
    },
  };
}
