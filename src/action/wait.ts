/** Waiting for a release's objects (helm's --wait), reporting progress as action events. */
import type { KubeObject } from '../kube/index.js';
import type { ActionConfig } from './config.js';

export interface ReleaseWaitOptions {
  readonly timeoutMs: number;
  readonly waitForJobs?: boolean;
  readonly signal?: AbortSignal;
}

export function waitForRelease(
  cfg: ActionConfig,
  release: string,
  objects: readonly KubeObject[],
  opts: ReleaseWaitOptions,
): Promise<void> {
  return cfg.kube.waitReady(objects, {
    timeoutMs: opts.timeoutMs,
    waitForJobs: opts.waitForJobs ?? false,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (progress) => cfg.onEvent?.({ type: 'waiting', release, progress }),
  });
}
