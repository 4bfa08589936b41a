/**
 * `bosun promote --from A --to B`: copies environment A's pins (version and digest) in
 * releases.lock into B's section, for B's releases that match one of A's by release name and
 * chart. Pure data in, pure data out: the command shows the file change as a unified diff and
 * writes it (or not, with --dry-run); nothing touches a cluster.
 *
 * Refused, naming the releases: A has no section; a matched release of A whose pin is out of
 * date with A's state (run `bosun lock -e A` first); a release of B whose chart differs from
 * A's. Releases of B with no pin in A keep B's previous entry (if any) and are listed.
 */
import { StackError } from './errors.js';
import type { EnvironmentLock, LockEntry, LockFile } from './lock.js';
import { formatLock, withSection } from './lock.js';
import { unifiedDiff } from './unified-diff.js';

/** A release as a state file declares it in one environment. */
export interface PromotedRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  /** The state's version/constraint (undefined: none). */
  readonly version?: string | undefined;
}

export interface PromoteInput {
  readonly lock: LockFile | null;
  readonly from: string;
  readonly to: string;
  /** A's releases as its state declares them (to check A's pins are current). */
  readonly fromReleases: readonly PromotedRelease[];
  /** B's selected releases. */
  readonly toReleases: readonly PromotedRelease[];
  /** Every release id of B's state (entries of others are dropped). */
  readonly toIds: readonly string[];
  readonly now: () => Date;
  /** The file's text as it is on disk (the diff's left side; default: `lock` formatted). */
  readonly currentText?: string | undefined;
}

export interface PromotedPin {
  readonly id: string;
  readonly chart: string;
  readonly version: string;
  readonly digest?: string | undefined;
  /** B's version before (undefined: B had no pin). */
  readonly previous?: string | undefined;
}

export interface PromoteResult {
  readonly lock: LockFile;
  readonly promoted: readonly PromotedPin[];
  /** Releases of B that A pins nothing for (B's previous pin, if any, is kept). */
  readonly unpinned: readonly string[];
  /** The change to releases.lock as a unified diff ('' when nothing changes). */
  readonly diff: string;
}

function matchIn(section: EnvironmentLock, rel: PromotedRelease, from: string): LockEntry | undefined {
  const same = section.releases.filter((e) => e.name === rel.name);
  if (same.length <= 1) return same[0];
  const ns = same.find((e) => e.namespace === rel.namespace);
  if (ns) return ns;
  throw new StackError(
    'ELOCK',
    `release "${rel.id}" matches several releases of environment "${from}" (${same.map((e) => e.id).join(', ')}); give them the same namespace in both environments`,
  );
}

export function promoteLock(input: PromoteInput): PromoteResult {
  const { from, to } = input;
  if (from === to) throw new StackError('ELOCK', `--from and --to are both "${from}"`);
  const source = input.lock?.environments[from];
  if (!source)
    throw new StackError(
      'ELOCK',
      `releases.lock pins nothing for environment "${from}"; run "bosun lock -e ${from}" first`,
    );
  const fromState = new Map(input.fromReleases.map((r) => [r.id, r]));
  const stale: string[] = [];
  const wrongChart: string[] = [];
  const unpinned: string[] = [];
  const matched: [PromotedRelease, LockEntry][] = [];
  for (const rel of input.toReleases) {
    const e = matchIn(source, rel, from);
    if (!e) {
      unpinned.push(rel.id);
      continue;
    }
    const declared = fromState.get(e.id);
    if (!declared) stale.push(`${e.id} (no longer in the state of "${from}")`);
    else if (declared.chart !== e.chart || (declared.version ?? '') !== e.constraint)
      stale.push(`${e.id} (its chart or version changed since it was locked)`);
    if (e.chart !== rel.chart)
      wrongChart.push(`${rel.id} uses ${rel.chart} in "${to}" but ${e.id} uses ${e.chart} in "${from}"`);
    matched.push([rel, e]);
  }
  if (stale.length > 0)
    throw new StackError(
      'ELOCK',
      `the pins of environment "${from}" are out of date with the state file: ${stale.join('; ')}; run "bosun lock -e ${from}" first`,
    );
  if (wrongChart.length > 0)
    throw new StackError(
      'ELOCK',
      `nothing was promoted: releases use different charts in the two environments:\n${wrongChart.map((w) => `  ${w}`).join('\n')}`,
    );
  const before = input.lock?.environments[to];
  const entries = new Map((before?.releases ?? []).map((e) => [e.id, e]));
  const promoted: PromotedPin[] = [];
  for (const [rel, e] of matched) {
    const previous = entries.get(rel.id)?.version;
    entries.set(rel.id, {
      id: rel.id,
      name: rel.name,
      namespace: rel.namespace,
      chart: rel.chart,
      constraint: rel.version ?? '',
      version: e.version,
      ...(e.digest ? { digest: e.digest } : {}),
      ...(e.source ? { source: e.source } : {}),
    });
    promoted.push({
      id: rel.id,
      chart: rel.chart,
      version: e.version,
      ...(e.digest ? { digest: e.digest } : {}),
      ...(previous === undefined ? {} : { previous }),
    });
  }
  const order = new Map(input.toIds.map((id, i) => [id, i]));
  const releases = [...entries.values()]
    .filter((e) => order.has(e.id))
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  // Promoting the same pins again changes nothing (not even the timestamp): an empty review.
  const unchanged =
    before !== undefined &&
    before.promotedFrom === from &&
    JSON.stringify(before.releases) === JSON.stringify(releases);
  const section: EnvironmentLock = unchanged
    ? before
    : { generated: input.now().toISOString(), promotedFrom: from, releases };
  const lock = withSection(input.lock, to, section);
  const old = input.currentText ?? (input.lock ? formatLock(input.lock) : '');
  return { lock, promoted, unpinned, diff: unifiedDiff(old, formatLock(lock)) };
}
