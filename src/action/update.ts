/**
 * Moving the cluster from one revision's objects to another's (helm's KubeClient.Update as used
 * by upgrade and rollback): server-side apply of every target object, then deletion of the
 * objects only the current revision had (except those annotated `helm.sh/resource-policy: keep`).
 */
import type { KubeObject } from '../kube/index.js';
import type { ActionConfig } from './config.js';
import { refKey, refOfObject } from './resources.js';

export interface UpdateOptions {
  /** Take fields from other managers instead of failing on conflicts. */
  readonly force?: boolean;
  /** Restart the pods of workloads (helm's --recreate-pods, as a rollout restart). */
  readonly recreatePods?: boolean;
  /**
   * The current revision was applied client-side (helm 3, or helm 4 with --server-side=false):
   * hand the `helm` manager's client-side fields to server-side apply first, as helm 4 does when
   * it moves a release to server-side apply, so the apply does not conflict with itself.
   */
  readonly fromClientSideApply?: boolean;
  readonly now: Date;
  readonly signal?: AbortSignal;
}

export interface UpdateResult {
  /** Objects the target has that the current revision did not. */
  readonly created: KubeObject[];
  readonly deleted: number;
}

/** helm's isReleaseApplyMethodClientSideApply: helm 3 writes no apply method. */
export function isClientSideApply(applyMethod: string | undefined): boolean {
  return applyMethod === undefined || applyMethod === '' || applyMethod === 'csa';
}

const workloads = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function withRestart(obj: KubeObject, at: Date): KubeObject {
  if (!workloads.has(String(obj.kind))) return obj;
  const spec = (obj.spec ?? {}) as { template?: { metadata?: { annotations?: Record<string, string> } } };
  const template = spec.template ?? {};
  const metadata = template.metadata ?? {};
  return {
    ...obj,
    spec: {
      ...spec,
      template: {
        ...template,
        metadata: {
          ...metadata,
          annotations: {
            ...(metadata.annotations ?? {}),
            'kubectl.kubernetes.io/restartedAt': at.toISOString(),
          },
        },
      },
    },
  };
}

export async function updateResources(
  cfg: ActionConfig,
  current: readonly KubeObject[],
  target: readonly KubeObject[],
  namespace: string,
  opts: UpdateOptions,
): Promise<UpdateResult> {
  const call = opts.signal ? { signal: opts.signal } : {};
  const currentKeys = new Set(current.map((o) => refKey(refOfObject(o, namespace))));
  const targetKeys = new Set(target.map((o) => refKey(refOfObject(o, namespace))));
  const objects = opts.recreatePods ? target.map((o) => withRestart(o, opts.now)) : [...target];
  if (opts.fromClientSideApply) {
    for (const o of target) {
      const ref = refOfObject(o, namespace);
      if (currentKeys.has(refKey(ref))) await cfg.kube.upgradeClientSideFieldManager(ref, call);
    }
  }
  if (objects.length > 0)
    await cfg.kube.apply(objects, { fieldManager: 'helm', force: opts.force ?? false, ...call });
  const stale = current.filter(
    (o) =>
      !targetKeys.has(refKey(refOfObject(o, namespace))) &&
      o.metadata?.annotations?.['helm.sh/resource-policy'] !== 'keep',
  );
  if (stale.length > 0) {
    await cfg.kube.delete(
      stale.map((o) => refOfObject(o, namespace)),
      { propagationPolicy: 'Background', ...call },
    );
  }
  return {
    created: target.filter((o) => !currentKeys.has(refKey(refOfObject(o, namespace)))),
    deleted: stale.length,
  };
}
