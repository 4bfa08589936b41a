/**
 * Stack revisions: each sync/apply that changed something records, in the cluster (a Secret per
 * revision through `ReleaseOps.writeRecord`, kind `revision`), which release was at which
 * revision before and after, the environment, the time, the plan's digest and who ran it (user,
 * host, CI variables). Numbered 1, 2, … per stack and environment; `bosun history` lists them.
 * A record that does not parse is refused by name, never guessed at.
 */
import { createHash } from 'node:crypto';
import { errorMessage, StackError } from './errors.js';
import type { RunSummary } from './events.js';
import { stackIdentity } from './lease.js';
import { RecordConflictError, type ReleaseOps } from './ops.js';
import type { Plan } from './plan.js';
import type { Stack } from './stack.js';

export interface StackRevisionRelease {
  readonly id: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly status: string;
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

function parseRevision(name: string, data: Readonly<Record<string, string>>): StackRevision {
  try {
    const r = JSON.parse(data['revision.json'] ?? '') as StackRevision;
    if (
      typeof r.number !== 'number' ||
      !Number.isInteger(r.number) ||
      typeof r.environment !== 'string' ||
      !Array.isArray(r.releases) ||
      !r.releases.every(
        (x) =>
          typeof x.id === 'string' &&
          (x.before === null || Number.isInteger(x.before)) &&
          (x.after === null || Number.isInteger(x.after)),
      )
    )
      throw new Error('missing or mistyped fields');
    return r;
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
  const w = where(stack, place);
  const records = await ops.listRecords(w, { signal });
  return records
    .map((r) => parseRevision(`${w.namespace}/${r.name}`, r.data))
    .sort((a, b) => a.number - b.number);
}

/** Records a revision when the run changed something; resolves null when it changed nothing. */
export async function recordStackRevision(
  ops: ReleaseOps,
  stack: Stack,
  run: { summary: RunSummary; plan: Plan },
  who: { user: string; host: string; ci: Readonly<Record<string, string>>; now: Date },
  place: RevisionPlace,
  signal: AbortSignal,
): Promise<StackRevision | null> {
  const releases = run.summary.results.map((r) => ({
    id: r.id,
    before: r.revisionBefore,
    after: r.revisionAfter,
    status: r.status,
  }));
  if (releases.every((r) => r.before === r.after)) return null;
  const w = where(stack, place);
  for (let attempt = 0; ; attempt++) {
    const existing = await listStackRevisions(ops, stack, place, signal);
    const number = (existing.at(-1)?.number ?? 0) + 1;
    const rev: StackRevision = {
      number,
      stack: stackIdentity(stack),
      environment: stack.environment.name,
      time: who.now.toISOString(),
      command: run.summary.command,
      ok: run.summary.ok,
      planDigest: planDigest(run.plan),
      user: who.user,
      host: who.host,
      ci: who.ci,
      releases,
    };
    try {
      await ops.writeRecord(
        {
          namespace: w.namespace,
          name: `bosun-stack-${w.labels['bosun.dev/stack']}.v${number}`,
          kubeContext: w.kubeContext,
          kind: 'revision',
          labels: { ...w.labels, 'bosun.dev/revision': String(number) },
        },
        { 'revision.json': JSON.stringify(rev) },
        null,
        { signal },
      );
      return rev;
    } catch (err) {
      if (err instanceof RecordConflictError && attempt < 3) continue;
      throw err;
    }
  }
}
