/**
 * Chart.yaml as helm models it (pkg/chart/v2 Metadata, Maintainer, Dependency, Lock): Go structs
 * for templates (`.Chart.Name`), helm's validation and its messages, and the JSON shape helm
 * writes into release records.
 */
import { type GoMap, GoStruct, goNilMap } from '../gotemplate/index.js';
import { parseVersion } from '../semver/index.js';

export const API_VERSION_V1 = 'v1';
export const API_VERSION_V2 = 'v2';

/** A Chart.yaml, requirements.yaml or Chart.lock that helm would refuse. */
export class ChartValidationError extends Error {
  readonly code = 'ECHART_INVALID';
  constructor(message: string) {
    super(`validation: ${message}`);
    this.name = 'ChartValidationError';
  }
}

/** unicode.IsSpace → ' ', non-printable runes dropped (helm's sanitizeString). */
export function sanitizeString(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(ch)) out += ' ';
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
  }
  return out;
}

/** The JSON names of chart.Metadata's fields (what Chart.yaml and index entries may hold). */
export const METADATA_JSON_KEYS: readonly string[] = [
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
];
/** The JSON names of chart.Maintainer's fields. */
export const MAINTAINER_JSON_KEYS: readonly string[] = ['name', 'email', 'url'];
/** The JSON names of chart.Dependency's fields. */
export const DEPENDENCY_JSON_KEYS: readonly string[] = [
  'name',
  'version',
  'repository',
  'condition',
  'tags',
  'enabled',
  'import-values',
  'alias',
];

export class Maintainer extends GoStruct {
  override readonly goTypeName = '*chart.Maintainer';
  Name = '';
  Email = '';
  URL = '';

  toJSONValue(): GoMap {
    const o: GoMap = {};
    if (this.Name) o.name = this.Name;
    if (this.Email) o.email = this.Email;
    if (this.URL) o.url = this.URL;
    return o;
  }

  asMap(): GoMap {
    return { Name: this.Name, Email: this.Email, URL: this.URL };
  }
}

export class Dependency extends GoStruct {
  override readonly goTypeName = '*chart.Dependency';
  Name = '';
  Version = '';
  Repository = '';
  Condition = '';
  Tags: string[] | null = null;
  Enabled = false;
  /** Strings (`exports.x` shorthand) or `{child, parent}` maps, as written; strings maps after processing. */
  ImportValues: unknown[] | null = null;
  Alias = '';

  validate(): void {
    this.Name = sanitizeString(this.Name);
    this.Version = sanitizeString(this.Version);
    this.Repository = sanitizeString(this.Repository);
    this.Condition = sanitizeString(this.Condition);
    if (this.Tags) this.Tags = this.Tags.map(sanitizeString);
    if (this.Alias !== '' && !/^[a-zA-Z0-9_-]+$/.test(this.Alias))
      throw new ChartValidationError(`dependency "${this.Name}" has disallowed characters in the alias`);
  }

  clone(): Dependency {
    const d = new Dependency();
    Object.assign(d, this);
    return d;
  }

  toJSONValue(): GoMap {
    const o: GoMap = { name: this.Name };
    if (this.Version) o.version = this.Version;
    o.repository = this.Repository;
    if (this.Condition) o.condition = this.Condition;
    if (this.Tags && this.Tags.length > 0) o.tags = [...this.Tags];
    if (this.Enabled) o.enabled = true;
    if (this.ImportValues && this.ImportValues.length > 0) o['import-values'] = this.ImportValues;
    if (this.Alias) o.alias = this.Alias;
    return o;
  }

  asMap(): GoMap {
    return {
      Name: this.Name,
      Version: this.Version,
      Repository: this.Repository,
      Condition: this.Condition,
      Tags: [...(this.Tags ?? [])],
      Enabled: this.Enabled,
      ImportValues: [...(this.ImportValues ?? [])],
      Alias: this.Alias,
    };
  }
}

/** `*chart.Metadata`: field names are Go's, so templates read `.Chart.AppVersion`. */
export class Metadata extends GoStruct {
  override readonly goTypeName = '*chart.Metadata';
  Name = '';
  Home = '';
  Sources: string[] | null = null;
  Version = '';
  Description = '';
  Keywords: string[] | null = null;
  Maintainers: (Maintainer | null)[] | null = null;
  Icon = '';
  APIVersion = '';
  Condition = '';
  Tags = '';
  AppVersion = '';
  Deprecated = false;
  Annotations: Record<string, string> | null = null;
  KubeVersion = '';
  Dependencies: (Dependency | null)[] | null = null;
  Type = '';

  /** Metadata.Validate: sanitizes strings and throws helm's first complaint. */
  validate(): void {
    this.Name = sanitizeString(this.Name);
    this.Description = sanitizeString(this.Description);
    this.Home = sanitizeString(this.Home);
    this.Icon = sanitizeString(this.Icon);
    this.Condition = sanitizeString(this.Condition);
    this.Tags = sanitizeString(this.Tags);
    this.AppVersion = sanitizeString(this.AppVersion);
    this.KubeVersion = sanitizeString(this.KubeVersion);
    if (this.Sources) this.Sources = this.Sources.map(sanitizeString);
    if (this.Keywords) this.Keywords = this.Keywords.map(sanitizeString);

    if (this.APIVersion === '') throw new ChartValidationError('chart.metadata.apiVersion is required');
    if (this.Name === '') throw new ChartValidationError('chart.metadata.name is required');
    if (this.Name === '.' || this.Name === '..')
      throw new ChartValidationError(`chart.metadata.name "${this.Name}" is not allowed`);
    if (this.Name !== goBase(this.Name))
      throw new ChartValidationError(`chart.metadata.name "${this.Name}" is invalid`);
    if (this.Version === '') throw new ChartValidationError('chart.metadata.version is required');
    if (!isValidSemver(this.Version))
      throw new ChartValidationError(`chart.metadata.version "${this.Version}" is invalid`);
    if (!['', 'application', 'library'].includes(this.Type))
      throw new ChartValidationError('chart.metadata.type must be application or library');
    for (const m of this.Maintainers ?? []) {
      if (m === null) throw new ChartValidationError('maintainers must not contain empty or null nodes');
      m.Name = sanitizeString(m.Name);
      m.Email = sanitizeString(m.Email);
      m.URL = sanitizeString(m.URL);
    }
    const seen = new Set<string>();
    for (const d of this.Dependencies ?? []) {
      if (d === null) throw new ChartValidationError('dependencies must not contain empty or null nodes');
      d.validate();
      const key = d.Alias !== '' ? d.Alias : d.Name;
      if (seen.has(key))
        throw new ChartValidationError(`more than one dependency with name or alias "${key}"`);
      seen.add(key);
    }
  }

  /** A copy whose dependency list and entries may be changed without touching this one. */
  clone(): Metadata {
    const m = new Metadata();
    Object.assign(m, this);
    if (this.Dependencies) m.Dependencies = this.Dependencies.map((d) => d?.clone() ?? null);
    return m;
  }

  /** The JSON object helm's encoding/json writes for *chart.Metadata (omitempty fields dropped). */
  toJSONValue(): GoMap {
    const o: GoMap = {};
    const str = (k: string, v: string): void => {
      if (v) o[k] = v;
    };
    str('name', this.Name);
    str('home', this.Home);
    if (this.Sources?.length) o.sources = [...this.Sources];
    str('version', this.Version);
    str('description', this.Description);
    if (this.Keywords?.length) o.keywords = [...this.Keywords];
    if (this.Maintainers?.length) o.maintainers = this.Maintainers.map((m) => m?.toJSONValue() ?? null);
    str('icon', this.Icon);
    str('apiVersion', this.APIVersion);
    str('condition', this.Condition);
    str('tags', this.Tags);
    str('appVersion', this.AppVersion);
    if (this.Deprecated) o.deprecated = true;
    if (this.Annotations && Object.keys(this.Annotations).length > 0) o.annotations = { ...this.Annotations };
    str('kubeVersion', this.KubeVersion);
    if (this.Dependencies?.length) o.dependencies = this.Dependencies.map((d) => d?.toJSONValue() ?? null);
    str('type', this.Type);
    return o;
  }

  /**
   * helm v4's `.Chart` in templates: the metadata as a map with Go field names (its
   * structToMap), nil slices as empty lists. The engine adds `IsRoot`.
   */
  asMap(): GoMap {
    return {
      Name: this.Name,
      Home: this.Home,
      Sources: [...(this.Sources ?? [])],
      Version: this.Version,
      Description: this.Description,
      Keywords: [...(this.Keywords ?? [])],
      Maintainers: (this.Maintainers ?? []).map((m) => m?.asMap() ?? null),
      Icon: this.Icon,
      APIVersion: this.APIVersion,
      Condition: this.Condition,
      Tags: this.Tags,
      AppVersion: this.AppVersion,
      Deprecated: this.Deprecated,
      // A nil map[string]string: toJson prints null, but it prints `map[]` and has len 0.
      Annotations: this.Annotations ? { ...this.Annotations } : goNilMap(),
      KubeVersion: this.KubeVersion,
      Dependencies: (this.Dependencies ?? []).map((d) => d?.asMap() ?? null),
      Type: this.Type,
    };
  }
}

/** Chart.lock / requirements.lock. */
export class Lock extends GoStruct {
  override readonly goTypeName = '*chart.Lock';
  /** RFC 3339 text as written. */
  Generated = '';
  Digest = '';
  Dependencies: (Dependency | null)[] | null = null;

  toJSONValue(): GoMap {
    return {
      generated: this.Generated || '0001-01-01T00:00:00Z',
      digest: this.Digest,
      dependencies: this.Dependencies ? this.Dependencies.map((d) => d?.toJSONValue() ?? null) : null,
    };
  }
}

function isValidSemver(v: string): boolean {
  try {
    parseVersion(v);
    return true;
  } catch {
    return false;
  }
}

/** Go's filepath.Base on a Unix system. */
function goBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
