/**
 * Drift as text: per release, the objects whose live fields differ from the deployed revision
 * (`path: live → release`, with who changed them), for `bosun diff --detect-drift`; and the
 * `bosun status --drift` table (a DRIFT column) followed by the same details.
 */
import type { DriftedObject, ListedRelease, StackDrift } from '../../stack/index.js';
import { type Style, table } from './style.js';

const maxValue = 80;

function value(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > maxValue ? `${text.slice(0, maxValue - 1)}…` : text;
}

function objectTitle(o: DriftedObject): string {
  const group = o.apiVersion.includes('/') ? ` (${o.apiVersion.slice(0, o.apiVersion.indexOf('/'))})` : '';
  return `${o.kind}${group} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The drifted objects of one release, indented under a header; '' when in sync. */
export function formatReleaseDrift(d: StackDrift, s: Style): string {
  if (d.error !== undefined) return `${s.bold(`${d.id}: drift:`)} ${s.red(`cannot check: ${d.error}`)}\n`;
  if (d.objects.length === 0) return '';
  let out = `${s.bold(`${d.id}: drift from revision ${d.revision} (${d.summary}):`)}\n`;
  for (const o of d.objects) {
    if (o.state === 'deleted') {
      out += `  ${objectTitle(o)}: ${s.red('deleted')}\n`;
      continue;
    }
    if (o.state === 'error') {
      out += `  ${objectTitle(o)}: ${s.yellow(`not checked: ${o.error ?? 'unknown error'}`)}\n`;
      continue;
    }
    out += `  ${objectTitle(o)}:\n`;
    for (const c of o.changes) {
      const by = c.managers.length > 0 ? s.dim(`  (by ${c.managers.join(', ')})`) : '';
      out += `    ${c.path}: ${s.red(value(c.live))} → ${s.green(value(c.desired))}${by}\n`;
    }
  }
  return out;
}

/** One line counting the drifted releases. */
export function driftLine(drifts: readonly StackDrift[]): string {
  const n = drifts.length;
  const drifted = drifts.filter((d) => d.objects.length > 0).length;
  const failed = drifts.filter((d) => d.error !== undefined).length;
  let line =
    drifted === 0
      ? `Drift: none (${n} release${n === 1 ? '' : 's'} checked)`
      : `Drift: ${drifted} of ${n} release${n === 1 ? '' : 's'} drifted`;
  if (failed > 0) line += `, ${failed} could not be checked`;
  return `${line}\n`;
}

/** Every release's drift, then the count. */
export function formatDrift(drifts: readonly StackDrift[], s: Style): string {
  return drifts.map((d) => formatReleaseDrift(d, s)).join('') + driftLine(drifts);
}

/** `status --drift`: the release table with a DRIFT column, then the drifted fields. */
export function formatStatusDrift(
  list: readonly ListedRelease[],
  drifts: readonly StackDrift[],
  s: Style,
): string {
  const byId = new Map(drifts.map((d) => [d.id, d]));
  const rows = list.map((r) => {
    const d = byId.get(r.id);
    const drift = !d
      ? '-'
      : d.error !== undefined
        ? s.red(d.summary)
        : d.objects.length > 0
          ? s.yellow(d.summary)
          : d.revision === null
            ? s.dim(d.summary)
            : s.green(d.summary);
    return [
      r.name,
      r.namespace,
      r.revision === null ? '-' : String(r.revision),
      r.error ? s.red(`error: ${r.error}`) : (r.status ?? (r.installed ? 'not installed' : 'absent')),
      r.chart,
      r.chartVersion ?? '-',
      drift,
    ];
  });
  const details = drifts.map((d) => formatReleaseDrift(d, s)).join('');
  return (
    table(['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'VERSION', 'DRIFT'], rows) +
    (details ? `\n${details}` : '')
  );
}
