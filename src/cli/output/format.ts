/**
 * Stack results as text: the plan (per release: action, level, reason; the summary line), diffs
 * (per resource, unified, coloured on a terminal), the run summary table, and `list`/`status`.
 */
import type {
  LintResult,
  ListedRelease,
  Plan,
  PlanAction,
  ReleaseDiff,
  RunSummary,
  StackEvent,
} from '../../stack/index.js';
import { summaryLine } from '../../stack/index.js';
import { ms, type Style, table } from './style.js';

const actionSymbol: Record<PlanAction, string> = {
  install: '+',
  upgrade: '~',
  uninstall: '-',
  unchanged: '=',
  skipped: '!',
};

function colourAction(a: PlanAction, s: Style): string {
  const text = `${actionSymbol[a]} ${a}`;
  return a === 'install'
    ? s.green(text)
    : a === 'upgrade'
      ? s.yellow(text)
      : a === 'uninstall'
        ? s.red(text)
        : s.dim(text);
}

export function formatPlan(plan: Plan, s: Style): string {
  const rows = plan.releases.map((r) => [
    r.id,
    colourAction(r.action, s),
    String(r.level),
    r.live ? `${r.live.chartVersion} (r${r.live.revision}, ${r.live.status})` : '-',
    r.desired?.chartVersion ?? '-',
    r.reason,
  ]);
  return `${table(['RELEASE', 'ACTION', 'LEVEL', 'LIVE', 'CHART', 'REASON'], rows)}\n${s.bold(summaryLine(plan.summary))}\n`;
}

export function colourDiffLine(line: string, s: Style): string {
  if (line.startsWith('@@')) return s.cyan(line);
  if (line.startsWith('+')) return s.green(line);
  if (line.startsWith('-')) return s.red(line);
  return line;
}

export function formatDiff(d: ReleaseDiff, s: Style): string {
  if (!d.changed) return '';
  let out = '';
  for (const r of d.resources) {
    const group = r.apiVersion.includes('/') ? ` (${r.apiVersion.slice(0, r.apiVersion.indexOf('/'))})` : '';
    const verb =
      r.change === 'added' ? 'has been added' : r.change === 'removed' ? 'has been removed' : 'has changed';
    out += s.bold(`${d.id}: ${r.namespace}, ${r.name}, ${r.kind}${group} ${verb}:`) + '\n';
    for (const line of r.diff.replace(/\n$/, '').split('\n')) out += `${colourDiffLine(line, s)}\n`;
  }
  if (d.values !== '') {
    out += s.bold(`${d.id}: values have changed:`) + '\n';
    for (const line of d.values.replace(/\n$/, '').split('\n')) out += `${colourDiffLine(line, s)}\n`;
  }
  return out;
}

const statusText: Record<RunSummary['results'][number]['status'], (s: Style) => string> = {
  done: (s) => s.green('done'),
  unchanged: (s) => s.dim('unchanged'),
  failed: (s) => s.red('failed'),
  'rolled-back': (s) => s.yellow('rolled back'),
  skipped: (s) => s.dim('skipped'),
};

export function formatSummary(summary: RunSummary, s: Style): string {
  const rev = (n: number | null) => (n === null ? '-' : String(n));
  const rows = summary.results.map((r) => [
    r.id,
    r.action,
    statusText[r.status](s),
    r.chartVersion ?? '-',
    `${rev(r.revisionBefore)} → ${rev(r.revisionAfter)}`,
    r.durationMs > 0 ? ms(r.durationMs) : '-',
    r.error ?? r.reason ?? '',
  ]);
  const failed = summary.results.filter((r) => r.status === 'failed' || r.status === 'rolled-back').length;
  const done = summary.results.filter((r) => r.status === 'done').length;
  const skipped = summary.results.filter((r) => r.status === 'skipped').length;
  const why = summary.deadlineExceeded ? ' (deadline exceeded)' : summary.interrupted ? ' (interrupted)' : '';
  const tail = `${summary.command}: ${done} done, ${failed} failed, ${skipped} skipped in ${ms(summary.durationMs)}${why}`;
  let out = `${table(['RELEASE', 'ACTION', 'RESULT', 'CHART', 'REVISION', 'DURATION', 'ERROR / NOTE'], rows)}\n${failed > 0 || summary.interrupted ? s.red(tail) : s.green(tail)}\n`;
  const rb = summary.stackRollback;
  if (rb) {
    out += s.yellow(
      `stack rollback: ${rb.restored.length} release${rb.restored.length === 1 ? '' : 's'} returned to their pre-run revision${rb.restored.length > 0 ? ` (${rb.restored.join(', ')})` : ''}\n`,
    );
    for (const f of rb.failed) out += s.red(`stack rollback: ${f.id} could NOT be restored: ${f.error}\n`);
    for (const id of rb.notRestorable)
      out += s.red(`stack rollback: ${id} was uninstalled by this run and cannot be put back\n`);
  }
  return out;
}

export function formatList(list: readonly ListedRelease[], s: Style): string {
  const rows = list.map((r) => [
    r.name,
    r.namespace,
    r.revision === null ? '-' : String(r.revision),
    r.error
      ? s.red(`error: ${r.error}`)
      : (r.status ?? (r.installed ? s.yellow('not installed') : 'absent (installed: false)')),
    r.chart,
    r.chartVersion ?? '-',
    r.appVersion ?? '-',
    Object.entries(r.labels)
      .filter(([k]) => k !== 'name' && k !== 'namespace' && k !== 'chart')
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  ]);
  return table(
    ['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'VERSION', 'APP VERSION', 'LABELS'],
    rows,
  );
}

export function formatLint(results: readonly LintResult[], s: Style): string {
  let out = '';
  for (const r of results) {
    out += `${r.ok ? s.green('✔') : s.red('✖')} ${r.id}\n`;
    for (const w of r.warnings) out += `  ${s.yellow('[WARNING]')} ${w}\n`;
    for (const e of r.errors) out += `  ${s.red('[ERROR]')} ${e}\n`;
  }
  const bad = results.filter((r) => !r.ok).length;
  return `${out}${results.length} release(s) linted, ${bad} failed\n`;
}

/** One line for one event (CI, no terminal). */
export function eventLine(e: StackEvent, s: Style): string | undefined {
  switch (e.type) {
    case 'planned':
      return summaryLine(e.plan.summary);
    case 'started':
      return `${e.release}: ${e.action} started`;
    case 'rendering':
    case 'diffing':
      return undefined;
    case 'hook':
      return `${e.release}: ${e.event} hook ran: ${e.command}${e.output ? `\n${e.output.trimEnd()}` : ''}`;
    case 'applying':
      return `${e.release}: applying (${e.action})`;
    case 'waiting':
      return `${e.release}: waiting ${e.ready}/${e.total} ready${e.message ? ` — ${e.message}` : ''}`;
    case 'ready':
      return s.green(
        `${e.release}: done${e.revision === null ? '' : ` (revision ${e.revision})`} in ${ms(e.durationMs)}`,
      );
    case 'failed':
      return s.red(`${e.release}: failed: ${e.error}`);
    case 'rolling-back':
      return s.yellow(
        `${e.release}: rolling back${e.toRevision === null ? ' (uninstalling the failed first install)' : ` to revision ${e.toRevision}`}`,
      );
    case 'rolled-back':
      return s.yellow(
        `${e.release}: ${e.uninstalled ? 'removed' : `rolled back (now revision ${e.revision})`}`,
      );
    case 'skipped':
      return s.dim(`${e.release}: skipped: ${e.reason}`);
    case 'warning':
      return s.yellow(`warning: ${e.release ? `${e.release}: ` : ''}${e.message}`);
    case 'finished':
      return undefined;
  }
}

/** `bosun history`: one row per stack revision. */
export function formatStackHistory(
  list: readonly {
    number: number;
    time: string;
    command: string;
    ok: boolean;
    user: string;
    host: string;
    ci: Readonly<Record<string, string>>;
    releases: readonly { id: string; before: number | null; after: number | null }[];
  }[],
): string {
  if (list.length === 0) return 'no stack revisions recorded\n';
  const rev = (n: number | null) => (n === null ? '-' : String(n));
  const rows = list.map((r) => [
    String(r.number),
    r.time,
    `${r.command}${r.ok ? '' : ' (failed)'}`,
    `${r.user}@${r.host}${r.ci.GITHUB_RUN_ID ? ` run ${r.ci.GITHUB_RUN_ID}` : r.ci.CI_JOB_ID ? ` job ${r.ci.CI_JOB_ID}` : ''}`,
    r.releases
      .filter((x) => x.before !== x.after)
      .map((x) => `${x.id} ${rev(x.before)}→${rev(x.after)}`)
      .join(', '),
  ]);
  return table(['REVISION', 'TIME', 'COMMAND', 'BY', 'CHANGES'], rows);
}
