/**
 * Dependency processing as helm does before rendering (chartutil.ProcessDependencies):
 * aliases (a renamed copy of the subchart), `tags` and `condition` (on the coalesced values)
 * remove disabled subcharts, then `import-values` copy child values into the parent's values
 * (`exports.x` shorthand and `{child, parent}` pairs), bottom-up, with the parent's own values
 * winning.
 *
 * helm changes the chart in place; bosun processes a copy and returns it.
 */
import { formatV, type GoMap, isMap } from '../gotemplate/index.js';
import { parseConstraint, parseVersion } from '../semver/index.js';
import {
  coalesceValues,
  deepCopyMap,
  mergeChartValues,
  mergeTables,
  pathValue,
  table,
} from '../values/index.js';
import type { Chart } from './chart.js';
import type { Dependency } from './metadata.js';

/** A helm v4 slog warning: its message and attributes (`slogLine` from values/ prints it like helm). */
export type DependencyWarn = (msg: string, attrs: Record<string, string>) => void;

export interface DependencyOptions {
  /** helm's warnings about non-boolean conditions/tags and missing import tables (slog WARN in v4). */
  warn?: DependencyWarn;
  /** Warnings of the coalescing helm does while processing (it prints them too, at INFO in v4). */
  coalesceWarn?: (message: string) => void;
}

interface Ctx {
  warn: DependencyWarn;
  coalesce: { warn?: (message: string) => void };
}

/** Masterminds check of a version against a range; false when either does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return parseConstraint(constraint).check(parseVersion(version));
  } catch {
    return false;
  }
}

/**
 * Returns a copy of `chart` with disabled subcharts removed, aliases applied and import-values
 * merged into the values of each chart that imports. `values` are the user's values.
 */
export function processDependencies(chart: Chart, values: GoMap, opts: DependencyOptions = {}): Chart {
  const ctx: Ctx = {
    warn: opts.warn ?? (() => {}),
    coalesce: opts.coalesceWarn === undefined ? {} : { warn: opts.coalesceWarn },
  };
  const c = chart.cloneTree();
  processEnabled(c, values, '', ctx);
  processImportValuesTree(c, ctx);
  return c;
}

function processConditions(reqs: Dependency[], cvals: GoMap, cpath: string, warn: DependencyWarn): void {
  for (const r of reqs) {
    for (const cond of r.Condition.trim().split(',')) {
      if (cond.length === 0) continue;
      const v = pathValue(cvals, cpath + cond);
      if (!v.found) continue;
      if (typeof v.value === 'boolean') {
        r.Enabled = v.value;
        break;
      }
      warn('returned non-bool value', { path: cond, chart: r.Name });
    }
  }
}

function processTags(reqs: Dependency[], cvals: GoMap, warn: DependencyWarn): void {
  const vt = table(cvals, 'tags');
  if (!vt) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.Tags ?? []) {
      if (!Object.hasOwn(vt, k)) continue;
      const b = vt[k];
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        warn('returned non-bool value', { tag: k, chart: r.Name });
      }
    }
    if (!hasTrue && hasFalse) r.Enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.Enabled = true;
  }
}

function getAliasDependency(charts: readonly Chart[], dep: Dependency): Chart | null {
  for (const c of charts) {
    if (c.name !== dep.Name) continue;
    if (!isCompatibleRange(dep.Version, c.metadata.Version)) continue;
    const out = c.shallowCopy();
    if (dep.Alias !== '') out.metadata.Name = dep.Alias;
    return out;
  }
  return null;
}

function processEnabled(c: Chart, v: GoMap, path: string, ctx: Ctx): void {
  const reqs = c.metadata.Dependencies;
  if (reqs === null) return;
  const chartDependencies: Chart[] = [];
  for (const existing of c.dependencies) {
    const listed = reqs.some(
      (req) =>
        req !== null &&
        existing.name === req.Name &&
        isCompatibleRange(req.Version, existing.metadata.Version),
    );
    if (!listed) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    if (req === null) continue;
    const dep = getAliasDependency(c.dependencies, req);
    if (dep) chartDependencies.push(dep);
    if (req.Alias !== '') req.Name = req.Alias;
  }
  c.setDependencies(...chartDependencies);
  const live = reqs.filter((r): r is Dependency => r !== null);
  for (const r of live) r.Enabled = true;
  const cvals = coalesceValues(c, v, ctx.coalesce);
  processTags(live, cvals, ctx.warn);
  processConditions(live, cvals, path, ctx.warn);
  const rm = new Set(live.filter((r) => !r.Enabled).map((r) => r.Name));
  const cd = c.dependencies.filter((n) => !rm.has(n.metadata.Name));
  const cdMetadata = reqs.filter((n) => n === null || !rm.has(n.Name));
  for (const t of cd) processEnabled(t, cvals, `${path}${t.metadata.Name}.`, ctx);
  c.metadata.Dependencies = cdMetadata.length > 0 ? cdMetadata : null;
  c.setDependencies(...cd);
}

/** helm's ErrNoTable text for the first step of `path` that is not a table. */
function noTableError(values: GoMap, path: string): string {
  let t: unknown = values;
  for (const n of path.split('.')) {
    const next = isMap(t) && Object.hasOwn(t, n) ? t[n] : undefined;
    if (!isMap(next)) return `"${n}" is not a table`;
    t = next;
  }
  return '';
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = { [parts[i]!]: cur };
  return cur;
}

function processImportValues(c: Chart, ctx: Ctx): void {
  const warn = ctx.warn;
  const reqs = c.metadata.Dependencies;
  if (reqs === null) return;
  const cvals = mergeChartValues(c, null, ctx.coalesce);
  let b: GoMap = {};
  for (const r of reqs) {
    if (r === null) continue;
    const outiv: unknown[] = [];
    for (const riv of r.ImportValues ?? []) {
      if (isMap(riv)) {
        const child = formatV(riv.child);
        const parent = formatV(riv.parent);
        outiv.push({ child, parent });
        const vv = table(cvals, `${r.Name}.${child}`);
        if (!vv) {
          warn('ImportValues missing table from chart', {
            chart: r.Name,
            error: noTableError(cvals, `${r.Name}.${child}`),
          });
          continue;
        }
        b = mergeTables(b, pathToMap(parent, vv), ctx.coalesce) as GoMap;
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push({ child, parent: '.' });
        const vm = table(cvals, `${r.Name}.${child}`);
        if (!vm) {
          warn('ImportValues missing table', { error: noTableError(cvals, `${r.Name}.${child}`) });
          continue;
        }
        b = mergeTables(b, vm, ctx.coalesce) as GoMap;
      }
    }
    r.ImportValues = outiv.length > 0 ? outiv : null;
  }
  c.values = mergeTables(deepCopyMap(cvals), b, ctx.coalesce) as GoMap;
}

function processImportValuesTree(c: Chart, ctx: Ctx): void {
  for (const d of c.dependencies) processImportValuesTree(d, ctx);
  processImportValues(c, ctx);
}
