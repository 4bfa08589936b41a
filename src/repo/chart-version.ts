/**
 * One chart version of a repository index (helm's repo.ChartVersion: the chart's Metadata
 * plus urls, created, removed, digest), and the compact record an index keeps per version
 * (`IndexEntry`): the few strings listing and search read, with the whole ChartVersion decoded
 * only when something asks for it. Indexes of big repositories hold tens of thousands of
 * versions; building full objects for all of them is what made loading slow.
 */
import {
  ChartValidationError,
  Dependency,
  Maintainer,
  METADATA_JSON_KEYS,
  Metadata,
} from '../chart/index.js';
import { parseVersion, type Version } from '../semver/index.js';
import { jsonStruct } from './fs-util.js';

/** helm's repo.ChartVersion. */
export interface ChartVersion {
  metadata: Metadata;
  urls: string[];
  created?: string;
  removed?: boolean;
  digest?: string;
}

/** The JSON fields of repo.ChartVersion besides the Metadata ones (strict decoding accepts them). */
const VERSION_EXTRA = ['urls', 'created', 'removed', 'digest', 'checksum', 'engine', 'tillerVersion', 'url'];
/** Every key an index entry may have (sigs.k8s.io/yaml's UnmarshalStrict refuses the others). */
export const VERSION_KEYS: readonly string[] = [...METADATA_JSON_KEYS, ...VERSION_EXTRA];
export const VERSION_FIELDS: ReadonlySet<string> = new Set(VERSION_KEYS);

/** A scalar where helm expects a string (numbers as JSON writes them; forgiving, as before). */
function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v == null) return '';
  return String(v);
}

const strs = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(str) : null);

function dependencyOf(d: Record<string, unknown>): Dependency {
  const out = new Dependency();
  out.Name = str(d.name);
  out.Version = str(d.version);
  out.Repository = str(d.repository);
  out.Condition = str(d.condition);
  out.Tags = strs(d.tags);
  out.Enabled = d.enabled === true;
  out.ImportValues = Array.isArray(d['import-values']) ? d['import-values'] : null;
  out.Alias = str(d.alias);
  return out;
}

/**
 * Chart metadata from a decoded Chart.yaml, index entry or OCI config: strings kept, scalars
 * where a string belongs turned into text, unknown keys dropped.
 */
export function metadataOf(doc: Record<string, unknown>): Metadata {
  const md = new Metadata();
  md.Name = str(doc.name);
  md.Home = str(doc.home);
  md.Sources = strs(doc.sources);
  md.Version = str(doc.version);
  md.Description = str(doc.description);
  md.Keywords = strs(doc.keywords);
  if (Array.isArray(doc.maintainers)) {
    md.Maintainers = doc.maintainers.map((m) => {
      if (m == null || typeof m !== 'object') return null;
      const r = m as Record<string, unknown>;
      const out = new Maintainer();
      out.Name = str(r.name);
      out.Email = str(r.email);
      out.URL = str(r.url);
      return out;
    });
  }
  md.Icon = str(doc.icon);
  md.APIVersion = str(doc.apiVersion);
  md.Condition = str(doc.condition);
  md.Tags = str(doc.tags);
  md.AppVersion = str(doc.appVersion);
  md.Deprecated = doc.deprecated === true;
  if (doc.annotations && typeof doc.annotations === 'object' && !Array.isArray(doc.annotations)) {
    md.Annotations = Object.fromEntries(
      Object.entries(doc.annotations as Record<string, unknown>).map(([k, v]) => [k, str(v)]),
    );
  }
  md.KubeVersion = str(doc.kubeVersion);
  if (Array.isArray(doc.dependencies)) {
    md.Dependencies = doc.dependencies.map((d) =>
      d && typeof d === 'object' ? dependencyOf(d as Record<string, unknown>) : null,
    );
  }
  md.Type = str(doc.type);
  return md;
}

/** helm's Metadata.Validate as a message (undefined when valid); sanitises in place. */
export function validationProblem(md: Metadata): string | undefined {
  try {
    md.validate();
    return undefined;
  } catch (err) {
    if (err instanceof ChartValidationError) return err.message;
    throw err;
  }
}

/** A decoded index entry (apiVersion defaults to v1, as helm's loadIndex sets it). */
export function chartVersionOf(raw: Record<string, unknown>): ChartVersion {
  const metadata = metadataOf(raw);
  if (metadata.APIVersion === '') metadata.APIVersion = 'v1';
  const cv: ChartVersion = { metadata, urls: Array.isArray(raw.urls) ? raw.urls.map(String) : [] };
  if (raw.created != null) cv.created = String(raw.created);
  if (raw.removed === true) cv.removed = true;
  if (typeof raw.digest === 'string') cv.digest = raw.digest;
  return cv;
}

/** chart.Metadata as Go's json.Marshal writes it: struct field order, empty fields left out. */
export function metadataJson(md: Metadata): Record<string, unknown> {
  const out = md.toJSONValue();
  const structs = (v: unknown) => (v as (Record<string, unknown> | null)[]).map((x) => x && jsonStruct(x));
  if (out.maintainers) out.maintainers = structs(out.maintainers);
  if (out.dependencies) out.dependencies = structs(out.dependencies);
  return out;
}

/** repo.ChartVersion as Go's json.Marshal writes it (metadata fields inline, then the rest). */
export function chartVersionJson(cv: ChartVersion): object {
  const out = metadataJson(cv.metadata);
  out.urls = cv.urls;
  if (cv.created) out.created = cv.created;
  if (cv.removed) out.removed = true;
  if (cv.digest) out.digest = cv.digest;
  return jsonStruct(out);
}

/** Where the text of not-yet-decoded index versions lives (an index file's text). */
export interface EntrySource {
  decode(start: number, end: number): ChartVersion;
}

/**
 * One version in an index, compact: what `search repo` and downloads read, plus a way to the whole entry
 * (decoded from `source` on first use when the entry came from index-scan.ts).
 * `keywords` is the keyword list joined by spaces (the form search matches against).
 */
export class IndexEntry {
  private cv: ChartVersion | undefined;
  constructor(
    readonly name: string,
    readonly version: string,
    readonly appVersion: string,
    readonly description: string,
    readonly keywords: string,
    /** Where the chart can be downloaded (the entry's `urls`). */
    readonly urls: readonly string[],
    /** Where the entry's text is, when it is not decoded yet (`start` < 0: no text). */
    readonly from?: EntrySource,
    readonly start = -1,
    readonly end = -1,
    private sv?: Version | null,
  ) {}

  static of(cv: ChartVersion): IndexEntry {
    const md = cv.metadata;
    const keywords = (md.Keywords ?? []).join(' ');
    const e = new IndexEntry(md.Name, md.Version, md.AppVersion, md.Description, keywords, cv.urls);
    e.cv = cv;
    return e;
  }

  /** The parsed version, or null when it is not semver. */
  semver(): Version | null {
    if (this.sv === undefined) {
      try {
        this.sv = parseVersion(this.version);
      } catch {
        this.sv = null;
      }
    }
    return this.sv;
  }

  /** The whole entry (decoded on first use). */
  full(): ChartVersion {
    this.cv ??= this.from!.decode(this.start, this.end);
    return this.cv;
  }
}
