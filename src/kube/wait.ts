/**
 * Waiting for readiness (or deletion) driven by watches: one watch per resource and namespace,
 * every change re-evaluated with `computeStatus`, a progress event per status change, done when
 * every object is Current (or, as helm does, when the rest is Failed), bounded by a timeout and
 * the caller's AbortSignal.
 */
import type { Discovery, RestMapping } from './discovery.js';
import { WaitDeleteError, WaitError } from './errors.js';
import { computeStatus, type ResourceStatus, type StatusMode } from './status.js';
import type { Transport } from './transport.js';
import { type ObjectRef, refString } from './types.js';
import { watchObjects } from './watch.js';

export interface ResourceProgress {
  /** `Kind/namespace/name`. */
  ref: string;
  kind: string;
  name: string;
  namespace?: string;
  status: ResourceStatus;
  message: string;
}

export interface WaitOptions extends StatusMode {
  /** Gives up after this long (helm's --timeout); the parent signal can stop it sooner. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called on every status change of every object. */
  onProgress?: (p: ResourceProgress) => void;
}

interface Tracked {
  ref: ObjectRef;
  id: string;
  status: ResourceStatus;
  message: string;
}

interface Group {
  mapping: RestMapping;
  namespace: string;
  members: Map<string, Tracked>;
}

async function groupRefs(
  discovery: Discovery,
  refs: readonly ObjectRef[],
  defaultNamespace: string,
  signal?: AbortSignal,
): Promise<Group[]> {
  const groups = new Map<string, Group>();
  for (const ref of refs) {
    const mapping = await discovery.mapping(ref.apiVersion, ref.kind, signal);
    const namespace = mapping.namespaced ? ref.namespace || defaultNamespace : '';
    const key = `${mapping.apiVersion}/${mapping.resource}/${namespace}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { mapping, namespace, members: new Map() }));
    const r = { ...ref, ...(namespace ? { namespace } : {}) };
    if (!namespace) delete r.namespace;
    g.members.set(ref.name, { ref: r, id: refString(r), status: 'Unknown', message: '' });
  }
  return [...groups.values()];
}

function signals(opts: { timeoutMs?: number; signal?: AbortSignal }) {
  const timeout = opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : undefined;
  const done = new AbortController();
  const all = AbortSignal.any([
    done.signal,
    ...(timeout ? [timeout] : []),
    ...(opts.signal ? [opts.signal] : []),
  ]);
  return { timeout, done, all };
}

/** Runs the watches until `isDone` holds or a signal stops them; rethrows watch failures. */
async function run(
  transport: Transport,
  groups: Group[],
  all: AbortSignal,
  done: AbortController,
  onChange: (t: Tracked, obj: Record<string, any> | undefined) => void,
  isDone: () => boolean,
): Promise<void> {
  if (isDone()) return;
  await Promise.all(
    groups.map((g) =>
      watchObjects(
        transport,
        { mapping: g.mapping, namespace: g.namespace, names: new Set(g.members.keys()) },
        all,
        (name, obj) => {
          const t = g.members.get(name);
          if (!t) return;
          onChange(t, obj);
          if (isDone()) done.abort();
        },
      ).catch((e) => {
        done.abort();
        throw e;
      }),
    ),
  );
}

export async function waitForReady(
  transport: Transport,
  discovery: Discovery,
  refs: readonly (ObjectRef & { paused?: boolean })[],
  defaultNamespace: string,
  opts: WaitOptions = {},
): Promise<void> {
  // helm does not wait for paused Deployments.
  const active = refs.filter((r) => !r.paused);
  const groups = await groupRefs(discovery, active, defaultNamespace, opts.signal);
  const tracked = groups.flatMap((g) => [...g.members.values()]);
  const { timeout, done, all } = signals(opts);
  const isDone = () => tracked.every((t) => t.status === 'Current' || t.status === 'Failed');
  await run(
    transport,
    groups,
    all,
    done,
    (t, obj) => {
      const r = obj
        ? computeStatus(obj, opts)
        : { status: 'NotFound' as const, message: 'Resource not found' };
      if (r.status === t.status && r.message === t.message) return;
      t.status = r.status;
      t.message = r.message;
      opts.onProgress?.({
        ref: t.id,
        kind: t.ref.kind,
        name: t.ref.name,
        ...(t.ref.namespace ? { namespace: t.ref.namespace } : {}),
        status: r.status,
        message: r.message,
      });
    },
    isDone,
  );
  const notReady = tracked.filter((t) => t.status !== 'Current');
  if (notReady.length === 0) return;
  if (opts.signal?.aborted) throw opts.signal.reason;
  throw new WaitError(
    notReady.map((t) => ({ ref: t.id, status: t.status, message: t.message })),
    Boolean(timeout?.aborted),
  );
}

export async function waitForDeleted(
  transport: Transport,
  discovery: Discovery,
  refs: readonly ObjectRef[],
  defaultNamespace: string,
  opts: Omit<WaitOptions, keyof StatusMode> = {},
): Promise<void> {
  const groups = await groupRefs(discovery, refs, defaultNamespace, opts.signal);
  const tracked = groups.flatMap((g) => [...g.members.values()]);
  const { done, all } = signals(opts);
  const isDone = () => tracked.every((t) => t.status === 'NotFound');
  await run(
    transport,
    groups,
    all,
    done,
    (t, obj) => {
      const status: ResourceStatus = obj
        ? obj.metadata?.deletionTimestamp
          ? 'Terminating'
          : 'Current'
        : 'NotFound';
      if (status === t.status) return;
      t.status = status;
      t.message = obj ? 'Resource still exists' : 'Resource deleted';
      opts.onProgress?.({ ref: t.id, kind: t.ref.kind, name: t.ref.name, status, message: t.message });
    },
    isDone,
  );
  const remaining = tracked.filter((t) => t.status !== 'NotFound');
  if (remaining.length === 0) return;
  if (opts.signal?.aborted) throw opts.signal.reason;
  throw new WaitDeleteError(remaining.map((t) => t.id));
}
