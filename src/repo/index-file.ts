/**
 * A chart repository's index.yaml (helm's repo.IndexFile): loading (JSON or strict YAML),
 * dropping invalid entries as helm does, newest-first ordering, version lookup with semver
 * constraints, writing, and generating an index from a folder of packaged charts.
 */
import { parseYaml } from '../encoding/index.js';
import { type Constraints, parseConstraint, parseVersion, type Version } from '../semver/index.js';
import { messageOf, RepoError } from './errors.js';
import { fastYaml } from './fast-yaml.js';
import { goJson, goTime } from './fs-util.js';
import {
  type ChartMetadata,
  METADATA_FIELDS,
  metadataFrom,
  metadataJson,
  validateMetadata,
} from './metadata.js';
import { toYaml } from './yaml-out.js';

export interface ChartVersion extends ChartMetadata {
  urls: string[];
  created?: string;
  removed?: boolean;
  digest?: string;
  checksum?: string;
  engine?: string;
  tillerVersion?: string;
  url?: string;
}

export interface IndexFile {
  apiVersion: string;
  generated: string;
  entries: Map<string, ChartVersion[]>;
  publicKeys?: string[];
  annotations?: Record<string, string>;
  serverInfo?: Record<string, unknown>;
}

const INDEX_FIELDS = new Set([
  'serverInfo',
  'apiVersion',
  'generated',
  'entries',
  'publicKeys',
  'annotations',
]);
const VERSION_FIELDS = new Set<string>([
  ...METADATA_FIELDS,
  'urls',
  'created',
  'removed',
  'digest',
  'checksum',
  'engine',
  'tillerVersion',
  'url',
]);

/** Warnings go to a sink so the CLI decides where they appear. */
export type WarnFn = (message: string) => void;

function isValidJson(text: string): boolean {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('"'))) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function unknownField(field: string): RepoError {
  return new RepoError(
    'INDEX_MALFORMED',
    `error unmarshaling JSON: while decoding JSON: json: unknown field "${field}"`,
  );
}

function versionOf(raw: Record<string, unknown>, strict: boolean): ChartVersion {
  if (strict) for (const k of Object.keys(raw)) if (!VERSION_FIELDS.has(k)) throw unknownField(k);
  const cv = metadataFrom(raw) as ChartVersion;
  cv.urls = Array.isArray(raw.urls) ? raw.urls.map(String) : [];
  if (raw.created != null) cv.created = String(raw.created);
  if (raw.removed === true) cv.removed = true;
  if (typeof raw.digest === 'string') cv.digest = raw.digest;
  return cv;
}

/** Parses index.yaml text; `source` names it in messages. Invalid entries are skipped with a warning. */
export function parseIndex(data: string | Uint8Array, source: string, warn: WarnFn = () => {}): IndexFile {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  if (text.length === 0) throw new RepoError('INDEX_MALFORMED', `empty index.yaml file`);
  const json = isValidJson(text);
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : (fastYaml(text) ?? parseYaml(text, { filename: source }));
  } catch (err) {
    throw new RepoError('INDEX_MALFORMED', messageOf(err), { cause: err });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RepoError(
      'INDEX_MALFORMED',
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into Go value of type repo.IndexFile`,
    );
  }
  const o = doc as Record<string, unknown>;
  if (!json) for (const k of Object.keys(o)) if (!INDEX_FIELDS.has(k)) throw unknownField(k);
  const entries = new Map<string, ChartVersion[]>();
  const rawEntries = (o.entries ?? {}) as Record<string, unknown>;
  if (typeof rawEntries !== 'object' || Array.isArray(rawEntries)) {
    throw new RepoError('INDEX_MALFORMED', 'error unmarshaling JSON: "entries" must be a map of chart names');
  }
  for (const [name, list] of Object.entries(rawEntries)) {
    const kept: ChartVersion[] = [];
    for (const raw of Array.isArray(list) ? list : []) {
      if (raw == null || typeof raw !== 'object') {
        warn(`skipping loading invalid entry for chart "${name}" from ${source}: empty entry`);
        continue;
      }
      const cv = versionOf(raw as Record<string, unknown>, !json);
      if (!cv.apiVersion) cv.apiVersion = 'v1';
      const problem = validateMetadata(cv);
      if (problem && !problem.startsWith('validation: more than one dependency with name or alias')) {
        warn(
          `skipping loading invalid entry for chart "${name}" "${cv.version ?? ''}" from ${source}: ${problem}`,
        );
        continue;
      }
      kept.push(cv);
    }
    entries.set(name, sortVersions(kept));
  }
  const index: IndexFile = {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    generated: o.generated == null ? '0001-01-01T00:00:00Z' : String(o.generated),
    entries,
  };
  if (Array.isArray(o.publicKeys)) index.publicKeys = o.publicKeys.map(String);
  if (o.annotations && typeof o.annotations === 'object')
    index.annotations = o.annotations as Record<string, string>;
  if (index.apiVersion === '') throw new RepoError('INDEX_MALFORMED', 'no API version specified');
  return index;
}

const parsedVersions = new WeakMap<ChartVersion, Version | null>();
export function semverOf(cv: ChartVersion): Version | null {
  let v = parsedVersions.get(cv);
  if (v === undefined) {
    try {
      v = parseVersion(cv.version ?? '');
    } catch {
      v = null;
    }
    parsedVersions.set(cv, v);
  }
  return v;
}

/** Newest first (helm's SortEntries); unparsable versions last. */
export function sortVersions(list: ChartVersion[]): ChartVersion[] {
  return list.sort((a, b) => {
    const va = semverOf(a);
    const vb = semverOf(b);
    if (!va || !vb) return va ? -1 : vb ? 1 : 0;
    return vb.compare(va);
  });
}

export function newIndex(now = new Date()): IndexFile {
  return { apiVersion: 'v1', generated: goTime(now), entries: new Map(), publicKeys: [] };
}

/**
 * helm's IndexFile.Get: an exact version string wins, else the newest version satisfying the
 * constraint ("" = newest stable). Throws CHART_NOT_FOUND (with close names) or
 * CHART_VERSION_NOT_FOUND (with the available versions).
 */
export function getChartVersion(
  index: IndexFile,
  name: string,
  version: string,
  repoLabel: string,
): ChartVersion {
  const vs = index.entries.get(name);
  if (!vs) {
    const close = closeNames(name, [...index.entries.keys()]);
    throw new RepoError(
      'CHART_NOT_FOUND',
      `chart "${name}" not found in ${repoLabel}${close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : ''}`,
    );
  }
  const found = findVersion(vs, version);
  if (found) return found;
  const available = vs.map((v) => v.version).slice(0, 20);
  throw new RepoError(
    'CHART_VERSION_NOT_FOUND',
    `chart "${name}" version "${version || '(latest stable)'}" not found in ${repoLabel}; available versions: ${available.join(', ')}${vs.length > 20 ? ', …' : ''}`,
  );
}

export function findVersion(vs: readonly ChartVersion[], version: string): ChartVersion | undefined {
  if (version !== '') for (const v of vs) if (v.version === version) return v;
  let c: Constraints;
  try {
    c = parseConstraint(version === '' ? '*' : version);
  } catch (err) {
    throw new RepoError('CONSTRAINT_INVALID', `invalid version constraint "${version}": ${messageOf(err)}`);
  }
  for (const v of vs) {
    const sv = semverOf(v);
    if (sv && c.check(sv)) return v;
  }
  return undefined;
}

/** Up to three names closest to `name` (edit distance or substring), for "did you mean". */
export function closeNames(name: string, names: readonly string[]): string[] {
  const scored = names
    .map((n) => ({ n, d: n.includes(name) || name.includes(n) ? 1 : editDistance(name, n) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1));
  return scored.slice(0, 3).map((x) => x.n);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return prev[b.length]!;
}

function versionJson(cv: ChartVersion): Record<string, unknown> {
  const out = metadataJson(cv);
  out.urls = cv.urls;
  if (cv.created) out.created = cv.created;
  if (cv.removed) out.removed = true;
  if (cv.digest) out.digest = cv.digest;
  return out;
}

function indexJson(index: IndexFile): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  for (const [k, v] of index.entries) entries[k] = v.map(versionJson);
  const out: Record<string, unknown> = {};
  if (index.serverInfo && Object.keys(index.serverInfo).length) out.serverInfo = index.serverInfo;
  out.apiVersion = index.apiVersion;
  out.generated = index.generated;
  out.entries = entries;
  if (index.publicKeys?.length) out.publicKeys = index.publicKeys;
  if (index.annotations && Object.keys(index.annotations).length) out.annotations = index.annotations;
  return out;
}

/** index.yaml as helm writes it (sigs.k8s.io/yaml: sorted keys). */
export function formatIndexYaml(index: IndexFile): string {
  return toYaml(indexJson(index) as never);
}

/** index.json as helm's WriteJSONFile writes it (two-space indent, no trailing newline). */
export function formatIndexJson(index: IndexFile): string {
  return goJson(indexJson(index), '  ');
}

/** helm's Merge: adds the versions of `from` that `into` lacks. */
export function mergeIndex(into: IndexFile, from: IndexFile): void {
  for (const vs of from.entries.values()) {
    for (const cv of vs) {
      const name = cv.name ?? '';
      const list = into.entries.get(name) ?? [];
      if (!list.some((x) => x.version === cv.version)) {
        list.push(cv);
        into.entries.set(name, list);
      }
    }
  }
}

export function assertInvalidIndex(err: unknown, repo: string, url: string): never {
  if (err instanceof RepoError && err.code === 'INDEX_MALFORMED') {
    throw new RepoError(
      'INDEX_MALFORMED',
      `the index.yaml of repository "${repo}" (${url}) is malformed: ${err.message}`,
      {
        cause: err,
      },
    );
  }
  throw err;
}
