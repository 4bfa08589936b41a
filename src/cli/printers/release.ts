/** How helm prints releases: status block, list and history tables, values as YAML or JSON. */
import { goJsonQuote, marshalJson, toYaml } from '../../encoding/index.js';
import type { Release } from '../../release/index.js';
import { goTimeANSIC, goTimeString, uiTable } from './go-time.js';

export function chartName(r: Release): string {
  const m = r.chart?.metadata;
  return m ? `${m.name ?? ''}-${m.version ?? ''}` : 'MISSING';
}

export function appVersion(r: Release): string {
  return r.chart?.metadata ? (r.chart.metadata.appVersion ?? '') : 'MISSING';
}

/** A Go nil map for an empty one: helm stores no `config` when there are no user values. */
export function userValues(rel: Release): unknown {
  return rel.config && Object.keys(rel.config).length > 0 ? rel.config : null;
}

/** k8s.io/apimachinery labels.Set.String(): sorted key=value pairs joined by commas. */
export function labelsString(labels: Record<string, string> | undefined): string {
  return Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${labels![k]}`)
    .join(',');
}

/** Go's time.Format(time.RFC3339) of a record time (no fractional seconds). */
export function rfc3339Seconds(t: string | undefined): string {
  if (!t) return '0001-01-01T00:00:00Z';
  return t.replace(/\.\d+(?=Z|[+-]\d{2}:\d{2}$)/, '');
}

const applyMethods: Record<string, string> = {
  '': 'client-side apply (defaulted)',
  csa: 'client-side apply',
  ssa: 'server-side apply',
};

/** helm 4's `get metadata` (pkg/action/get_metadata.go Metadata, in field order). */
export function metadataDocument(rel: Release): Record<string, unknown> {
  const m = rel.chart?.metadata ?? ({} as NonNullable<Release['chart']['metadata']>);
  const doc: Record<string, unknown> = {
    name: rel.name,
    chart: m.name ?? '',
    version: m.version ?? '',
    appVersion: m.appVersion ?? '',
  };
  if (m.annotations && Object.keys(m.annotations).length) doc.annotations = m.annotations;
  if (rel.labels && Object.keys(rel.labels).length) doc.labels = rel.labels;
  if (m.dependencies?.length) doc.dependencies = m.dependencies;
  doc.namespace = rel.namespace;
  doc.revision = rel.version;
  doc.status = rel.info.status;
  doc.deployedAt = rfc3339Seconds(rel.info.last_deployed);
  if (rel.apply_method) doc.applyMethod = rel.apply_method;
  return doc;
}

export function metadataText(rel: Release): string {
  const d = metadataDocument(rel);
  const m = rel.chart?.metadata;
  const deps = (m?.dependencies ?? []).map((x) => x.name).sort();
  const method = rel.apply_method ?? '';
  return [
    `NAME: ${d.name}`,
    `CHART: ${d.chart}`,
    `VERSION: ${d.version}`,
    `APP_VERSION: ${d.appVersion}`,
    `ANNOTATIONS: ${labelsString(m?.annotations as Record<string, string> | undefined)}`,
    `LABELS: ${labelsString(rel.labels)}`,
    `DEPENDENCIES: ${deps.join(',')}`,
    `NAMESPACE: ${d.namespace}`,
    `REVISION: ${d.revision}`,
    `STATUS: ${d.status}`,
    `DEPLOYED_AT: ${d.deployedAt}`,
    `APPLY_METHOD: ${applyMethods[method] ?? `unknown (${JSON.stringify(method)})`}`,
    '',
  ].join('\n');
}

export interface StatusTextOptions {
  showMetadata?: boolean;
  hideNotes?: boolean;
  /** The RESOURCES block (printers/resources.ts), placed after DESCRIPTION. */
  resources?: string;
  /** `get all`: values, computed values, hooks and manifest. */
  debug?: boolean;
  computed?: unknown;
}

/** helm's statusPrinter (install, upgrade, status, test, get all). */
export function statusText(rel: Release, opts: StatusTextOptions = {}): string {
  let out = `NAME: ${rel.name}\n`;
  if (rel.info.last_deployed) out += `LAST DEPLOYED: ${goTimeANSIC(rel.info.last_deployed)}\n`;
  out += `NAMESPACE: ${rel.namespace}\nSTATUS: ${rel.info.status}\nREVISION: ${rel.version}\n`;
  if (opts.showMetadata) {
    out += `CHART: ${rel.chart.metadata?.name ?? ''}\nVERSION: ${rel.chart.metadata?.version ?? ''}\nAPP_VERSION: ${rel.chart.metadata?.appVersion ?? ''}\n`;
  }
  out += `DESCRIPTION: ${rel.info.description}\n`;
  if (opts.resources) out += opts.resources;
  const tests = rel.hooks.filter((h) => h.events.includes('test'));
  if (tests.length === 0) out += 'TEST SUITE: None\n';
  else {
    for (const h of tests) {
      if (!h.last_run.started_at) continue;
      out += `TEST SUITE:     ${h.name}\nLast Started:   ${goTimeANSIC(h.last_run.started_at)}\nLast Completed: ${goTimeANSIC(h.last_run.completed_at)}\nPhase:          ${h.last_run.phase}\n`;
    }
  }
  if (opts.debug) {
    out += `USER-SUPPLIED VALUES:\n${toYaml(userValues(rel))}\n`;
    out += `COMPUTED VALUES:\n${toYaml(opts.computed ?? null)}\n`;
  }
  if (rel.info.description.toLowerCase() === 'dry run complete' || opts.debug) {
    out += 'HOOKS:\n';
    for (const h of rel.hooks) out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    out += `MANIFEST:\n${rel.manifest}\n`;
  }
  if (!opts.hideNotes && rel.info.notes.length > 0) out += `NOTES:\n${rel.info.notes.trim()}\n`;
  return out;
}

export interface ListElement {
  name: string;
  namespace: string;
  revision: string;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
}

export function listElements(rels: readonly Release[]): ListElement[] {
  return rels.map((r) => ({
    name: r.name,
    namespace: r.namespace,
    revision: String(r.version),
    updated: goTimeString(r.info.last_deployed),
    status: r.info.status,
    chart: chartName(r),
    app_version: appVersion(r),
  }));
}

export function listTable(rels: readonly Release[], noHeaders = false): string {
  const rows: string[][] = noHeaders
    ? []
    : [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']];
  for (const e of listElements(rels))
    rows.push([e.name, e.namespace, e.revision, e.updated, e.status, e.chart, e.app_version]);
  return `${uiTable(rows)}\n`;
}

export interface HistoryElement {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}

export function historyElements(rels: readonly Release[]): HistoryElement[] {
  return rels.map((r) => ({
    revision: r.version,
    updated: r.info.last_deployed ?? '',
    status: r.info.status,
    chart: chartName(r),
    app_version: appVersion(r),
    description: r.info.description,
  }));
}

export function historyTable(rels: readonly Release[]): string {
  const rows: string[][] = [['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION']];
  for (const r of rels) {
    rows.push([
      String(r.version),
      goTimeANSIC(r.info.last_deployed),
      r.info.status,
      chartName(r),
      appVersion(r),
      r.info.description,
    ]);
  }
  return `${uiTable(rows)}\n`;
}

/** Values as helm's `get values` prints them (YAML by default, with the header line). */
export function valuesText(values: unknown, format: string, header = true): string {
  if (format === 'json') return `${marshalJson(values ?? null)}\n`;
  const body = toYaml(values ?? null);
  return header ? `USER-SUPPLIED VALUES:\n${body}` : body;
}

/** json.Marshal of a struct: `doc`'s keys in their own order (values marshalled as Go does). */
export function structJson(doc: Record<string, unknown>): string {
  return `{${Object.entries(doc)
    .map(([k, v]) => `${goJsonQuote(k, true)}:${marshalJson(v)}`)
    .join(',')}}`;
}

export function encode(value: unknown, format: string): string {
  return format === 'json' ? `${marshalJson(value)}\n` : toYaml(value);
}
