/**
 * Local hooks (helmfile's `hooks:`): commands run on this machine around a release's sync or
 * uninstall — presync, postsync, preuninstall, postuninstall. Arguments may use `{{ .Release.Name }}`,
 * `{{ .Release.Namespace }}`, `{{ .Environment.Name }}`. A failing presync/preuninstall hook fails the release.
 */
import { spawn } from 'node:child_process';
import { StackError } from './errors.js';
import type { DesiredRelease, LocalHook, LocalHookEvent } from './ops.js';

export interface HookRun {
  readonly release: DesiredRelease;
  readonly event: LocalHookEvent;
  readonly environment: string;
  readonly signal: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The port: runs one hook and resolves with its combined output; rejects when it fails. */
export interface HookRunner {
  run(hook: LocalHook, run: HookRun): Promise<string>;
}

function expand(arg: string, run: HookRun): string {
  return arg.replace(
    /\{\{\s*\.(Release\.Name|Release\.Namespace|Release\.Chart|Environment\.Name)\s*\}\}/g,
    (_, key: string) => {
      switch (key) {
        case 'Release.Name':
          return run.release.name;
        case 'Release.Namespace':
          return run.release.namespace;
        case 'Release.Chart':
          return run.release.chart;
        default:
          return run.environment;
      }
    },
  );
}

/** Runs hooks as child processes in the state file's directory. */
export class ProcessHookRunner implements HookRunner {
  run(hook: LocalHook, run: HookRun): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        hook.command,
        hook.args.map((a) => expand(a, run)),
        {
          cwd: run.release.baseDir,
          env: run.env as NodeJS.ProcessEnv,
          signal: run.signal,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', (err) =>
        reject(
          new StackError(
            'EHOOK',
            `${run.event} hook "${hook.command}" of ${run.release.id} could not start: ${err.message}`,
            { cause: err },
          ),
        ),
      );
      child.on('close', (code) => {
        if (code === 0) resolve(out);
        else
          reject(
            new StackError(
              'EHOOK',
              `${run.event} hook "${hook.command}" of ${run.release.id} exited with ${code}${out ? `: ${out.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
            ),
          );
      });
    });
  }
}

/** Runs the release's hooks for `event` in order. */
export async function runHooks(
  runner: HookRunner,
  event: LocalHookEvent,
  run: Omit<HookRun, 'event'>,
  emit: (command: string, output: string | undefined) => void,
): Promise<void> {
  for (const hook of run.release.hooks) {
    if (!hook.events.includes(event)) continue;
    const output = await runner.run(hook, { ...run, event });
    emit([hook.command, ...hook.args].join(' '), hook.showlogs ? output : undefined);
  }
}
