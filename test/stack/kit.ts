/** Builders for stack tests: a state file tree in a temp dir, a run context on the fake, an event recorder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import {
  type ExecContext,
  type FakeOptions,
  FakeReleaseOps,
  type HookRunner,
  type LoadStackOptions,
  loadStack,
  type Stack,
  type StackEvent,
} from '../../src/stack/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Writes `files` into a fresh temp dir (removed after the test) and returns its path. */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-stack-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export function load(files: Record<string, string>, opts: Partial<LoadStackOptions> = {}): Stack {
  const cwd = tree(files);
  return loadStack({ cwd, env: {}, ...opts });
}

export class Recorder {
  readonly events: StackEvent[] = [];
  readonly listener = (e: StackEvent): void => {
    this.events.push(e);
  };
  of<T extends StackEvent['type']>(type: T): Extract<StackEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<StackEvent, { type: T }> => e.type === type);
  }
  /** Release ids in the order of their events of `type`. */
  order(type: StackEvent['type']): string[] {
    return this.events.flatMap((e) =>
      e.type === type && 'release' in e && e.release !== undefined ? [e.release] : [],
    );
  }
}

/** A hook runner that records instead of spawning; `fail` names hook commands that fail. */
export class RecordingHooks implements HookRunner {
  readonly ran: string[] = [];
  constructor(readonly fail: ReadonlySet<string> = new Set()) {}
  async run(hook: { command: string }, run: { event: string; release: { id: string } }): Promise<string> {
    this.ran.push(`${run.event}:${run.release.id}:${hook.command}`);
    if (this.fail.has(hook.command)) throw new Error(`hook ${hook.command} failed`);
    return 'ok';
  }
}

export function context(
  opts: {
    fake?: FakeReleaseOps;
    fakeOptions?: FakeOptions;
    concurrency?: number;
    signal?: AbortSignal;
    hooks?: HookRunner;
  } = {},
): { ctx: ExecContext; ops: FakeReleaseOps; rec: Recorder } {
  const ops = opts.fake ?? new FakeReleaseOps(opts.fakeOptions);
  const rec = new Recorder();
  let t = 0;
  return {
    ops,
    rec,
    ctx: {
      ops,
      signal: opts.signal ?? new AbortController().signal,
      concurrency: opts.concurrency ?? 4,
      emit: rec.listener,
      clock: () => t++,
      hooks: opts.hooks ?? new RecordingHooks(),
      env: {},
    },
  };
}

/** A state file of `n` releases; release i needs release i-1 when `chain`. */
export function generatedState(n: number, opts: { chain?: boolean; fanIn?: number } = {}): string {
  let out = 'releases:\n';
  for (let i = 0; i < n; i++) {
    out += `  - name: r${i}\n    namespace: ns${i % 10}\n    chart: ./charts/app\n    labels: { tier: t${i % 3} }\n    values:\n      - replicas: ${(i % 3) + 1}\n        image: { tag: "1.${i}" }\n`;
    if (opts.chain && i > 0) out += `    needs: [ns${(i - 1) % 10}/r${i - 1}]\n`;
    else if (opts.fanIn && i >= opts.fanIn)
      out += `    needs: [ns${(i % opts.fanIn) % 10}/r${i % opts.fanIn}]\n`;
  }
  return out;
}
