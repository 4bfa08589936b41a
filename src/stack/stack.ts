/**
 * A loaded stack: the state file read and validated, releases normalised (defaults applied,
 * implicit labels added, duplicates refused), the `needs` graph built and checked, and the
 * means to resolve a release's values (lazily: only selected releases render their values
 * templates, as helmfile does).
 */
import type { GoMap } from '../gotemplate/index.js';
import { parseDuration } from './duration.js';
import { type SourcePos, StackError } from './errors.js';
import { buildGraph, type StackGraph, transitiveNeeds } from './graph.js';
import { applyPin, type LockFile, type LockPolicy, lockPathForStateFile, readLock } from './lock.js';
import type { DesiredRelease, LocalHook, LocalHookEvent } from './ops.js';
import { matchesAny, parseSelector } from './selector.js';
import {
  type EnvironmentInfo,
  loadStateFile,
  type RawRelease,
  type RawRepository,
  type StateFile,
  type StateFileOptions,
} from './state-file.js';
import { templateData } from './templating.js';
import { mergeReleaseValues, type Notice, readValueSources, type SetEntry } from './values-files.js';

/** bosun's defaults where helmDefaults says nothing. wait and atomic are on: `needs` means "ready". */
export const DEFAULTS = {
  wait: true,
  waitForJobs: false,
  timeout: 300,
  atomic: true,
  createNamespace: true,
  historyMax: 10,
} as const;

/** A declared release before its values are merged. */
export interface ReleaseSpec extends Omit<DesiredRelease, 'values'> {
  readonly raw: RawRelease;
  readonly pos: SourcePos;
}

export interface Stack {
  readonly file: StateFile;
  readonly environment: EnvironmentInfo;
  readonly repositories: readonly RawRepository[];
  readonly releases: readonly ReleaseSpec[];
  readonly byId: ReadonlyMap<string, ReleaseSpec>;
  readonly graph: StackGraph;
  /** releases.lock beside the state file, when there is one. */
  readonly lock: LockFile | null;
  /** What an out-of-date lock entry does (default `error`). */
  readonly lockPolicy: LockPolicy;
  /** `--stack-name`: the stack's identity for its lease, revisions and plans, when given. */
  readonly name?: string | undefined;
}

export interface LoadStackOptions extends StateFileOptions {
  /** Namespace of releases that name none (default `default`). */
  readonly namespace?: string | undefined;
  /** `--kube-context`: used by releases whose state names no context. */
  readonly kubeContext?: string | undefined;
  /** Do not read releases.lock (`bosun deps` re-resolving). */
  readonly ignoreLock?: boolean;
  /** An out-of-date lock entry fails (`error`, the default) or warns and is not used (`warn`). */
  readonly lockPolicy?: LockPolicy | undefined;
  /** `--stack-name` / BOSUN_STACK_NAME: names the stack instead of its folder and file name. */
  readonly name?: string | undefined;
}

export function loadStack(opts: LoadStackOptions): Stack {
  const file = loadStateFile(opts);
  const d = file.raw.helmDefaults ?? {};
  const env = file.environment;
  const releases: ReleaseSpec[] = [];
  const byId = new Map<string, ReleaseSpec>();
  (file.raw.releases ?? []).forEach((r, i) => {
    const pos = file.releasePos[i] ?? { file: file.shownPath, line: 0, column: 0 };
    const namespace = r.namespace ?? opts.namespace ?? 'default';
    const id = `${namespace}/${r.name}`;
    const previous = byId.get(id);
    if (previous) {
      throw new StackError(
        'EDUPLICATE',
        `release "${id}" is declared twice (first at line ${previous.pos.line}); release names must be unique per namespace`,
        { pos },
      );
    }
    const timeout = parseDuration(r.timeout ?? d.timeout ?? DEFAULTS.timeout);
    const hooks: LocalHook[] = (r.hooks ?? []).map((h) => ({
      events: h.events as LocalHookEvent[],
      command: h.command,
      args: h.args ?? [],
      showlogs: h.showlogs ?? false,
    }));
    const kubeContext = r.kubeContext || env.kubeContext || d.kubeContext || opts.kubeContext || undefined;
    const spec: ReleaseSpec = {
      id,
      name: r.name,
      namespace,
      kubeContext,
      chart: r.chart,
      version: r.version,
      baseDir: file.releaseDirs[i] ?? file.dir,
      labels: { ...(r.labels ?? {}), name: r.name, namespace, chart: r.chart },
      needs: r.needs ?? [],
      installed: r.installed ?? true,
      wait: r.wait ?? d.wait ?? DEFAULTS.wait,
      waitForJobs: r.waitForJobs ?? d.waitForJobs ?? DEFAULTS.waitForJobs,
      timeout: timeout ?? DEFAULTS.timeout,
      atomic: r.atomic ?? r.rollbackOnFailure ?? d.atomic ?? d.rollbackOnFailure ?? DEFAULTS.atomic,
      createNamespace: r.createNamespace ?? d.createNamespace ?? DEFAULTS.createNamespace,
      historyMax: r.historyMax ?? d.historyMax ?? DEFAULTS.historyMax,
      hooks,
      raw: r,
      pos,
    };
    releases.push(spec);
    byId.set(id, spec);
  });
  const graph = buildGraph(releases);
  // Needs are stored resolved from here on.
  const resolved = releases.map((r) => ({ ...r, needs: graph.needs.get(r.id)! }));
  return {
    file,
    lock: opts.ignoreLock ? null : readLock(lockPathForStateFile(file.path)),
    lockPolicy: opts.lockPolicy ?? 'error',
    ...(opts.name ? { name: opts.name } : {}),
    environment: env,
    repositories: file.raw.repositories ?? [],
    releases: resolved,
    byId: new Map(resolved.map((r) => [r.id, r])),
    graph,
  };
}

export interface Selection {
  /** Selected ids, in topological order. */
  readonly ids: readonly string[];
  /** Releases the selection needs but that were not selected, in topological order. */
  readonly neededOnly: readonly string[];
}

/** Applies `-l` selectors (OR-ed; terms AND-ed). `includeNeeds` adds what the selection needs. */
export function selectReleases(stack: Stack, selectors: readonly string[], includeNeeds = false): Selection {
  const parsed = selectors.map(parseSelector);
  const chosen = new Set(stack.releases.filter((r) => matchesAny(r.labels, parsed)).map((r) => r.id));
  const needs = transitiveNeeds(stack.graph, chosen);
  if (includeNeeds) for (const n of needs) chosen.add(n);
  return {
    ids: stack.graph.order.filter((id) => chosen.has(id)),
    neededOnly: stack.graph.order.filter((id) => needs.has(id) && !chosen.has(id)),
  };
}

function setEntries(list: GoMap[] | undefined): SetEntry[] {
  return (list ?? []).map((e) => e as unknown as SetEntry);
}

/** Merges a release's values (rendering its values templates with `.Release`). */
export function resolveRelease(
  stack: Stack,
  id: string,
  notify: (n: Notice) => void = () => {},
): DesiredRelease {
  const spec = stack.byId.get(id);
  if (!spec) throw new StackError('ENEEDS_UNKNOWN', `no release "${id}" in ${stack.file.shownPath}`);
  const r = spec.raw;
  const data = templateData(stack.environment.name, stack.environment.values, spec.kubeContext ?? '', {
    Name: spec.name,
    Namespace: spec.namespace,
    Chart: spec.chart,
    Labels: spec.labels,
    KubeContext: spec.kubeContext ?? '',
  });
  const files = readValueSources(
    r.values ?? [],
    {
      baseDir: spec.baseDir,
      stateFile: stack.file.shownPath,
      te: stack.file.te,
      funcs: stack.file.funcs,
      missingFileHandler: r.missingFileHandler ?? stack.environment.missingFileHandler,
      notify,
    },
    data,
    `releases[${id}].values`,
    spec.pos,
  );
  let values: GoMap;
  try {
    values = mergeReleaseValues(
      {
        files,
        set: setEntries(r.set),
        setString: setEntries(r.setString),
        setFile: setEntries(r.setFile),
        setJson: setEntries(r.setJson),
      },
      spec.baseDir,
    );
  } catch (err) {
    throw new StackError('EVALUES', `release "${id}": ${(err as Error).message}`, {
      pos: spec.pos,
      cause: err,
    });
  }
  const { raw: _raw, pos: _pos, ...rest } = spec;
  const env = stack.environment.name;
  return applyPin({ ...rest, values }, env, stack.lock?.environments[env], stack.lockPolicy, notify);
}
