/**
 * A loaded chart (helm's pkg/chart/v2 Chart): metadata, templates, other files, default values,
 * schema, lock, and the subcharts found under `charts/`, each knowing its parent.
 */
import type { GoMap } from '../gotemplate/index.js';
import { deepCopyMap } from '../values/index.js';
import type { Lock, Metadata } from './metadata.js';

/** A file of a chart, named by its slash path inside the chart (`templates/deploy.yaml`). */
export interface ChartFile {
  readonly name: string;
  readonly data: Uint8Array;
  /** Modification time when known (directory or archive entry). */
  readonly modTime?: Date;
}

export class Chart {
  metadata: Metadata;
  lock: Lock | null = null;
  /** Files under `templates/`. */
  templates: ChartFile[] = [];
  /** Default values (values.yaml); `{}` when the chart has none. */
  values: GoMap = {};
  /** values.yaml as written (comments and all), for `helm show values`. */
  valuesText: string | null = null;
  /** values.schema.json bytes, if present. */
  schema: Uint8Array | null = null;
  /** Every file that is neither Chart.yaml, values.yaml, a lock, the schema, a template nor a subchart (what `.Files` sees). */
  files: ChartFile[] = [];
  /** All files as loaded, in load order. */
  raw: ChartFile[] = [];
  private parentChart: Chart | null = null;
  private deps: Chart[] = [];

  constructor(metadata: Metadata) {
    this.metadata = metadata;
  }

  /** Metadata name (the alias once dependencies are processed). */
  get name(): string {
    return this.metadata.Name;
  }

  get appVersion(): string {
    return this.metadata.AppVersion;
  }

  get parent(): Chart | null {
    return this.parentChart;
  }

  get dependencies(): readonly Chart[] {
    return this.deps;
  }

  get isRoot(): boolean {
    return this.parentChart === null;
  }

  get isLibrary(): boolean {
    return this.metadata.Type === 'library';
  }

  root(): Chart {
    return this.parentChart ? this.parentChart.root() : this;
  }

  addDependency(...charts: Chart[]): void {
    for (const c of charts) {
      c.parentChart = this;
      this.deps.push(c);
    }
  }

  setDependencies(...charts: Chart[]): void {
    this.deps = [];
    this.addDependency(...charts);
  }

  /** `parent.sub`: the chart's path in dot notation (helm's ChartPath). */
  chartPath(): string {
    return this.parentChart ? `${this.parentChart.chartPath()}.${this.name}` : this.name;
  }

  /** `parent/charts/sub`: the prefix of template names and `# Source:` lines (helm's ChartFullPath). */
  chartFullPath(): string {
    return this.parentChart ? `${this.parentChart.chartFullPath()}/charts/${this.name}` : this.name;
  }

  /** Files under `crds/` with a .yaml, .yml or .json extension, this chart's first then its subcharts'. */
  crdObjects(): { name: string; filename: string; file: ChartFile }[] {
    const out: { name: string; filename: string; file: ChartFile }[] = [];
    for (const f of this.files) {
      if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name))
        out.push({ name: f.name, filename: `${this.chartFullPath()}/${f.name}`, file: f });
    }
    for (const d of this.deps) out.push(...d.crdObjects());
    return out;
  }

  /**
   * The chart as helm stores it in a release record (encoding/json of *chart.Chart): metadata,
   * lock, templates, values, schema and files of THIS chart only (helm keeps no subcharts there),
   * byte contents as base64. helm v4 adds `modtime` to files and `schemamodtime`; v3 does not.
   */
  toJSONValue(opts: { helm?: 'v3' | 'v4' } = {}): GoMap {
    const v4 = opts.helm !== 'v3';
    const file = (f: ChartFile): GoMap => {
      const o: GoMap = { name: f.name, data: Buffer.from(f.data).toString('base64') };
      if (v4 && f.modTime && f.modTime.getTime() !== 0) o.modtime = goTime(f.modTime);
      return o;
    };
    const out: GoMap = {
      metadata: this.metadata.toJSONValue(),
      lock: this.lock ? this.lock.toJSONValue() : null,
      templates: this.templates.map(file),
      values: this.values,
      schema: this.schema ? Buffer.from(this.schema).toString('base64') : null,
    };
    const modTimeOf = (name: string): Date | undefined => this.raw.find((f) => f.name === name)?.modTime;
    if (v4) {
      const st = modTimeOf('values.schema.json');
      out.schemamodtime = st && st.getTime() !== 0 ? goTime(st) : '0001-01-01T00:00:00Z';
    }
    out.files = this.files.map(file);
    const ct = modTimeOf('Chart.yaml');
    if (v4 && ct && ct.getTime() !== 0) out.modtime = goTime(ct);
    return out;
  }

  /**
   * A shallow copy as helm's `out := *c` makes it: same files and values, a copy of the
   * metadata (with its own dependency entries), and copies of the subchart list's charts.
   */
  shallowCopy(): Chart {
    const c = new Chart(this.metadata.clone());
    c.lock = this.lock;
    c.templates = this.templates;
    c.values = this.values;
    c.valuesText = this.valuesText;
    c.schema = this.schema;
    c.files = this.files;
    c.raw = this.raw;
    c.parentChart = this.parentChart;
    for (const d of this.deps) {
      const cp = d.shallowCopyKeepingMetadata();
      c.addDependency(cp);
    }
    return c;
  }

  /** `cpy := *dep`: shares metadata and subcharts with the original. */
  private shallowCopyKeepingMetadata(): Chart {
    const c = new Chart(this.metadata);
    c.lock = this.lock;
    c.templates = this.templates;
    c.values = this.values;
    c.valuesText = this.valuesText;
    c.schema = this.schema;
    c.files = this.files;
    c.raw = this.raw;
    c.deps = this.deps;
    return c;
  }

  /** A deep copy of the tree (metadata and values copied), so processing dependencies cannot touch the original. */
  cloneTree(): Chart {
    const c = new Chart(this.metadata.clone());
    c.lock = this.lock;
    c.templates = this.templates;
    c.values = deepCopyMap(this.values);
    c.valuesText = this.valuesText;
    c.schema = this.schema;
    c.files = this.files;
    c.raw = this.raw;
    for (const d of this.deps) c.addDependency(d.cloneTree());
    return c;
  }
}

/** Go's time.Time JSON (RFC 3339 with fractional seconds trimmed), in UTC. */
function goTime(d: Date): string {
  const iso = d.toISOString();
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const t = frac.replace(/0+$/, '');
    return t === '' ? 'Z' : `.${t}Z`;
  });
}
