/**
 * Coalescing a chart's values with the user's, as helm's chartutil does (CoalesceValues and
 * MergeValues): the user's values win, maps merge, scalars and lists replace, `null` removes a
 * chart default (coalesce) or is kept (merge), `global` flows from parents into every subchart,
 * and each subchart's defaults fill `values[<subchart name>]`.
 *
 * Object identity follows helm's on purpose: helm shares some nested maps between a parent's
 * globals and a subchart's (a shallow copy), and values can leak through that sharing; doing
 * the same keeps the results identical to helm's.
 */
import { formatV, type GoMap, isMap } from '../gotemplate/index.js';
import { copyMap, deepCopyMap } from './copy.js';
import { goFormatT } from './go-format.js';
import { getKey, hasKey, isTable, setKey } from './map-util.js';

/** The key of values shared with every subchart. */
export const GLOBAL_KEY = 'global';

/** What coalescing needs to know about a chart (the chart module's `Chart` satisfies it). */
export interface ValuesChart {
  /** Metadata name (an alias replaces it once dependencies are processed). */
  readonly name: string;
  /** The chart's own default values (values.yaml), never modified here. */
  readonly values: GoMap;
  /** The enabled subcharts. */
  readonly dependencies: readonly ValuesChart[];
}

export interface CoalesceOptions {
  /** Receives helm's warnings ("warning: skipped value for …: Not a table."). */
  warn?: (message: string) => void;
  /**
   * helm v3.17 deletes a key the user set to null even when the chart default is null too;
   * v4 keeps that null. Default 'v4'.
   */
  helm?: 'v3' | 'v4';
}

/** A coalescing failure (`type mismatch on sub: …`). */
export class CoalesceError extends Error {
  readonly code = 'ECOALESCE';
  constructor(message: string) {
    super(message);
    this.name = 'CoalesceError';
  }
}

interface Ctx {
  warn: (message: string) => void;
  v3: boolean;
}

function ctxOf(opts: CoalesceOptions): Ctx {
  return { warn: opts.warn ?? (() => {}), v3: opts.helm === 'v3' };
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/**
 * CoalesceValues: the chart's (and its subcharts') defaults under the user's values; nulls
 * delete keys. `userValues` is not modified.
 */
export function coalesceValues(
  chart: ValuesChart,
  userValues: GoMap | null | undefined,
  opts: CoalesceOptions = {},
): GoMap {
  return coalesce(ctxOf(opts), chart, deepCopyMap(userValues ?? {}), '', false);
}

/** MergeValues: like coalesceValues, but nulls are kept. */
export function mergeChartValues(
  chart: ValuesChart,
  userValues: GoMap | null | undefined,
  opts: CoalesceOptions = {},
): GoMap {
  return coalesce(ctxOf(opts), chart, deepCopyMap(userValues ?? {}), '', true);
}

/** CoalesceTables: merges `src` into `dst` (dst wins), deleting keys dst sets to null. Mutates dst and src. */
export function coalesceTables(
  dst: GoMap | null | undefined,
  src: GoMap | null | undefined,
  opts: CoalesceOptions = {},
): GoMap | null | undefined {
  return coalesceTablesFullKey(ctxOf(opts), dst, src, '', false);
}

/** MergeTables: like coalesceTables but keeps nulls. Mutates dst and src. */
export function mergeTables(
  dst: GoMap | null | undefined,
  src: GoMap | null | undefined,
  opts: CoalesceOptions = {},
): GoMap | null | undefined {
  return coalesceTablesFullKey(ctxOf(opts), dst, src, '', true);
}

function coalesce(ctx: Ctx, ch: ValuesChart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  coalesceChartValues(ctx, ch, dest, prefix, merge);
  return coalesceDeps(ctx, ch, dest, prefix, merge);
}

function coalesceDeps(ctx: Ctx, ch: ValuesChart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  for (const sub of ch.dependencies) {
    const name = sub.name;
    if (!hasKey(dest, name)) {
      setKey(dest, name, {});
    } else if (!isTable(getKey(dest, name))) {
      throw new CoalesceError(`type mismatch on ${name}: ${goFormatT(getKey(dest, name))}`);
    }
    const dvmap = getKey(dest, name) as GoMap;
    const subPrefix = concatPrefix(prefix, ch.name);
    coalesceGlobals(ctx, dvmap, dest, subPrefix);
    setKey(dest, name, coalesce(ctx, sub, dvmap, subPrefix, merge));
  }
  return dest;
}

/** Copies the globals of `src` (a parent's values) into `dest` (a subchart's values). */
function coalesceGlobals(ctx: Ctx, dest: GoMap, src: GoMap, prefix: string): void {
  let dg: GoMap;
  let sg: GoMap;
  if (!hasKey(dest, GLOBAL_KEY)) dg = {};
  else if (isMap(getKey(dest, GLOBAL_KEY))) dg = getKey(dest, GLOBAL_KEY) as GoMap;
  else {
    ctx.warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  if (!hasKey(src, GLOBAL_KEY)) sg = {};
  else if (isMap(getKey(src, GLOBAL_KEY))) sg = getKey(src, GLOBAL_KEY) as GoMap;
  else {
    ctx.warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isTable(val)) {
      const vv = copyMap(val);
      if (!hasKey(dg, key)) {
        setKey(dg, key, vv);
      } else {
        const destv = getKey(dg, key);
        if (!isMap(destv)) {
          ctx.warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        } else {
          // Parent globals win over the subchart's: merge top-down (always keeping nulls here;
          // the subchart's own coalescing removes them later).
          coalesceTablesFullKey(ctx, vv, destv, concatPrefix(prefix, key), true);
          setKey(dg, key, vv);
        }
      }
    } else if (hasKey(dg, key) && isTable(getKey(dg, key))) {
      ctx.warn(`key ${key} is table. Skipping`);
    } else {
      setKey(dg, key, val);
    }
  }
  setKey(dest, GLOBAL_KEY, dg);
}

/** Fills `v` (the user's values for this chart) from the chart's defaults. */
function coalesceChartValues(ctx: Ctx, ch: ValuesChart, v: GoMap, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, ch.name);
  const vc = deepCopyMap(ch.values ?? {});
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (hasKey(v, key)) {
      const value = getKey(v, key);
      if ((value === null || value === undefined) && !merge) {
        delete v[key];
      } else if (isMap(value)) {
        if (!isMap(val)) {
          if (val !== null && val !== undefined)
            ctx.warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = ch.dependencies.some((d) => d.name === key) ? true : merge;
          coalesceTablesFullKey(ctx, value, val, concatPrefix(subPrefix, key), childMerge);
        }
      }
    } else {
      setKey(v, key, val);
    }
  }
}

function coalesceTablesFullKey(
  ctx: Ctx,
  dst: GoMap | null | undefined,
  src: GoMap | null | undefined,
  prefix: string,
  merge: boolean,
): GoMap | null | undefined {
  if (src === null || src === undefined) return dst;
  if (dst === null || dst === undefined) return src;
  const srcOriginalNonNil = new Set<string>();
  if (!ctx.v3) {
    for (const key of Object.keys(src))
      if (src[key] !== null && src[key] !== undefined) srcOriginalNonNil.add(key);
    for (const key of Object.keys(dst))
      if (dst[key] === null || dst[key] === undefined) setKey(src, key, null);
  }
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullkey = concatPrefix(prefix, key);
    const ok = hasKey(dst, key);
    const dv = getKey(dst, key);
    if (ok && !merge && (dv === null || dv === undefined) && (ctx.v3 || srcOriginalNonNil.has(key))) {
      delete dst[key];
    } else if (!ok) {
      setKey(dst, key, val);
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(ctx, dv, val, fullkey, merge);
      else ctx.warn(`warning: cannot overwrite table with non table for ${fullkey} (${formatV(val)})`);
    } else if (isTable(dv) && val !== null && val !== undefined) {
      ctx.warn(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${formatV(val)})`);
    }
  }
  return dst;
}
