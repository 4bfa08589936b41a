/**
 * Exit codes, decided in one place.
 *
 * - 0: success
 * - 1: a user error or a failed operation (one clear message on stderr)
 * - 2: reserved for `diff --detailed-exitcode` ("changes present"), set via `ExitCode`
 * - 70: an internal bug (stack printed, and said so)
 * - 130 / 143: interrupted by SIGINT / SIGTERM
 */
import { setMaxListeners } from 'node:events';
import { CommanderError } from 'commander';

/** An error whose message is meant for the user as it is. */
export class UserError extends Error {
  readonly code: string;
  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options?.code ?? 'EUSER';
  }
}

/** A non-error outcome that still asks for a particular exit code (e.g. diff found changes). */
export class ExitCode extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitCode';
  }
}

/** Anything with a stable `code` string is an expected, user-facing failure. */
function isExpected(err: unknown): err is Error & { code: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

export async function runMain(body: (signal: AbortSignal) => Promise<void>): Promise<never> {
  const controller = new AbortController();
  // Every in-flight request listens on the one root signal; many may be in flight at once.
  setMaxListeners(0, controller.signal);
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) process.exit(sig === 'SIGINT' ? 130 : 143);
    signalled = sig;
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 0;
  try {
    await body(controller.signal);
  } catch (err) {
    code = exitCodeFor(err);
  }
  if (signalled) code = signalled === 'SIGINT' ? 130 : 143;
  process.exitCode = code;
  // Let stdout drain before exiting.
  await new Promise<void>((r) =>
    process.stdout.writableLength === 0 ? r() : process.stdout.once('drain', r),
  );
  process.exit(code);
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof ExitCode) return err.exitCode;
  if (err instanceof CommanderError) return err.exitCode;
  if (isExpected(err)) {
    process.stderr.write(`Error: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(
    `Internal error (this is a bug in bosun; please report it):\n${(err as Error)?.stack ?? String(err)}\n`,
  );
  return 70;
}
