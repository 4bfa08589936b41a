/**
 * cli/output — how stack events look: a live listr2 task list on a terminal, one plain line per
 * event otherwise (CI), or one JSON object per event with `--output json`. Also the text forms
 * of plans, diffs, run summaries and lists (format.ts).
 */
import type { StackEvent, StackListener } from '../../stack/index.js';
import { eventLine } from './format.js';
import { makeStyle, type Style, wantsColor } from './style.js';
import { TaskList } from './tasks.js';

export { driftLine, formatDrift, formatReleaseDrift, formatStatusDrift } from './drift.js';
export {
  colourDiffLine,
  eventLine,
  formatDiff,
  formatLint,
  formatList,
  formatPlan,
  formatStackHistory,
  formatSummary,
} from './format.js';
export { makeStyle, ms, type Style, table, wantsColor } from './style.js';
export { TaskList } from './tasks.js';

export type OutputMode = 'tty' | 'plain' | 'json';

export interface Reporter {
  readonly mode: OutputMode;
  readonly style: Style;
  readonly listener: StackListener;
  /** Shows rows for these releases before events arrive (rollback, destroy). */
  begin(ids: readonly string[]): void;
  /** Waits for the task list's last frame. */
  end(): Promise<void>;
  /** Writes a result (plan, diff, table) to stdout. */
  print(text: string): void;
}

export interface ReporterOptions {
  /** `json` from `--output json`; otherwise chosen from whether stderr is a terminal. */
  readonly output?: string | undefined;
  /** Live task list only for commands that change things. */
  readonly live?: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  readonly env?: NodeJS.ProcessEnv;
}

export function createReporter(opts: ReporterOptions = {}): Reporter {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const mode: OutputMode =
    opts.output === 'json' ? 'json' : stderr.isTTY && opts.live && !opts.env?.CI ? 'tty' : 'plain';
  const style = makeStyle(mode !== 'json' && wantsColor(stdout, opts.env));
  const errStyle = makeStyle(mode !== 'json' && wantsColor(stderr, opts.env));
  const tasks = mode === 'tty' ? new TaskList() : undefined;
  const started = Date.now();
  const listener = (e: StackEvent): void => {
    if (mode === 'json') {
      stdout.write(
        `${JSON.stringify({ ...e, at: Date.now() - started }, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`,
      );
      return;
    }
    if (tasks) {
      if (e.type === 'warning')
        stderr.write(`${errStyle.yellow(`warning: ${e.release ? `${e.release}: ` : ''}${e.message}`)}\n`);
      tasks.on(e);
      return;
    }
    const line = eventLine(e, errStyle);
    if (line !== undefined) stderr.write(`${line}\n`);
  };
  return {
    mode,
    style,
    listener,
    begin: (ids) => tasks?.begin(ids),
    end: async () => tasks?.end(),
    print: (text) => {
      if (text !== '') stdout.write(text);
    },
  };
}
