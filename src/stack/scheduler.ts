/**
 * Ready-set scheduling: a task starts as soon as every task it waits for has succeeded, bounded
 * by `concurrency` (never wave by wave). A failed task's dependents — transitively — are skipped
 * with the reason; independent tasks still run. Once `signal` aborts nothing new starts: tasks in
 * flight are left to finish (they get the signal themselves) and every task not started is
 * skipped as interrupted. Every outcome is collected, tagged with its task id.
 */

export type Outcome<R> =
  | { readonly status: 'done'; readonly value: R }
  | { readonly status: 'failed'; readonly error: unknown }
  | { readonly status: 'skipped'; readonly reason: string; readonly blockedBy: readonly string[] };

export interface ScheduleOptions<R> {
  /** Task ids in a stable preferred order (e.g. topological); ties in the ready set keep this order. */
  readonly ids: readonly string[];
  /** id → ids it waits for. Ids not in `ids` are treated as already done. */
  readonly waitsFor: (id: string) => readonly string[];
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly run: (id: string) => Promise<R>;
  /** A finished task whose value is not a success blocks its dependents like a failure. */
  readonly succeeded?: (value: R) => boolean;
  readonly onSkip?: (id: string, reason: string) => void;
}

export async function schedule<R>(opts: ScheduleOptions<R>): Promise<Map<string, Outcome<R>>> {
  const known = new Set(opts.ids);
  const outcomes = new Map<string, Outcome<R>>();
  const remaining = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const id of opts.ids) dependents.set(id, []);
  for (const id of opts.ids) {
    const deps = new Set(opts.waitsFor(id).filter((d) => known.has(d) && d !== id));
    remaining.set(id, deps);
    for (const d of deps) dependents.get(d)!.push(id);
  }
  const position = new Map(opts.ids.map((id, i) => [id, i]));
  const ready: string[] = opts.ids.filter((id) => remaining.get(id)!.size === 0);
  const started = new Set<string>();
  const concurrency = Math.max(1, Math.floor(opts.concurrency) || 1);

  const skip = (id: string, reason: string, blockedBy: string[]): void => {
    if (outcomes.has(id) || started.has(id)) return;
    outcomes.set(id, { status: 'skipped', reason, blockedBy });
    opts.onSkip?.(id, reason);
    for (const dep of dependents.get(id)!) {
      skip(dep, `needs "${id}", which was skipped`, [id]);
    }
  };

  return new Promise((resolve) => {
    let running = 0;
    const finishIfDone = (): void => {
      if (running === 0 && (ready.length === 0 || opts.signal.aborted)) {
        for (const id of opts.ids) if (!outcomes.has(id)) skip(id, whyBlocked(id), []);
        resolve(outcomes);
      }
    };
    const whyBlocked = (id: string): string => {
      if (opts.signal.aborted) return 'interrupted before it started';
      const waiting = [...remaining.get(id)!].filter((d) => !outcomes.has(d));
      return waiting.length > 0
        ? `still waiting for ${waiting.map((w) => `"${w}"`).join(', ')}`
        : 'not started';
    };
    const settle = (id: string, outcome: Outcome<R>): void => {
      outcomes.set(id, outcome);
      running--;
      const ok = outcome.status === 'done' && (opts.succeeded?.(outcome.value) ?? true);
      for (const dep of dependents.get(id)!) {
        if (ok) {
          const rest = remaining.get(dep)!;
          rest.delete(id);
          if (rest.size === 0 && !outcomes.has(dep)) insertReady(dep);
        } else {
          skip(dep, `needs "${id}", which ${outcome.status === 'skipped' ? 'was skipped' : 'failed'}`, [id]);
        }
      }
      pump();
    };
    const insertReady = (id: string): void => {
      const p = position.get(id)!;
      let i = ready.length;
      while (i > 0 && position.get(ready[i - 1]!)! > p) i--;
      ready.splice(i, 0, id);
    };
    const pump = (): void => {
      while (running < concurrency && ready.length > 0 && !opts.signal.aborted) {
        const id = ready.shift()!;
        if (outcomes.has(id)) continue;
        started.add(id);
        running++;
        let p: Promise<R>;
        try {
          p = opts.run(id);
        } catch (error) {
          p = Promise.reject(error);
        }
        p.then(
          (value) => settle(id, { status: 'done', value }),
          (error) => settle(id, { status: 'failed', error }),
        );
      }
      finishIfDone();
    };
    pump();
  });
}
