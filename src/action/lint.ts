/**
 * `helm lint`: checks that a chart is well-formed, with helm v4's rules and messages
 * (pkg/chart/v2/lint): Chart.yaml, values.yaml (and its schema), the templates rendered in lint
 * mode (required/fail do not stop the render) and the YAML they produce, dependencies, CRDs.
 *
 * A message is `[SEVERITY] path: text`; the CLI prints them under `==> Linting PATH`.
 * API deprecations come from a table of what helm v4.1.4 (client-go 1.35's scheme) reports.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { Chart } from '../chart/index.js';
import { parseYaml, parseYamlAll, YamlSyntaxError } from '../encoding/index.js';
import type { KubeVersion } from '../engine/index.js';
import { type GoMap, isMap } from '../gotemplate/index.js';
import { parseConstraint, parseStrictVersion, parseVersion } from '../semver/index.js';
import { loadRenderLib, type RenderLib } from './lazy.js';
import { deprecationProblem } from './lint-deprecations.js';
import { renderValuesWith } from './render.js';

export enum Severity {
  Info = 1,
  Warning = 2,
  Error = 3,
}

const severityNames = ['UNKNOWN', 'INFO', 'WARNING', 'ERROR'];

export interface LintMessage {
  readonly severity: Severity;
  readonly path: string;
  readonly text: string;
}

/** helm's `Message.Error()`: `[ERROR] templates/: …`. */
export function formatLintMessage(m: LintMessage): string {
  return `[${severityNames[m.severity]}] ${m.path}: ${m.text}`;
}

export interface LintOptions {
  /** User values (-f/--set), coalesced over values.yaml. */
  readonly values: GoMap;
  readonly namespace: string;
  readonly strict?: boolean;
  readonly kubeVersion?: KubeVersion;
  readonly skipSchemaValidation?: boolean;
}

export interface LintResult {
  readonly messages: LintMessage[];
  /** Errors that fail the chart: messages at or above the tolerance, or a setup error. */
  readonly errors: string[];
}

/** A path that cannot be linted at all (not a chart, unreadable archive). */
export class LintSetupError extends Error {
  readonly code = 'ELINT_SETUP';
}

/** Lints one chart folder or archive (helm's action.Lint.Run for one path). */
export async function lintPath(path: string, opts: LintOptions): Promise<LintResult> {
  const lib = await loadRenderLib();
  let messages: LintMessage[];
  try {
    messages = lintChartPath(lib, path, opts);
  } catch (err) {
    if (err instanceof LintSetupError) return { messages: [], errors: [err.message] };
    throw err;
  }
  const tolerance = opts.strict ? Severity.Warning : Severity.Error;
  return { messages, errors: messages.filter((m) => m.severity >= tolerance).map((m) => m.text) };
}

/** Whether a result should be reported under --quiet (warnings, errors or failures). */
export function hasWarningsOrErrors(r: LintResult): boolean {
  return r.messages.some((m) => m.severity > Severity.Info) || r.errors.length > 0;
}

function lintChartPath(lib: RenderLib, path: string, opts: LintOptions): LintMessage[] {
  if (path.endsWith('.tgz') || path.endsWith('.tar.gz')) {
    let chart: Chart;
    try {
      chart = lib.chart.loadArchiveFile(path);
    } catch (err) {
      throw new LintSetupError(`unable to extract tarball: ${(err as Error).message}`, { cause: err });
    }
    const dir = mkdtempSync(join(tmpdir(), 'helm-lint'));
    try {
      const chartDir = join(dir, chart.name);
      writeChartFiles(chart, chartDir);
      return runAll(lib, chartDir, opts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const chartYaml = join(path, 'Chart.yaml');
  if (!existsSync(chartYaml)) {
    throw new LintSetupError(
      `unable to check Chart.yaml file in chart: stat ${chartYaml}: no such file or directory`,
    );
  }
  return runAll(lib, path, opts);
}

function writeChartFiles(chart: Chart, dir: string): void {
  for (const f of chart.raw) {
    const p = join(dir, f.name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, f.data);
  }
}

class Linter {
  readonly messages: LintMessage[] = [];
  /** chart, engine and values, loaded by lintPath. */
  constructor(readonly lib: RenderLib) {}
  /** helm's RunLinterRule: records a failed rule, tells whether the rule passed. */
  rule(severity: Severity, path: string, text: string | undefined): boolean {
    if (text === undefined) return true;
    this.messages.push({ severity, path, text });
    return false;
  }
}

function runAll(lib: RenderLib, baseDir: string, opts: LintOptions): LintMessage[] {
  const chartDir = resolve(baseDir);
  const l = new Linter(lib);
  lintChartfile(l, chartDir);
  lintValues(l, chartDir, opts);
  lintTemplates(l, chartDir, opts);
  lintDependencies(l, chartDir);
  lintCrds(l, chartDir);
  return l.messages;
}

// ---------------------------------------------------------------- Chart.yaml

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function lintChartfile(l: Linter, chartDir: string): void {
  const file = 'Chart.yaml';
  const p = join(chartDir, file);
  if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) {
    l.rule(Severity.Error, file, 'should be a file, not a directory');
  }
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(p, 'utf8'), { filename: file });
  } catch (err) {
    l.rule(Severity.Error, file, `unable to parse YAML\n\t${(err as Error).message}`);
    return;
  }
  const cf: GoMap = isMap(doc) ? doc : {};
  const unknown = firstUnknownField(l.lib, cf);
  if (unknown) {
    l.rule(
      Severity.Warning,
      file,
      `failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field "${unknown}"`,
    );
  }
  const name = str(cf.name);
  l.rule(
    Severity.Error,
    file,
    name === ''
      ? 'name is required'
      : basename(name) !== name
        ? `chart name ${JSON.stringify(name)} is invalid`
        : undefined,
  );
  const apiVersion = str(cf.apiVersion);
  l.rule(
    Severity.Error,
    file,
    apiVersion === ''
      ? 'apiVersion is required. The value must be either "v1" or "v2"'
      : apiVersion !== 'v1' && apiVersion !== 'v2'
        ? `apiVersion '${apiVersion}' is not valid. The value must be either "v1" or "v2"`
        : undefined,
  );
  const typeProblem = (key: string): string | undefined =>
    key in cf && goTypeName(cf[key]) !== 'string'
      ? `${key} should be of type string but it's of type ${goTypeName(cf[key])}`
      : undefined;
  l.rule(Severity.Error, file, typeProblem('version'));
  l.rule(Severity.Error, file, checkVersion(str(cf.version)));
  l.rule(Severity.Error, file, typeProblem('appVersion'));
  l.rule(Severity.Error, file, checkMaintainers(cf.maintainers));
  const sources = Array.isArray(cf.sources) ? cf.sources : [];
  const badSource = sources.find((s) => !isRequestURL(str(s)));
  l.rule(
    Severity.Error,
    file,
    badSource === undefined ? undefined : `invalid source URL '${str(badSource)}'`,
  );
  const icon = str(cf.icon);
  l.rule(Severity.Info, file, icon === '' ? 'icon is recommended' : undefined);
  l.rule(Severity.Error, file, icon !== '' && !isRequestURL(icon) ? `invalid icon URL '${icon}'` : undefined);
  l.rule(
    Severity.Error,
    file,
    str(cf.type) !== '' && apiVersion !== 'v2'
      ? `chart type is not valid in apiVersion '${apiVersion}'. It is valid in apiVersion 'v2'`
      : undefined,
  );
  const deps = Array.isArray(cf.dependencies) ? cf.dependencies : [];
  l.rule(
    Severity.Error,
    file,
    deps.length > 0 && apiVersion !== 'v2'
      ? `dependencies are not valid in the Chart file with apiVersion '${apiVersion}'. They are valid in apiVersion 'v2'`
      : undefined,
  );
  let strict: string | undefined;
  try {
    parseStrictVersion(str(cf.version));
  } catch {
    strict = `version '${str(cf.version)}' is not a valid SemVerV2`;
  }
  l.rule(Severity.Warning, file, strict);
}

function checkVersion(version: string): string | undefined {
  if (version === '') return 'version is required';
  let v: ReturnType<typeof parseVersion>;
  try {
    v = parseVersion(version);
  } catch {
    return `version '${version}' is not a valid SemVer`;
  }
  const r = parseConstraint('>0.0.0-0').validate(v);
  return !r.ok && r.reasons.length > 0 ? `version ${r.reasons[0]}` : undefined;
}

function checkMaintainers(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const m of list) {
    if (!isMap(m)) return 'a maintainer entry is empty';
    const name = str(m.name);
    const email = str(m.email);
    const url = str(m.url);
    if (name === '') return 'each maintainer requires a name';
    if (email !== '' && !isEmail(email)) return `invalid email '${email}' for maintainer '${name}'`;
    if (url !== '' && !isURL(url)) return `invalid url '${url}' for maintainer '${name}'`;
  }
  return undefined;
}

/** govalidator.IsEmail, approximately: one @, a dotted domain, no spaces. */
function isEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);
}

/** govalidator.IsRequestURL: url.ParseRequestURI succeeds and the URL has a scheme. */
function isRequestURL(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s);
}

/** govalidator.IsURL, approximately: an optional scheme, then a host. */
function isURL(s: string): boolean {
  if (s.length >= 2083 || s.length <= 3 || s.startsWith('.') || /\s/.test(s)) return false;
  return /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/:?#]+(:\d+)?([/?#].*)?$/.test(s);
}

/** The first field encoding/json's DisallowUnknownFields stops at (keys in sorted order, depth first). */
function firstUnknownField(lib: RenderLib, cf: GoMap): string | undefined {
  const metadataFields = new Set(lib.chart.METADATA_JSON_KEYS);
  const maintainerFields = new Set(lib.chart.MAINTAINER_JSON_KEYS);
  const dependencyFields = new Set(lib.chart.DEPENDENCY_JSON_KEYS);
  for (const key of Object.keys(cf).sort()) {
    if (!matchesField(metadataFields, key)) return key;
    const nested =
      key === 'maintainers' ? maintainerFields : key === 'dependencies' ? dependencyFields : null;
    const list = cf[key];
    if (nested && Array.isArray(list)) {
      for (const item of list) {
        if (!isMap(item)) continue;
        for (const k of Object.keys(item).sort()) if (!matchesField(nested, k)) return k;
      }
    }
  }
  return undefined;
}

/** encoding/json matches field names case-insensitively. */
function matchesField(fields: Set<string>, key: string): boolean {
  if (fields.has(key)) return true;
  const lower = key.toLowerCase();
  for (const f of fields) if (f.toLowerCase() === lower) return true;
  return false;
}

// ---------------------------------------------------------------- values.yaml

function lintValues(l: Linter, chartDir: string, opts: LintOptions): void {
  const file = 'values.yaml';
  const p = join(chartDir, file);
  if (!l.rule(Severity.Info, file, existsSync(p) ? undefined : 'file does not exist')) return;
  let values: GoMap;
  try {
    const doc = parseYaml(readFileSync(p, 'utf8'), { filename: file });
    values = isMap(doc) ? doc : {};
  } catch (err) {
    l.rule(Severity.Error, file, `unable to parse YAML: ${(err as Error).message}`);
    return;
  }
  const schemaPath = join(chartDir, 'values.schema.json');
  const schema = existsSync(schemaPath) ? readFileSync(schemaPath) : undefined;
  if (!schema || schema.length === 0 || opts.skipSchemaValidation) return;
  const { coalesceTables } = l.lib.values;
  const coalesced = coalesceTables(coalesceTables({}, structuredClone(opts.values)), values) ?? {};
  const problems = l.lib.chart.validateAgainstSingleSchema(coalesced, schema);
  l.rule(Severity.Error, file, problems);
}

// ---------------------------------------------------------------- templates

function lintTemplates(l: Linter, chartDir: string, opts: LintOptions): void {
  const dir = 'templates/';
  const st = statSync(join(chartDir, 'templates'), { throwIfNoEntry: false });
  if (!l.rule(Severity.Warning, dir, st ? undefined : 'directory does not exist')) return;
  if (!l.rule(Severity.Error, dir, st?.isDirectory() ? undefined : 'not a directory')) return;
  let chart: Chart;
  try {
    chart = l.lib.chart.loadDir(chartDir);
  } catch (err) {
    l.rule(Severity.Error, dir, (err as Error).message);
    return;
  }
  const { Capabilities, defaultAPIVersions, helmFuncs, renderChart, toRenderChart } = l.lib.engine;
  const capabilities = new Capabilities({
    ...(opts.kubeVersion ? { kubeVersion: opts.kubeVersion } : {}),
    apiVersions: [...defaultAPIVersions],
  });
  let processed: Chart;
  try {
    processed = l.lib.chart.processDependencies(chart, opts.values);
  } catch {
    return;
  }
  let top: GoMap;
  try {
    top = renderValuesWith(
      l.lib,
      processed,
      opts.values,
      { name: 'test-release', namespace: opts.namespace, revision: 0, isInstall: false, isUpgrade: false },
      capabilities,
      opts.skipSchemaValidation ?? false,
    );
  } catch (err) {
    l.rule(Severity.Error, dir, (err as Error).message);
    return;
  }
  let rendered: Map<string, string>;
  try {
    rendered = renderChart(toRenderChart(processed), top, helmFuncs(), { lintMode: true });
  } catch (err) {
    l.rule(Severity.Error, dir, (err as Error).message);
    return;
  }
  for (const t of chart.templates) {
    const name = t.name;
    const ext = extname(name);
    l.rule(
      Severity.Error,
      name,
      ['.yaml', '.yml', '.tpl', '.txt'].includes(ext)
        ? undefined
        : `file extension '${ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt`,
    );
    const lower = ext.toLowerCase();
    if (lower !== '.yaml' && lower !== '.yml') continue;
    const content = rendered.get(`${chart.name}/${name}`) ?? '';
    if (content.trim() === '') continue;
    l.rule(Severity.Warning, name, topIndentProblem(content));
    for (const doc of splitYamlDocuments(content)) {
      let obj: unknown;
      try {
        obj = parseYaml(doc, { filename: name });
      } catch (err) {
        const msg = err instanceof YamlSyntaxError ? err.message : (err as Error).message;
        l.rule(Severity.Error, name, `unable to parse YAML: ${msg}`);
        return;
      }
      if (obj === null || obj === undefined) continue;
      if (!isMap(obj)) {
        l.rule(
          Severity.Error,
          name,
          `unable to parse YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(obj)} into Go value of type rules.k8sYamlStruct`,
        );
        return;
      }
      const kind = str(obj.kind);
      const meta = isMap(obj.metadata) ? obj.metadata : {};
      const objName = str(meta.name);
      l.rule(Severity.Warning, name, nameProblem(kind, objName));
      l.rule(Severity.Warning, name, deprecationProblem(str(obj.apiVersion), kind, opts.kubeVersion));
      if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(kind)) {
        l.rule(
          Severity.Error,
          name,
          content.includes('matchLabels') || content.includes('matchExpressions')
            ? undefined
            : `a ${kind} must contain matchLabels or matchExpressions, and ${JSON.stringify(objName)} does not`,
        );
      }
      if (kind === 'List') l.rule(Severity.Error, name, listAnnotationProblem(content));
    }
  }
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'array';
}

/** Documents as k8s's YAMLReader splits them: at lines starting with `---`. */
function splitYamlDocuments(content: string): string[] {
  const docs: string[] = [];
  let cur = '';
  for (const line of content.split(/(?<=\n)/)) {
    if (line.startsWith('---')) {
      if (cur !== '') docs.push(cur);
      cur = '';
      continue;
    }
    cur += line;
  }
  if (cur !== '') docs.push(cur);
  return docs;
}

function topIndentProblem(content: string): string | undefined {
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      return `document starts with an illegal indent: ${goQuote(line)}, which may cause parsing problems`;
    }
    return undefined;
  }
  return undefined;
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u001b/g, '\\x1b');
}

function listAnnotationProblem(content: string): string | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(content, {});
  } catch (err) {
    return `unable to parse YAML: ${(err as Error).message}`;
  }
  const items = isMap(doc) && Array.isArray(doc.items) ? doc.items : [];
  for (const item of items) {
    const ann =
      isMap(item) && isMap(item.metadata) && isMap(item.metadata.annotations)
        ? item.metadata.annotations
        : {};
    if ('helm.sh/resource-policy' in ann)
      return "annotation 'helm.sh/resource-policy' within List objects are ignored";
  }
  return undefined;
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/**
 * The reasons k8s's name validation for the kind gives (helm's validateMetadataNameFunc): Service
 * names are DNS-1035 labels, Namespaces RFC 1123 labels, RBAC objects path segments, every other
 * kind (ServiceAccount included) an RFC 1123 subdomain.
 */
function nameReasons(kind: string, name: string): string[] {
  const k = kind.toLowerCase();
  const out: string[] = [];
  if (k === 'certificatesigningrequest') return out;
  if (['role', 'clusterrole', 'rolebinding', 'clusterrolebinding'].includes(k)) {
    if (name === '.' || name === '..') out.push(`may not be '${name}'`);
    for (const bad of ['/', '%']) if (name.includes(bad)) out.push(`may not contain '${bad}'`);
    return out;
  }
  if (k === 'service') {
    if (name.length > 63) out.push('must be no more than 63 characters');
    if (!dns1035Label.test(name)) out.push(dns1035Msg);
    return out;
  }
  if (k === 'namespace') {
    if (name.length > 63) out.push('must be no more than 63 characters');
    // A valid subdomain that is not a valid label can only be wrong because of its dots.
    if (!dns1123Label.test(name)) out.push(dns1123Subdomain.test(name) ? 'must not contain dots' : labelMsg);
    return out;
  }
  if (name.length > 253) out.push('must be no more than 253 characters');
  if (!dns1123Subdomain.test(name)) out.push(subdomainMsg);
  return out;
}

function nameProblem(kind: string, name: string): string | undefined {
  const reasons = nameReasons(kind, name);
  if (reasons.length === 0) return undefined;
  const q = JSON.stringify(name);
  const errs = reasons.map((r) => `metadata.name: Invalid value: ${q}: ${r}`);
  const agg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
  return `object name does not conform to Kubernetes naming requirements: ${q}: ${agg}`;
}

// ---------------------------------------------------------------- dependencies and CRDs

function lintDependencies(l: Linter, chartDir: string): void {
  let chart: Chart;
  try {
    chart = l.lib.chart.loadDir(chartDir);
  } catch (err) {
    l.rule(Severity.Error, '', `unable to load chart\n\t${(err as Error).message}`);
    return;
  }
  const declared = (chart.metadata.Dependencies ?? []).filter((d) => d !== null);
  const present = chart.dependencies.map((d) => d.name);
  const declaredNames = new Set(declared.map((d) => d.Name));
  const notDeclared = present.filter((n) => !declaredNames.has(n));
  l.rule(
    Severity.Error,
    chartDir,
    notDeclared.length > 0
      ? `chart metadata is missing these dependencies: ${notDeclared.join(',')}`
      : undefined,
  );
  const seen = new Set<string>();
  const shadowing: string[] = [];
  for (const d of declared) {
    const key = d.Alias || d.Name;
    if (seen.has(key)) shadowing.push(key);
    seen.add(key);
  }
  l.rule(
    Severity.Error,
    chartDir,
    shadowing.length > 0 ? `multiple dependencies with name or alias: ${shadowing.join(',')}` : undefined,
  );
  const presentSet = new Set(present);
  const missing = declared.filter((d) => !presentSet.has(d.Name)).map((d) => d.Name);
  l.rule(
    Severity.Warning,
    chartDir,
    missing.length > 0 ? `chart directory is missing these dependencies: ${missing.join(',')}` : undefined,
  );
}

function lintCrds(l: Linter, chartDir: string): void {
  const path = 'crds/';
  const st = statSync(join(chartDir, 'crds'), { throwIfNoEntry: false });
  if (!st) return;
  if (!l.rule(Severity.Error, path, st.isDirectory() ? undefined : 'not a directory')) return;
  let chart: Chart;
  try {
    chart = l.lib.chart.loadDir(chartDir);
  } catch (err) {
    l.rule(Severity.Error, path, (err as Error).message);
    return;
  }
  const utf8 = new TextDecoder();
  for (const crd of chart.crdObjects()) {
    let docs: unknown[];
    try {
      docs = parseYamlAll(utf8.decode(crd.file.data), { filename: crd.name });
    } catch (err) {
      l.rule(Severity.Error, crd.name, `unable to parse YAML: ${(err as Error).message}`);
      return;
    }
    for (const doc of docs) {
      if (!isMap(doc)) continue;
      l.rule(
        Severity.Error,
        crd.name,
        str(doc.apiVersion).startsWith('apiextensions.k8s.io')
          ? undefined
          : "apiVersion is not in 'apiextensions.k8s.io'",
      );
      l.rule(
        Severity.Error,
        crd.name,
        doc.kind === 'CustomResourceDefinition' ? undefined : "object kind is not 'CustomResourceDefinition'",
      );
    }
  }
}

/** Folders and archives under `charts/` (helm lint --with-subcharts), in walk order. */
export function subchartPaths(path: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (e === 'Chart.yaml') out.push(dir);
      else if (p.endsWith('.tgz') || p.endsWith('.tar.gz')) out.push(p);
    }
  };
  walk(join(path, 'charts'));
  return out;
}
