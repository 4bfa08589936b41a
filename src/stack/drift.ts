/**
 * Drift across a stack: for every selected release, how its live objects differ from the
 * revision it last deployed (`ReleaseOps.drift`) — what `bosun diff --detect-drift` and
 * `bosun status --drift` show. Releases are checked concurrently (ctx.concurrency); a release
 * that cannot be checked carries an `error` instead of failing the others.
 */
import pLimit from 'p-limit';
import { errorMessage, throwIfInterrupted } from './errors.js';
import type { RunContext } from './observe.js';
import type { DriftedObject } from './ops.js';
import type { Selection, Stack } from './stack.js';

export interface StackDrift {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** The revision compared with; null when the release is not installed (or on error). */
  readonly revision: number | null;
  /** Objects of the manifest checked. */
  readonly checked: number;
  /** Changed fields over all objects. */
  readonly fields: number;
  /** Only the drifted objects (or those that could not be checked), in manifest order. */
  readonly objects: readonly DriftedObject[];
  /** `in sync`, `1 field in 1 object drifted`, `not installed`, … */
  readonly summary: string;
  readonly error?: string | undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A one-line account of a release's drift. */
export function driftSummary(d: {
  readonly revision: number | null;
  readonly objects: readonly DriftedObject[];
  readonly error?: string | undefined;
}): string {
  if (d.error !== undefined) return 'unknown (error)';
  if (d.revision === null) return 'not installed';
  const changed = d.objects.filter((o) => o.state === 'changed');
  const fields = changed.reduce((n, o) => n + o.changes.length, 0);
  const deleted = d.objects.filter((o) => o.state === 'deleted').length;
  const failed = d.objects.filter((o) => o.state === 'error').length;
  const parts: string[] = [];
  if (fields > 0) parts.push(`${plural(fields, 'field')} in ${plural(changed.length, 'object')} drifted`);
  if (deleted > 0) parts.push(`${plural(deleted, 'object')} deleted`);
  if (failed > 0) parts.push(`${plural(failed, 'object')} not checked`);
  return parts.length === 0 ? 'in sync' : parts.join(', ');
}

/** Whether a release's live objects differ from its deployed revision. */
export function hasDrift(d: StackDrift): boolean {
  return d.objects.some((o) => o.state !== 'error');
}

/** The drift of every selected release, in selection order. */
export async function detectDrift(
  stack: Stack,
  selection: Selection,
  ctx: RunContext,
): Promise<StackDrift[]> {
  const limit = pLimit(Math.max(1, ctx.concurrency));
  const drift = ctx.ops.drift?.bind(ctx.ops);
  return Promise.all(
    selection.ids.map((id) =>
      limit(async (): Promise<StackDrift> => {
        const spec = stack.byId.get(id)!;
        const base = { id, name: spec.name, namespace: spec.namespace };
        try {
          if (!drift) throw new Error('drift detection is not available with these release operations');
          const d = await drift(spec, { signal: ctx.signal });
          const objects = d?.objects ?? [];
          const revision = d?.revision ?? null;
          return {
            ...base,
            revision,
            checked: d?.checked ?? 0,
            fields: objects.reduce((n, o) => n + (o.state === 'changed' ? o.changes.length : 0), 0),
            objects,
            summary: driftSummary({ revision, objects }),
          };
        } catch (err) {
          throwIfInterrupted(ctx.signal);
          const error = errorMessage(err);
          return {
            ...base,
            revision: null,
            checked: 0,
            fields: 0,
            objects: [],
            summary: driftSummary({ revision: null, objects: [], error }),
            error,
          };
        }
      }),
    ),
  );
}
