/** The stack CLI run in-process (as `bosun …` would run it), for end-to-end tests on the sandbox. */
import { Command } from 'commander';
import { vi } from 'vitest';
import { register } from '../../src/cli/commands/stack.js';
import { exitCodeFor } from '../../src/cli/exit.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Appended as `--kubeconfig FILE` (omit for commands that need no cluster). */
  kubeconfig?: string | undefined;
  signal?: AbortSignal;
  /** Called with all of stderr so far after every write (to act while a command runs). */
  onStderr?: (text: string) => void;
  /** Whether the message of a thrown error is added to stderr, as main.ts prints it (default true). */
  errorToStderr?: boolean;
}

/** Runs `bosun ARGS` with the stack commands registered, capturing stdout, stderr and the exit code. */
export async function runStackCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const program = new Command('bosun').exitOverride();
  register(program, { signal: opts.signal ?? new AbortController().signal });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    opts.onStderr?.(stderr);
    return true;
  });
  let code = 0;
  try {
    const cluster = opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : [];
    await program.parseAsync(['node', 'bosun', ...args, ...cluster]);
  } catch (e) {
    code = exitCodeFor(e);
    if (opts.errorToStderr ?? true) stderr += String((e as Error).message);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}
