/**
 * The plan: pure data computed from what the state wants (desired releases) and what the cluster
 * has (observations). Nothing here does I/O — `observe.ts` gathers, `sync.ts` executes.
 *
 * Actions: install (no live revision, or only an uninstalled one), upgrade (the rendered
 * manifest, values or chart version differ, or the last revision is not deployed), unchanged,
 * uninstall (`installed: false` and a live revision), skipped (not selected but needed, or the
 * release could not be rendered).
 */
import { createHash } from 'node:crypto';
import type { ReleaseDiff, ResourceChange } from './manifest-diff.js';
import type { LiveRelease, RenderedRelease } from './ops.js';

export type PlanAction = 'install' | 'upgrade' | 'unchanged' | 'uninstall' | 'skipped';

/** What observe.ts found for one release. */
export interface Observation {
  readonly id: string;
  readonly live: LiveRelease | null;
  /** undefined when not rendered (installed: false, or not selected). */
  readonly rendered?: RenderedRelease | undefined;
  readonly diff?: ReleaseDiff | undefined;
  /** Rendering or reading the live state failed. */
  readonly error?: string | undefined;
}

export interface PlannedRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly action: PlanAction;
  /** 0 for releases that need nothing; 1 + the highest level of what it needs. */
  readonly level: number;
  readonly reason: string;
  readonly needs: readonly string[];
  /** What the plan was computed against; `manifestDigest` (sha256 of the live manifest) lets a saved plan detect a moved cluster. */
  readonly live: {
    readonly revision: number;
    readonly status: string;
    readonly chartVersion: string;
    readonly appVersion: string;
    readonly manifestDigest: string;
  } | null;
  readonly desired: { readonly chartVersion: string; readonly appVersion: string } | null;
  readonly changes: readonly ResourceChange[];
  readonly valuesDiff: string;
}

export interface PlanSummary {
  readonly install: number;
  readonly upgrade: number;
  readonly uninstall: number;
  readonly unchanged: number;
  readonly skipped: number;
}

export interface Plan {
  readonly environment: string;
  /** In topological order (level, then declaration). */
  readonly releases: readonly PlannedRelease[];
  readonly summary: PlanSummary;
  /** Ids per level. */
  readonly levels: readonly (readonly string[])[];
}

export interface PlanInput {
  readonly environment: string;
  /** Topological order of the releases in the plan. */
  readonly order: readonly string[];
  readonly level: ReadonlyMap<string, number>;
  readonly releases: ReadonlyMap<
    string,
    {
      readonly name: string;
      readonly namespace: string;
      readonly chart: string;
      readonly installed: boolean;
      readonly needs: readonly string[];
    }
  >;
  readonly observations: ReadonlyMap<string, Observation>;
  /** Not selected, only needed: id → who needs it. */
  readonly neededOnly?: ReadonlyMap<string, readonly string[]>;
}

function decide(installed: boolean, obs: Observation | undefined): { action: PlanAction; reason: string } {
  if (!obs) return { action: 'skipped', reason: 'not observed' };
  if (obs.error !== undefined) return { action: 'skipped', reason: obs.error };
  const live = obs.live;
  const present = live !== null && live.status !== 'uninstalled';
  if (!installed) {
    return present
      ? { action: 'uninstall', reason: 'installed: false and a live revision exists' }
      : { action: 'unchanged', reason: 'installed: false and not installed' };
  }
  if (!present)
    return { action: 'install', reason: live ? 'the last revision was uninstalled' : 'not installed' };
  const r = obs.rendered;
  if (live.status !== 'deployed')
    return { action: 'upgrade', reason: `the last revision (${live.revision}) is ${live.status}` };
  if (r && r.chartVersion !== live.chartVersion) {
    return { action: 'upgrade', reason: `chart ${live.chartVersion} → ${r.chartVersion}` };
  }
  const d = obs.diff;
  if (d?.changed) {
    const parts: string[] = [];
    if (d.resources.length > 0)
      parts.push(`${d.resources.length} resource${d.resources.length === 1 ? '' : 's'} changed`);
    if (d.values !== '') parts.push('values changed');
    return { action: 'upgrade', reason: parts.join(', ') };
  }
  return { action: 'unchanged', reason: 'rendered manifest and values match the live revision' };
}

export function computePlan(input: PlanInput): Plan {
  const releases: PlannedRelease[] = [];
  const counts = { install: 0, upgrade: 0, uninstall: 0, unchanged: 0, skipped: 0 };
  const levels: string[][] = [];
  for (const id of input.order) {
    const rel = input.releases.get(id)!;
    const obs = input.observations.get(id);
    const neededBy = input.neededOnly?.get(id);
    const { action, reason } = neededBy
      ? { action: 'skipped' as const, reason: `not selected (needed by ${neededBy.join(', ')})` }
      : decide(rel.installed, obs);
    counts[action]++;
    const level = input.level.get(id) ?? 0;
    (levels[level] ??= []).push(id);
    releases.push({
      id,
      name: rel.name,
      namespace: rel.namespace,
      chart: rel.chart,
      action,
      level,
      reason,
      needs: rel.needs,
      live: obs?.live
        ? {
            revision: obs.live.revision,
            status: obs.live.status,
            chartVersion: obs.live.chartVersion,
            appVersion: obs.live.appVersion,
            manifestDigest: `sha256:${createHash('sha256').update(obs.live.manifest).digest('hex')}`,
          }
        : null,
      desired: obs?.rendered
        ? { chartVersion: obs.rendered.chartVersion, appVersion: obs.rendered.appVersion }
        : null,
      changes: neededBy ? [] : (obs?.diff?.resources ?? []),
      valuesDiff: neededBy ? '' : (obs?.diff?.values ?? ''),
    });
  }
  return { environment: input.environment, releases, summary: counts, levels: levels.map((l) => l ?? []) };
}

export function summaryLine(s: PlanSummary): string {
  const parts = [
    `${s.install} to install`,
    `${s.upgrade} to upgrade`,
    `${s.uninstall} to uninstall`,
    `${s.unchanged} unchanged`,
  ];
  if (s.skipped > 0) parts.push(`${s.skipped} skipped`);
  return `Plan: ${parts.join(', ')}`;
}

/** True when the plan changes something. */
export function planHasChanges(plan: Plan): boolean {
  return plan.summary.install + plan.summary.upgrade + plan.summary.uninstall > 0;
}
