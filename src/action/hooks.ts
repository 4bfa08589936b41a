/**
 * Running hooks as helm does (pkg/action/hooks.go): the hooks of one event in weight then name
 * order; each is deleted first when its policy says before-hook-creation (the default), created,
 * and watched until ready (Jobs complete, Pods succeed); its last run is recorded; on success or
 * failure it is deleted when its policy asks.
 */
import type { KubeObject } from '../kube/index.js';
import { goTime, type Hook, type HookEvent, type Release } from '../release/index.js';
import { type ActionConfig, nowOf } from './config.js';
import { inNamespace, manifestObjects, refOfObject } from './resources.js';

export interface HookRunOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Persists the release record (hooks' last-run state is saved as helm does). */
  readonly record: (rel: Release) => Promise<void>;
  /**
   * Called once every hook of the event has run (or one failed), before hooks are deleted by
   * their hook-succeeded policy — helm's delayed shutdown, so `test --logs` can read test pods.
   */
  readonly beforeCleanup?: () => Promise<void>;
}

export class HookError extends Error {
  readonly code = 'EHOOK';
}

/** helm's hookByWeight: by weight, then by name. */
export function byWeight(a: Hook, b: Hook): number {
  if (a.weight !== b.weight) return a.weight - b.weight;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function hasPolicy(h: Hook, policy: string): boolean {
  const policies = h.delete_policies.length === 0 ? ['before-hook-creation'] : h.delete_policies;
  return policies.includes(policy);
}

async function deleteHook(cfg: ActionConfig, h: Hook, ns: string, opts: HookRunOptions): Promise<void> {
  if (h.kind === 'CustomResourceDefinition') return;
  const refs = manifestObjects(h.manifest).map((o) => refOfObject(o, ns));
  await cfg.kube.delete(refs, {
    propagationPolicy: 'Background',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  await cfg.kube.waitDeleted(refs, {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

export async function runHooks(
  cfg: ActionConfig,
  rel: Release,
  event: HookEvent,
  opts: HookRunOptions,
): Promise<void> {
  const hooks = rel.hooks.filter((h) => h.events.includes(event)).sort(byWeight);
  const succeeded: Hook[] = [];
  for (const h of hooks) {
    if (hasPolicy(h, 'before-hook-creation')) await deleteHook(cfg, h, rel.namespace, opts);
    const objects: KubeObject[] = await inNamespace(
      cfg.kube,
      manifestObjects(h.manifest),
      rel.namespace,
      opts.signal,
    );
    h.last_run = { started_at: goTime(nowOf(cfg)), phase: 'Running' };
    await opts.record(rel);
    cfg.onEvent?.({ type: 'hook', release: rel.name, event, hook: h.path, phase: 'running' });
    h.last_run.phase = 'Unknown';
    try {
      await cfg.kube.apply(objects, {
        fieldManager: 'helm',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      h.last_run.completed_at = goTime(nowOf(cfg));
      h.last_run.phase = 'Failed';
      throw new HookError(`warning: Hook ${event} ${h.path} failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      await cfg.kube.waitReady(objects, {
        hooks: true,
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      h.last_run.completed_at = goTime(nowOf(cfg));
      h.last_run.phase = 'Failed';
      cfg.onEvent?.({ type: 'hook', release: rel.name, event, hook: h.path, phase: 'failed' });
      await opts.beforeCleanup?.();
      if (hasPolicy(h, 'hook-failed')) await deleteHook(cfg, h, rel.namespace, opts).catch(() => {});
      for (const done of succeeded)
        if (hasPolicy(done, 'hook-succeeded')) await deleteHook(cfg, done, rel.namespace, opts);
      throw new HookError((err as Error).message, { cause: err });
    }
    h.last_run.completed_at = goTime(nowOf(cfg));
    h.last_run.phase = 'Succeeded';
    cfg.onEvent?.({ type: 'hook', release: rel.name, event, hook: h.path, phase: 'succeeded' });
    succeeded.push(h);
  }
  await opts.beforeCleanup?.();
  for (let i = succeeded.length - 1; i >= 0; i--) {
    const h = succeeded[i]!;
    if (hasPolicy(h, 'hook-succeeded')) await deleteHook(cfg, h, rel.namespace, opts);
  }
}
