/**
 * `helm get all RELEASE --template T`: the release record as the Go structs helm hands its
 * template (`map{"Release": *v1.Release}`, helm 4's pkg/release/v1 and pkg/chart/v2), executed by
 * plain text/template — no Sprig, no helm functions, missingkey=default, template name "_" —
 * exactly as helm's `tpl` helper in pkg/cmd/printer.go does.
 *
 * Times become Go time.Time values parsed from the stored RFC 3339 text the way encoding/json
 * does (the local zone when the offset matches it, else a fixed offset), so `.String`, `.Format`
 * and `.Unix` print what Go prints.
 */
import type * as chartModule from '../chart/index.js';
import type { Dependency, Lock, Metadata } from '../chart/index.js';
import { type GoMap, GoStruct, TemplateSet } from '../gotemplate/index.js';
import type {
  ChartDependency,
  ChartFile,
  ChartMetadata,
  Hook,
  Release,
  ReleaseChart,
} from '../release/index.js';
import { loadRenderLib, type RenderLib } from './lazy.js';

const RFC3339 = '2006-01-02T15:04:05Z07:00';

/** Parses a stored timestamp into Go's time.Time (the zero time when absent), via Sprig's toDate. */
type TimeParser = (rfc3339: string | undefined) => unknown;

function timeParser(lib: RenderLib): TimeParser {
  const toDate = lib.engine.helmFuncs().get('toDate')!.fn;
  return (s) => toDate(RFC3339, s ?? '');
}

/** A []byte from base64; Go's nil []byte prints `[]`, as an empty one does. */
function base64Bytes(s: string | null | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(s ?? '', 'base64'));
}

/** A copy of a slice; Go's nil slice prints `[]` and has length 0, as an empty one does. */
function slice<T>(a: readonly T[] | null | undefined): T[] {
  return a ? [...a] : [];
}

/** helm's `*common.File`. */
class GoFile extends GoStruct {
  override readonly goTypeName = '*common.File';
  Name: string;
  Data: Uint8Array;
  ModTime: unknown;
  constructor(f: ChartFile, time: TimeParser) {
    super();
    this.Name = f.name;
    this.Data = base64Bytes(f.data);
    this.ModTime = time(f.modtime);
  }
}

/** helm's `v1.HookExecution` (a struct value, not a pointer). */
class GoHookExecution extends GoStruct {
  override readonly goTypeName = 'v1.HookExecution';
  StartedAt: unknown;
  CompletedAt: unknown;
  Phase: string;
  constructor(h: Hook['last_run'] | undefined, time: TimeParser) {
    super();
    this.StartedAt = time(h?.started_at);
    this.CompletedAt = time(h?.completed_at);
    this.Phase = h?.phase ?? '';
  }
}

/** helm's `*v1.Hook`. */
class GoHook extends GoStruct {
  override readonly goTypeName = '*v1.Hook';
  Name: string;
  Kind: string;
  Path: string;
  Manifest: string;
  Events: string[];
  LastRun: GoHookExecution;
  Weight: bigint;
  DeletePolicies: string[];
  OutputLogPolicies: string[];
  constructor(h: Hook, time: TimeParser) {
    super();
    this.Name = h.name ?? '';
    this.Kind = h.kind ?? '';
    this.Path = h.path ?? '';
    this.Manifest = h.manifest ?? '';
    this.Events = slice(h.events);
    this.LastRun = new GoHookExecution(h.last_run, time);
    this.Weight = BigInt(h.weight ?? 0);
    this.DeletePolicies = slice(h.delete_policies);
    this.OutputLogPolicies = slice(h.output_log_policies);
  }
}

/** helm's `*v1.Info`. */
class GoInfo extends GoStruct {
  override readonly goTypeName = '*v1.Info';
  FirstDeployed: unknown;
  LastDeployed: unknown;
  Deleted: unknown;
  Description: string;
  Status: string;
  Notes: string;
  Resources: GoMap;
  constructor(i: Release['info'], time: TimeParser) {
    super();
    this.FirstDeployed = time(i.first_deployed);
    this.LastDeployed = time(i.last_deployed);
    this.Deleted = time(i.deleted);
    this.Description = i.description ?? '';
    this.Status = i.status ?? '';
    this.Notes = i.notes ?? '';
    this.Resources = (i.resources as GoMap | undefined) ?? {};
  }
}

/** The chart module's Go structs (Metadata, Dependency, …), loaded with the engine. */
type ChartStructs = typeof chartModule;

function goDependency(c: ChartStructs, d: ChartDependency | null): Dependency | null {
  if (!d) return null;
  const g = new c.Dependency();
  g.Name = d.name ?? '';
  g.Version = d.version ?? '';
  g.Repository = d.repository ?? '';
  g.Condition = d.condition ?? '';
  g.Tags = slice(d.tags);
  g.Enabled = d.enabled ?? false;
  g.ImportValues = slice(d['import-values']);
  g.Alias = d.alias ?? '';
  return g;
}

function goMetadata(c: ChartStructs, m: ChartMetadata | null): Metadata | null {
  if (!m) return null;
  const g = new c.Metadata();
  g.Name = m.name ?? '';
  g.Home = m.home ?? '';
  g.Sources = slice(m.sources);
  g.Version = m.version ?? '';
  g.Description = m.description ?? '';
  g.Keywords = slice(m.keywords);
  g.Maintainers = slice(m.maintainers).map((x) => {
    if (!x) return null;
    const mt = new c.Maintainer();
    mt.Name = x.name ?? '';
    mt.Email = x.email ?? '';
    mt.URL = x.url ?? '';
    return mt;
  });
  g.Icon = m.icon ?? '';
  g.APIVersion = m.apiVersion ?? '';
  g.Condition = m.condition ?? '';
  g.Tags = m.tags ?? '';
  g.AppVersion = m.appVersion ?? '';
  g.Deprecated = m.deprecated ?? false;
  g.Annotations = { ...m.annotations };
  g.KubeVersion = m.kubeVersion ?? '';
  g.Dependencies = slice(m.dependencies).map((d) => goDependency(c, d));
  g.Type = m.type ?? '';
  return g;
}

/** helm's `*v2.Chart` as a stored release holds it: the top-level chart, no parent, no dependencies. */
class GoChart extends GoStruct {
  override readonly goTypeName = '*v2.Chart';
  Raw: GoFile[] = [];
  Metadata: Metadata | null;
  Lock: Lock | null;
  Templates: GoFile[];
  Values: GoMap;
  Schema: Uint8Array;
  SchemaModTime: unknown;
  Files: GoFile[];
  ModTime: unknown;
  constructor(c: ReleaseChart, time: TimeParser, structs: ChartStructs) {
    super();
    this.Metadata = goMetadata(structs, c.metadata);
    if (c.lock) {
      const l = new structs.Lock();
      l.Generated = c.lock.generated;
      l.Digest = c.lock.digest;
      l.Dependencies = slice(c.lock.dependencies).map((d) => goDependency(structs, d));
      this.Lock = l;
    } else this.Lock = null;
    this.Templates = slice(c.templates).map((f) => new GoFile(f, time));
    this.Values = c.values ?? {};
    this.Schema = base64Bytes(c.schema);
    this.SchemaModTime = time(c.schemamodtime);
    this.Files = slice(c.files).map((f) => new GoFile(f, time));
    this.ModTime = time(c.modtime);
  }

  override goMethods(): readonly string[] {
    return ['Name', 'AppVersion', 'IsRoot', 'ChartPath', 'ChartFullPath', 'Dependencies', 'Parent', 'Root'];
  }
  Name(): string {
    return this.Metadata?.Name ?? '';
  }
  AppVersion(): string {
    return this.Metadata?.AppVersion ?? '';
  }
  IsRoot(): boolean {
    return true;
  }
  ChartPath(): string {
    return this.Name();
  }
  ChartFullPath(): string {
    return this.Name();
  }
  Dependencies(): GoChart[] {
    return [];
  }
  /** A stored chart is a root: no parent (Go prints the nil pointer `<nil>`; here `<no value>`). */
  Parent(): null {
    return null;
  }
  Root(): GoChart {
    return this;
  }
}

/** helm 4's `*v1.Release`. */
class GoRelease extends GoStruct {
  override readonly goTypeName = '*v1.Release';
  Name: string;
  Info: GoInfo | null;
  Chart: GoChart | null;
  Config: GoMap;
  Manifest: string;
  Hooks: GoHook[];
  Version: bigint;
  Namespace: string;
  Labels: Record<string, string>;
  ApplyMethod: string;
  constructor(r: Release, time: TimeParser, structs: ChartStructs) {
    super();
    this.Name = r.name ?? '';
    this.Info = r.info ? new GoInfo(r.info, time) : null;
    this.Chart = r.chart ? new GoChart(r.chart, time, structs) : null;
    this.Config = r.config ?? {};
    this.Manifest = r.manifest ?? '';
    this.Hooks = slice(r.hooks).map((h) => new GoHook(h, time));
    this.Version = BigInt(r.version ?? 0);
    this.Namespace = r.namespace ?? '';
    this.Labels = { ...r.labels };
    this.ApplyMethod = r.apply_method ?? '';
  }
}

/** The data helm's `get all --template` executes against: `{"Release": *v1.Release}`. */
export async function releaseTemplateData(rel: Release): Promise<GoMap> {
  const lib = await loadRenderLib();
  return { Release: new GoRelease(rel, timeParser(lib), lib.chart) };
}

/**
 * Parses and executes `text` over the release as helm's `tpl` does: text/template's own
 * functions only, template name "_". Throws gotemplate's TemplateParseError / TemplateExecError
 * with Go's messages (`template: _:1: function "upper" not defined`).
 */
export async function executeReleaseTemplate(text: string, rel: Release): Promise<string> {
  const set = new TemplateSet(new Map(), { name: '_' });
  set.parse('_', text);
  return set.execute('_', await releaseTemplateData(rel));
}
