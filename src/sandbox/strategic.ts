/**
 * Strategic merge patch as the API server applies it to built-in kinds: maps merge, keyed lists
 * merge item by item (`listkeys.ts`), scalar set lists union, other lists are replaced; `null`
 * deletes a key; and the directives kubectl and helm send: `$patch: replace|delete|merge`,
 * `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
import { ApiError } from './errors.js';
import { listKind } from './listkeys.js';
import { clone, isObj } from './patch.js';

const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  return mergeMap(isObj(original) ? original : {}, patch);
}

function mergeMap(
  original: Record<string, any>,
  patch: Record<string, any>,
): Record<string, any> | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const out = clone(patch);
    delete out.$patch;
    return stripDirectives(out);
  }
  if (directive !== undefined && directive !== 'merge') {
    throw new ApiError(400, 'BadRequest', `unknown patch type: ${String(directive)} in map`);
  }
  const out: Record<string, any> = { ...original };
  const orders: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith(ORDER)) {
      if (Array.isArray(v)) orders.push([k.slice(ORDER.length), v]);
      continue;
    }
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) {
        out[field] = out[field].filter((x: unknown) => !v.some((d) => d === x));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (isObj(v)) {
      const merged = mergeMap(isObj(out[k]) ? out[k] : {}, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(k, Array.isArray(out[k]) ? out[k] : [], v);
      continue;
    }
    out[k] = v;
  }
  for (const [field, order] of orders) {
    if (Array.isArray(out[field])) out[field] = applyOrder(field, out[field], order);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set<string>(patch.$retainKeys);
    for (const k of Object.keys(out)) if (!keep.has(k) && !Object.hasOwn(patch, k)) delete out[k];
  }
  return out;
}

function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

function mergeList(field: string, original: any[], patch: any[]): any[] {
  const replace = patch.find((p) => isObj(p) && p.$patch === 'replace' && Object.keys(p).length === 1);
  if (replace) return stripDirectives(patch.filter((p) => p !== replace));
  const kind = listKind(field, [...original, ...patch], false);
  if (kind.type === 'set') {
    const out = [...original];
    for (const p of patch) if (!out.some((o) => o === p)) out.push(p);
    return out;
  }
  if (kind.type !== 'map' || !patch.every(isObj)) return stripDirectives(clone(patch));
  const key = kind.key;
  const out = original.map((o) => o);
  for (const item of patch) {
    const idx = out.findIndex((o) => isObj(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx], item);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      const fresh = mergeMap({}, item);
      if (fresh !== undefined) out.push(fresh);
    }
  }
  return out;
}

/** Orders a merged list by `$setElementOrder`; items it does not name keep their relative order after. */
function applyOrder(field: string, list: any[], order: unknown[]): any[] {
  const kind = listKind(field, list, false);
  const keyOf = (x: any) => (kind.type === 'map' && isObj(x) ? x[kind.key] : x);
  const wanted = order.map(keyOf);
  const ranked = list.map((x, i) => {
    const r = wanted.indexOf(keyOf(x));
    return { x, r: r < 0 ? wanted.length + i : r };
  });
  ranked.sort((a, b) => a.r - b.r);
  return ranked.map((e) => e.x);
}
