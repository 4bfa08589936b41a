/** How helm prints releases: status block, list and history tables, values as YAML or JSON. */
import { marshalJson, toYaml } from '../../encoding/index.js';
import type { Release } from '../../release/index.js';
import { goTimeANSIC, goTimeString, uiTable } from './go-time.js';

export function chartName(r: Release): string {
  const m = r.chart?.metadata;
  return m ? `${m.name ?? ''}-${m.version ?? ''}` : 'MISSING';
}

export function appVersion(r: Release): string {
  return r.chart?.metadata?.appVersion ?? 'MISSING';
}

/** helm's statusPrinter (install, upgrade, status). */
export function statusText(rel: Release, opts: { showMetadata?: boolean; hideNotes?: boolean } = {}): string {
  let out = `NAME: ${rel.name}\n`;
  if (rel.info.last_deployed) out += `LAST DEPLOYED: ${goTimeANSIC(rel.info.last_deployed)}\n`;
  out += `NAMESPACE: ${rel.namespace}\nSTATUS: ${rel.info.status}\nREVISION: ${rel.version}\n`;
  if (opts.showMetadata) {
    out += `CHART: ${rel.chart.metadata?.name ?? ''}\nVERSION: ${rel.chart.metadata?.version ?? ''}\nAPP_VERSION: ${rel.chart.metadata?.appVersion ?? ''}\n`;
  }
  out += `DESCRIPTION: ${rel.info.description}\n`;
  const tests = rel.hooks.filter((h) => h.events.includes('test'));
  if (tests.length === 0) out += 'TEST SUITE: None\n';
  else {
    for (const h of tests) {
      if (!h.last_run.started_at) continue;
      out += `TEST SUITE:     ${h.name}\nLast Started:   ${goTimeANSIC(h.last_run.started_at)}\nLast Completed: ${goTimeANSIC(h.last_run.completed_at)}\nPhase:          ${h.last_run.phase}\n`;
    }
  }
  if (rel.info.description.toLowerCase() === 'dry run complete') {
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

export function encode(value: unknown, format: string): string {
  return format === 'json' ? `${marshalJson(value)}\n` : toYaml(value);
}
