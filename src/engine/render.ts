/**
 * Rendering a chart tree as helm's engine does (pkg/engine/engine.go): every template of the
 * chart and its subcharts is parsed into one namespace — shallow paths first, so that a parent's
 * `define` is seen before a subchart's — then every non-partial template is executed with its
 * chart's scope (`.Values` of that subchart, `.Chart`, `.Files`, `.Subcharts`, `.Template`).
 */
import { type FuncMap, func, type GoMap, type ParseCache, TemplateSet } from '../gotemplate/index.js';
import { cleanupParseError, RenderError, reformatExecError, warnWrap } from './errors.js';
import { Files } from './files.js';

/** What the engine needs to know of a chart (the chart module's Chart is adapted to it). */
export interface RenderChart {
  /** The chart's name (its alias when it is an aliased dependency). */
  readonly name: string;
  /** helm's ChartFullPath: `parent/charts/sub`. */
  readonly fullPath: string;
  readonly isRoot: boolean;
  readonly isLibrary: boolean;
  /** `.Chart`: the metadata as helm's structToMap makes it (Go field names). */
  readonly metadata: GoMap;
  readonly templates: readonly { readonly name: string; readonly data: Uint8Array }[];
  readonly files: readonly { readonly name: string; readonly data: Uint8Array }[];
  /** Enabled subcharts, after dependency processing. */
  readonly dependencies: readonly RenderChart[];
}

/** `lookup apiVersion kind namespace name`: a live object, a list, or an empty map. */
export type LookupFunc = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;

export interface RenderOptions {
  /** missingkey=error, as `helm lint --strict`. */
  readonly strict?: boolean;
  /** `required` and `fail` do not fail (helm lint). */
  readonly lintMode?: boolean;
  /** The cluster-backed `lookup`; without it, lookups return an empty map as in `helm template`. */
  readonly lookup?: LookupFunc;
  /** Reports lint-mode warnings. */
  readonly warn?: (message: string) => void;
  /**
   * Parsed templates shared across renders (many releases of one chart in one process parse
   * each file once). Without it, every render parses every file.
   */
  readonly parseCache?: ParseCache;
}

interface Renderable {
  readonly text: string;
  readonly vals: GoMap;
  readonly basePath: string;
}

const recursionMax = 1000;
const utf8 = new TextDecoder('utf-8');

/** Collects the templates of a chart tree, keyed by full path, with their scoped values. */
function allTemplates(chart: RenderChart, parentVals: GoMap, out: Map<string, Renderable>): GoMap {
  const subcharts: GoMap = {};
  const chartMeta: GoMap = { ...chart.metadata, IsRoot: chart.isRoot };
  let values: unknown = {};
  if (chart.isRoot) {
    values = parentVals.Values;
  } else {
    const parentValues = parentVals.Values;
    const own =
      parentValues && typeof parentValues === 'object' ? (parentValues as GoMap)[chart.name] : undefined;
    if (own && typeof own === 'object' && !Array.isArray(own)) values = own;
  }
  const next: GoMap = {
    Chart: chartMeta,
    Files: new Files(chart.files.map((f) => [f.name, f.data] as const)),
    Release: parentVals.Release,
    Capabilities: parentVals.Capabilities,
    Values: values,
    Subcharts: subcharts,
  };
  for (const child of chart.dependencies) subcharts[child.name] = allTemplates(child, next, out);
  for (const t of chart.templates) {
    if (chart.isLibrary && !baseName(t.name).startsWith('_')) continue;
    out.set(`${chart.fullPath}/${t.name}`, {
      text: utf8.decode(t.data),
      vals: next,
      basePath: `${chart.fullPath}/templates`,
    });
  }
  return next;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** helm parses deeper paths last: sort by number of '/' then by name, then reverse. */
function sortTemplates(names: Iterable<string>): string[] {
  const depth = (s: string) => s.split('/').length - 1;
  return [...names]
    .sort((a, b) => {
      const d = depth(a) - depth(b);
      if (d !== 0) return d;
      return a < b ? -1 : a > b ? 1 : 0;
    })
    .reverse();
}

/**
 * Renders every template of `chart`. `top` holds `Values`, `Release`, `Capabilities` (and
 * `Chart`, which is rebuilt per chart). `baseFuncs` are the non-contextual functions (Sprig and
 * helm's encoding functions); include, tpl, required, fail and lookup are added here.
 * Returns template path → rendered text, partials excluded, `<no value>` removed as helm does.
 */
export function renderChart(
  chart: RenderChart,
  top: GoMap,
  baseFuncs: FuncMap,
  opts: RenderOptions = {},
): Map<string, string> {
  const templates = new Map<string, Renderable>();
  allTemplates(chart, top, templates);
  const missingKey = opts.strict ? 'error' : 'zero';
  const root = new TemplateSet(baseFuncs, {
    missingKey,
    ...(opts.parseCache ? { parseCache: opts.parseCache } : {}),
  });
  const includedNames = new Map<string, number>();
  installContextFuncs(root, includedNames, opts, missingKey);

  const keys = sortTemplates(templates.keys());
  for (const name of keys) {
    try {
      root.parse(name, templates.get(name)!.text);
    } catch (err) {
      throw cleanupParseError(name, err as Error);
    }
  }
  const rendered = new Map<string, string>();
  for (const name of keys) {
    if (baseName(name).startsWith('_')) continue;
    const r = templates.get(name)!;
    r.vals.Template = { Name: name, BasePath: r.basePath };
    let out: string;
    try {
      out = root.execute(name, r.vals);
    } catch (err) {
      if (err instanceof RenderError) throw err;
      throw reformatExecError(name, err as Error);
    }
    rendered.set(name, out.replaceAll('<no value>', ''));
  }
  return rendered;
}

function installContextFuncs(
  set: TemplateSet,
  includedNames: Map<string, number>,
  opts: RenderOptions,
  missingKey: 'zero' | 'error',
): void {
  const funcs: FuncMap = new Map();
  funcs.set(
    'include',
    func(['string', 'any'], (name: string, data: unknown) => {
      const n = includedNames.get(name) ?? 0;
      if (n > recursionMax) {
        throw new Error(
          `rendering template has a nested reference name: ${name}: unable to execute template`,
        );
      }
      includedNames.set(name, n + 1);
      try {
        return set.execute(name, data);
      } finally {
        includedNames.set(name, includedNames.get(name)! - 1);
      }
    }),
  );
  funcs.set(
    'tpl',
    func(['string', 'any'], (text: string, vals: unknown) => {
      const clone = set.clone();
      installContextFuncs(clone, includedNames, opts, missingKey);
      try {
        clone.parse('gotpl', text);
      } catch (err) {
        throw new Error(`cannot parse template ${goQuote(text)}: ${(err as Error).message}`, { cause: err });
      }
      try {
        return clone.execute('gotpl', vals).replaceAll('<no value>', '');
      } catch (err) {
        throw new Error(
          `error during tpl function execution for ${goQuote(text)}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    }),
  );
  funcs.set(
    'required',
    func(['string', 'any'], (warn: string, val: unknown) => {
      if (val === null || val === undefined || val === '') {
        if (opts.lintMode) {
          opts.warn?.(`missing required value: ${warn}`);
          return '';
        }
        throw new Error(warnWrap(warn));
      }
      return val;
    }),
  );
  funcs.set(
    'fail',
    func(['string'], (msg: string) => {
      if (opts.lintMode) {
        opts.warn?.(`fail: ${msg}`);
        return '';
      }
      throw new Error(warnWrap(msg));
    }),
  );
  const lookup = opts.lintMode ? undefined : opts.lookup;
  funcs.set(
    'lookup',
    func(
      ['string', 'string', 'string', 'string'],
      (apiVersion: string, kind: string, ns: string, name: string) =>
        lookup ? lookup(apiVersion, kind, ns, name) : {},
    ),
  );
  set.addFuncs(funcs);
}

/** Go's %q of a string (strconv.Quote), enough for error messages. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}
