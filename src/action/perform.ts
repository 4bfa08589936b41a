/**
 * The middle every release change shares (helm's performInstall / performUpgrade / performRollback):
 * the `pre-*` hooks, the change to the cluster, `--wait`, then the `post-*` hooks. Recording the
 * outcome, and undoing on failure, stay with each action: they differ.
 */
import type { KubeObject } from '../kube/index.js';
import type { HookEvent, Release } from '../release/index.js';
import type { ActionConfig } from './config.js';
import { runHooks } from './hooks.js';
import { waitForRelease } from './wait.js';

export interface PerformSteps {
  /** The progress phase reported while changing (`installing`, `upgrading`, `rolling back`). */
  readonly phase: string;
  readonly pre: HookEvent;
  readonly post: HookEvent;
  /** How a hook failure reads; helm words it per action. Default: the hook's own message. */
  readonly hookFailure?: (event: HookEvent, message: string) => string;
  /** Applies the release's objects to the cluster. */
  readonly change: () => Promise<void>;
  /** The objects `--wait` waits for. */
  readonly waitFor: readonly KubeObject[];
}

export interface PerformOptions {
  readonly noHooks?: boolean;
  readonly wait?: boolean;
  readonly waitForJobs?: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export async function performRelease(
  cfg: ActionConfig,
  rel: Release,
  steps: PerformSteps,
  opts: PerformOptions,
): Promise<void> {
  const call = opts.signal ? { signal: opts.signal } : {};
  const hooks = async (event: HookEvent) => {
    if (opts.noHooks) return;
    try {
      await runHooks(cfg, rel, event, {
        timeoutMs: opts.timeoutMs,
        record: (r) => cfg.storage.update(r),
        ...call,
      });
    } catch (err) {
      if (!steps.hookFailure) throw err;
      throw new Error(steps.hookFailure(event, (err as Error).message), { cause: err });
    }
  };
  cfg.onEvent?.({ type: 'phase', release: rel.name, phase: steps.phase });
  await hooks(steps.pre);
  await steps.change();
  if (opts.wait) {
    cfg.onEvent?.({ type: 'phase', release: rel.name, phase: 'waiting' });
    await waitForRelease(cfg, rel.name, steps.waitFor, {
      timeoutMs: opts.timeoutMs,
      waitForJobs: opts.waitForJobs ?? false,
      ...call,
    });
  }
  await hooks(steps.post);
}
