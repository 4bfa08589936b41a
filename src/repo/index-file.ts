/**
 * A chart repository's index.yaml (helm's repo.IndexFile): loading (JSON or strict YAML),
 * dropping invalid entries as helm does, newest-first ordering, version lookup with semver
 * constraints, writing, and merging.
 *
 * Versions are kept as compact `IndexEntry` records; big YAML indexes are read by the
 * one-pass reader of index-scan.ts, which leaves each version's full decoding for later.
 */
import { Metadata } from '../chart/index.js';
import { marshalJson, parseYaml, toYaml } from '../encoding/index.js';
import { type Constraints, parseConstraint, parseVersion, type Version } from '../semver/index.js';
import {
  type ChartVersion,
  chartVersionJson,
  chartVersionOf,
  type EntrySource,
  IndexEntry,
  VERSION_FIELDS,
  validationProblem,
} from './chart-version.js';
import { messageOf, RepoError } from './errors.js';
import { goTime, jsonStruct } from './fs-util.js';
import { ScanBail, type ScannedFields, scanIndex } from './index-scan.js';

export { type ChartVersion, IndexEntry } from './chart-version.js';

export interface IndexFile {
  apiVersion: string;
  generated: string;
  entries: Map<string, IndexEntry[]>;
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

function notAnIndex(doc: unknown): RepoError {
  return new RepoError(
    'INDEX_MALFORMED',
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into Go value of type repo.IndexFile`,
  );
}

function skipping(name: string, version: string, source: string, problem: string): string {
  return `skipping loading invalid entry for chart "${name}" "${version}" from ${source}: ${problem}`;
}

/** Why helm skips a version, with the version as it logs it. */
interface Skipped {
  problem: string;
  version: string;
}

/** A decoded version, or why helm skips it. */
function decodeVersion(raw: Record<string, unknown>, strict: boolean): ChartVersion | Skipped {
  if (strict) for (const k of Object.keys(raw)) if (!VERSION_FIELDS.has(k)) throw unknownField(k);
  const cv = chartVersionOf(raw);
  const problem = validationProblem(cv.metadata);
  // helm keeps entries whose only fault is a repeated dependency name (JFrog strips aliases)
  if (problem && !problem.startsWith('validation: more than one dependency with name or alias'))
    return { problem, version: cv.metadata.Version };
  return cv;
}

const isSkipped = (v: ChartVersion | Skipped): v is Skipped => 'problem' in v;

/** One version from its text in a scanned index (while scanning, a parse error means: use the full parser). */
function decodeSlice(text: string, start: number, end: number, scanning = false): ChartVersion | Skipped {
  let doc: unknown;
  try {
    doc = parseYaml(text.slice(start, end));
  } catch (err) {
    if (scanning) throw new ScanBail();
    throw new RepoError('INDEX_MALFORMED', messageOf(err), { cause: err });
  }
  const raw = Array.isArray(doc) && doc.length === 1 ? doc[0] : undefined;
  if (raw === null || typeof raw !== 'object') {
    throw new RepoError(
      'INDEX_MALFORMED',
      'the index changed while it was read; run "bosun helm repo update"',
    );
  }
  return decodeVersion(raw as Record<string, unknown>, true);
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * The entry of a version the scanner decoded, or why helm skips it. The scanner made sure that
 * nothing else in the entry can fail helm's Metadata.Validate (no null maintainers or
 * dependencies, no aliases), so what is left is the name, version and type — checked here
 * directly while the strings are plain ASCII (sanitising changes nothing then); anything else,
 * and every failure (for its message), goes through Metadata.validate itself.
 */
function scannedEntry(f: ScannedFields, from: EntrySource, start: number, end: number): IndexEntry | string {
  const { name, version, type } = f;
  if (
    PRINTABLE.test(name) &&
    PRINTABLE.test(f.description) &&
    PRINTABLE.test(f.appVersion) &&
    PRINTABLE.test(f.keywords)
  ) {
    let sv: Version | null = null;
    try {
      sv = parseVersion(version);
    } catch {
      // invalid: validate() below says how
    }
    const typeOk = type === '' || type === 'application' || type === 'library';
    if (sv && typeOk && name !== '' && name !== '.' && name !== '..' && !name.includes('/'))
      return new IndexEntry(
        name,
        version,
        f.appVersion,
        f.description,
        f.keywords,
        f.urls,
        from,
        start,
        end,
        sv,
      );
  }
  const md = new Metadata();
  md.APIVersion = f.apiVersion || 'v1';
  md.Name = name;
  md.Version = version;
  md.Type = type;
  md.AppVersion = f.appVersion;
  md.Description = f.description;
  md.Keywords = [f.keywords];
  const problem = validationProblem(md);
  if (problem) return problem;
  // sanitising the joined keywords is sanitising each: whitespace becomes a space either way
  return new IndexEntry(
    md.Name,
    md.Version,
    md.AppVersion,
    md.Description,
    md.Keywords[0]!,
    f.urls,
    from,
    start,
    end,
  );
}

/**
 * Parses index.yaml text; `source` names it in messages. Invalid entries are skipped with a
 * warning. `scanner: false` skips the fast reader (tests compare the two ways).
 */
export function parseIndex(
  data: string | Uint8Array,
  source: string,
  warn: WarnFn = () => {},
  opts: { scanner?: boolean } = {},
): IndexFile {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  if (text.length === 0) throw new RepoError('INDEX_MALFORMED', `empty index.yaml file`);
  const json = isValidJson(text);
  if (!json && opts.scanner !== false) {
    const scanned = parseScanned(text, source, warn);
    if (scanned) return scanned;
  }
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : parseYaml(text, { filename: source });
  } catch (err) {
    throw new RepoError('INDEX_MALFORMED', messageOf(err), { cause: err });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw notAnIndex(doc);
  const o = doc as Record<string, unknown>;
  if (!json) for (const k of Object.keys(o)) if (!INDEX_FIELDS.has(k)) throw unknownField(k);
  const entries = new Map<string, IndexEntry[]>();
  const rawEntries = (o.entries ?? {}) as Record<string, unknown>;
  if (typeof rawEntries !== 'object' || Array.isArray(rawEntries)) {
    throw new RepoError('INDEX_MALFORMED', 'error unmarshaling JSON: "entries" must be a map of chart names');
  }
  for (const [name, list] of Object.entries(rawEntries)) {
    const kept: IndexEntry[] = [];
    for (const raw of Array.isArray(list) ? list : []) {
      if (raw == null || typeof raw !== 'object') {
        warn(`skipping loading invalid entry for chart "${name}" from ${source}: empty entry`);
        continue;
      }
      const cv = decodeVersion(raw as Record<string, unknown>, !json);
      if (isSkipped(cv)) {
        warn(skipping(name, cv.version, source, cv.problem));
        continue;
      }
      kept.push(IndexEntry.of(cv));
    }
    entries.set(name, sortVersions(kept));
  }
  return finish(o, entries);
}

function finish(o: Record<string, unknown>, entries: Map<string, IndexEntry[]>): IndexFile {
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

/** Versions decoded on demand from an index file's text. */
export function textSource(text: string): EntrySource {
  return {
    decode(start, end) {
      const cv = decodeSlice(text, start, end);
      if (isSkipped(cv)) throw new RepoError('INDEX_MALFORMED', cv.problem);
      return cv;
    },
  };
}

/** The fast path: undefined when the text is outside what index-scan.ts reads. */
function parseScanned(text: string, source: string, warn: WarnFn): IndexFile | undefined {
  const from = textSource(text);
  const entries = new Map<string, IndexEntry[]>();
  let list: IndexEntry[] = [];
  let chart = '';
  // per chart, so that a repeated chart name drops what its first occurrence said (as the full parser drops it)
  const warnings = new Map<string, string[]>();
  let said: string[] = [];
  let head: string;
  try {
    head = scanIndex(text, {
      chart(key) {
        chart = key;
        list = [];
        said = [];
        entries.set(key, list);
        warnings.set(key, said);
      },
      version(start, end, f) {
        if (f) {
          const e = scannedEntry(f, from, start, end);
          if (typeof e === 'string') said.push(skipping(chart, f.version, source, e));
          else list.push(e);
          return;
        }
        const cv = decodeSlice(text, start, end, true);
        if (isSkipped(cv)) said.push(skipping(chart, cv.version, source, cv.problem));
        else list.push(IndexEntry.of(cv));
      },
    });
  } catch (err) {
    if (err instanceof ScanBail) return undefined;
    throw err;
  }
  let o: unknown;
  try {
    o = parseYaml(head, { filename: source });
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined;
  for (const k of Object.keys(o)) if (!INDEX_FIELDS.has(k)) throw unknownField(k);
  for (const ws of warnings.values()) for (const w of ws) warn(w);
  for (const [k, v] of entries) entries.set(k, sortVersions(v));
  return finish(o as Record<string, unknown>, entries);
}

/** Newest first (helm's SortEntries); unparsable versions last. */
export function sortVersions(list: IndexEntry[]): IndexEntry[] {
  return list.sort((a, b) => {
    const va = a.semver();
    const vb = b.semver();
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
  if (found) return found.full();
  const available = vs.map((v) => v.version).slice(0, 20);
  throw new RepoError(
    'CHART_VERSION_NOT_FOUND',
    `chart "${name}" version "${version || '(latest stable)'}" not found in ${repoLabel}; available versions: ${available.join(', ')}${vs.length > 20 ? ', …' : ''}`,
  );
}

export function findVersion(vs: readonly IndexEntry[], version: string): IndexEntry | undefined {
  if (version !== '') for (const v of vs) if (v.version === version) return v;
  let c: Constraints;
  try {
    c = parseConstraint(version === '' ? '*' : version);
  } catch (err) {
    throw new RepoError('CONSTRAINT_INVALID', `invalid version constraint "${version}": ${messageOf(err)}`);
  }
  for (const v of vs) {
    const sv = v.semver();
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

/** repo.IndexFile in Go's field order (entries, a Go map, in key order). */
function indexJson(index: IndexFile): object {
  const entries: Record<string, unknown> = {};
  for (const [k, v] of index.entries) entries[k] = v.map((e) => chartVersionJson(e.full()));
  const out: Record<string, unknown> = {};
  if (index.serverInfo && Object.keys(index.serverInfo).length) out.serverInfo = index.serverInfo;
  out.apiVersion = index.apiVersion;
  out.generated = index.generated;
  out.entries = entries;
  if (index.publicKeys?.length) out.publicKeys = index.publicKeys;
  if (index.annotations && Object.keys(index.annotations).length) out.annotations = index.annotations;
  return jsonStruct(out);
}

/** index.yaml as helm writes it (sigs.k8s.io/yaml: sorted keys). */
export function formatIndexYaml(index: IndexFile): string {
  return toYaml(indexJson(index));
}

/** index.json as helm's WriteJSONFile writes it (two-space indent, no trailing newline). */
export function formatIndexJson(index: IndexFile): string {
  return marshalJson(indexJson(index), { indent: '  ' });
}

/** helm's Merge: adds the versions of `from` that `into` lacks. */
export function mergeIndex(into: IndexFile, from: IndexFile): void {
  for (const vs of from.entries.values()) {
    for (const e of vs) {
      const list = into.entries.get(e.name) ?? [];
      if (!list.some((x) => x.version === e.version)) {
        list.push(e);
        into.entries.set(e.name, list);
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
