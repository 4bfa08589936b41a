/** Bodies of the release commands, loaded lazily by releases.ts. */
import type { ActionConfig, ActionEvent } from '../../../action/index.js';
import {
  executeReleaseTemplate,
  getRelease,
  history,
  install,
  list,
  nameAndChart,
  ReleaseTestError,
  releaseResources,
  releaseTest,
  rollback,
  type TestPodLog,
  testPodLogs,
  uninstall,
  upgrade,
} from '../../../action/index.js';
import { parseGoJson, toYaml } from '../../../encoding/index.js';
import type { GoMap } from '../../../gotemplate/index.js';
import { type Release, releaseToJson } from '../../../release/index.js';
import { actionConfig } from '../../action-config.js';
import { UserError } from '../../exit.js';
import type { ValueFlags } from '../../flags.js';
import { goTimeString } from '../../printers/go-time.js';
import {
  encode,
  historyElements,
  historyTable,
  listElements,
  listTable,
  metadataDocument,
  metadataText,
  statusText,
  structJson,
  userValues,
  valuesText,
} from '../../printers/release.js';
import { resourcesText } from '../../printers/resources.js';
import type { CliContext } from '../../program.js';

type Opts = Record<string, unknown> & { values: ValueFlags };

/** Go's time.ParseDuration for the forms helm users write (5m0s, 300s, 1h30m, 90). */
export function parseDuration(s: string): number {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed !== s.length || s === '')
    throw new UserError(`time: invalid duration "${s}"`, { code: 'EDURATION' });
  return total;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function out(text: string): void {
  process.stdout.write(text);
}

function labelsOf(list: unknown): Record<string, string> | undefined {
  const items = (list as string[] | undefined) ?? [];
  if (items.length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i < 1) throw new UserError(`invalid label "${item}": expected key=value`, { code: 'ELABEL' });
    labels[item.slice(0, i)] = item.slice(i + 1);
  }
  return labels;
}

function progress(e: ActionEvent): void {
  if (e.type === 'warning') process.stderr.write(`WARNING: ${e.message}\n`);
}

/** A list of Go structs: JSON in field order; YAML (through JSON, as sigs.k8s.io/yaml) sorted. */
function structList(items: Record<string, unknown>[], format: string): string {
  if (format === 'json') return `[${items.map(structJson).join(',')}]\n`;
  return encode(items, format);
}

/** A release as helm's `-o json|yaml` prints it (Go's field order; YAML through JSON). */
function releaseDocument(rel: Release, format: string): string {
  const json = releaseToJson(rel);
  return format === 'json' ? `${json}\n` : toYaml(parseGoJson(json));
}

function printRelease(rel: Release, opts: Opts): void {
  const format = str(opts.output) ?? 'table';
  if (format === 'table') out(statusText(rel, { hideNotes: Boolean(opts.hideNotes) }));
  else out(releaseDocument(rel, format));
}

/** helm 4's --dry-run[=client|server|none]; a bare --dry-run is client. */
function dryRunOf(v: unknown): 'client' | 'server' | undefined {
  if (v === undefined || v === false || v === 'none' || v === 'false') return undefined;
  if (v === true || v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new UserError(`invalid dry-run value (${String(v)}). Must be "none", "server", or "client"`, {
    code: 'EDRYRUN',
  });
}

function dryRunOption(opts: Opts): { dryRun?: 'client' | 'server' } {
  const d = dryRunOf(opts.dryRun);
  // helm 4 logs this through slog; bosun prints the same line
  if (opts.dryRun === true)
    process.stderr.write(
      `level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"\n`,
    );
  return d ? { dryRun: d } : {};
}

function waitOptions(opts: Opts) {
  return {
    wait: opts.wait !== undefined && opts.wait !== false && opts.wait !== 'hookOnly',
    waitForJobs: Boolean(opts.waitForJobs),
    timeoutMs: parseDuration(str(opts.timeout) ?? '5m0s'),
    noHooks: opts.hooks === false,
  };
}

async function withConfig<T>(
  opts: Opts,
  ctx: CliContext,
  body: (cfg: ActionConfig) => Promise<T>,
): Promise<T> {
  const cfg = await actionConfig(
    {
      ...(str(opts.kubeconfig) ? { kubeconfig: str(opts.kubeconfig)! } : {}),
      ...(str(opts.kubeContext) ? { kubeContext: str(opts.kubeContext)! } : {}),
      ...(str(opts.namespace) ? { namespace: str(opts.namespace)! } : {}),
      ...(opts.sandbox ? { sandbox: true } : {}),
      ...(opts.allNamespaces ? { allNamespaces: true } : {}),
      ...(typeof opts.historyMax === 'number' ? { historyMax: opts.historyMax } : {}),
    },
    ctx.signal,
    progress,
  );
  try {
    return await body(cfg);
  } finally {
    cfg.close();
  }
}

async function runInstall(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  const { name, chart: ref } = nameAndChart(args, {
    generateName: Boolean(opts.generateName),
    ...(str(opts.nameTemplate) ? { nameTemplate: str(opts.nameTemplate)! } : {}),
    funcs: (await import('../../../engine/index.js')).helmFuncs(),
  });
  // Chart sources (repo/, chart/) load only for the commands that need them: list and
  // friends start faster without them.
  const { loadChartArgument, readUserValues } = await import('../../inputs.js');
  const values = await readUserValues(opts.values);
  const chart = await loadChartArgument(ref, opts, ctx.signal);
  const labels = labelsOf(opts.labels);
  await withConfig(opts, ctx, async (cfg) => {
    try {
      const rel = await install(cfg, {
        releaseName: name,
        chart,
        values,
        ...waitOptions(opts),
        atomic: Boolean(opts.atomic || opts.rollbackOnFailure),
        createNamespace: Boolean(opts.createNamespace),
        ...dryRunOption(opts),
        ...(str(opts.description) ? { description: str(opts.description)! } : {}),
        ...(labels ? { labels } : {}),
        takeOwnership: Boolean(opts.takeOwnership),
        skipCrds: Boolean(opts.skipCrds),
        skipSchemaValidation: Boolean(opts.skipSchemaValidation),
        subNotes: Boolean(opts.renderSubchartNotes),
        replace: Boolean(opts.replace),
        signal: ctx.signal,
      });
      printRelease(rel, opts);
    } catch (err) {
      throw wrapFailure('INSTALLATION FAILED', err);
    }
  });
}

function wrapFailure(prefix: string, err: unknown): Error {
  const e = err as Error & { code?: string };
  return new UserError(`${prefix}: ${e.message}`, { code: e.code ?? 'EFAILED', cause: err });
}

async function runUpgrade(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  const [name, ref] = args as [string, string];
  // Chart sources (repo/, chart/) load only for the commands that need them: list and
  // friends start faster without them.
  const { loadChartArgument, readUserValues } = await import('../../inputs.js');
  const values = await readUserValues(opts.values);
  const chart = await loadChartArgument(ref, opts, ctx.signal);
  const labels = labelsOf(opts.labels);
  await withConfig(opts, ctx, async (cfg) => {
    if (opts.install) {
      const h = await cfg.storage.history(name).catch(() => []);
      if (h.length === 0) out(`Release "${name}" does not exist. Installing it now.\n`);
    }
    let rel: Release;
    try {
      rel = await upgrade(cfg, name, {
        releaseName: name,
        chart,
        values,
        ...waitOptions(opts),
        install: Boolean(opts.install),
        atomic: Boolean(opts.atomic || opts.rollbackOnFailure),
        createNamespace: Boolean(opts.createNamespace),
        ...dryRunOption(opts),
        ...(str(opts.description) ? { description: str(opts.description)! } : {}),
        ...(labels ? { labels } : {}),
        skipCrds: Boolean(opts.skipCrds),
        skipSchemaValidation: Boolean(opts.skipSchemaValidation),
        subNotes: Boolean(opts.renderSubchartNotes),
        reuseValues: Boolean(opts.reuseValues),
        resetValues: Boolean(opts.resetValues),
        resetThenReuseValues: Boolean(opts.resetThenReuseValues),
        cleanupOnFail: Boolean(opts.cleanupOnFail),
        forceConflicts: Boolean(opts.forceConflicts || opts.forceReplace),
        recreatePods: Boolean(opts.recreatePods),
        ...(typeof opts.historyMax === 'number' ? { maxHistory: opts.historyMax } : {}),
        signal: ctx.signal,
      });
    } catch (err) {
      throw wrapFailure(
        opts.install && (err as { code?: string }).code?.startsWith('EINSTALL')
          ? 'INSTALLATION FAILED'
          : 'UPGRADE FAILED',
        err,
      );
    }
    if ((str(opts.output) ?? 'table') === 'table' && rel.version > 1)
      out(`Release "${name}" has been upgraded. Happy Helming!\n`);
    printRelease(rel, opts);
  });
}

async function runRollback(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  const [name, rev] = args as [string, string | undefined];
  const revision = rev === undefined ? 0 : Number(rev);
  if (!Number.isInteger(revision) || revision < 0) {
    throw new UserError(`invalid revision number '${rev}': strconv.Atoi: parsing "${rev}": invalid syntax`);
  }
  await withConfig(opts, ctx, async (cfg) => {
    await rollback(cfg, name, {
      revision,
      ...waitOptions(opts),
      cleanupOnFail: Boolean(opts.cleanupOnFail),
      recreatePods: Boolean(opts.recreatePods),
      dryRun: Boolean(opts.dryRun),
      ...(typeof opts.historyMax === 'number' ? { maxHistory: opts.historyMax } : {}),
      signal: ctx.signal,
    });
    out('Rollback was a success! Happy Helming!\n');
  });
}

async function runUninstall(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  const cascade = str(opts.cascade) ?? 'background';
  if (!['background', 'foreground', 'orphan'].includes(cascade)) {
    throw new UserError(
      `invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`,
    );
  }
  await withConfig(opts, ctx, async (cfg) => {
    for (const name of args) {
      const res = await uninstall(cfg, name, {
        ...waitOptions(opts),
        keepHistory: Boolean(opts.keepHistory),
        cascade: cascade as 'background',
        ignoreNotFound: Boolean(opts.ignoreNotFound),
        ...(str(opts.description) ? { description: str(opts.description)! } : {}),
        signal: ctx.signal,
      });
      if (res.info) out(res.info);
      out(`release "${name}" uninstalled\n`);
    }
  });
}

async function runList(opts: Opts, ctx: CliContext): Promise<void> {
  const states = ['deployed', 'failed', 'pending', 'superseded', 'uninstalled', 'uninstalling'].filter(
    (s) => opts[s],
  );
  await withConfig(opts, ctx, async (cfg) => {
    const rels = await list(cfg, {
      all: Boolean(opts.all),
      states,
      ...(str(opts.filter) ? { filter: str(opts.filter)! } : {}),
      ...(str(opts.selector) ? { selector: str(opts.selector)! } : {}),
      byDate: Boolean(opts.date),
      reverse: Boolean(opts.reverse),
      max: Number(opts.max ?? 256),
      offset: Number(opts.offset ?? 0),
      signal: ctx.signal,
    });
    const format = str(opts.output) ?? 'table';
    if (opts.short) out(rels.map((r) => `${r.name}\n`).join(''));
    else if (format === 'table') out(listTable(rels, opts.headers === false));
    else out(structList(listElements(rels) as unknown as Record<string, unknown>[], format));
  });
}

async function runHistory(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  await withConfig(opts, ctx, async (cfg) => {
    let h = await history(cfg, args[0]!, ctx.signal);
    const max = Number(opts.max ?? 256);
    if (h.length > max) h = h.slice(h.length - max);
    const format = str(opts.output) ?? 'table';
    if (format === 'table') out(historyTable(h));
    else out(structList(historyElements(h) as unknown as Record<string, unknown>[], format));
  });
}

async function runTest(args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const f of (opts.filter as string[] | undefined) ?? []) {
    if (f.startsWith('name=')) include.push(f.slice(5));
    else if (/^!\s?name=/.test(f)) exclude.push(f.replace(/^!\s?name=/, ''));
  }
  await withConfig(opts, ctx, async (cfg) => {
    let rel: Release;
    let failure: unknown;
    // --logs: read while the test pods still exist (before hook-succeeded deletes them), print
    // after the status, as helm does.
    let podLogs: { logs: TestPodLog[]; error?: Error } | undefined;
    const readLogs = async (r: Release) => {
      podLogs = await testPodLogs(cfg, r, { include, exclude, namespace: cfg.namespace, signal: ctx.signal });
    };
    try {
      rel = await releaseTest(cfg, args[0]!, {
        timeoutMs: parseDuration(str(opts.timeout) ?? '5m0s'),
        include,
        exclude,
        signal: ctx.signal,
        ...(opts.logs ? { beforeCleanup: readLogs } : {}),
      });
    } catch (err) {
      if (!(err instanceof ReleaseTestError) || !err.release) throw err;
      rel = err.release;
      failure = err;
    }
    out(statusText(rel, { hideNotes: true }));
    if (opts.logs) {
      if (!podLogs) await readLogs(rel);
      out('\n');
      for (const l of podLogs!.logs) out(`POD LOGS: ${l.name}\n${l.text}\n`);
      if (podLogs!.error) {
        // helm joins the test failure and the log failure (errors.Join: one per line).
        const first = failure ? `${(failure as Error).message}\n` : '';
        throw new ReleaseTestError(`${first}${podLogs!.error.message}`, 'ETEST_LOGS', rel, {
          cause: failure ?? podLogs!.error,
        });
      }
    }
    if (failure) throw failure;
  });
}

/** The values module loads only here: get, list and status do not coalesce anything. */
async function computedValues(rel: Release): Promise<GoMap> {
  const { coalesceTables } = await import('../../../values/index.js');
  return coalesceTables(structuredClone(rel.config) as GoMap, (rel.chart.values ?? {}) as GoMap) ?? {};
}

async function runGet(what: string, args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  await withConfig(opts, ctx, async (cfg) => {
    const rel = await getRelease(cfg, args[0]!, Number(opts.revision ?? 0), ctx.signal);
    const format = str(opts.output) ?? 'table';
    switch (what) {
      case 'status': {
        // helm 4 always gathers the resources: server-printed tables for the table output,
        // the objects themselves for json/yaml. The chart is left out, as helm does.
        const sections = await releaseResources(cfg, rel, { table: format === 'table', signal: ctx.signal });
        if (format === 'table') {
          out(statusText(rel, { resources: resourcesText(sections) }));
          return;
        }
        const resources: Record<string, unknown[]> = {};
        for (const sec of sections) resources[sec.key] = sec.items;
        const shown = {
          ...rel,
          chart: null as unknown as Release['chart'],
          info: { ...rel.info, resources },
        };
        out(releaseDocument(shown, format));
        return;
      }
      case 'values': {
        const vals = opts.all ? await computedValues(rel) : userValues(rel);
        if (format === 'table')
          out(opts.all ? `COMPUTED VALUES:\n${encode(vals, 'yaml')}` : valuesText(vals, 'yaml'));
        else out(encode(vals, format));
        return;
      }
      case 'manifest':
        out(`${rel.manifest}\n`);
        return;
      case 'notes':
        if (rel.info.notes) out(`NOTES:\n${rel.info.notes}\n`);
        return;
      case 'hooks':
        for (const h of rel.hooks) out(`---\n# Source: ${h.path}\n${h.manifest}\n`);
        return;
      case 'metadata':
        if (format === 'table') out(metadataText(rel));
        else if (format === 'json') out(`${structJson(metadataDocument(rel))}\n`);
        else out(encode(metadataDocument(rel), format));
        return;
      case 'all':
        // The template's parse or exec error is thrown (helm: exit 1).
        if (str(opts.template)) return out(await executeReleaseTemplate(str(opts.template)!, rel));
        // helm's statusPrinter with debug and showMetadata.
        out(statusText(rel, { showMetadata: true, debug: true, computed: await computedValues(rel) }));
        return;
    }
  });
}

export async function run(name: string, args: string[], opts: Opts, ctx: CliContext): Promise<void> {
  switch (name) {
    case 'install':
      return runInstall(args, opts, ctx);
    case 'upgrade':
      return runUpgrade(args, opts, ctx);
    case 'rollback':
      return runRollback(args, opts, ctx);
    case 'uninstall':
      return runUninstall(args, opts, ctx);
    case 'list':
      return runList(opts, ctx);
    case 'history':
      return runHistory(args, opts, ctx);
    case 'status':
      return runGet('status', args, opts, ctx);
    case 'test':
      return runTest(args, opts, ctx);
    default:
      if (name.startsWith('get-')) return runGet(name.slice(4), args, opts, ctx);
      throw new UserError(`unknown command ${name}`);
  }
}

export { goTimeString };
