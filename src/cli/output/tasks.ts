/**
 * The live task list on a terminal (listr2): one row per release — queued, rendering, applying,
 * waiting n/m ready, rolling back, done, failed, skipped — driven by stack events. Rows are
 * created when the run's releases are known (the `planned` event, or `begin(ids)`), and each
 * row's task settles on its release's terminal event; `finished` settles whatever is left.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { StackEvent } from '../../stack/index.js';
import { ms } from './style.js';

interface Row {
  resolve: () => void;
  reject: (err: Error) => void;
  task?: ListrTaskWrapper<unknown, any, any>;
  pending: ((t: ListrTaskWrapper<unknown, any, any>) => void)[];
  settled: boolean;
}

export class TaskList {
  private readonly rows = new Map<string, Row>();
  private running: Promise<unknown> | undefined;

  begin(ids: readonly string[]): void {
    if (this.running || ids.length === 0) return;
    const tasks = ids.map((id) => {
      const row: Row = { resolve: () => {}, reject: () => {}, pending: [], settled: false };
      const done = new Promise<void>((resolve, reject) => {
        row.resolve = resolve;
        row.reject = reject;
      });
      this.rows.set(id, row);
      return {
        title: `${id}: queued`,
        task: async (_ctx: unknown, task: ListrTaskWrapper<unknown, any, any>) => {
          row.task = task;
          for (const f of row.pending.splice(0)) f(task);
          await done;
        },
      };
    });
    const list = new Listr(tasks, {
      concurrent: true,
      exitOnError: false,
      rendererOptions: { collapseErrors: false, formatOutput: 'wrap' } as object,
      registerSignalListeners: false,
    } as ConstructorParameters<typeof Listr>[1]);
    this.running = list.run().catch(() => {});
  }

  private with(id: string, f: (t: ListrTaskWrapper<unknown, any, any>, row: Row) => void): void {
    const row = this.rows.get(id);
    if (!row || row.settled) return;
    if (row.task) f(row.task, row);
    else row.pending.push((t) => f(t, row));
  }

  private settle(
    id: string,
    f: (t: ListrTaskWrapper<unknown, any, any>) => void,
    outcome: 'ok' | Error,
  ): void {
    this.with(id, (t, row) => {
      f(t);
      row.settled = true;
      if (outcome === 'ok') row.resolve();
      else row.reject(outcome);
    });
  }

  on(e: StackEvent): void {
    switch (e.type) {
      case 'planned':
        this.begin(e.plan.releases.filter((r) => r.action !== 'skipped').map((r) => r.id));
        break;
      case 'rendering':
        this.with(e.release, (t) => (t.title = `${e.release}: rendering`));
        break;
      case 'diffing':
        this.with(e.release, (t) => (t.title = `${e.release}: diffing`));
        break;
      case 'started':
      case 'applying':
        this.with(
          e.release,
          (t) =>
            (t.title = `${e.release}: ${e.action === 'uninstall' ? 'uninstalling' : e.type === 'started' ? 'starting' : 'applying'}`),
        );
        break;
      case 'hook':
        this.with(e.release, (t) => (t.output = `${e.event}: ${e.command}`));
        break;
      case 'waiting':
        this.with(e.release, (t) => {
          t.title = `${e.release}: waiting ${e.ready}/${e.total} ready`;
          if (e.message) t.output = e.message;
        });
        break;
      case 'rolling-back':
        this.with(e.release, (t) => (t.title = `${e.release}: rolling back`));
        break;
      case 'ready':
        this.settle(
          e.release,
          (t) =>
            (t.title = `${e.release}: done${e.revision === null ? '' : ` (revision ${e.revision})`} in ${ms(e.durationMs)}`),
          'ok',
        );
        break;
      case 'failed':
        this.with(e.release, (t) => (t.title = `${e.release}: failed: ${e.error}`));
        break;
      case 'rolled-back':
        this.settle(
          e.release,
          () => {},
          new Error(
            `${e.release}: failed, ${e.uninstalled ? 'removed' : `rolled back (revision ${e.revision})`}`,
          ),
        );
        break;
      case 'skipped':
        this.settle(e.release, (t) => t.skip(`${e.release}: skipped: ${e.reason}`), 'ok');
        break;
      case 'finished':
        for (const r of e.summary.results) {
          if (r.status === 'failed')
            this.settle(r.id, () => {}, new Error(`${r.id}: ${r.error ?? 'failed'}`));
          else if (r.status === 'unchanged') this.settle(r.id, (t) => t.skip(`${r.id}: unchanged`), 'ok');
        }
        for (const id of this.rows.keys()) this.settle(id, (t) => t.skip(`${id}: not run`), 'ok');
        break;
      default:
        break;
    }
  }

  /** Resolves when the task list has drawn its last frame. */
  async end(): Promise<void> {
    await this.running;
  }
}
