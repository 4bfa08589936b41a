/**
 * Drift: how the live objects of a release differ from its deployed manifest. Each object of
 * the manifest (hooks are not part of it) is applied server-side as a dry run, as helm's field
 * manager with `force`, and the result — the object as the release would have it — is compared
 * field by field with the live object. A field differs only when the manifest sets it (or
 * helm owns it) and someone changed it since: `kubectl scale`, `kubectl edit`, a patch. Fields
 * nobody in the manifest set (a controller's defaults, an annotation added by hand) stay as
 * they are under apply and are therefore not drift. Metadata the server maintains and `status`
 * are ignored. For each changed field the managers that own it live are named
 * (`kubectl-scale`, `kubectl-edit`, …) when managedFields says so.
 */
import type { KubeObject } from '../kube/index.js';
import type { Release } from '../release/index.js';
import type { ActionConfig } from './config.js';
import { releaseObjects } from './install.js';
import { getRelease } from './queries.js';
import { inNamespace, refOfObject } from './resources.js';

/** One field whose live value is not the one the release sets. */
export interface DriftChange {
  /** `spec.replicas`, `spec.template.spec.containers[name=web].image`, `metadata.labels.tier`. */
  readonly path: string;
  /** The live value; absent when the field is missing live. */
  readonly live?: unknown;
  /** The value the release sets; absent when applying the release would remove the field. */
  readonly desired?: unknown;
  /** Who owns the live field (managedFields), e.g. `kubectl-scale`; [] when unknown. */
  readonly managers: readonly string[];
}

export interface ObjectDrift {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
  /** `changed`: fields differ; `deleted`: the object is gone; `error`: it could not be checked. */
  readonly state: 'changed' | 'deleted' | 'error';
  readonly changes: readonly DriftChange[];
  readonly error?: string | undefined;
}

export interface ReleaseDrift {
  readonly release: string;
  readonly namespace: string;
  /** The revision compared with (the deployed one, else the latest). */
  readonly revision: number;
  /** Objects of the manifest checked. */
  readonly checked: number;
  /** Only the objects that drifted (or could not be checked), in manifest order. */
  readonly objects: readonly ObjectDrift[];
}

/** A step of a field path: a map key, or a list item (matched by a key field, else by index). */
type Step =
  | { readonly key: string }
  | { readonly index: number; readonly match?: { readonly field: string; readonly value: unknown } };

/** Server-maintained metadata never counts as drift. */
const ignoredMetadata = new Set([
  'resourceVersion',
  'generation',
  'managedFields',
  'uid',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Fields that identify list items in Kubernetes' associative lists, most common first. */
const itemKeys = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'type', 'key'];

const sensitiveKinds = new Set(['Secret']);

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** The field that identifies every item of both lists uniquely, if any. */
function listKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  const items = [...a, ...b];
  if (items.length === 0 || !items.every(isPlainMap)) return undefined;
  return itemKeys.find((k) =>
    [a, b].every((list) => {
      const seen = new Set<string>();
      for (const item of list as Record<string, unknown>[]) {
        const v = item[k];
        if (!isScalar(v) || v === null) return false;
        const s = JSON.stringify(v);
        if (seen.has(s)) return false;
        seen.add(s);
      }
      return true;
    }),
  );
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isPlainMap(a) && isPlainMap(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

export function formatPath(steps: readonly Step[]): string {
  let out = '';
  for (const s of steps) {
    if ('key' in s)
      out += /^[A-Za-z_$][\w$-]*$/.test(s.key) ? `${out ? '.' : ''}${s.key}` : `[${JSON.stringify(s.key)}]`;
    else if (s.match)
      out += `[${s.match.field}=${typeof s.match.value === 'string' ? s.match.value : JSON.stringify(s.match.value)}]`;
    else out += `[${s.index}]`;
  }
  return out;
}

interface RawChange {
  readonly steps: readonly Step[];
  readonly live: unknown;
  readonly desired: unknown;
}

function walk(live: unknown, desired: unknown, steps: Step[], out: RawChange[]): void {
  if (equal(live, desired)) return;
  if (isPlainMap(live) && isPlainMap(desired)) {
    const keys = new Set([...Object.keys(desired), ...Object.keys(live)]);
    for (const k of keys) walk(live[k], desired[k], [...steps, { key: k }], out);
    return;
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    const key = listKey(live, desired);
    if (key === undefined) {
      // Positional lists: only same-length lists are compared item by item.
      if (live.length !== desired.length) {
        out.push({ steps, live, desired });
        return;
      }
      for (let i = 0; i < live.length; i++) walk(live[i], desired[i], [...steps, { index: i }], out);
      return;
    }
    const id = (item: unknown) => JSON.stringify((item as Record<string, unknown>)[key]);
    const liveById = new Map(live.map((item, i) => [id(item), { item, i }]));
    const seen = new Set<string>();
    desired.forEach((item, i) => {
      const k = id(item);
      seen.add(k);
      const other = liveById.get(k);
      const step: Step = {
        index: other?.i ?? i,
        match: { field: key, value: (item as Record<string, unknown>)[key] },
      };
      walk(other?.item, item, [...steps, step], out);
    });
    live.forEach((item, i) => {
      if (!seen.has(id(item)))
        out.push({
          steps: [
            ...steps,
            { index: i, match: { field: key, value: (item as Record<string, unknown>)[key] } },
          ],
          live: item,
          desired: undefined,
        });
    });
    return;
  }
  out.push({ steps, live, desired });
}

/** What counts for drift: everything but `status` and server-maintained metadata. */
function comparable(obj: KubeObject | Record<string, unknown>): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = obj as Record<string, unknown>;
  const meta: Record<string, unknown> = {};
  if (isPlainMap(metadata))
    for (const [k, v] of Object.entries(metadata)) if (!ignoredMetadata.has(k)) meta[k] = v;
  return { ...rest, metadata: meta };
}

/** managedFields entries as the API returns them. */
interface ManagedEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: unknown;
}

/** Whether a fieldsV1 set covers `steps` of the live object `root`. */
function owns(fields: unknown, steps: readonly Step[], root: unknown): boolean {
  let node = fields;
  let value = root;
  for (const s of steps) {
    if (!isPlainMap(node)) return false;
    // `{}` inside the set: the manager owns this whole subtree (an atomic value).
    const entries = Object.keys(node);
    if (entries.length === 0 && node !== fields) return true;
    if ('key' in s) {
      node = node[`f:${s.key}`];
      value = isPlainMap(value) ? value[s.key] : undefined;
      continue;
    }
    const item = Array.isArray(value) ? value[s.index] : undefined;
    let next: unknown;
    for (const k of entries) {
      if (k === `i:${s.index}`) next = node[k];
      else if (k.startsWith('v:') && item !== undefined && equal(safeJson(k.slice(2)), item)) next = node[k];
      else if (k.startsWith('k:') && isPlainMap(item)) {
        const want = safeJson(k.slice(2));
        if (isPlainMap(want) && Object.entries(want).every(([f, v]) => equal(item[f], v))) next = node[k];
      }
      if (next !== undefined) break;
    }
    node = next;
    value = item;
  }
  return node !== undefined;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function managersOf(live: KubeObject, steps: readonly Step[]): string[] {
  const entries = (live.metadata?.managedFields ?? []) as ManagedEntry[];
  const out: string[] = [];
  for (const e of entries) {
    if (!e.manager || !owns(e.fieldsV1, steps, live)) continue;
    const name = e.subresource ? `${e.manager} (${e.subresource})` : e.manager;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The fields where `live` differs from `desired` (the dry-run result), leaf by leaf; values of
 * Secrets are masked. Pure: exported for tests and for callers that have both objects.
 */
export function compareObjects(live: KubeObject, desired: KubeObject): DriftChange[] {
  const raw: RawChange[] = [];
  walk(comparable(live), comparable(desired), [], raw);
  const secret = sensitiveKinds.has(String(desired.kind));
  const mask = (steps: readonly Step[], v: unknown) =>
    secret &&
    v !== undefined &&
    steps[0] &&
    'key' in steps[0] &&
    ['data', 'stringData'].includes(steps[0].key)
      ? '(sensitive value)'
      : v;
  return raw.map((c) => {
    const change: { path: string; live?: unknown; desired?: unknown; managers: string[] } = {
      path: formatPath(c.steps),
      managers: c.live === undefined ? [] : managersOf(live, c.steps),
    };
    if (c.live !== undefined) change.live = mask(c.steps, c.live);
    if (c.desired !== undefined) change.desired = mask(c.steps, c.desired);
    return change;
  });
}

export interface DriftOptions {
  readonly signal?: AbortSignal | undefined;
  /** Objects checked at once (default 4). */
  readonly concurrency?: number;
}

async function objectDrift(cfg: ActionConfig, obj: KubeObject, opts: DriftOptions): Promise<ObjectDrift> {
  const ref = refOfObject(obj, cfg.namespace);
  const base = { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name };
  const signal = opts.signal ? { signal: opts.signal } : {};
  // Loaded here, not at the top: importing action must not load the Kubernetes client.
  const { helmFieldManager } = await import('../kube/index.js');
  try {
    const live = await cfg.kube.get(ref, signal);
    if (!live) return { ...base, state: 'deleted', changes: [] };
    const { object: desired } = await cfg.kube.applyOne(obj, {
      fieldManager: helmFieldManager,
      force: true,
      dryRun: true,
      fieldValidation: 'Ignore',
      ...signal,
    });
    const changes = compareObjects(live, desired);
    return { ...base, namespace: live.metadata.namespace || undefined, state: 'changed', changes };
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return { ...base, state: 'error', changes: [], error: (err as Error).message };
  }
}

/** The newest deployed revision, else the latest one (a failed upgrade). */
async function comparedRevision(cfg: ActionConfig, name: string, signal?: AbortSignal): Promise<Release> {
  try {
    return await cfg.storage.deployed(name, signal ? { signal } : undefined);
  } catch {
    return getRelease(cfg, name, 0, signal);
  }
}

/** Compares the live objects of release `name` (in `cfg.namespace`) with its deployed manifest. */
export async function releaseDrift(
  cfg: ActionConfig,
  name: string,
  opts: DriftOptions = {},
): Promise<ReleaseDrift> {
  const rel = await comparedRevision(cfg, name, opts.signal);
  const objects = await inNamespace(cfg.kube, releaseObjects(rel), rel.namespace, opts.signal);
  const results: ObjectDrift[] = new Array(objects.length);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const i = next++;
      results[i] = await objectDrift(cfg, objects[i]!, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, objects.length) }, worker));
  return {
    release: rel.name,
    namespace: rel.namespace,
    revision: rel.version,
    checked: objects.length,
    objects: results.filter((o) => o.state !== 'changed' || o.changes.length > 0),
  };
}
