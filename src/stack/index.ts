/**
 * stack — bosun's declarative orchestrator: a state file (`releases.yaml`, helmfile's keys) is
 * loaded, rendered (`.gotmpl` with the Go template engine, `.hbs` with handlebars), validated
 * against schema/releases.schema.json with file:line:column errors, resolved per environment,
 * laid out as a DAG of `needs`, planned (pure data), diffed against the live revisions, and
 * executed with ready-set scheduling, automatic rollback and reverse-order bulk operations.
 *
 * Release operations go through the `ReleaseOps` port (ops.ts), which this module owns:
 * `FakeReleaseOps` is the in-memory implementation for tests and benchmarks. stack never
 * prints: progress is reported as `StackEvent`s to a listener (cli/output renders them).
 * Imports action, repo, chart, values, engine, release, storage, kube, encoding and gotemplate
 * through their index.ts; never the CLI.
 *
 * Example (releases.yaml):
 *   environments: { default: {}, prod: { values: [env/prod.yaml] } }
 *   releases:
 *     - name: db
 *       namespace: shop
 *       chart: ./charts/postgres
 *     - name: web
 *       namespace: shop
 *       chart: ./charts/web
 *       needs: [shop/db]
 *       values: [values/web.yaml.gotmpl, { replicas: 2 }]
 *
 *   const stack = loadStack({ cwd, env: process.env, environment: 'prod' });
 *   const sel = selectReleases(stack, ['tier=web']);
 *   const { plan, summary } = await runSync(stack, sel, { ops, signal, concurrency: 4, emit }, { onlyChanged: false });
 */
export { type RollbackOptions, runDestroy, runRollback } from './bulk.js';
export { detectDrift, driftSummary, hasDrift, type StackDrift } from './drift.js';
export { formatDuration, parseDuration } from './duration.js';
export {
  errorMessage,
  formatPos,
  isAbort,
  NeedsCycleError,
  type SchemaProblem,
  type SourcePos,
  StackError,
  type StackErrorCode,
  StateSchemaError,
} from './errors.js';
export type {
  ReleasePhase,
  ReleaseResult,
  RunSummary,
  StackEvent,
  StackEventType,
  StackListener,
  StackRollbackReport,
} from './events.js';
export {
  AbortError,
  defaultFakeManifest,
  type FakeCall,
  type FakeChart,
  type FakeFailures,
  type FakeOptions,
  FakeReleaseOps,
} from './fake-ops.js';
export { buildGraph, type GraphNode, type StackGraph, transitiveNeeds } from './graph.js';
export { type HookRun, type HookRunner, ProcessHookRunner } from './hooks.js';
export {
  type LintResult,
  type ListedRelease,
  lintReleases,
  listReleases,
  renderReleases,
  type TemplateResult,
  writeTemplates,
  writeValuesFiles,
} from './inspect.js';
export {
  acquireStackLease,
  describeHolder,
  type LeaseHolder,
  type LeaseOptions,
  leaseRefFor,
  type StackLease,
  stackIdentity,
  withStackLease,
} from './lease.js';
export {
  applyPin,
  type EnvironmentLock,
  formatLock,
  type LockEntry,
  type LockFile,
  type LockOptions,
  type LockPolicy,
  type LockSource,
  type LockTarget,
  lockEnvironment,
  lockPathFor,
  lockPathForStateFile,
  type PinnedRelease,
  pinnedDigestOf,
  readLock,
  withSection,
  writeLock,
} from './lock.js';
export {
  type DiffOptions,
  diffRelease,
  type ManifestResource,
  parseManifest,
  type ReleaseDiff,
  type ResourceChange,
  type ResourceChangeKind,
} from './manifest-diff.js';
export { type Observed, observe, type RunContext, resolveSelection } from './observe.js';
export type {
  CallOptions,
  ChartResolver,
  DesiredRelease,
  DriftedField,
  DriftedObject,
  HistoryEntry,
  LiveDrift,
  LiveRelease,
  LocalHook,
  LocalHookEvent,
  Progress,
  RecordRef,
  ReleaseOps,
  ReleaseRef,
  RenderedRelease,
  RenderOptions,
  RollbackOptions as OpsRollbackOptions,
  StoredRecord,
  UninstallOptions,
  UpgradeInstallOptions,
} from './ops.js';
export { RecordConflictError, releaseId } from './ops.js';
export { type ActionOpsOptions, ActionReleaseOps } from './ops-adapter.js';
export {
  computePlan,
  type Observation,
  type Plan,
  type PlanAction,
  type PlannedRelease,
  type PlanSummary,
  planHasChanges,
  summaryLine,
} from './plan.js';
export { type PromoteResult, promoteLock } from './promote.js';
export {
  checkSavedPlan,
  readSavedPlan,
  SAVED_PLAN_KIND,
  type SavedPlan,
  type SavedRelease,
  savePlan,
  writeSavedPlan,
} from './saved-plan.js';
export { type Outcome, type ScheduleOptions, schedule } from './scheduler.js';
export { STATE_SCHEMA_URL } from './schema.js';
export { matchesAny, matchesSelector, parseSelector, type Selector } from './selector.js';
export {
  DEFAULTS,
  type LoadStackOptions,
  loadStack,
  type ReleaseSpec,
  resolveRelease,
  type Selection,
  type Stack,
  selectReleases,
} from './stack.js';
export {
  ciVariables,
  type KeptRecords,
  keepingRemovals,
  listStackRevisions,
  maxRevisionBytes,
  planDigest,
  type RecordedRun,
  type RevisionPlace,
  readStackRevisions,
  recordStackRevision,
  reinstallFromRecord,
  type StackRevision,
  type StackRevisionRelease,
  withRetries,
} from './stack-revisions.js';
export { rollbackStack } from './stack-rollback.js';
export { findStateFile, type StateFile } from './state-file.js';
export { closest, didYouMean } from './suggest.js';
export { type ExecContext, runSync, type SyncOptions, type SyncResult } from './sync.js';
export { runRollbackToStackRevision, targetsAt } from './to-stack-revision.js';
export { unifiedDiff } from './unified-diff.js';
