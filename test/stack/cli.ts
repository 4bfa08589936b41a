/** The stack CLI run in-process (as `bosun …` would run it) and a sandbox fixture, for end-to-end tests. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, vi } from 'vitest';
import { register } from '../../src/cli/commands/stack.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { repoRoot, tempDir } from '../support/oracle.js';

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

/**
 * A sandbox and a copy of `examples/` in a temp folder, for the whole test file (registers its
 * beforeAll/afterAll): read `sb` and `dir` inside tests.
 */
export function sandboxWithExamples(prefix: string): {
  readonly sb: Sandbox;
  readonly dir: string;
  /** `bosun ARGS --kubeconfig <the sandbox>`. */
  bosun(args: readonly string[]): Promise<CliResult>;
  /** The shop stack moved to namespace `ns`, as its own state file beside the original (`edit` changes its text). */
  shopIn(ns: string, edit?: (text: string) => string): string;
} {
  let sb: Sandbox | undefined;
  let dir: string | undefined;
  let cleanup: (() => void) | undefined;
  beforeAll(async () => {
    const t = tempDir(prefix);
    cleanup = t.cleanup;
    dir = t.dir;
    cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
    sb = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, readyDelayMs: 100 });
  });
  afterAll(async () => {
    await sb?.stop();
    cleanup?.();
  });
  const fixture = {
    get sb() {
      return sb!;
    },
    get dir() {
      return dir!;
    },
    bosun: (args: readonly string[]) => runStackCli(args, { kubeconfig: fixture.sb.kubeconfigPath }),
    shopIn: (ns: string, edit: (text: string) => string = (s) => s) => {
      const base = join(fixture.dir, 'examples/stacks/shop');
      const file = join(base, `${ns}.yaml`);
      writeFileSync(
        file,
        edit(
          readFileSync(join(base, 'releases.yaml'), 'utf8')
            .replaceAll('namespace: shop', `namespace: ${ns}`)
            .replaceAll('shop/', `${ns}/`),
        ),
      );
      return file;
    },
  };
  return fixture;
}
