/**
 * The release record as helm stores it (pkg/release/v1, pkg/chart/v2), and its storage encoding:
 * base64(gzip(JSON)). The JSON is written the way Go's encoding/json writes helm 4's structs —
 * fields in declaration order, `omitempty`/`omitzero` honoured, map keys sorted, `<>&` escaped —
 * so helm 3 and helm 4 read what bosun writes, and bosun reads what either wrote.
 *
 * Timestamps stay RFC 3339 strings exactly as stored (Go's time.Time keeps nanoseconds and the
 * writer's local offset); `goTime` makes new ones the way time.Now().MarshalJSON() would.
 */
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { goJsonQuote } from '../encoding/index.js';
import { compareGoStrings } from '../gotemplate/index.js';
import type { Hook, HookDeletePolicy, HookEvent, HookExecution, HookOutputLogPolicy } from './hook.js';

export const releaseStatuses = [
  'unknown',
  'deployed',
  'uninstalled',
  'superseded',
  'failed',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;
export type ReleaseStatus = (typeof releaseStatuses)[number];

/** An operation is under way (helm's Status.IsPending). */
export function isPendingStatus(s: string): boolean {
  return s === 'pending-install' || s === 'pending-upgrade' || s === 'pending-rollback';
}

export interface ReleaseInfo {
  /** RFC 3339 (nanoseconds, writer's offset); absent when Go's zero time. */
  first_deployed?: string;
  last_deployed?: string;
  deleted?: string;
  description: string;
  status: ReleaseStatus | (string & {});
  notes: string;
  /** Only filled for `status --show-resources` output; never needed in storage. */
  resources?: Record<string, unknown[]>;
}

export interface ChartMaintainer {
  name?: string;
  email?: string;
  url?: string;
}

export interface ChartDependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

export interface ChartMetadata {
  name?: string;
  home?: string;
  sources?: string[];
  version?: string;
  description?: string;
  keywords?: string[];
  maintainers?: ChartMaintainer[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: ChartDependency[];
  type?: string;
}

export interface ChartLock {
  generated: string;
  digest: string;
  dependencies: ChartDependency[] | null;
}

/** A chart file; `data` is base64 as in the JSON. */
export interface ChartFile {
  name: string;
  data: string;
  modtime?: string;
}

/**
 * The chart as the record stores it: only the top-level chart (helm does not store subcharts),
 * templates and files with base64 data, the schema as base64 or null.
 */
export interface ReleaseChart {
  metadata: ChartMetadata | null;
  lock: ChartLock | null;
  templates: ChartFile[] | null;
  values: Record<string, unknown> | null;
  schema: string | null;
  /** helm 4 always writes it (Go's zero time when there is no schema). */
  schemamodtime?: string;
  files: ChartFile[] | null;
  modtime?: string;
}

export interface Release {
  name: string;
  info: ReleaseInfo;
  chart: ReleaseChart;
  /** The user-supplied values (`-f`, `--set`), not the coalesced ones. */
  config: Record<string, unknown>;
  manifest: string;
  hooks: Hook[];
  /** The revision, from 1. */
  version: number;
  namespace: string;
  /** Not in the JSON: the storage driver keeps them as labels on the Secret/ConfigMap. */
  labels: Record<string, string>;
  /** "ssa" or "csa"; helm 3 never writes it (empty means client-side apply). */
  apply_method?: 'ssa' | 'csa' | (string & {});
}

/** A release record that cannot be decoded (bad base64, gzip or JSON). */
export class ReleaseDecodeError extends Error {
  readonly code = 'ERELEASEDECODE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReleaseDecodeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Time

export const goZeroTime = '0001-01-01T00:00:00Z';

function isZeroTime(t: string | undefined): boolean {
  return t === undefined || t === '' || t === goZeroTime;
}

/**
 * A timestamp as Go's time.Time marshals a local time: RFC 3339 with the fraction's trailing
 * zeros dropped and the local offset (`Z` when it is zero). `nanos` adds sub-millisecond digits.
 */
export function goTime(date: Date, nanos = 0): string {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = (local.getUTCMilliseconds() * 1_000_000 + (nanos % 1_000_000)).toString().padStart(9, '0');
  const fraction = frac.replace(/0+$/, '');
  const zone =
    offsetMin === 0
      ? 'Z'
      : `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (fraction ? `.${fraction}` : '') +
    zone
  );
}

/** Milliseconds since the epoch of an RFC 3339 timestamp (for sorting); NaN when absent. */
export function goTimeMillis(t: string | undefined): number {
  return isZeroTime(t) ? Number.NaN : Date.parse(t!);
}

// ---------------------------------------------------------------------------------------------
// Go's encoding/json, enough for the record

/**
 * Go's string quoting with HTML escapes (encoding's goJsonQuote). A lone surrogate can only come
 * from a `\uD800`-style escape that JSON.parse kept; Go's decoder made it U+FFFD, and so do we.
 */
function quote(s: string): string {
  return goJsonQuote(s.replace(loneSurrogate, '\uFFFD'), true);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** A dynamic value (values, config, import-values) as Go marshals interface{}. */
function jsonValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`json: unsupported value: ${v}`);
      return Object.is(v, -0) ? '-0' : String(v);
    case 'object': {
      if (v instanceof Uint8Array) return quote(base64(v));
      if (Array.isArray(v)) return `[${v.map(jsonValue).join(',')}]`;
      if (v instanceof Map) return jsonMap(Object.fromEntries(v));
      const tj = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof tj === 'function') return jsonValue(tj.call(v));
      return jsonMap(v as Record<string, unknown>);
    }
    default:
      throw new TypeError(`json: unsupported type: ${typeof v}`);
  }
}

function jsonMap(m: Record<string, unknown>): string {
  const keys = Object.keys(m).sort(compareGoStrings);
  return `{${keys.map((k) => `${quote(k)}:${jsonValue(m[k])}`).join(',')}}`;
}

type Field = [name: string, json: string | undefined];

/** A struct: fields in order, undefined ones omitted. */
function struct(fields: Field[]): string {
  return `{${fields
    .filter((f) => f[1] !== undefined)
    .map(([k, j]) => `${quote(k)}:${j}`)
    .join(',')}}`;
}

const omitEmptyString = (s: string | undefined) => (s ? quote(s) : undefined);
const omitEmptyList = <T>(l: T[] | undefined | null, f: (x: T) => string) =>
  l && l.length > 0 ? `[${l.map(f).join(',')}]` : undefined;
const omitEmptyMap = (m: Record<string, unknown> | undefined | null) =>
  m && Object.keys(m).length > 0 ? jsonMap(m) : undefined;
const omitZeroTime = (t: string | undefined) => (isZeroTime(t) ? undefined : quote(t!));
const nullableList = <T>(l: T[] | undefined | null, f: (x: T) => string) =>
  l ? `[${l.map(f).join(',')}]` : 'null';

function dependencyJson(d: ChartDependency): string {
  return struct([
    ['name', quote(d.name ?? '')],
    ['version', omitEmptyString(d.version)],
    ['repository', quote(d.repository ?? '')],
    ['condition', omitEmptyString(d.condition)],
    ['tags', omitEmptyList(d.tags, quote)],
    ['enabled', d.enabled ? 'true' : undefined],
    ['import-values', omitEmptyList(d['import-values'], jsonValue)],
    ['alias', omitEmptyString(d.alias)],
  ]);
}

function metadataJson(m: ChartMetadata): string {
  return struct([
    ['name', omitEmptyString(m.name)],
    ['home', omitEmptyString(m.home)],
    ['sources', omitEmptyList(m.sources, quote)],
    ['version', omitEmptyString(m.version)],
    ['description', omitEmptyString(m.description)],
    ['keywords', omitEmptyList(m.keywords, quote)],
    [
      'maintainers',
      omitEmptyList(m.maintainers, (x) =>
        x === null
          ? 'null'
          : struct([
              ['name', omitEmptyString(x.name)],
              ['email', omitEmptyString(x.email)],
              ['url', omitEmptyString(x.url)],
            ]),
      ),
    ],
    ['icon', omitEmptyString(m.icon)],
    ['apiVersion', omitEmptyString(m.apiVersion)],
    ['condition', omitEmptyString(m.condition)],
    ['tags', omitEmptyString(m.tags)],
    ['appVersion', omitEmptyString(m.appVersion)],
    ['deprecated', m.deprecated ? 'true' : undefined],
    ['annotations', omitEmptyMap(m.annotations)],
    ['kubeVersion', omitEmptyString(m.kubeVersion)],
    ['dependencies', omitEmptyList(m.dependencies, dependencyJson)],
    ['type', omitEmptyString(m.type)],
  ]);
}

function fileJson(f: ChartFile): string {
  return struct([
    ['name', quote(f.name)],
    ['data', f.data === undefined || f.data === null ? 'null' : quote(f.data)],
    ['modtime', omitZeroTime(f.modtime)],
  ]);
}

function chartJson(c: ReleaseChart): string {
  return struct([
    ['metadata', c.metadata ? metadataJson(c.metadata) : 'null'],
    [
      'lock',
      c.lock
        ? struct([
            ['generated', quote(isZeroTime(c.lock.generated) ? goZeroTime : c.lock.generated)],
            ['digest', quote(c.lock.digest ?? '')],
            ['dependencies', nullableList(c.lock.dependencies, dependencyJson)],
          ])
        : 'null',
    ],
    ['templates', nullableList(c.templates, fileJson)],
    ['values', c.values ? jsonMap(c.values) : 'null'],
    ['schema', c.schema ? quote(c.schema) : 'null'],
    // `omitempty` never omits a struct, so helm 4 always writes it.
    ['schemamodtime', quote(isZeroTime(c.schemamodtime) ? goZeroTime : c.schemamodtime!)],
    ['files', nullableList(c.files, fileJson)],
    ['modtime', omitZeroTime(c.modtime)],
  ]);
}

function hookJson(h: Hook): string {
  return struct([
    ['name', omitEmptyString(h.name)],
    ['kind', omitEmptyString(h.kind)],
    ['path', omitEmptyString(h.path)],
    ['manifest', omitEmptyString(h.manifest)],
    ['events', omitEmptyList(h.events, quote)],
    // `omitempty` on a struct is a no-op: last_run is always written.
    [
      'last_run',
      struct([
        ['started_at', omitZeroTime(h.last_run?.started_at)],
        ['completed_at', omitZeroTime(h.last_run?.completed_at)],
        ['phase', quote(h.last_run?.phase ?? '')],
      ]),
    ],
    ['weight', h.weight ? String(h.weight) : undefined],
    ['delete_policies', omitEmptyList(h.delete_policies, quote)],
    ['output_log_policies', omitEmptyList(h.output_log_policies, quote)],
  ]);
}

/** The release as helm 4's json.Marshal writes it (labels are not part of it). */
export function releaseToJson(rel: Release): string {
  const info = rel.info;
  return struct([
    ['name', omitEmptyString(rel.name)],
    [
      'info',
      info
        ? struct([
            ['first_deployed', omitZeroTime(info.first_deployed)],
            ['last_deployed', omitZeroTime(info.last_deployed)],
            ['deleted', omitZeroTime(info.deleted)],
            ['description', omitEmptyString(info.description)],
            ['status', omitEmptyString(info.status)],
            ['notes', omitEmptyString(info.notes)],
            [
              'resources',
              info.resources && Object.keys(info.resources).length ? jsonValue(info.resources) : undefined,
            ],
          ])
        : undefined,
    ],
    ['chart', rel.chart ? chartJson(rel.chart) : undefined],
    ['config', omitEmptyMap(rel.config)],
    ['manifest', omitEmptyString(rel.manifest)],
    ['hooks', omitEmptyList(rel.hooks, (h) => (h ? hookJson(h) : 'null'))],
    ['version', rel.version ? String(rel.version) : undefined],
    ['namespace', omitEmptyString(rel.namespace)],
    ['apply_method', omitEmptyString(rel.apply_method)],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Decoding

type Json = Record<string, unknown>;
const asObj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const asStr = (v: unknown): string => (typeof v === 'string' ? v : '');
const asTime = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asNum = (v: unknown): number => (typeof v === 'number' ? v : 0);
const asList = <T>(v: unknown, f: (x: unknown) => T): T[] => (Array.isArray(v) ? v.map(f) : []);
const asNullableList = <T>(v: unknown, f: (x: unknown) => T): T[] | null =>
  Array.isArray(v) ? v.map(f) : null;

function fileFrom(v: unknown): ChartFile {
  const o = asObj(v) ?? {};
  const f: ChartFile = { name: asStr(o.name), data: asStr(o.data) };
  const mt = asTime(o.modtime);
  if (mt && mt !== goZeroTime) f.modtime = mt;
  return f;
}

function dependencyFrom(v: unknown): ChartDependency {
  const o = asObj(v) ?? {};
  return stripUndefined({
    name: asStr(o.name),
    version: asTime(o.version),
    repository: asStr(o.repository),
    condition: asTime(o.condition),
    tags: Array.isArray(o.tags) ? o.tags.map(asStr) : undefined,
    enabled: o.enabled === true ? true : undefined,
    'import-values': Array.isArray(o['import-values']) ? (o['import-values'] as unknown[]) : undefined,
    alias: asTime(o.alias),
  });
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function chartFrom(v: unknown): ReleaseChart {
  const o = asObj(v) ?? {};
  const md = asObj(o.metadata);
  const lock = asObj(o.lock);
  return stripUndefined({
    metadata: md
      ? stripUndefined({
          ...(md as ChartMetadata),
          dependencies: Array.isArray(md.dependencies) ? md.dependencies.map(dependencyFrom) : undefined,
        })
      : null,
    lock: lock
      ? {
          generated: asStr(lock.generated) || goZeroTime,
          digest: asStr(lock.digest),
          dependencies: asNullableList(lock.dependencies, dependencyFrom),
        }
      : null,
    templates: asNullableList(o.templates, fileFrom),
    values: asObj(o.values) ?? null,
    schema: typeof o.schema === 'string' && o.schema !== '' ? o.schema : null,
    schemamodtime: asTime(o.schemamodtime),
    files: asNullableList(o.files, fileFrom),
    modtime: asTime(o.modtime) === goZeroTime ? undefined : asTime(o.modtime),
  });
}

function hookFrom(v: unknown): Hook {
  const o = asObj(v) ?? {};
  const lr = asObj(o.last_run) ?? {};
  const lastRun: HookExecution = { phase: asStr(lr.phase) as HookExecution['phase'] };
  const started = asTime(lr.started_at);
  const completed = asTime(lr.completed_at);
  if (started && started !== goZeroTime) lastRun.started_at = started;
  if (completed && completed !== goZeroTime) lastRun.completed_at = completed;
  return {
    name: asStr(o.name),
    kind: asStr(o.kind),
    path: asStr(o.path),
    manifest: asStr(o.manifest),
    events: asList(o.events, asStr) as HookEvent[],
    last_run: lastRun,
    weight: asNum(o.weight),
    delete_policies: asList(o.delete_policies, asStr) as HookDeletePolicy[],
    output_log_policies: asList(o.output_log_policies, asStr) as HookOutputLogPolicy[],
  };
}

/** A release from its JSON (as json.Unmarshal into helm 4's structs would read it). */
export function releaseFromJson(text: string): Release {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ReleaseDecodeError(`release record is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const o = asObj(raw);
  if (!o) throw new ReleaseDecodeError('release record is not a JSON object');
  const info = asObj(o.info) ?? {};
  const rel: Release = {
    name: asStr(o.name),
    info: stripUndefined({
      first_deployed: nonZero(asTime(info.first_deployed)),
      last_deployed: nonZero(asTime(info.last_deployed)),
      deleted: nonZero(asTime(info.deleted)),
      description: asStr(info.description),
      status: asStr(info.status),
      notes: asStr(info.notes),
      resources: asObj(info.resources) as ReleaseInfo['resources'],
    }),
    chart: chartFrom(o.chart),
    config: asObj(o.config) ?? {},
    manifest: asStr(o.manifest),
    hooks: asList(o.hooks, hookFrom),
    version: asNum(o.version),
    namespace: asStr(o.namespace),
    labels: {},
  };
  if (typeof o.apply_method === 'string' && o.apply_method !== '') rel.apply_method = o.apply_method;
  return rel;
}

function nonZero(t: string | undefined): string | undefined {
  return t === goZeroTime ? undefined : t;
}

const gzipMagic = [0x1f, 0x8b, 0x08];

/** base64(gzip(JSON)) as helm's storage drivers write the `release` data field. */
export function encodeRelease(rel: Release): string {
  const json = Buffer.from(releaseToJson(rel), 'utf8');
  return gzipSync(json, { level: zlibConstants.Z_BEST_COMPRESSION }).toString('base64');
}

/**
 * Reads the `release` data field: base64 of gzip(JSON) or, for records written before helm
 * compressed them, base64 of the plain JSON; a plain JSON string is accepted too.
 */
export function decodeRelease(data: string): Release {
  const trimmed = data.trimStart();
  if (trimmed.startsWith('{')) return releaseFromJson(trimmed);
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(data)) {
    throw new ReleaseDecodeError('release record is not valid base64');
  }
  let bytes: Buffer = Buffer.from(data, 'base64');
  if (bytes.length > 3 && gzipMagic.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new ReleaseDecodeError(`release record is not valid gzip: ${(e as Error).message}`, { cause: e });
    }
  }
  return releaseFromJson(bytes.toString('utf8'));
}
