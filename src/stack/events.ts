/**
 * The orchestrator's progress as typed events. `stack` never prints: `cli/output` turns these
 * into a live task list (terminal), plain lines (CI) or JSON lines. Every event about a release
 * carries its id (`namespace/name`); `at` is milliseconds since the run started.
 */
import type { Plan, PlanAction } from './plan.js';

export type ReleasePhase =
  | 'queued'
  | 'rendering'
  | 'diffing'
  | 'hook'
  | 'applying'
  | 'waiting'
  | 'rolling-back'
  | 'uninstalling';

export type StackEvent =
  | { readonly type: 'planned'; readonly plan: Plan }
  | { readonly type: 'started'; readonly release: string; readonly action: PlanAction | 'rollback' }
  | { readonly type: 'rendering'; readonly release: string }
  | { readonly type: 'diffing'; readonly release: string }
  | {
      readonly type: 'hook';
      readonly release: string;
      readonly event: string;
      readonly command: string;
      readonly output?: string;
    }
  | { readonly type: 'applying'; readonly release: string; readonly action: PlanAction | 'rollback' }
  | {
      readonly type: 'waiting';
      readonly release: string;
      readonly ready: number;
      readonly total: number;
      readonly message?: string | undefined;
    }
  | {
      readonly type: 'ready';
      readonly release: string;
      readonly revision: number | null;
      readonly durationMs: number;
    }
  | { readonly type: 'failed'; readonly release: string; readonly error: string; readonly durationMs: number }
  | { readonly type: 'rolling-back'; readonly release: string; readonly toRevision: number | null }
  | {
      readonly type: 'rolled-back';
      readonly release: string;
      readonly revision: number | null;
      readonly uninstalled: boolean;
    }
  | { readonly type: 'skipped'; readonly release: string; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string; readonly release?: string }
  | { readonly type: 'finished'; readonly summary: RunSummary };

export type StackEventType = StackEvent['type'];

/** The outcome of one release in a run (sync, apply, rollback, destroy). */
export interface ReleaseResult {
  readonly id: string;
  readonly action: PlanAction | 'rollback';
  readonly status: 'done' | 'unchanged' | 'failed' | 'rolled-back' | 'skipped';
  readonly chartVersion?: string | undefined;
  readonly revisionBefore: number | null;
  readonly revisionAfter: number | null;
  readonly durationMs: number;
  readonly error?: string | undefined;
  /** Why it was skipped, or how a failure was handled. */
  readonly reason?: string | undefined;
}

/** What `--rollback-stack-on-failure` did. */
export interface StackRollbackReport {
  /** Releases returned to their pre-run revision (or removed, when the run installed them), in the order done. */
  readonly restored: readonly string[];
  /** Releases that could not be restored, with why. */
  readonly failed: readonly { readonly id: string; readonly error: string }[];
  /** Releases the run uninstalled: their history is gone, they cannot be put back. */
  readonly notRestorable: readonly string[];
}

export interface RunSummary {
  readonly command: string;
  readonly results: readonly ReleaseResult[];
  readonly ok: boolean;
  readonly interrupted: boolean;
  /** Set when the run ended because `--deadline` passed. */
  readonly deadlineExceeded?: boolean;
  /** Set when the run was not ok and `--rollback-stack-on-failure` restored what it changed. */
  readonly stackRollback?: StackRollbackReport;
  readonly durationMs: number;
}

export type StackListener = (event: StackEvent) => void;
