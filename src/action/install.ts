/**
 * install: a new release, stored as revision 1 (helm's Install.RunWithContext and
 * performInstall): name check, render against the cluster's capabilities, adoption check,
 * namespace and CRDs, `pending-install` record, pre-install hooks, server-side apply, optional
 * wait, post-install hooks, `deployed`. A failure records `failed` (and with --atomic /
 * --rollback-on-failure uninstalls); an interruption does the same before the error surfaces.
 */
import type { Chart } from '../chart/index.js';
import type { GoMap } from '../gotemplate/index.js';
import type { KubeObject } from '../kube/index.js';
import type { Release } from '../release/index.js';
import { type ActionConfig, clusterCapabilities, funcsOf, holderOf, nowOf } from './config.js';
import { loadRenderLib } from './lazy.js';
import { holdLease } from './lease.js';
import { withClusterLookup } from './lookup.js';
import { validateReleaseName } from './names.js';
import { performRelease } from './perform.js';
import { checkRecordSize, newRelease, setStatus } from './record.js';
import { checkDependencies, checkInstallable, renderReleaseWith } from './render.js';
import { checkExisting, inNamespace, manifestObjects, withOwnership } from './resources.js';
import { uninstall } from './uninstall.js';

export interface InstallOptions {
  readonly releaseName: string;
  readonly chart: Chart;
  /** User-supplied values (stored as the release's config). */
  readonly values: GoMap;
  readonly wait?: boolean;
  readonly waitForJobs?: boolean;
  /** Per operation, as helm's --timeout (default 5 minutes). */
  readonly timeoutMs?: number;
  /** helm 3's --atomic / helm 4's --rollback-on-failure: uninstall when the install fails. */
  readonly atomic?: boolean;
  readonly noHooks?: boolean;
  readonly createNamespace?: boolean;
  /** true or 'client': render only (no cluster lookups); 'server': also lookups and ownership checks. */
  readonly dryRun?: boolean | 'client' | 'server';
  readonly description?: string;
  readonly labels?: Record<string, string>;
  readonly takeOwnership?: boolean;
  readonly skipCrds?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly subNotes?: boolean;
  /** Reuse a name whose last revision is uninstalled or failed (helm's --replace). */
  readonly replace?: boolean;
  readonly signal?: AbortSignal;
}

export class InstallError extends Error {
  readonly code: string;
  constructor(
    message: string,
    code: string,
    readonly release?: Release,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InstallError';
    this.code = code;
  }
}

export const defaultTimeoutMs = 300_000;

/** The dry-run mode of an option value: undefined (none), 'client' or 'server'. */
export function dryRunMode(v: InstallOptions['dryRun']): 'client' | 'server' | undefined {
  if (v === true || v === 'client') return 'client';
  return v === 'server' ? 'server' : undefined;
}

async function availableName(
  cfg: ActionConfig,
  name: string,
  replace: boolean,
  signal?: AbortSignal,
): Promise<void> {
  try {
    validateReleaseName(name);
  } catch (err) {
    throw new InstallError(
      `release name check failed: release name "${name}": ${(err as Error).message}`,
      'ERELEASE_NAME',
    );
  }
  const history = await cfg.storage.history(name, signal ? { signal } : undefined).catch(() => []);
  if (history.length === 0) return;
  const last = history.reduce((a, b) => (b.version > a.version ? b : a));
  if (replace && (last.info.status === 'uninstalled' || last.info.status === 'failed')) return;
  throw new InstallError(
    'release name check failed: cannot reuse a name that is still in use',
    'ENAME_IN_USE',
  );
}

/** Objects of the release's manifest, in install order, with ownership metadata and a namespace. */
export function releaseObjects(rel: Release): KubeObject[] {
  return manifestObjects(rel.manifest).map((o) => withOwnership(o, rel.name, rel.namespace));
}

async function installCrds(cfg: ActionConfig, chart: Chart, signal?: AbortSignal): Promise<void> {
  const utf8 = new TextDecoder();
  const crds = chart.crdObjects().flatMap((c) => manifestObjects(utf8.decode(c.file.data)));
  if (crds.length === 0) return;
  const missing: KubeObject[] = [];
  for (const crd of crds) {
    const live = await cfg.kube.get(
      { apiVersion: crd.apiVersion, kind: crd.kind, name: String(crd.metadata?.name) },
      signal ? { signal } : {},
    );
    if (!live) missing.push(crd);
  }
  if (missing.length === 0) return;
  await cfg.kube.create(missing, signal ? { signal } : {});
  await cfg.kube.waitReady(missing, { timeoutMs: 60_000, ...(signal ? { signal } : {}) });
}

export async function install(cfg: ActionConfig, opts: InstallOptions): Promise<Release> {
  const name = opts.releaseName;
  const ns = cfg.namespace;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  const signal = opts.signal;
  const call = signal ? { signal } : undefined;
  checkInstallable(opts.chart);
  checkDependencies(opts.chart);
  await availableName(cfg, name, opts.replace ?? false, signal);

  const dryRun = dryRunMode(opts.dryRun);
  const lib = await loadRenderLib();
  const capabilities =
    dryRun === 'client' ? new lib.engine.Capabilities() : await clusterCapabilities(cfg, signal);
  const funcs = await funcsOf(cfg);
  const rendered = withClusterLookup(cfg, dryRun !== 'client', (lookup) =>
    renderReleaseWith(lib, {
      chart: opts.chart,
      values: opts.values,
      release: { name, namespace: ns, revision: 1, isInstall: true, isUpgrade: false },
      capabilities,
      funcs,
      ...(lookup ? { lookup } : {}),
      ...(opts.subNotes ? { subNotes: true } : {}),
      ...(opts.skipSchemaValidation ? { skipSchemaValidation: true } : {}),
      warn: (message) => cfg.onEvent?.({ type: 'warning', release: name, message }),
    }),
  );
  const rel = newRelease({
    name,
    namespace: ns,
    chart: rendered.chart,
    config: opts.values,
    version: 1,
    now: nowOf(cfg),
    ...(opts.labels ? { labels: opts.labels } : {}),
  });
  rel.manifest = rendered.manifest;
  rel.hooks = [...rendered.hooks];
  rel.info.notes = rendered.notes;
  const objects = await inNamespace(cfg.kube, releaseObjects(rel), ns, signal);

  if (dryRun === 'client') {
    setStatus(rel, 'pending-install', 'Dry run complete');
    return rel;
  }
  await checkExisting(cfg.kube, objects, name, ns, {
    takeOwnership: opts.takeOwnership ?? false,
    ...(call ?? {}),
  });
  if (dryRun === 'server') {
    setStatus(rel, 'pending-install', 'Dry run complete');
    return rel;
  }
  setStatus(rel, 'pending-install', 'Initial install underway');
  checkRecordSize(rel);

  if (opts.createNamespace) {
    try {
      await cfg.kube.create(
        [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { name: ns } } }],
        call,
      );
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'AlreadyExists' && !/already exists/.test(String(err)))
        throw err;
    }
  } else if (!(await cfg.kube.namespaceExists(ns, signal))) {
    throw new InstallError(
      `create: failed to create: namespaces "${ns}" not found (add --create-namespace to create it)`,
      'ENAMESPACE',
    );
  }
  if (!opts.skipCrds) await installCrds(cfg, rendered.chart, signal);

  holdLease(rel, holderOf(cfg), nowOf(cfg), timeoutMs);
  await cfg.storage.create(rel, call);
  try {
    await performRelease(
      cfg,
      rel,
      {
        phase: 'installing',
        pre: 'pre-install',
        post: 'post-install',
        hookFailure: (event, message) => `failed ${event}: ${message}`,
        change: async () => {
          // helm 4's install reports every failed object, one per line (upgrade joins with " && ").
          if (objects.length > 0)
            await cfg.kube.apply(objects, { fieldManager: 'helm', errorSeparator: '\n', ...(call ?? {}) });
        },
        waitFor: objects,
      },
      { ...opts, timeoutMs, ...(call ?? {}) },
    );
    setStatus(rel, 'deployed', opts.description || 'Install complete');
    await cfg.storage.update(rel);
    return rel;
  } catch (err) {
    throw await failInstall(cfg, rel, err as Error, opts, timeoutMs);
  }
}

async function failInstall(
  cfg: ActionConfig,
  rel: Release,
  err: Error,
  opts: InstallOptions,
  timeoutMs: number,
): Promise<InstallError> {
  const message = err.message;
  setStatus(rel, 'failed', `Release "${rel.name}" failed: ${message}`);
  // The parent signal may be aborted (SIGINT): finish the bookkeeping without it. The failed
  // status is written first so that nothing is left pending even if the uninstall fails.
  await cfg.storage.update(rel).catch(() => {});
  if (opts.atomic) {
    try {
      await uninstall(cfg, rel.name, { noHooks: opts.noHooks ?? false, keepHistory: false, timeoutMs });
    } catch (uerr) {
      return new InstallError(
        `an error occurred while uninstalling the release. original install error: ${message}: ${(uerr as Error).message}`,
        'EINSTALL_FAILED',
        rel,
        { cause: err },
      );
    }
    return new InstallError(
      `release ${rel.name} failed, and has been uninstalled due to rollback-on-failure being set: ${message}`,
      'EINSTALL_ROLLED_BACK',
      rel,
      { cause: err },
    );
  }
  return new InstallError(
    message,
    (err as { statusCode?: unknown }).statusCode === 404 ? 'ENOTFOUND' : 'EINSTALL_FAILED',
    rel,
    {
      cause: err,
    },
  );
}
