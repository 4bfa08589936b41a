/**
 * Field ownership (`metadata.managedFields`) and server-side apply.
 *
 * A field set is a set of paths; a path is a list of tokens in the FieldsV1 spelling:
 * `f:<field>`, `k:<json of the key fields>` (an item of a keyed list), `v:<json>` (an item of a
 * set list). Apply compares the applier's new set with the other managers' sets (conflict when
 * a shared leaf would change value), removes the fields the applier owned before and no longer
 * applies (unless someone else owns them), merges the applied configuration into the live
 * object and rewrites the ownership records. Non-apply writes take ownership of what they change.
 */
import { ApiError, qualified } from './errors.js';
import { listKind } from './listkeys.js';
import { clone, isObj, sortKeys } from './patch.js';

const SEP = '\u0001';
type FieldSet = Set<string>;

/** Metadata the server owns: never part of a field set. */
const SERVER_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
]);

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, any>;
  subresource?: string;
}

function keyToken(item: Record<string, any>, key: string): string {
  return `k:${JSON.stringify({ [key]: item[key] })}`;
}

/** The paths present in `obj`, as an apply or an update would own them. */
export function fieldsOf(obj: Record<string, any>, custom: boolean, withStatus: boolean): FieldSet {
  const out: FieldSet = new Set();
  const walk = (v: unknown, path: string[], field: string) => {
    if (isObj(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) out.add(path.join(SEP));
      for (const k of keys) walk(v[k], [...path, `f:${k}`], k);
      return;
    }
    if (Array.isArray(v)) {
      const kind = listKind(field, v, custom);
      if (kind.type === 'map' && v.every((i) => isObj(i) && i[kind.key] !== undefined)) {
        for (const item of v) {
          const p = [...path, keyToken(item, kind.key)];
          out.add(p.join(SEP));
          for (const k of Object.keys(item)) walk(item[k], [...p, `f:${k}`], k);
        }
      } else if (kind.type === 'set') {
        for (const item of v) out.add([...path, `v:${JSON.stringify(item)}`].join(SEP));
      } else out.add(path.join(SEP));
      return;
    }
    out.add(path.join(SEP));
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && !withStatus) continue;
    if (k === 'metadata' && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!SERVER_META.has(mk)) walk(mv, ['f:metadata', `f:${mk}`], mk);
      }
      continue;
    }
    walk(v, [`f:${k}`], k);
  }
  return out;
}

function locate(container: any, tok: string): { found: boolean; value?: any; index?: number } {
  if (tok.startsWith('f:')) {
    const k = tok.slice(2);
    return isObj(container) && Object.hasOwn(container, k)
      ? { found: true, value: container[k] }
      : { found: false };
  }
  if (!Array.isArray(container)) return { found: false };
  const want = JSON.parse(tok.slice(2));
  const idx = tok.startsWith('k:')
    ? container.findIndex((i) => isObj(i) && Object.entries(want).every(([k, v]) => i[k] === v))
    : container.findIndex((i) => JSON.stringify(i) === JSON.stringify(want));
  return idx < 0 ? { found: false } : { found: true, value: container[idx], index: idx };
}

function valueAt(obj: any, path: string): { found: boolean; value?: any } {
  let cur = obj;
  for (const tok of path.split(SEP)) {
    const r = locate(cur, tok);
    if (!r.found) return { found: false };
    cur = r.value;
  }
  return { found: true, value: cur };
}

function removeAt(obj: any, path: string): void {
  const toks = path.split(SEP);
  let cur = obj;
  for (const tok of toks.slice(0, -1)) {
    const r = locate(cur, tok);
    if (!r.found) return;
    cur = r.value;
  }
  const last = toks[toks.length - 1]!;
  const r = locate(cur, last);
  if (!r.found) return;
  if (last.startsWith('f:')) delete cur[last.slice(2)];
  else cur.splice(r.index!, 1);
}

/** `.spec.containers[name="web"].image` — how the API prints a path in conflicts. */
export function pathString(path: string): string {
  return path
    .split(SEP)
    .map((t) => {
      if (t.startsWith('f:')) return `.${t.slice(2)}`;
      const j = JSON.parse(t.slice(2));
      if (t.startsWith('v:')) return `[=${JSON.stringify(j)}]`;
      return `[${Object.entries(j)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

export function toFieldsV1(set: FieldSet): Record<string, any> {
  const root: Record<string, any> = {};
  const nodes = new Map<string, Record<string, any>>();
  for (const p of [...set].sort()) {
    let node = root;
    for (const tok of p.split(SEP)) node = node[tok] ??= {};
    nodes.set(p, node);
  }
  for (const node of nodes.values()) if (Object.keys(node).length > 0) node['.'] = {};
  return sortKeys(root) as Record<string, any>;
}

export function fromFieldsV1(tree: unknown): FieldSet {
  const out: FieldSet = new Set();
  const walk = (node: any, path: string[]) => {
    if (!isObj(node)) return;
    for (const [k, child] of Object.entries(node)) {
      if (k === '.') continue;
      const p = [...path, k];
      if (!isObj(child) || Object.keys(child).length === 0 || '.' in child) out.add(p.join(SEP));
      walk(child, p);
    }
  };
  walk(tree, []);
  return out;
}

function isLeaf(set: FieldSet, path: string): boolean {
  const prefix = path + SEP;
  for (const p of set) if (p.startsWith(prefix)) return false;
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** Merges an applied configuration into the live object (keyed lists by key, sets by value). */
function applyMerge(live: unknown, applied: unknown, field: string, custom: boolean): unknown {
  if (isObj(applied)) {
    const out: Record<string, any> = isObj(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k];
      else out[k] = applyMerge(out[k], v, k, custom);
    }
    return out;
  }
  if (Array.isArray(applied)) {
    const base = Array.isArray(live) ? live : [];
    const kind = listKind(field, [...base, ...applied], custom);
    if (kind.type === 'map' && applied.every((i) => isObj(i) && i[kind.key] !== undefined)) {
      const out = [...base];
      for (const item of applied) {
        const idx = out.findIndex((o) => isObj(o) && o[kind.key] === item[kind.key]);
        if (idx >= 0) out[idx] = applyMerge(out[idx], item, field, custom);
        else out.push(clone(item));
      }
      return out;
    }
    if (kind.type === 'set') {
      const out = [...base];
      for (const v of applied) if (!out.some((o) => sameValue(o, v))) out.push(v);
      return out;
    }
    return clone(applied);
  }
  return applied;
}

function pruneEmpty(obj: any, path: string, owned: (p: string) => boolean): void {
  const toks = path.split(SEP);
  for (let n = toks.length - 1; n > 0; n--) {
    const parent = toks.slice(0, n).join(SEP);
    const r = valueAt(obj, parent);
    const empty = isObj(r.value)
      ? Object.keys(r.value).length === 0
      : Array.isArray(r.value) && r.value.length === 0;
    if (!r.found || !empty || owned(parent)) return;
    removeAt(obj, parent);
  }
}

function readEntries(obj: Record<string, any>): ManagedEntry[] {
  const mf = obj.metadata?.managedFields;
  return Array.isArray(mf) ? mf : [];
}

function writeEntries(obj: Record<string, any>, entries: ManagedEntry[]): void {
  const kept = entries.filter((e) => Object.keys(e.fieldsV1).length > 0);
  if (kept.length > 0) obj.metadata.managedFields = kept;
  else delete obj.metadata.managedFields;
}

export interface ApplyContext {
  manager: string;
  force: boolean;
  apiVersion: string;
  now: string;
  custom: boolean;
  subresource?: string;
  resource: string;
  group: string;
}

/** Server-side apply of `applied` onto `live` (undefined when creating); returns the new object. */
export function serverSideApply(
  live: Record<string, any> | undefined,
  applied: Record<string, any>,
  ctx: ApplyContext,
): Record<string, any> {
  const withStatus = ctx.subresource === 'status';
  const base: Record<string, any> = clone(live ?? { metadata: {} });
  const entries = readEntries(base).map((e) => ({ ...e, set: fromFieldsV1(e.fieldsV1) }));
  const mine = (e: { manager: string; operation: string; subresource?: string }) =>
    e.manager === ctx.manager && e.operation === 'Apply' && (e.subresource ?? '') === (ctx.subresource ?? '');
  const newSet = fieldsOf(applied, ctx.custom, withStatus);
  if (!withStatus) for (const p of [...newSet]) if (p.startsWith(`f:status`)) newSet.delete(p);
  const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
  for (const e of entries) {
    if (mine(e)) continue;
    for (const p of newSet) {
      if (!e.set.has(p) || !isLeaf(newSet, p)) continue;
      const a = valueAt(applied, p);
      const l = valueAt(base, p);
      if (l.found && !sameValue(a.value, l.value))
        conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path: p });
    }
  }
  if (conflicts.length > 0 && !ctx.force && !allowedByLastApplied(base, conflicts, ctx))
    throw conflictError(conflicts, ctx);
  for (const c of conflicts)
    for (const e of entries) if (e.manager === c.manager && !mine(e)) e.set.delete(c.path);
  const previous = entries.find(mine)?.set ?? new Set<string>();
  const ownedByOthers = (p: string) => entries.some((e) => !mine(e) && e.set.has(p));
  const removed = [...previous].filter((p) => !newSet.has(p) && !ownedByOthers(p));
  // deepest first so that list items go before their parents
  removed.sort((a, b) => b.split(SEP).length - a.split(SEP).length);
  for (const p of removed) {
    removeAt(base, p);
    pruneEmpty(base, p, (q) => newSet.has(q) || ownedByOthers(q));
  }
  const { metadata: appliedMeta, status: appliedStatus, ...rest } = applied;
  let merged = applyMerge(base, rest, '', ctx.custom) as Record<string, any>;
  if (isObj(appliedMeta)) {
    const meta: Record<string, any> = {};
    for (const [k, v] of Object.entries(appliedMeta)) if (!SERVER_META.has(k)) meta[k] = v;
    merged.metadata = applyMerge(base.metadata ?? {}, meta, 'metadata', ctx.custom);
  }
  if (withStatus && appliedStatus !== undefined)
    merged = { ...merged, status: applyMerge(base.status, appliedStatus, 'status', ctx.custom) };
  merged.metadata ??= {};
  const others = entries.filter((e) => !mine(e));
  const out: ManagedEntry[] = [];
  let placed = false;
  for (const e of entries) {
    if (mine(e)) {
      out.push(entry(ctx, 'Apply', newSet));
      placed = true;
    } else if (others.includes(e)) out.push(strip(e));
  }
  if (!placed) out.push(entry(ctx, 'Apply', newSet));
  writeEntries(merged, out);
  return merged;
}

/**
 * kubectl's move from client-side to server-side apply: for the manager "kubectl", conflicts on
 * fields that the object's last-applied-configuration annotation holds are forced, as the API
 * server does, so that `kubectl apply --server-side` can take over from `kubectl apply`.
 */
function allowedByLastApplied(
  live: Record<string, any>,
  conflicts: { path: string }[],
  ctx: ApplyContext,
): boolean {
  if (ctx.manager !== 'kubectl') return false;
  const text = live.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (typeof text !== 'string') return false;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObj(last)) return false;
  const allowed = fieldsOf(last, ctx.custom, false);
  return conflicts.every((c) => allowed.has(c.path));
}

function strip(e: ManagedEntry & { set: FieldSet }): ManagedEntry {
  const { set, ...rest } = e;
  return { ...rest, fieldsV1: toFieldsV1(set) };
}

function entry(
  ctx: { manager: string; apiVersion: string; now: string; subresource?: string },
  operation: 'Apply' | 'Update',
  set: FieldSet,
): ManagedEntry {
  const e: ManagedEntry = {
    manager: ctx.manager,
    operation,
    apiVersion: ctx.apiVersion,
    time: ctx.now,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(set),
  };
  if (ctx.subresource) e.subresource = ctx.subresource;
  return e;
}

function conflictError(
  conflicts: { manager: string; apiVersion: string; path: string }[],
  ctx: ApplyContext,
): ApiError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const k = `"${c.manager}" using ${c.apiVersion}`;
    byManager.set(k, [...(byManager.get(k) ?? []), pathString(c.path)]);
  }
  const parts: string[] = [];
  for (const [who, paths] of byManager) {
    parts.push(
      paths.length === 1
        ? `conflict with ${who}: ${paths[0]}`
        : `conflicts with ${who}:\n- ${paths.join('\n- ')}`,
    );
  }
  const n = conflicts.length;
  const message = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return new ApiError(409, 'Conflict', message, {
    name: undefined,
    group: ctx.group || undefined,
    kind: ctx.resource,
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: pathString(c.path),
    })) as any,
  });
}

/**
 * Ownership after a non-apply write: the writer takes the leaves it changed or added; fields that
 * no longer exist leave every set.
 */
export function trackUpdate(
  before: Record<string, any> | undefined,
  after: Record<string, any>,
  ctx: { manager: string; apiVersion: string; now: string; custom: boolean; subresource?: string },
): void {
  const withStatus = ctx.subresource === 'status';
  const afterSet = fieldsOf(after, ctx.custom, true);
  const beforeSet = before ? fieldsOf(before, ctx.custom, true) : new Set<string>();
  const changed = new Set<string>();
  for (const p of afterSet) {
    if (p.startsWith('f:status') !== withStatus) continue;
    if (!beforeSet.has(p)) changed.add(p);
    else if (isLeaf(afterSet, p) && !sameValue(valueAt(before, p).value, valueAt(after, p).value))
      changed.add(p);
  }
  const entries = readEntries(after).map((e) => ({ ...e, set: fromFieldsV1(e.fieldsV1) }));
  for (const e of entries) {
    for (const p of [...e.set]) if (!afterSet.has(p) || changed.has(p)) e.set.delete(p);
  }
  const sub = ctx.subresource ?? '';
  const mine = entries.find(
    (e) => e.manager === ctx.manager && e.operation === 'Update' && (e.subresource ?? '') === sub,
  );
  if (changed.size === 0 && !mine) {
    writeEntries(after, entries.map(strip));
    return;
  }
  const out = entries.filter((e) => e !== mine).map(strip);
  const set = new Set([...(mine?.set ?? []), ...changed]);
  const e = entry({ ...ctx, subresource: ctx.subresource }, 'Update', set);
  if (mine) out.splice(entries.indexOf(mine), 0, e);
  else out.push(e);
  writeEntries(after, out);
}

export { qualified };
