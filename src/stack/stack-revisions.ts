/**
 * Stack revisions: each sync/apply that changed something records, in the cluster (a Secret per
 * revision through `ReleaseOps.writeRecord`, kind `revision`), which release was at which
 * revision before and after, the environment, the time, the plan's digest and who ran it (user,
 * host, CI variables). Numbered 1, 2, … per stack and environment; `bosun history` lists them.
 * A record that does not parse is refused by name, never guessed at.
 *
 * A release a run REMOVED (sync of `installed: false`, destroy, a rollback to a stack revision
 * where it was absent) loses its helm history, so the revision keeps its stored helm records
 * (helm's own encoding: chart, values, manifest, hooks, gzipped) under `kept.<i>.<revision>`
 * data keys: the latest one, and those an earlier stack revision names, as long as the Secret
 * stays under 1 MiB. `rollback --to-stack-revision` reinstalls from them.
 */
import { createHash } from 'node:crypto';
import { errorMessage, StackError } from './errors.js';
import type { RunSummary } from './events.js';
import { stackIdentity } from './lease.js';
import {
  type ExportedRecord,
  RecordConflictError,
  type ReleaseOps,
  type ReleaseRef,
  type UninstallOptions,
} from './ops.js';
import type { Plan } from './plan.js';
import type { Stack } from './stack.js';

export interface StackRevisionRelease {
  readonly id: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly status: string;
  /** Helm revisions of a release this run removed whose records the Secret keeps (`kept.<i>.<revision>`). */
  readonly kept?: readonly number[];
  /** Set when the run removed the release but its records did not fit (over 1 MiB). */
  readonly notKept?: string;
}

export interface StackRevision {
  readonly number: number;
  readonly stack: string;
  readonly environment: string;
  readonly time: string;
  readonly command: string;
  readonly ok: boolean;
  readonly planDigest: string;
  readonly user: string;
  readonly host: string;
  /** CI variables that were set (GITHUB_*, CI_*, BUILD_*, …). */
  readonly ci: Readonly<Record<string, string>>;
  readonly releases: readonly StackRevisionRelease[];
}

export interface RevisionPlace {
  /** Default: the first release's namespace. */
  readonly namespace?: string | undefined;
  readonly kubeContext?: string | undefined;
}

const CI_VARS = [
  'CI',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_ACTOR',
  'GITLAB_CI',
  'CI_PIPELINE_ID',
  'CI_JOB_ID',
  'CI_COMMIT_SHA',
  'CI_PROJECT_PATH',
  'BUILD_ID',
  'BUILD_NUMBER',
  'BUILD_URL',
];

/** The CI variables worth recording, from the environment the caller gives. */
export function ciVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CI_VARS) {
    const v = env[k];
    if (v) out[k] = v;
  }
  return out;
}

function stackKey(stack: Stack): string {
  return createHash('sha256')
    .update(`${stackIdentity(stack)}\0${stack.environment.name}`)
    .digest('hex')
    .slice(0, 16);
}

function where(stack: Stack, place: RevisionPlace) {
  return {
    namespace: place.namespace ?? stack.releases[0]?.namespace ?? 'default',
    kubeContext: place.kubeContext,
    kind: 'revision' as const,
    labels: { 'bosun.dev/stack': stackKey(stack) },
  };
}

/** sha256 over what the plan decided and what it was computed against. */
export function planDigest(plan: Plan): string {
  const core = plan.releases.map((r) => [
    r.id,
    r.action,
    r.live?.revision ?? null,
    r.live?.manifestDigest ?? null,
  ]);
  return `sha256:${createHash('sha256')
    .update(JSON.stringify([plan.environment, core]))
    .digest('hex')}`;
}

/** The records a revision keeps, by release id then helm revision. */
export type KeptRecords = ReadonlyMap<string, ReadonlyMap<number, string>>;

function parseRevision(
  name: string,
  data: Readonly<Record<string, string>>,
): { revision: StackRevision; kept: KeptRecords } {
  try {
    const r = JSON.parse(data['revision.json'] ?? '') as StackRevision;
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.number !== 'number' ||
      !Number.isInteger(r.number) ||
      r.number < 1 ||
      typeof r.environment !== 'string' ||
      typeof r.command !== 'string' ||
      !Array.isArray(r.releases) ||
      !r.releases.every(
        (x) =>
          typeof x === 'object' &&
          x !== null &&
          typeof x.id === 'string' &&
          (x.before === null || Number.isInteger(x.before)) &&
          (x.after === null || Number.isInteger(x.after)) &&
          (x.kept === undefined ||
            (Array.isArray(x.kept) && (x.kept as unknown[]).every((k) => Number.isInteger(k)))),
      )
    )
      throw new Error('missing or mistyped fields');
    const kept = new Map<string, Map<number, string>>();
    r.releases.forEach((x, i) => {
      for (const k of x.kept ?? []) {
        const rec = data[`kept.${i}.${k}`];
        if (!rec) throw new Error(`the kept record ${k} of ${x.id} is missing`);
        let m = kept.get(x.id);
        if (!m) kept.set(x.id, (m = new Map()));
        m.set(k, rec);
      }
    });
    return { revision: r, kept };
  } catch (err) {
    throw new StackError(
      'EREVISION',
      `the stack revision record ${name} is corrupted (${errorMessage(err)}); refusing to guess — delete or repair it`,
    );
  }
}

/** Every recorded revision of the stack (this environment), oldest first. */
export async function listStackRevisions(
  ops: ReleaseOps,
  stack: Stack,
  place: RevisionPlace,
  signal: AbortSignal,
): Promise<StackRevision[]> {
  return (await readStackRevisions(ops, stack, place, signal)).map((r) => r.revision);
}

/** Like listStackRevisions, with the helm records each revision keeps. */
export async function readStackRevisions(
  ops: ReleaseOps,
  stack: Stack,
  place: RevisionPlace,
  signal: AbortSignal,
): Promise<{ revision: StackRevision; kept: KeptRecords; name: string }[]> {
  const w = where(stack, place);
  const records = await withRetries(3, () => ops.listRecords(w, { signal }), signal);
  const out = records.map((r) => ({ ...parseRevision(`${w.namespace}/${r.name}`, r.data), name: r.name }));
  const seen = new Map<number, string>();
  for (const r of out) {
    const other = seen.get(r.revision.number);
    if (other)
      throw new StackError(
        'EREVISION',
        `the stack revision records ${w.namespace}/${other} and ${w.namespace}/${r.name} both claim number ${r.revision.number}; refusing to guess — delete or repair one`,
      );
    seen.set(r.revision.number, r.name);
  }
  return out.sort((a, b) => a.revision.number - b.revision.number);
}

/** Retries a call that failed for a reason other than the signal (transient API faults). */
export async function withRetries<T>(
  attempts: number,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      if (signal?.aborted || err instanceof StackError || err instanceof RecordConflictError) throw err;
      if (i < attempts - 1) await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
  throw last;
}

/**
 * Reinstalls a removed release from a kept record, retrying transient faults; an attempt that
 * landed before its reply was lost counts (the release is deployed again, past the record).
 */
export async function reinstallFromRecord(
  ops: ReleaseOps,
  ref: ReleaseRef & { readonly wait: boolean; readonly timeout: number },
  record: ExportedRecord,
  onProgress?: (p: { ready: number; total: number; message?: string | undefined }) => void,
): Promise<{ revision: number }> {
  let attempt = 0;
  return withRetries(3, async () => {
    const signal = AbortSignal.timeout(Math.max(ref.timeout, 30) * 1000);
    if (attempt++ > 0) {
      const live = await ops.getLive(ref, { signal });
      if (live && live.status === 'deployed' && live.revision > record.revision)
        return { revision: live.revision };
    }
    return ops.restoreRecord(ref, record.record, {
      signal,
      wait: ref.wait,
      timeout: ref.timeout,
      onProgress,
    });
  });
}

/** The largest Secret the API server stores. */
export const maxRevisionBytes = 1024 * 1024;

/**
 * Wraps `ops` so that every uninstall first reads the release's stored records (so a stack
 * revision can keep them): `kept` maps release id → its records, oldest first. A release whose
 * records cannot be read is not uninstalled.
 */
export function keepingRemovals(ops: ReleaseOps): {
  ops: ReleaseOps;
  kept: Map<string, readonly ExportedRecord[]>;
} {
  const kept = new Map<string, readonly ExportedRecord[]>();
  const uninstall = async (ref: ReleaseRef, opts: UninstallOptions): Promise<void> => {
    const records = await withRetries(3, () => ops.exportRecords(ref, opts), opts.signal);
    if (records.length > 0) kept.set(`${ref.namespace}/${ref.name}`, records);
    await ops.uninstall(ref, opts);
  };
  const wrapped = new Proxy(ops, {
    get(target, prop, receiver) {
      if (prop === 'uninstall') return uninstall;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { ops: wrapped, kept };
}

/** Which records of a removed release to keep: the latest, then those earlier revisions name, newest first. */
function choose(
  id: string,
  records: readonly ExportedRecord[],
  earlier: readonly StackRevision[],
): ExportedRecord[] {
  const named = new Set<number>();
  for (const r of earlier)
    for (const x of r.releases) if (x.id === id && x.after !== null) named.add(x.after);
  const latest = records.at(-1);
  const rest = records.filter((r) => r !== latest && named.has(r.revision)).reverse();
  return latest ? [latest, ...rest] : [];
}

/** What a run did, as recordStackRevision needs it. */
export interface RecordedRun {
  readonly summary: RunSummary;
  /** sync/apply: the plan it executed (its digest is recorded). */
  readonly plan?: Plan | undefined;
  /** Records of the releases the run removed (keepingRemovals). */
  readonly kept?: ReadonlyMap<string, readonly ExportedRecord[]> | undefined;
}

function runDigest(run: RecordedRun): string {
  if (run.plan) return planDigest(run.plan);
  const core = run.summary.results.map((r) => [r.id, r.action, r.revisionBefore, r.revisionAfter]);
  return `sha256:${createHash('sha256')
    .update(JSON.stringify([run.summary.command, core]))
    .digest('hex')}`;
}

/**
 * Records a revision when the run changed something; resolves null when it changed nothing.
 * `warn` hears about removed releases whose records did not fit in the Secret.
 */
export async function recordStackRevision(
  ops: ReleaseOps,
  stack: Stack,
  run: RecordedRun,
  who: { user: string; host: string; ci: Readonly<Record<string, string>>; now: Date },
  place: RevisionPlace,
  signal: AbortSignal,
  warn?: (message: string) => void,
): Promise<StackRevision | null> {
  const base = run.summary.results.map((r) => ({
    id: r.id,
    before: r.revisionBefore,
    after: r.revisionAfter,
    status: r.status,
  }));
  if (base.every((r) => r.before === r.after)) return null;
  const w = where(stack, place);
  for (let attempt = 0; ; attempt++) {
    const existing = (await readStackRevisions(ops, stack, place, signal)).map((r) => r.revision);
    const number = (existing.at(-1)?.number ?? 0) + 1;
    const data: Record<string, string> = {};
    let budget = maxRevisionBytes - 64 * 1024 - JSON.stringify(base).length * 2;
    const releases: StackRevisionRelease[] = base.map((r, i) => {
      const records = r.before !== null && r.after === null ? run.kept?.get(r.id) : undefined;
      if (!records) return r;
      const kept: number[] = [];
      for (const rec of choose(r.id, records, existing)) {
        // Secret data is base64 again on the wire.
        const size = Math.ceil((rec.record.length * 4) / 3);
        if (size > budget) continue;
        budget -= size;
        data[`kept.${i}.${rec.revision}`] = rec.record;
        kept.push(rec.revision);
      }
      if (kept[0] === records.at(-1)?.revision) return { ...r, kept };
      const notKept = `its last helm record (revision ${records.at(-1)?.revision}, ${Math.ceil(
        (records.at(-1)?.record.length ?? 0) / 1024,
      )} KiB) does not fit in the stack revision Secret (max 1 MiB), so it cannot be reinstalled from it`;
      warn?.(`${r.id}: ${notKept}`);
      return kept.length ? { ...r, kept, notKept } : { ...r, notKept };
    });
    const rev: StackRevision = {
      number,
      stack: stackIdentity(stack),
      environment: stack.environment.name,
      time: who.now.toISOString(),
      command: run.summary.command,
      ok: run.summary.ok,
      planDigest: runDigest(run),
      user: who.user,
      host: who.host,
      ci: who.ci,
      releases,
    };
    try {
      await withRetries(
        3,
        () =>
          ops.writeRecord(
            {
              namespace: w.namespace,
              name: `bosun-stack-${w.labels['bosun.dev/stack']}.v${number}`,
              kubeContext: w.kubeContext,
              kind: 'revision',
              labels: { ...w.labels, 'bosun.dev/revision': String(number) },
            },
            { 'revision.json': JSON.stringify(rev), ...data },
            null,
            { signal },
          ),
        signal,
      );
      return rev;
    } catch (err) {
      if (err instanceof RecordConflictError && attempt < 3) {
        // A retried create whose first attempt landed: it is ours when it says the same.
        const mine = (await readStackRevisions(ops, stack, place, signal)).find(
          (r) => r.revision.number === number && r.revision.time === rev.time && r.revision.host === rev.host,
        );
        if (mine && JSON.stringify(mine.revision.releases) === JSON.stringify(rev.releases)) return rev;
        continue;
      }
      throw err;
    }
  }
}
