/**
 * The release operations the orchestrator needs — a narrow port that `stack` owns. The real
 * implementation (ops-adapter.ts) sits on `src/action`; `FakeReleaseOps` (fake-ops.ts) is the
 * in-memory implementation used by unit tests and benchmarks.
 *
 * Contract shared by every method:
 * - Calls for DIFFERENT releases may run concurrently; the orchestrator never runs two
 *   mutating calls (upgradeInstall, rollback, uninstall) for the SAME release at once.
 * - `signal` cancels the call. A mutating call that is cancelled must leave the release in a
 *   final state (deployed, failed or removed — never `pending-*`) and then reject with an
 *   error whose `name` is `AbortError` (or the signal's reason).
 * - Errors are ordinary `Error`s with a message the user can act on; a `code` is kept when the
 *   implementation has one. `ReleaseOps` never prints.
 */
import type { GoMap } from '../gotemplate/index.js';

/** Which release, and on which cluster. */
export interface ReleaseRef {
  readonly name: string;
  readonly namespace: string;
  /** kubeconfig context; undefined → the current one. */
  readonly kubeContext?: string | undefined;
}

/** A release as the state file wants it, fully resolved (values merged, defaults applied). */
export interface DesiredRelease extends ReleaseRef {
  /** `namespace/name`, unique within a stack. */
  readonly id: string;
  /** `repo/chart`, a path (relative to `baseDir`), a URL or `oci://…`. */
  readonly chart: string;
  /** A version or constraint; undefined → latest (or what releases.lock pins). */
  readonly version?: string | undefined;
  /** The directory relative chart paths and files are resolved against. */
  readonly baseDir: string;
  /** The user-supplied values (helm's `config`), merged from values files and set entries. */
  readonly values: GoMap;
  readonly labels: Readonly<Record<string, string>>;
  /** Ids of the releases this one needs (resolved, `namespace/name`). */
  readonly needs: readonly string[];
  /** false → ensure the release is absent. */
  readonly installed: boolean;
  readonly wait: boolean;
  readonly waitForJobs: boolean;
  /** Seconds. */
  readonly timeout: number;
  /** Roll back (or remove a first install) when the upgrade/install fails. */
  readonly atomic: boolean;
  readonly createNamespace: boolean;
  readonly historyMax: number;
  readonly hooks: readonly LocalHook[];
}

export type LocalHookEvent = 'presync' | 'postsync' | 'preuninstall' | 'postuninstall';

export interface LocalHook {
  readonly events: readonly LocalHookEvent[];
  readonly command: string;
  readonly args: readonly string[];
  readonly showlogs: boolean;
}

/** The latest stored revision of a release. */
export interface LiveRelease {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  /** helm's status: deployed, failed, pending-upgrade, … */
  readonly status: string;
  readonly chartName: string;
  readonly chartVersion: string;
  readonly appVersion: string;
  readonly manifest: string;
  /** The user-supplied values of that revision (helm's `config`). */
  readonly values: GoMap;
  /** RFC 3339, when known. */
  readonly updated?: string | undefined;
  readonly description?: string | undefined;
}

export interface RenderedRelease {
  /** Resources in install order, helm's `# Source:` headers kept; hooks excluded. */
  readonly manifest: string;
  /** Hooks (helm.sh/hook) as one multi-document text, for diff; may be empty. */
  readonly hooks: string;
  readonly chartName: string;
  readonly chartVersion: string;
  readonly appVersion: string;
  readonly notes: string;
}

export interface Progress {
  /** Resources ready / total while waiting. */
  readonly ready: number;
  readonly total: number;
  /** A short description, e.g. `Deployment/web: 1 of 3 updated replicas`. */
  readonly message?: string | undefined;
}

export interface CallOptions {
  readonly signal: AbortSignal;
}

export interface RenderOptions extends CallOptions {
  /** Render as an upgrade (`.Release.IsUpgrade`) of revision `revision`. */
  readonly isUpgrade: boolean;
  readonly revision: number;
}

export interface UpgradeInstallOptions extends CallOptions {
  readonly wait: boolean;
  readonly waitForJobs: boolean;
  /** Seconds. */
  readonly timeout: number;
  readonly createNamespace: boolean;
  readonly historyMax: number;
  /** Take back fields other field managers own (server-side apply with force), as helm 4's `--force-conflicts`. */
  readonly forceConflicts?: boolean;
  /** Called while waiting for readiness. */
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

export interface RollbackOptions extends CallOptions {
  readonly wait: boolean;
  readonly timeout: number;
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

export interface UninstallOptions extends CallOptions {
  readonly wait: boolean;
  readonly timeout: number;
}

/** One stored record of a release, as `exportRecords` gives it. */
export interface ExportedRecord {
  readonly revision: number;
  /** helm's storage encoding: base64 of gzipped JSON. */
  readonly record: string;
}

/** One entry of a release's history, oldest first. */
export interface HistoryEntry {
  readonly revision: number;
  readonly status: string;
  readonly chartVersion: string;
  readonly appVersion: string;
  readonly updated?: string | undefined;
  readonly description?: string | undefined;
}

export interface ReleaseOps {
  /** The latest revision of a release (any status), or null when it has none (never installed or uninstalled without history). */
  getLive(ref: ReleaseRef, opts: CallOptions): Promise<LiveRelease | null>;
  /**
   * Renders the release as an install/upgrade would, without touching the cluster (lookup may
   * read it). Rejects on a chart that cannot be found or a template error.
   */
  render(rel: DesiredRelease, opts: RenderOptions): Promise<RenderedRelease>;
  /**
   * `helm upgrade --install` WITHOUT atomic: the orchestrator rolls back itself so that it can
   * report it. On failure the new revision is recorded as `failed` and the call rejects.
   */
  upgradeInstall(rel: DesiredRelease, opts: UpgradeInstallOptions): Promise<{ revision: number }>;
  /** Rolls back to `revision` (undefined → the previous one); resolves with the new revision number. */
  rollback(
    ref: ReleaseRef,
    revision: number | undefined,
    opts: RollbackOptions,
  ): Promise<{ revision: number }>;
  /** Removes the release's resources and history. Resolves when nothing is left; rejects if it was not installed. */
  uninstall(ref: ReleaseRef, opts: UninstallOptions): Promise<void>;
  /** Every stored revision, oldest first; [] when none. */
  history(ref: ReleaseRef, opts: CallOptions): Promise<HistoryEntry[]>;
  /**
   * The stored records of a release in helm's storage encoding (base64 of gzipped JSON: chart,
   * config values, manifest, hooks), oldest first; [] when it has none. Read before a removal so
   * that a stack revision can keep what the uninstall destroys.
   */
  exportRecords(ref: ReleaseRef, opts: CallOptions): Promise<ExportedRecord[]>;
  /**
   * Reinstalls a removed release from a record `exportRecords` gave: the record is stored back
   * under its own revision (marked uninstalled) and the release is rolled back to it, so its
   * manifest and hooks are applied as they were. Rejects when the release has a live (not
   * uninstalled) revision now. Resolves with the new revision number.
   */
  restoreRecord(ref: ReleaseRef, record: string, opts: RollbackOptions): Promise<{ revision: number }>;
  /** The stack's own small record in the cluster (its lease), or null when absent. */
  readRecord(ref: RecordRef, opts: CallOptions): Promise<StoredRecord | null>;
  /**
   * Creates the record (`version` null) or replaces the one read at `version` (compare-and-swap;
   * the namespace is created when missing). Rejects with `RecordConflictError` when another
   * writer got there first. Resolves with the new version.
   */
  writeRecord(
    ref: RecordRef,
    data: Readonly<Record<string, string>>,
    version: string | null,
    opts: CallOptions,
  ): Promise<string>;
  /** Deletes the record if it is still at `version`; resolves false when it had changed or was gone. */
  deleteRecord(ref: RecordRef, version: string, opts: CallOptions): Promise<boolean>;
  /** The records of `kind` in a namespace whose labels include `labels`. */
  listRecords(
    where: {
      readonly namespace: string;
      readonly kubeContext?: string | undefined;
      readonly kind: RecordKind;
      readonly labels: Readonly<Record<string, string>>;
    },
    opts: CallOptions,
  ): Promise<(StoredRecord & { readonly name: string })[]>;
  /**
   * How the live objects differ from the release's deployed manifest (a server-side dry-run
   * apply per object, compared field by field); null when the release has no revision.
   * Optional: implementations without a cluster may leave it out.
   */
  drift?(ref: ReleaseRef, opts: CallOptions): Promise<LiveDrift | null>;
}

/** One field changed live: its path, the live value and the one the release sets. */
export interface DriftedField {
  /** `spec.replicas`, `spec.template.spec.containers[name=web].image`. */
  readonly path: string;
  /** Absent when the field is missing live. */
  readonly live?: unknown;
  /** Absent when applying the release would remove the field. */
  readonly desired?: unknown;
  /** Who owns the live field (managedFields), e.g. `kubectl-scale`. */
  readonly managers: readonly string[];
}

export interface DriftedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
  /** `changed`: fields differ; `deleted`: gone from the cluster; `error`: could not be checked. */
  readonly state: 'changed' | 'deleted' | 'error';
  readonly changes: readonly DriftedField[];
  readonly error?: string | undefined;
}

/** The drift of one release against the revision it was compared with. */
export interface LiveDrift {
  readonly revision: number;
  /** Objects of the manifest checked. */
  readonly checked: number;
  /** Only the drifted objects (or those that could not be checked), in manifest order. */
  readonly objects: readonly DriftedObject[];
}

/** `lease`: kept in a ConfigMap; `revision` (stack revisions, may name values): kept in a Secret. */
export type RecordKind = 'lease' | 'revision';

/** A record the orchestrator keeps for itself (stored as a ConfigMap by the real adapter). */
export interface RecordRef {
  readonly namespace: string;
  readonly name: string;
  readonly kubeContext?: string | undefined;
  /** Default `lease`. */
  readonly kind?: RecordKind | undefined;
  /** Labels written with the record (for listRecords). */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

export interface StoredRecord {
  readonly data: Readonly<Record<string, string>>;
  /** Opaque; changes on every write (the resourceVersion). */
  readonly version: string;
}

/** A compare-and-swap write lost the race. */
export class RecordConflictError extends Error {
  readonly code = 'ECONFLICT';
  constructor(ref: RecordRef) {
    super(`${ref.namespace}/${ref.name} was changed by someone else`);
    this.name = 'RecordConflictError';
  }
}

/** Resolves a chart reference and version constraint to an exact version (for `bosun deps`). */
export interface ChartResolver {
  resolve(
    chart: string,
    constraint: string | undefined,
    opts: CallOptions & { baseDir: string },
  ): Promise<{ version: string; digest?: string | undefined }>;
}

export function releaseId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
