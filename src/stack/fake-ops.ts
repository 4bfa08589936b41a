/**
 * An in-memory `ReleaseOps` for unit tests and benchmarks. Real code, not a mock: it keeps a
 * history per release with helm's revision and status rules (a failed upgrade records a `failed`
 * revision, a rollback writes a new revision copying an old one, an uninstall removes the
 * history), renders a small manifest from the values, and fails ONLY where a test says so through
 * the explicit `failures` fields — never because of a magic release name.
 */
import { marshalJson, toYaml } from '../encoding/index.js';
import type { GoMap } from '../gotemplate/index.js';
import type {
  CallOptions,
  DesiredRelease,
  DriftedObject,
  ExportedRecord,
  HistoryEntry,
  LiveDrift,
  LiveRelease,
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

/** A chart the fake knows; charts it does not know render the default ConfigMap at version 1.0.0. */
export interface FakeChart {
  readonly version?: string;
  readonly appVersion?: string;
  /** Returns the manifest (documents with `# Source:` headers); default: one ConfigMap of the values. */
  readonly render?: (rel: DesiredRelease) => string;
}

/** Keys are release ids (`namespace/name`); a present key makes that call reject with the message. */
export interface FakeFailures {
  getLive: Map<string, string>;
  render: Map<string, string>;
  /** The install/upgrade records a `failed` revision, then rejects. */
  upgradeInstall: Map<string, string>;
  rollback: Map<string, string>;
  uninstall: Map<string, string>;
  restoreRecord: Map<string, string>;
}

export interface FakeCall {
  readonly op: 'getLive' | 'render' | 'upgradeInstall' | 'rollback' | 'uninstall' | 'history';
  readonly id: string;
}

interface StoredRevision extends LiveRelease {
  readonly chartRef: string;
}

export interface FakeOptions {
  readonly charts?: Record<string, FakeChart>;
  /** How long an upgradeInstall "waits" in ms (per release id, or the default for all). */
  readonly applyDelayMs?: number | Record<string, number>;
  /** Resources reported while waiting (progress goes 0..n). Default 2. */
  readonly progressSteps?: number;
  readonly now?: () => Date;
}

export class AbortError extends Error {
  constructor(message = 'the operation was aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortError());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function chartNameOf(ref: string): string {
  const trimmed = ref.replace(/\/+$/, '').replace(/\.tgz$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/-\d+\.\d+\.\d+.*$/, '');
}

/** The default rendering: one ConfigMap whose data holds each top-level value as JSON. */
export function defaultFakeManifest(rel: DesiredRelease, chartName: string): string {
  const data: GoMap = {};
  for (const k of Object.keys(rel.values).sort()) {
    const v = rel.values[k];
    data[k] = typeof v === 'string' ? v : marshalJson(v);
  }
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: rel.name, namespace: rel.namespace, labels: { app: rel.name } },
    data,
  };
  return `---\n# Source: ${chartName}/templates/configmap.yaml\n${toYaml(cm)}`;
}

export class FakeReleaseOps implements ReleaseOps {
  readonly failures: FakeFailures = {
    getLive: new Map(),
    render: new Map(),
    upgradeInstall: new Map(),
    rollback: new Map(),
    uninstall: new Map(),
    restoreRecord: new Map(),
  };
  readonly calls: FakeCall[] = [];
  /** What `drift` reports per release id (`namespace/name`); set by tests. */
  readonly drifted = new Map<string, readonly DriftedObject[]>();
  /** The most mutating calls that were running at the same time. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly store = new Map<string, StoredRevision[]>();
  /** The orchestrator's own records (leases), by `namespace/name`. */
  readonly records = new Map<string, StoredRecord & { kind: string; labels: Record<string, string> }>();
  private recordVersion = 0;
  private readonly charts: Record<string, FakeChart>;
  private readonly now: () => Date;

  constructor(private readonly options: FakeOptions = {}) {
    this.charts = options.charts ?? {};
    this.now = options.now ?? (() => new Date(0));
  }

  private key(ref: ReleaseRef): string {
    return `${ref.namespace}/${ref.name}`;
  }

  private fail(kind: keyof FakeFailures, id: string): void {
    const msg = this.failures[kind].get(id);
    if (msg !== undefined) throw new Error(msg);
  }

  private chart(
    ref: string,
    version: string | undefined,
  ): { name: string; version: string; app: string; def: FakeChart } {
    const def = this.charts[ref] ?? {};
    return {
      name: chartNameOf(ref),
      version: def.version ?? version ?? '1.0.0',
      app: def.appVersion ?? '1.0',
      def,
    };
  }

  /** Every stored revision of a release, oldest first (for assertions). */
  revisions(ref: ReleaseRef): readonly LiveRelease[] {
    return this.store.get(this.key(ref)) ?? [];
  }

  /** Puts a release in the store as if it had been installed before (for test setup). */
  seed(rel: DesiredRelease, status = 'deployed'): LiveRelease {
    const c = this.chart(rel.chart, rel.version);
    const list = this.store.get(rel.id) ?? [];
    for (const r of list) if (r.status === 'deployed') Object.assign(r, { status: 'superseded' });
    const stored: StoredRevision = {
      name: rel.name,
      namespace: rel.namespace,
      revision: (list.at(-1)?.revision ?? 0) + 1,
      status,
      chartName: c.name,
      chartVersion: c.version,
      appVersion: c.app,
      manifest: (c.def.render ?? ((r) => defaultFakeManifest(r, c.name)))(rel),
      values: rel.values,
      updated: this.now().toISOString(),
      chartRef: rel.chart,
    };
    list.push(stored);
    this.store.set(rel.id, list);
    return stored;
  }

  async getLive(ref: ReleaseRef, _opts: CallOptions): Promise<LiveRelease | null> {
    const id = this.key(ref);
    this.calls.push({ op: 'getLive', id });
    await Promise.resolve();
    this.fail('getLive', id);
    return this.store.get(id)?.at(-1) ?? null;
  }

  async render(rel: DesiredRelease, _opts: RenderOptions): Promise<RenderedRelease> {
    this.calls.push({ op: 'render', id: rel.id });
    await Promise.resolve();
    this.fail('render', rel.id);
    const c = this.chart(rel.chart, rel.version);
    return {
      manifest: (c.def.render ?? ((r) => defaultFakeManifest(r, c.name)))(rel),
      hooks: '',
      chartName: c.name,
      chartVersion: c.version,
      appVersion: c.app,
      notes: '',
    };
  }

  private async mutate<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }

  private delayFor(id: string): number {
    const d = this.options.applyDelayMs;
    if (d === undefined) return 0;
    return typeof d === 'number' ? d : (d[id] ?? 0);
  }

  upgradeInstall(rel: DesiredRelease, opts: UpgradeInstallOptions): Promise<{ revision: number }> {
    this.calls.push({ op: 'upgradeInstall', id: rel.id });
    return this.mutate(async () => {
      const rendered = await this.render(rel, { signal: opts.signal, isUpgrade: true, revision: 0 });
      this.calls.pop(); // the inner render is not a call of the orchestrator
      const list = this.store.get(rel.id) ?? [];
      const revision = (list.at(-1)?.revision ?? 0) + 1;
      const record = (status: string, description: string): StoredRevision => ({
        name: rel.name,
        namespace: rel.namespace,
        revision,
        status,
        chartName: rendered.chartName,
        chartVersion: rendered.chartVersion,
        appVersion: rendered.appVersion,
        manifest: rendered.manifest,
        values: rel.values,
        updated: this.now().toISOString(),
        description,
        chartRef: rel.chart,
      });
      const steps = this.options.progressSteps ?? 2;
      const delay = this.delayFor(rel.id);
      try {
        for (let i = 0; i <= steps; i++) {
          if (delay > 0) await sleep(delay / (steps + 1), opts.signal);
          else if (opts.signal.aborted) throw new AbortError();
          if (opts.wait) opts.onProgress?.({ ready: i, total: steps });
        }
        this.fail('upgradeInstall', rel.id);
      } catch (err) {
        // Like helm: the attempt is recorded as failed, never left pending.
        list.push(
          record(
            'failed',
            `${list.length === 0 ? 'Install' : 'Upgrade'} "${rel.name}" failed: ${(err as Error).message}`,
          ),
        );
        this.store.set(rel.id, list);
        throw err;
      }
      for (const r of list) if (r.status === 'deployed') Object.assign(r, { status: 'superseded' });
      list.push(record('deployed', list.length === 0 ? 'Install complete' : 'Upgrade complete'));
      this.store.set(rel.id, list);
      return { revision };
    });
  }

  rollback(
    ref: ReleaseRef,
    revision: number | undefined,
    opts: RollbackOptions,
  ): Promise<{ revision: number }> {
    const id = this.key(ref);
    this.calls.push({ op: 'rollback', id });
    return this.mutate(async () => {
      await Promise.resolve();
      if (opts.signal.aborted) throw new AbortError();
      const list = this.store.get(id);
      if (!list || list.length === 0) throw new Error(`release: not found: ${ref.name}`);
      this.fail('rollback', id);
      const current = list.at(-1)!;
      const target = revision ?? current.revision - 1;
      const source = list.find((r) => r.revision === target);
      if (!source) throw new Error(`release: not found: ${ref.name} revision ${target}`);
      for (const r of list) if (r.status === 'deployed') Object.assign(r, { status: 'superseded' });
      const next = current.revision + 1;
      list.push({ ...source, revision: next, status: 'deployed', description: `Rollback to ${target}` });
      return { revision: next };
    });
  }

  uninstall(ref: ReleaseRef, opts: UninstallOptions): Promise<void> {
    const id = this.key(ref);
    this.calls.push({ op: 'uninstall', id });
    return this.mutate(async () => {
      await Promise.resolve();
      if (opts.signal.aborted) throw new AbortError();
      if (!this.store.has(id))
        throw new Error(`uninstall: Release not loaded: ${ref.name}: release: not found`);
      this.fail('uninstall', id);
      this.store.delete(id);
    });
  }

  /** Drift of an installed release: what `drifted` holds for its id (none by default). */
  async drift(ref: ReleaseRef, _opts: CallOptions): Promise<LiveDrift | null> {
    const latest = this.store.get(this.key(ref))?.at(-1);
    if (!latest) return null;
    return {
      revision: latest.revision,
      checked: (latest.manifest.match(/^kind:/gm) ?? []).length,
      objects: this.drifted.get(this.key(ref)) ?? [],
    };
  }

  async history(ref: ReleaseRef, _opts: CallOptions): Promise<HistoryEntry[]> {
    const id = this.key(ref);
    this.calls.push({ op: 'history', id });
    await Promise.resolve();
    return (this.store.get(id) ?? []).map((r) => ({
      revision: r.revision,
      status: r.status,
      chartVersion: r.chartVersion,
      appVersion: r.appVersion,
      updated: r.updated,
      description: r.description,
    }));
  }

  async exportRecords(ref: ReleaseRef, _opts: CallOptions): Promise<ExportedRecord[]> {
    await Promise.resolve();
    return (this.store.get(this.key(ref)) ?? []).map((r) => ({
      revision: r.revision,
      record: Buffer.from(JSON.stringify(r), 'utf8').toString('base64'),
    }));
  }

  restoreRecord(ref: ReleaseRef, record: string, opts: RollbackOptions): Promise<{ revision: number }> {
    const id = this.key(ref);
    return this.mutate(async () => {
      await Promise.resolve();
      if (opts.signal.aborted) throw new AbortError();
      this.fail('restoreRecord', id);
      const rev = JSON.parse(Buffer.from(record, 'base64').toString('utf8')) as StoredRevision;
      if (rev.name !== ref.name || rev.namespace !== ref.namespace)
        throw new Error(`the stored record is of ${rev.namespace}/${rev.name}, not ${id}`);
      const list = this.store.get(id) ?? [];
      const last = list.at(-1);
      if (last && last.status !== 'uninstalled')
        throw new Error(
          `cannot reinstall ${id} from its stored record: it has revision ${last.revision} now`,
        );
      const revision = last && last.revision >= rev.revision ? last.revision + 1 : rev.revision;
      list.push({ ...rev, revision, status: 'uninstalled', description: 'Kept for a reinstall' });
      this.store.set(id, list);
      this.calls.push({ op: 'rollback', id });
      for (const r of list) if (r.status === 'deployed') Object.assign(r, { status: 'superseded' });
      list.push({
        ...rev,
        revision: revision + 1,
        status: 'deployed',
        description: `Rollback to ${revision}`,
      });
      return { revision: revision + 1 };
    });
  }

  async readRecord(ref: RecordRef, _opts: CallOptions): Promise<StoredRecord | null> {
    const r = this.records.get(`${ref.namespace}/${ref.name}`);
    return r ? { data: r.data, version: r.version } : null;
  }

  async listRecords(
    where: { namespace: string; kind: string; labels: Readonly<Record<string, string>> },
    _opts: CallOptions,
  ): Promise<(StoredRecord & { name: string })[]> {
    return [...this.records.entries()]
      .filter(
        ([k, r]) =>
          k.startsWith(`${where.namespace}/`) &&
          r.kind === where.kind &&
          Object.entries(where.labels).every(([l, v]) => r.labels[l] === v),
      )
      .map(([k, r]) => ({ name: k.slice(where.namespace.length + 1), data: r.data, version: r.version }));
  }

  async writeRecord(
    ref: RecordRef,
    data: Readonly<Record<string, string>>,
    version: string | null,
    _opts: CallOptions,
  ): Promise<string> {
    const key = `${ref.namespace}/${ref.name}`;
    const cur = this.records.get(key);
    if ((cur?.version ?? null) !== version) throw new RecordConflictError(ref);
    const next = String(++this.recordVersion);
    this.records.set(key, {
      data: { ...data },
      version: next,
      kind: ref.kind ?? 'lease',
      labels: { ...(ref.labels ?? {}) },
    });
    return next;
  }

  async deleteRecord(ref: RecordRef, version: string, _opts: CallOptions): Promise<boolean> {
    const key = `${ref.namespace}/${ref.name}`;
    if (this.records.get(key)?.version !== version) return false;
    this.records.delete(key);
    return true;
  }
}
