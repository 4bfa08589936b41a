/**
 * The real `ReleaseOps`: the port implemented on `src/action` (install/upgrade/rollback/
 * uninstall/history, renderRelease) over one `KubeClient` per kubeconfig context and helm's
 * release storage per namespace. Charts are located once per (reference, version) per run:
 * a path (relative to the state file), `repo/chart` with a repository declared in the state
 * file, `oci://…`, a URL, or a repository from helm's own repositories file.
 *
 * Concurrency: calls for different releases run concurrently; each builds its own
 * ActionConfig so that progress reaches the right release.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  type ActionConfig,
  type ActionEvent,
  history as actionHistory,
  install as actionInstall,
  rollback as actionRollback,
  uninstall as actionUninstall,
  upgrade as actionUpgrade,
  clusterCapabilities,
  getRelease,
  releaseDrift,
  renderRelease,
} from '../action/index.js';
import { type Chart, loadChart } from '../chart/index.js';
import { Capabilities, helmFuncs } from '../engine/index.js';
import type { FuncMap, GoMap } from '../gotemplate/index.js';
import { isConflictError, isNotFoundError, type KubeClient } from '../kube/index.js';
import { decodeRelease, encodeRelease, splitManifests } from '../release/index.js';
import { type LocateOptions, locate } from '../repo/index.js';
import { ReleaseNotFoundError, Storage, selectDriver } from '../storage/index.js';
import { archiveDigest, chartPathDigest, pinnedDigestOf } from './lock.js';
import type {
  CallOptions,
  ChartResolver,
  DesiredRelease,
  ExportedRecord,
  HistoryEntry,
  LiveDrift,
  LiveRelease,
  Progress,
  RecordKind,
  RecordRef,
  ReleaseOps,
  ReleaseRef,
  RenderedRelease,
  RenderOptions,
  RollbackOptions,
  StoredRecord,
  UninstallOptions,
  UpgradeInstallOptions,
} from './ops.js';
import { RecordConflictError } from './ops.js';
import type { RawRepository } from './state-file.js';

export interface ActionOpsOptions {
  /** One client per context (undefined → the current context); the caller caches and closes them. */
  readonly kubeFor: (kubeContext: string | undefined) => KubeClient;
  readonly repositories: readonly RawRepository[];
  /** Environment variables (credentials named by usernameEnv/passwordEnv, HELM_DRIVER). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  readonly warn?: (message: string) => void;
  /** Render without a cluster (template, lint): default capabilities, no lookups. */
  readonly offline?: boolean;
}

function isLocalRef(ref: string, baseDir: string): boolean {
  return ref.startsWith('.') || ref.startsWith('/') || existsSync(resolve(baseDir, ref));
}

export class ActionReleaseOps implements ReleaseOps, ChartResolver {
  private readonly located = new Map<string, Promise<string>>();
  /** sha256 of each downloaded archive, by the `located` key. */
  private readonly digests = new Map<string, string>();
  private readonly caps = new Map<string, Promise<Capabilities>>();
  private readonly funcs: FuncMap;

  constructor(private readonly opts: ActionOpsOptions) {
    this.funcs = helmFuncs(opts.now ? { now: opts.now } : {});
  }

  private config(ref: ReleaseRef, onEvent?: (e: ActionEvent) => void): ActionConfig {
    const kube = this.opts.kubeFor(ref.kubeContext);
    const driver = selectDriver({
      driver: this.opts.env.HELM_DRIVER,
      namespace: ref.namespace,
      secrets: () => kube.secrets(),
      configMaps: () => kube.configMaps(),
    });
    return {
      kube,
      storage: new Storage(driver),
      namespace: ref.namespace,
      funcs: this.funcs,
      ...(this.opts.now ? { now: this.opts.now } : {}),
      ...(onEvent ? { onEvent } : {}),
    };
  }

  private locateOptions(
    chart: string,
    version: string | undefined,
    signal: AbortSignal,
  ): { ref: string; opts: LocateOptions } {
    const o: LocateOptions = { signal, ...(version ? { version } : {}) };
    if (this.opts.warn) o.warn = this.opts.warn;
    const slash = chart.indexOf('/');
    const repo = slash > 0 ? this.opts.repositories.find((r) => r.name === chart.slice(0, slash)) : undefined;
    if (!repo) return { ref: chart, opts: o };
    const username = repo.usernameEnv ? this.opts.env[repo.usernameEnv] : repo.username;
    const password = repo.passwordEnv ? this.opts.env[repo.passwordEnv] : repo.password;
    if (username) o.username = username;
    if (password) o.password = password;
    if (repo.insecureSkipTLSVerify) o.insecureSkipTLSVerify = true;
    if (repo.plainHttp) o.plainHttp = true;
    if (typeof repo.caFile === 'string') o.caFile = repo.caFile;
    const name = chart.slice(slash + 1);
    if (repo.oci)
      return {
        ref: `${repo.url.startsWith('oci://') ? repo.url : `oci://${repo.url}`}/${name}`.replace(
          /([^:])\/\/+/g,
          '$1/',
        ),
        opts: o,
      };
    o.repoURL = repo.url;
    return { ref: name, opts: o };
  }

  /** The local path of a release's chart (downloaded into helm's cache when remote). */
  private chartPath(
    chart: string,
    version: string | undefined,
    baseDir: string,
    signal: AbortSignal,
  ): Promise<string> {
    if (isLocalRef(chart, baseDir))
      return Promise.resolve(isAbsolute(chart) ? chart : resolve(baseDir, chart));
    const key = `${chart}@${version ?? ''}`;
    let p = this.located.get(key);
    if (!p) {
      const { ref, opts } = this.locateOptions(chart, version, signal);
      p = locate(ref, opts).then((l) => {
        if (l.data) this.digests.set(key, archiveDigest(l.data));
        return l.path;
      });
      p.catch(() => this.located.delete(key));
      this.located.set(key, p);
    }
    return p;
  }

  /** The digest releases.lock records for a chart (see lock.ts): of the archive, or of a folder. */
  private async chartDigest(
    chart: string,
    version: string | undefined,
    baseDir: string,
    signal: AbortSignal,
  ): Promise<string> {
    const path = await this.chartPath(chart, version, baseDir, signal);
    return this.digests.get(`${chart}@${version ?? ''}`) ?? chartPathDigest(path);
  }

  private async loadChart(rel: DesiredRelease, signal: AbortSignal): Promise<Chart> {
    const path = await this.chartPath(rel.chart, rel.version, rel.baseDir, signal);
    const pin = pinnedDigestOf(rel);
    if (pin) {
      // Checked before anything renders or deploys: sync prepares every release first.
      const actual = await this.chartDigest(rel.chart, rel.version, rel.baseDir, signal);
      if (actual !== pin.digest)
        throw new Error(
          `chart ${rel.chart} ${rel.version} of release "${rel.id}" has digest ${actual}, but releases.lock pins ${pin.digest} for environment "${pin.environment}"; refusing a chart that is not the one locked. If it was republished on purpose, run "bosun lock -e ${pin.environment}" (or promote again) and review the change`,
        );
    }
    return loadChart(path);
  }

  private capabilities(ref: ReleaseRef, signal: AbortSignal): Promise<Capabilities> {
    const key = ref.kubeContext ?? '';
    let p = this.caps.get(key);
    if (!p) {
      p = this.opts.offline
        ? Promise.resolve(new Capabilities())
        : clusterCapabilities(this.config(ref), signal);
      p.catch(() => this.caps.delete(key));
      this.caps.set(key, p);
    }
    return p;
  }

  async resolve(chart: string, constraint: string | undefined, opts: CallOptions & { baseDir: string }) {
    const c = loadChart(await this.chartPath(chart, constraint, opts.baseDir, opts.signal));
    return {
      version: c.metadata.Version,
      digest: await this.chartDigest(chart, constraint, opts.baseDir, opts.signal),
    };
  }

  async getLive(ref: ReleaseRef, opts: CallOptions): Promise<LiveRelease | null> {
    const cfg = this.config(ref);
    let h: Awaited<ReturnType<typeof cfg.storage.history>>;
    try {
      h = await cfg.storage.history(ref.name, { signal: opts.signal });
    } catch (err) {
      if (err instanceof ReleaseNotFoundError) return null;
      throw err;
    }
    if (h.length === 0) return null;
    const last = h.reduce((a, b) => (b.version > a.version ? b : a));
    return {
      name: last.name,
      namespace: last.namespace,
      revision: last.version,
      status: String(last.info.status),
      chartName: last.chart?.metadata?.name ?? '',
      chartVersion: last.chart?.metadata?.version ?? '',
      appVersion: last.chart?.metadata?.appVersion ?? '',
      manifest: last.manifest ?? '',
      values: (last.config ?? {}) as GoMap,
      updated: last.info.last_deployed,
      description: last.info.description,
    };
  }

  async render(rel: DesiredRelease, opts: RenderOptions): Promise<RenderedRelease> {
    const chart = await this.loadChart(rel, opts.signal);
    const capabilities = await this.capabilities(rel, opts.signal);
    const r = await renderRelease({
      chart,
      values: rel.values,
      release: {
        name: rel.name,
        namespace: rel.namespace,
        revision: opts.revision,
        isInstall: !opts.isUpgrade,
        isUpgrade: opts.isUpgrade,
      },
      capabilities,
      funcs: this.funcs,
      ...(this.opts.warn ? { warn: this.opts.warn } : {}),
    });
    return {
      manifest: r.manifest,
      hooks: r.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join(''),
      chartName: r.chart.metadata.Name,
      chartVersion: r.chart.metadata.Version,
      appVersion: r.chart.metadata.AppVersion,
      notes: r.notes,
    };
  }

  private progress(onProgress: ((p: Progress) => void) | undefined): ((e: ActionEvent) => void) | undefined {
    if (!onProgress) return undefined;
    const seen = new Map<string, boolean>();
    return (e) => {
      if (e.type !== 'waiting') return;
      seen.set(e.progress.ref, e.progress.status === 'Current');
      const ready = [...seen.values()].filter(Boolean).length;
      onProgress({ ready, total: seen.size, message: `${e.progress.ref}: ${e.progress.message}` });
    };
  }

  async upgradeInstall(rel: DesiredRelease, opts: UpgradeInstallOptions): Promise<{ revision: number }> {
    const chart = await this.loadChart(rel, opts.signal);
    const cfg = this.config(rel, this.progress(opts.onProgress));
    const live = await this.getLive(rel, opts);
    if (live === null || live.status === 'uninstalled') {
      // No history (or only an uninstalled one kept): a first install.
      const r = await actionInstall(cfg, {
        releaseName: rel.name,
        chart,
        values: rel.values,
        wait: opts.wait,
        waitForJobs: opts.waitForJobs,
        timeoutMs: opts.timeout * 1000,
        atomic: false,
        createNamespace: opts.createNamespace,
        replace: live !== null,
        signal: opts.signal,
      });
      return { revision: r.version };
    }
    const r = await actionUpgrade(cfg, rel.name, {
      releaseName: rel.name,
      install: true,
      chart,
      values: rel.values,
      wait: opts.wait,
      waitForJobs: opts.waitForJobs,
      timeoutMs: opts.timeout * 1000,
      atomic: false,
      createNamespace: opts.createNamespace,
      maxHistory: opts.historyMax,
      forceConflicts: opts.forceConflicts ?? false,
      signal: opts.signal,
    });
    return { revision: r.version };
  }

  async rollback(
    ref: ReleaseRef,
    revision: number | undefined,
    opts: RollbackOptions,
  ): Promise<{ revision: number }> {
    const cfg = this.config(ref, this.progress(opts.onProgress));
    const r = await actionRollback(cfg, ref.name, {
      ...(revision === undefined ? {} : { revision }),
      wait: opts.wait,
      timeoutMs: opts.timeout * 1000,
      signal: opts.signal,
    });
    if (r?.version !== undefined) return { revision: r.version };
    return { revision: (await getRelease(cfg, ref.name, 0, opts.signal)).version };
  }

  async uninstall(ref: ReleaseRef, opts: UninstallOptions): Promise<void> {
    await actionUninstall(this.config(ref), ref.name, {
      // An install interrupted before its first record leaves nothing to remove.
      ignoreNotFound: true,
      wait: opts.wait,
      timeoutMs: opts.timeout * 1000,
      signal: opts.signal,
    });
  }

  /** Drift against the deployed revision (null when nothing is installed). */
  async drift(ref: ReleaseRef, opts: CallOptions): Promise<LiveDrift | null> {
    const live = await this.getLive(ref, opts);
    if (live === null || live.status === 'uninstalled') return null;
    const d = await releaseDrift(this.config(ref), ref.name, { signal: opts.signal });
    return { revision: d.revision, checked: d.checked, objects: d.objects };
  }

  async history(ref: ReleaseRef, opts: CallOptions): Promise<HistoryEntry[]> {
    let h: Awaited<ReturnType<typeof actionHistory>>;
    try {
      h = await actionHistory(this.config(ref), ref.name, opts.signal);
    } catch (err) {
      if (err instanceof ReleaseNotFoundError || (err as { code?: string }).code === 'ERELEASE_NOT_FOUND')
        return [];
      throw err;
    }
    return h.map((r) => ({
      revision: r.version,
      status: String(r.info.status),
      chartVersion: r.chart?.metadata?.version ?? '',
      appVersion: r.chart?.metadata?.appVersion ?? '',
      updated: r.info.last_deployed,
      description: r.info.description,
    }));
  }

  async exportRecords(ref: ReleaseRef, opts: CallOptions): Promise<ExportedRecord[]> {
    let h: Awaited<ReturnType<Storage['history']>>;
    try {
      h = await this.config(ref).storage.history(ref.name, { signal: opts.signal });
    } catch (err) {
      if (err instanceof ReleaseNotFoundError) return [];
      throw err;
    }
    return h
      .sort((a, b) => a.version - b.version)
      .map((r) => ({ revision: r.version, record: encodeRelease(r) }));
  }

  async restoreRecord(ref: ReleaseRef, record: string, opts: RollbackOptions): Promise<{ revision: number }> {
    const rel = decodeRelease(record);
    if (rel.name !== ref.name || rel.namespace !== ref.namespace)
      throw new Error(
        `the stored record is of release "${rel.name}" in namespace "${rel.namespace}", not "${ref.name}" in "${ref.namespace}"`,
      );
    const cfg = this.config(ref, this.progress(opts.onProgress));
    const history = await this.exportRecords(ref, opts);
    const last = history.at(-1);
    const lastStatus = last ? decodeRelease(last.record).info.status : undefined;
    if (last && lastStatus !== 'uninstalled')
      throw new Error(
        `cannot reinstall release "${ref.name}" in namespace "${ref.namespace}" from its stored record: it has revision ${last.revision} (${lastStatus}) now`,
      );
    // Kept history (or an earlier attempt that stored it already): roll back to that revision.
    const kept = history.find((h) => h.revision === rel.version);
    let version = rel.version;
    if (!kept) {
      if (last && last.revision >= version) version = last.revision + 1;
      const kube = this.opts.kubeFor(ref.kubeContext);
      if (!(await kube.namespaceExists(ref.namespace, opts.signal))) {
        try {
          await kube.create(
            [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ref.namespace } }],
            opts,
          );
        } catch (err) {
          if (!isConflictError(err)) throw err;
        }
      }
      const restored = {
        ...rel,
        version,
        info: {
          ...rel.info,
          status: 'uninstalled',
          description: `Kept by bosun for a reinstall (was revision ${rel.version})`,
        },
      };
      await cfg.storage.create(restored, { signal: opts.signal });
    }
    const r = await actionRollback(cfg, ref.name, {
      revision: version,
      wait: opts.wait,
      timeoutMs: opts.timeout * 1000,
      signal: opts.signal,
    });
    return { revision: r.version };
  }

  /** Leases are ConfigMaps; stack revisions are Secrets (values may appear in them later). */
  private recordClient(kube: KubeClient, kind: RecordKind | undefined) {
    return kind === 'revision' ? kube.secrets() : kube.configMaps();
  }

  private decode(
    kind: RecordKind | undefined,
    data: Record<string, string> | undefined,
  ): Record<string, string> {
    if (kind !== 'revision') return data ?? {};
    return Object.fromEntries(
      Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  }

  async readRecord(ref: RecordRef, opts: CallOptions): Promise<StoredRecord | null> {
    const o = await this.recordClient(this.opts.kubeFor(ref.kubeContext), ref.kind).get(
      ref.namespace,
      ref.name,
      opts,
    );
    if (!o) return null;
    return { data: this.decode(ref.kind, o.data), version: o.metadata.resourceVersion ?? '' };
  }

  async listRecords(
    where: {
      namespace: string;
      kubeContext?: string | undefined;
      kind: RecordKind;
      labels: Readonly<Record<string, string>>;
    },
    opts: CallOptions,
  ): Promise<(StoredRecord & { name: string })[]> {
    const selector = Object.entries(where.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const items = await this.recordClient(this.opts.kubeFor(where.kubeContext), where.kind).list(
      where.namespace,
      selector,
      opts,
    );
    return items.map((o) => ({
      name: o.metadata.name ?? '',
      data: this.decode(where.kind, o.data),
      version: o.metadata.resourceVersion ?? '',
    }));
  }

  async writeRecord(
    ref: RecordRef,
    data: Readonly<Record<string, string>>,
    version: string | null,
    opts: CallOptions,
  ): Promise<string> {
    const kube = this.opts.kubeFor(ref.kubeContext);
    const client = this.recordClient(kube, ref.kind);
    const revision = ref.kind === 'revision';
    const body = {
      apiVersion: 'v1',
      kind: revision ? 'Secret' : 'ConfigMap',
      ...(revision ? { type: 'bosun.dev/stack-revision' } : {}),
      metadata: {
        name: ref.name,
        namespace: ref.namespace,
        labels: {
          'app.kubernetes.io/managed-by': 'bosun',
          'bosun.dev/record': revision ? 'stack-revision' : 'stack-lease',
          ...(ref.labels ?? {}),
        },
        ...(version === null ? {} : { resourceVersion: version }),
      },
      data: revision
        ? Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]),
          )
        : { ...data },
    };
    try {
      if (version !== null)
        return (await client.update(ref.namespace, body, opts)).metadata.resourceVersion ?? '';
      try {
        return (await client.create(ref.namespace, body, opts)).metadata.resourceVersion ?? '';
      } catch (err) {
        if (!isNotFoundError(err)) throw err;
        // The namespace does not exist yet (a first sync): create it, then the record.
        try {
          await kube.create(
            [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ref.namespace } }],
            opts,
          );
        } catch (nsErr) {
          if (!isConflictError(nsErr)) throw nsErr;
        }
        return (await client.create(ref.namespace, body, opts)).metadata.resourceVersion ?? '';
      }
    } catch (err) {
      if (isConflictError(err) || isNotFoundError(err)) throw new RecordConflictError(ref);
      throw err;
    }
  }

  async deleteRecord(ref: RecordRef, version: string, opts: CallOptions): Promise<boolean> {
    // One request with a resourceVersion precondition: the API server refuses (409) when the
    // record changed since it was read, so another holder's record is never deleted.
    const resource = ref.kind === 'revision' ? 'secrets' : 'configmaps';
    try {
      await this.opts.kubeFor(ref.kubeContext).transport.request({
        method: 'DELETE',
        path: `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/${resource}/${encodeURIComponent(ref.name)}`,
        body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: version } },
        signal: opts.signal,
      });
      return true;
    } catch (err) {
      if (isNotFoundError(err) || isConflictError(err)) return false;
      throw err;
    }
  }
}

/** Splits the hooks text back into documents (for callers that want them one by one). */
export function hookDocuments(rendered: RenderedRelease): string[] {
  return splitManifests(rendered.hooks);
}
