/**
 * helm 4's RESOURCES section of `status`: each object's server-side Table printed by kubectl's
 * TablePrinter (headers once per section, priority-0 columns, upper-case names), each through
 * its own Go text/tabwriter (minwidth 6, tabwidth 4, padding 3), as kubectl's printer does when
 * handed a plain buffer.
 */
import type { ResourceSection, ServerTable } from '../../action/index.js';

/** Go's text/tabwriter for cells separated by tabs (only tab-terminated cells form columns). */
export function goTabwriter(lines: readonly (readonly string[])[], minwidth = 6, padding = 3): string {
  const widths: number[] = [];
  for (const cells of lines) {
    for (let i = 0; i < cells.length - 1; i++) {
      const w = Math.max(minwidth, [...cells[i]!].length + padding);
      if (w > (widths[i] ?? 0)) widths[i] = w;
    }
  }
  return lines
    .map((cells) =>
      cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(widths[i]! - [...c].length) : c)).join(''),
    )
    .join('\n');
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isTable(v: unknown): v is ServerTable {
  return (v as { kind?: string })?.kind === 'Table' && Array.isArray((v as ServerTable).rows);
}

function printTable(t: ServerTable, header: boolean): string {
  const cols = (t.columnDefinitions ?? []).map((c, i) => ({ ...c, i })).filter((c) => !c.priority);
  const lines: string[][] = [];
  if (header) lines.push(cols.map((c) => c.name.toUpperCase()));
  for (const row of t.rows) lines.push(cols.map((c) => cellText(row.cells[c.i])));
  return lines.length ? `${goTabwriter(lines)}\n` : '';
}

/** The `RESOURCES:` block (empty when there is nothing to show, as helm omits it). */
export function resourcesText(sections: readonly ResourceSection[]): string {
  if (sections.length === 0) return '';
  let buf = '';
  for (const s of sections) {
    buf += `==> ${s.key}\n`;
    let header = true;
    for (const item of s.items) {
      if (!isTable(item)) continue;
      buf += printTable(item, header);
      header = false;
    }
    buf += '\n';
  }
  return `RESOURCES:\n${buf}\n`;
}
