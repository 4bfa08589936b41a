/**
 * Gathering what a plan needs: each selected release's values merged, its live revision read
 * and (when it should be installed) its chart rendered and diffed — concurrently, bounded by
 * `concurrency`, every await under the run's AbortSignal.
 */
import pLimit from 'p-limit';
import { errorMessage, throwIfInterrupted } from './errors.js';
import type { StackListener } from './events.js';
import { type DiffOptions, diffRelease } from './manifest-diff.js';
import type { DesiredRelease, ReleaseOps } from './ops.js';
import { computePlan, type Observation, type Plan } from './plan.js';
import { resolveRelease, type Selection, type Stack } from './stack.js';

export interface RunContext {
  readonly ops: ReleaseOps;
  readonly signal: AbortSignal;
  readonly concurrency: number;
  readonly emit: StackListener;
  /** Milliseconds, for durations (default Date.now). */
  readonly clock?: () => number;
  readonly diff?: DiffOptions;
}

export interface Observed {
  readonly desired: ReadonlyMap<string, DesiredRelease>;
  readonly observations: ReadonlyMap<string, Observation>;
  readonly plan: Plan;
}

/** Resolves every selected release's values first (bad input fails here, before any cluster call). */
export function resolveSelection(
  stack: Stack,
  selection: Selection,
  emit: StackListener,
): Map<string, DesiredRelease> {
  const desired = new Map<string, DesiredRelease>();
  for (const id of selection.ids) {
    desired.set(
      id,
      resolveRelease(stack, id, (n) => {
        if (n.level !== 'debug') emit({ type: 'warning', message: n.message, release: id });
      }),
    );
  }
  return desired;
}

export async function observe(stack: Stack, selection: Selection, ctx: RunContext): Promise<Observed> {
  const desired = resolveSelection(stack, selection, ctx.emit);
  const limit = pLimit(Math.max(1, ctx.concurrency));
  const observations = new Map<string, Observation>();
  await Promise.all(
    selection.ids.map((id) =>
      limit(async () => {
        throwIfInterrupted(ctx.signal);
        const rel = desired.get(id)!;
        let live: Observation['live'] = null;
        try {
          ctx.emit({ type: 'rendering', release: id });
          live = await ctx.ops.getLive(rel, { signal: ctx.signal });
          if (!rel.installed) {
            const diff = live ? diffRelease(id, rel.namespace, live, null, ctx.diff) : undefined;
            observations.set(id, { id, live, diff });
            return;
          }
          const present = live !== null && live.status !== 'uninstalled';
          const rendered = await ctx.ops.render(rel, {
            signal: ctx.signal,
            isUpgrade: present,
            revision: (live?.revision ?? 0) + 1,
          });
          ctx.emit({ type: 'diffing', release: id });
          const diff = diffRelease(
            id,
            rel.namespace,
            present ? live : null,
            { manifest: rendered.manifest, values: rel.values },
            ctx.diff,
          );
          observations.set(id, { id, live, rendered, diff });
        } catch (err) {
          throwIfInterrupted(ctx.signal);
          observations.set(id, { id, live, error: errorMessage(err) });
        }
      }),
    ),
  );
  const neededOnly = new Map<string, string[]>();
  for (const n of selection.neededOnly) {
    neededOnly.set(
      n,
      selection.ids.filter((id) => stack.graph.needs.get(id)?.includes(n)),
    );
  }
  const order = stack.graph.order.filter((id) => desired.has(id) || neededOnly.has(id));
  const plan = computePlan({
    environment: stack.environment.name,
    order,
    level: stack.graph.level,
    releases: stack.byId,
    observations,
    neededOnly,
  });
  return { desired, observations, plan };
}
