/**
 * Runs the same command line through the real helm v4.1.4 and through bosun (from dist/),
 * each with an isolated helm home, so a test can compare exit code, stdout and stderr.
 * `$TMP` in an argument expands to the case's scratch folder.
 */
import { join } from 'node:path';
import { isolatedHelmEnv, oracles, type RunResult, repoRoot, run } from '../../support/oracle.js';

export const bosunMain = process.env.BOSUN_MAIN ?? join(repoRoot, 'dist/cli/main.js');

export interface BothResult {
  helm: RunResult;
  bosun: RunResult;
}

/** Runs `helm ARGS` and `bosun helm ARGS` side by side (same cwd, same kind of environment). */
export async function runBoth(
  args: readonly string[],
  opts: { cwd: string; home: string; sharedHome?: boolean },
): Promise<BothResult> {
  const helmHome = opts.sharedHome ? opts.home : join(opts.home, 'helm');
  const bosunHome = opts.sharedHome ? opts.home : join(opts.home, 'bosun');
  const [helm, bosun] = await Promise.all([
    run(oracles().helm4, args, { cwd: opts.cwd, env: isolatedHelmEnv(helmHome) }),
    run(process.execPath, [bosunMain, 'helm', ...args], { cwd: opts.cwd, env: isolatedHelmEnv(bosunHome) }),
  ]);
  return { helm, bosun };
}

/** The parts of a result that must match helm: exit code, stdout, and stderr on failure. */
export function observable(r: RunResult, o: { stderrOnSuccess?: boolean } = {}): RunResult {
  return {
    code: r.code === 0 ? 0 : 1,
    stdout: r.stdout,
    stderr: r.code === 0 && !o.stderrOnSuccess ? '' : r.stderr,
  };
}
