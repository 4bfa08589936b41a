/**
 * Chart metadata as helm's chart.Metadata: the JSON field order Go writes, the sanitising and
 * validation helm applies to index entries and packaged charts.
 */
import { parseVersion } from '../semver/index.js';

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

export interface Dependency {
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
  maintainers?: (Maintainer | null)[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: Dependency[];
  type?: string;
}

/** Go field order of chart.Metadata (json tags). */
export const METADATA_FIELDS = [
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
] as const;

const STRING_FIELDS = new Set([
  'name',
  'home',
  'version',
  'description',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'kubeVersion',
  'type',
]);

/** Go's `%v` of a YAML scalar where helm expects a string (numbers written as JSON numbers). */
function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v == null) return '';
  return String(v);
}

/**
 * Metadata from a decoded Chart.yaml or index entry: strings kept as strings, the rest taken as
 * it is (unknown fields dropped). sigs.k8s.io/yaml would reject a number where a string is
 * expected; helm charts in the wild are forgiving about `version: 1.0`, so we convert.
 */
export function metadataFrom(doc: Record<string, unknown>): ChartMetadata {
  const md: Record<string, unknown> = {};
  for (const f of METADATA_FIELDS) {
    const v = doc[f];
    if (v === undefined || v === null) continue;
    md[f] = STRING_FIELDS.has(f) ? asString(v) : v;
  }
  if (Array.isArray(md.sources)) md.sources = (md.sources as unknown[]).map(asString);
  if (Array.isArray(md.keywords)) md.keywords = (md.keywords as unknown[]).map(asString);
  if (md.annotations && typeof md.annotations === 'object') {
    md.annotations = Object.fromEntries(
      Object.entries(md.annotations as Record<string, unknown>).map(([k, v]) => [k, asString(v)]),
    );
  }
  return md as ChartMetadata;
}

/** Go's unicode.IsSpace → ' ', drop non-printable runes (helm's sanitizeString). */
export function sanitize(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const c of s) {
    if (/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(c)) out += ' ';
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(c)) out += c;
  }
  return out;
}

/** helm's Metadata.Validate: returns the problem, or undefined. Sanitises in place. */
export function validateMetadata(md: ChartMetadata): string | undefined {
  for (const f of [
    'name',
    'description',
    'home',
    'icon',
    'condition',
    'tags',
    'appVersion',
    'kubeVersion',
  ] as const) {
    const v = md[f];
    if (typeof v === 'string' && v !== '') md[f] = sanitize(v);
  }
  if (md.sources) md.sources = md.sources.map(sanitize);
  if (md.keywords) md.keywords = md.keywords.map(sanitize);
  if (!md.apiVersion) return 'validation: chart.metadata.apiVersion is required';
  if (!md.name) return 'validation: chart.metadata.name is required';
  if (md.name === '.' || md.name === '..')
    return `validation: chart.metadata.name "${md.name}" is not allowed`;
  if (md.name.includes('/')) return `validation: chart.metadata.name "${md.name}" is invalid`;
  if (!md.version) return 'validation: chart.metadata.version is required';
  try {
    parseVersion(md.version);
  } catch {
    return `validation: chart.metadata.version "${md.version}" is invalid`;
  }
  if (md.type && md.type !== 'application' && md.type !== 'library')
    return 'validation: chart.metadata.type must be application or library';
  for (const m of md.maintainers ?? []) {
    if (m == null) return 'validation: maintainers must not contain empty or null nodes';
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (!d || typeof d !== 'object') return 'validation: dependencies must not contain empty or null nodes';
    const key = d.alias || d.name;
    if (seen.has(key)) return `validation: more than one dependency with name or alias "${key}"`;
    seen.add(key);
  }
  return undefined;
}

/** Metadata as Go's json.Marshal writes it: struct order, empty fields omitted. */
export function metadataJson(md: ChartMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of METADATA_FIELDS) {
    const v = md[f];
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (f === 'annotations' && Object.keys(v as object).length === 0) continue;
    if (f === 'maintainers') {
      out[f] = (v as (Maintainer | null)[]).map((m) =>
        m == null ? null : dropEmpty({ name: m.name, email: m.email, url: m.url }),
      );
    } else if (f === 'dependencies') {
      out[f] = (v as Dependency[]).map(dependencyJson);
    } else out[f] = v;
  }
  return out;
}

function dropEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== null));
}

/** chart.Dependency as Go's json.Marshal writes it (used for the Chart.lock digest). */
export function dependencyJson(d: Dependency): Record<string, unknown> {
  const out: Record<string, unknown> = { name: d.name ?? '' };
  if (d.version) out.version = d.version;
  out.repository = d.repository ?? '';
  if (d.condition) out.condition = d.condition;
  if (d.tags && d.tags.length > 0) out.tags = d.tags;
  if (d.enabled) out.enabled = d.enabled;
  if (d['import-values'] && d['import-values'].length > 0) out['import-values'] = d['import-values'];
  if (d.alias) out.alias = d.alias;
  return out;
}
