/**
 * `test` (helm's ReleaseTesting.Run): runs the `test` hooks of a release's latest revision, with
 * helm's name filters, and records their last run in that revision.
 */
import type { Release } from '../release/index.js';
import { ReleaseNotFoundError } from '../storage/index.js';
import type { ActionConfig } from './config.js';
import { byWeight, runHooks } from './hooks.js';
import { defaultTimeoutMs } from './install.js';
import { validateReleaseName } from './names.js';

export interface ReleaseTestOptions {
  readonly timeoutMs?: number;
  /** Run only the test hooks with these names (helm's `--filter name=X`). */
  readonly include?: readonly string[];
  /** Skip the test hooks with these names (`--filter '!name=X'`). */
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  /** Runs after the tests, before their pods are deleted by policy (`--logs` reads them here). */
  readonly beforeCleanup?: (rel: Release) => Promise<void>;
}

export class ReleaseTestError extends Error {
  readonly code: string;
  constructor(
    message: string,
    code: string,
    /** The release with the hooks' last runs, when the tests ran (and failed). */
    readonly release?: Release,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReleaseTestError';
    this.code = code;
  }
}

export async function releaseTest(
  cfg: ActionConfig,
  name: string,
  opts: ReleaseTestOptions = {},
): Promise<Release> {
  try {
    validateReleaseName(name);
  } catch {
    throw new ReleaseTestError(`releaseTest: Release name is invalid: ${name}`, 'ERELEASE_NAME');
  }
  const call = opts.signal ? { signal: opts.signal } : undefined;
  const history = await cfg.storage.history(name, call);
  if (history.length === 0) throw new ReleaseNotFoundError();
  const rel = history.reduce((a, b) => (b.version > a.version ? b : a));
  const all = rel.hooks;
  const exclude = new Set(opts.exclude ?? []);
  const include = new Set(opts.include ?? []);
  const running = all.filter((h) => !exclude.has(h.name) && (include.size === 0 || include.has(h.name)));
  rel.hooks = running;
  let failure: unknown;
  try {
    await runHooks(cfg, rel, 'test', {
      timeoutMs: opts.timeoutMs ?? defaultTimeoutMs,
      record: async () => {},
      ...(opts.beforeCleanup ? { beforeCleanup: () => opts.beforeCleanup!(rel) } : {}),
      ...(call ?? {}),
    });
  } catch (err) {
    failure = err;
  }
  // Skipped hooks first, as helm puts them back.
  rel.hooks = [...all.filter((h) => !running.includes(h)), ...running];
  await cfg.storage.update(rel).catch((err) => {
    failure ??= err;
  });
  if (failure !== undefined) {
    throw new ReleaseTestError((failure as Error).message, 'ETEST_FAILED', rel, { cause: failure });
  }
  return rel;
}

export interface TestPodLog {
  readonly name: string;
  readonly text: string;
}

/**
 * The logs of a release's test pods (helm's GetPodLogs): every `test` hook by weight then name,
 * with the same name filters, read as a pod of the hook's name in `namespace`. Stops at the
 * first pod whose log cannot be read and returns what was read with that error.
 */
export async function testPodLogs(
  cfg: ActionConfig,
  rel: Release,
  opts: Pick<ReleaseTestOptions, 'include' | 'exclude' | 'signal'> & { namespace: string },
): Promise<{ logs: TestPodLog[]; error?: Error }> {
  const exclude = new Set(opts.exclude ?? []);
  const include = new Set(opts.include ?? []);
  const hooks = [...rel.hooks].sort(byWeight);
  const logs: TestPodLog[] = [];
  for (const h of hooks) {
    if (!h.events.includes('test') || exclude.has(h.name) || (include.size > 0 && !include.has(h.name)))
      continue;
    try {
      const text = await cfg.kube.podLogs(opts.namespace, h.name, opts.signal ? { signal: opts.signal } : {});
      logs.push({ name: h.name, text });
    } catch (err) {
      return {
        logs,
        error: new Error(`unable to get pod logs for ${h.name}: ${(err as Error).message}`, { cause: err }),
      };
    }
  }
  return { logs };
}
