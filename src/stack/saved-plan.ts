/**
 * Saved plans: `bosun plan --out plan.json` writes the plan with, per release, the live revision
 * and manifest digest it was computed against and a digest of what would be applied (rendered
 * manifest, values, chart version). `bosun apply --plan plan.json` observes again and applies
 * only when nothing moved: the same stack and environment, the same releases selected, every
 * live revision and manifest as planned, and every release rendering exactly as planned.
 * Otherwise it refuses, naming each release that differs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { marshalJson } from '../encoding/index.js';
import { errorMessage, StackError } from './errors.js';
import { stackIdentity } from './lease.js';
import type { Observed } from './observe.js';
import type { Plan, PlanAction } from './plan.js';
import type { Stack } from './stack.js';

export const SAVED_PLAN_KIND = 'bosun.dev/saved-plan';

export interface SavedRelease {
  readonly id: string;
  readonly action: PlanAction;
  /** The live revision the plan was computed against (null: none). */
  readonly liveRevision: number | null;
  readonly liveStatus: string | null;
  readonly liveManifestDigest: string | null;
  /** sha256 of what would be applied (manifest, values, chart version); null when not rendered. */
  readonly desiredDigest: string | null;
}

export interface SavedPlan {
  readonly kind: typeof SAVED_PLAN_KIND;
  readonly version: 1;
  /** `folder/releases.yaml` of the state file. */
  readonly stack: string;
  readonly environment: string;
  readonly createdAt: string;
  /** The selected release ids. */
  readonly selection: readonly string[];
  readonly releases: readonly SavedRelease[];
  /** sha256 over `releases`: names this exact plan (stack revisions record it). */
  readonly digest: string;
  readonly plan: Plan;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function desiredDigest(observed: Observed, id: string): string | null {
  const o = observed.observations.get(id);
  const d = observed.desired.get(id);
  if (!o?.rendered || !d) return null;
  return sha256(
    `${o.rendered.chartName}\0${o.rendered.chartVersion}\0${o.rendered.manifest}\0${o.rendered.hooks}\0${marshalJson(d.values)}`,
  );
}

function savedReleases(observed: Observed): SavedRelease[] {
  return observed.plan.releases
    .filter((r) => observed.desired.has(r.id))
    .map((r) => ({
      id: r.id,
      action: r.action,
      liveRevision: r.live?.revision ?? null,
      liveStatus: r.live?.status ?? null,
      liveManifestDigest: r.live?.manifestDigest ?? null,
      desiredDigest: desiredDigest(observed, r.id),
    }));
}

export function savePlan(stack: Stack, observed: Observed, now: Date): SavedPlan {
  const releases = savedReleases(observed);
  return {
    kind: SAVED_PLAN_KIND,
    version: 1,
    stack: stackIdentity(stack),
    environment: stack.environment.name,
    createdAt: now.toISOString(),
    selection: [...observed.desired.keys()],
    releases,
    digest: sha256(JSON.stringify(releases)),
    plan: observed.plan,
  };
}

export function writeSavedPlan(path: string, plan: SavedPlan): void {
  writeFileSync(path, `${JSON.stringify(plan, null, 2)}\n`);
}

export function readSavedPlan(path: string): SavedPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new StackError('EPLAN', `cannot read the saved plan ${path}: ${errorMessage(err)}`);
  }
  const p = doc as Partial<SavedPlan> | null;
  if (
    !p ||
    typeof p !== 'object' ||
    p.kind !== SAVED_PLAN_KIND ||
    p.version !== 1 ||
    typeof p.stack !== 'string' ||
    typeof p.environment !== 'string' ||
    !Array.isArray(p.releases) ||
    !Array.isArray(p.selection) ||
    typeof p.digest !== 'string'
  ) {
    throw new StackError(
      'EPLAN',
      `${path} is not a bosun saved plan (expected kind "${SAVED_PLAN_KIND}", version 1, written by bosun plan --out)`,
    );
  }
  if (sha256(JSON.stringify(p.releases)) !== p.digest)
    throw new StackError('EPLAN', `${path} was edited after it was saved (its digest does not match)`);
  return p as SavedPlan;
}

/** Refuses (EPLAN) unless applying now would do exactly what `saved` says. */
export function checkSavedPlan(stack: Stack, saved: SavedPlan, observed: Observed, path = 'the plan'): void {
  const here = stackIdentity(stack);
  if (saved.stack !== here)
    throw new StackError(
      'EPLAN',
      `${path} was saved for stack ${saved.stack}, not ${here}; refusing to apply it`,
    );
  if (saved.environment !== stack.environment.name)
    throw new StackError(
      'EPLAN',
      `${path} was saved for environment "${saved.environment}", not "${stack.environment.name}"; refusing to apply it`,
    );
  const now = [...observed.desired.keys()];
  const added = now.filter((id) => !saved.selection.includes(id));
  const missing = saved.selection.filter((id) => !now.includes(id));
  if (added.length + missing.length > 0) {
    const parts = [
      ...(added.length ? [`not in the plan: ${added.join(', ')}`] : []),
      ...(missing.length ? [`in the plan but not selected now: ${missing.join(', ')}`] : []),
    ];
    throw new StackError(
      'EPLAN',
      `${path} selected other releases (${parts.join('; ')}); use the same -l selectors`,
    );
  }
  const current = new Map(savedReleases(observed).map((r) => [r.id, r]));
  const moved: string[] = [];
  const rerendered: string[] = [];
  for (const s of saved.releases) {
    const c = current.get(s.id);
    if (!c) continue;
    if (c.liveRevision !== s.liveRevision || c.liveManifestDigest !== s.liveManifestDigest) {
      const rev = (n: number | null) => (n === null ? 'none' : `revision ${n}`);
      moved.push(
        `  ${s.id}: planned against ${rev(s.liveRevision)}, live is now ${rev(c.liveRevision)}${c.liveRevision === s.liveRevision ? ' with a different manifest' : ''}`,
      );
    } else if (c.desiredDigest !== s.desiredDigest || c.action !== s.action) {
      rerendered.push(
        `  ${s.id}: the state file now renders it differently (${s.action} planned, ${c.action} now)`,
      );
    }
  }
  if (moved.length > 0)
    throw new StackError(
      'EPLAN',
      `the cluster moved since ${path} was saved (${saved.createdAt}); plan again:\n${moved.join('\n')}`,
    );
  if (rerendered.length > 0)
    throw new StackError(
      'EPLAN',
      `the releases no longer render as in ${path}; plan again:\n${rerendered.join('\n')}`,
    );
}
