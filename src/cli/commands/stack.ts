/**
 * The orchestrator's commands on the root program: plan, diff, sync, apply, rollback, destroy,
 * status, list, template, lint, deps, write-values. Thin: flags → options → the stack API →
 * cli/output. The stack module, the Kubernetes client and the task list load lazily, inside
 * the action handlers. Exit codes: failures throw (StackError/UserError → 1), `diff
 * --detailed-exitcode` throws ExitCode(2) on changes, and SIGINT ends with 130 (exit.ts).
 */
import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import { ExitCode, UserError } from '../exit.js';
import { collect } from '../flags.js';
import type { CliContext } from '../program.js';
import { registerLockCommands } from './stack-lock.js';

/** Flags every stack command takes (DESIGN.md contract 4). */
export interface StackFlags {
  file?: string;
  environment?: string;
  selector: string[];
  concurrency: number;
  kubeContext?: string;
  kubeconfig?: string;
  sandbox?: boolean;
  namespace?: string;
  includeNeeds?: boolean;
  output?: string;
  context?: number;
  showSecrets?: boolean;
  detailedExitcode?: boolean;
  outputDir?: string;
  revision?: number;
  forceUnlock?: boolean;
  lockNamespace?: string;
  lockDuration?: string;
  rollbackStackOnFailure?: boolean;
  out?: string;
  plan?: string;
  deadline?: string;
  toStackRevision?: number;
  forceConflicts?: boolean;
  stackName?: string;
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new UserError(`${name} must be a non-negative integer, got "${v}"`);
    return n;
  };
}

function common(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', 'the state file (default: releases.yaml, else releases.yaml.gotmpl)')
    .option('-e, --environment <name>', 'the environment to use', 'default')
    .option(
      '-l, --selector <key=value,...>',
      'only releases with these labels (several -l are OR-ed; key!=value negates)',
      collect,
      [],
    )
    .option('--concurrency <n>', 'releases processed at the same time', positiveInt('--concurrency'), 8)
    .option('--kube-context <name>', 'kubeconfig context for releases that name none')
    .option('--kubeconfig <path>', 'path to the kubeconfig file')
    .option('--sandbox', 'use the local sandbox cluster under .bosun/sandbox (started if needed)')
    .option('-n, --namespace <ns>', 'namespace of releases that name none', undefined)
    .option('--include-needs', 'also process the releases that selected releases need')
    .option(
      '--stack-name <name>',
      "the stack's identity for its lock, revisions and saved plans (default: BOSUN_STACK_NAME, else the state file's folder and file name)",
    );
}

type Runner = (flags: StackFlags, ctx: CliContext) => Promise<void>;

function act(run: Runner, ctx: CliContext) {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    await run(command.opts() as StackFlags, ctx);
  };
}

/** Everything a command run needs, built lazily. */
async function session(
  flags: StackFlags,
  ctx: CliContext,
  opts: {
    cluster: boolean | 'offline';
    live?: boolean;
    /** Whether a releases.lock out of date with the state file is an error (sync, apply) or a warning. */
    lockPolicy?: 'error' | 'warn';
  },
) {
  // Every in-flight call listens on the one signal.
  setMaxListeners(Math.max(100, flags.concurrency * 16), ctx.signal);
  const stack = await import('../../stack/index.js');
  const output = await import('../output/index.js');
  const reporter = output.createReporter({
    output: flags.output,
    live: opts.live ?? false,
    env: process.env,
  });
  const loaded = stack.loadStack({
    file: flags.file,
    cwd: process.cwd(),
    environment: flags.environment,
    env: process.env,
    namespace: flags.namespace,
    kubeContext: flags.kubeContext,
    lockPolicy: opts.lockPolicy ?? 'warn',
    name: flags.stackName ?? process.env.BOSUN_STACK_NAME,
  });
  const selection = stack.selectReleases(loaded, flags.selector ?? [], flags.includeNeeds ?? false);
  if (selection.ids.length === 0 && (flags.selector ?? []).length > 0) {
    reporter.listener({
      type: 'warning',
      message: `no release matches ${flags.selector.map((s) => `-l ${s}`).join(' ')}`,
    });
  }
  const closers: (() => void)[] = [];
  let ops: InstanceType<typeof stack.ActionReleaseOps> | undefined;
  if (opts.cluster === 'offline') {
    ops = new stack.ActionReleaseOps({
      kubeFor: () => {
        throw new UserError('this command renders offline and needs no cluster');
      },
      repositories: loaded.repositories,
      env: process.env,
      offline: true,
      warn: (message) => reporter.listener({ type: 'warning', message }),
    });
  } else if (opts.cluster) {
    const { kubeClients } = await import('../cluster.js');
    const clients = await kubeClients(flags, ctx.signal);
    closers.push(() => clients.close());
    ops = new stack.ActionReleaseOps({
      kubeFor: clients.kubeFor,
      repositories: loaded.repositories,
      env: process.env,
      warn: (message) => reporter.listener({ type: 'warning', message }),
    });
  }
  const runCtx = () => {
    if (!ops) throw new Error('internal: no cluster access in this command');
    return {
      ops,
      signal: ctx.signal,
      concurrency: flags.concurrency,
      emit: reporter.listener,
      env: process.env,
      diff: { context: flags.context ?? 3, showSecrets: flags.showSecrets ?? false },
      forceConflicts: flags.forceConflicts ?? false,
    };
  };
  return {
    stack,
    output,
    reporter,
    loaded,
    selection,
    runCtx,
    close: () => {
      for (const c of closers) c();
    },
  };
}

async function whoRuns(): Promise<{ user: string; host: string }> {
  const { hostname, userInfo } = await import('node:os');
  let user = process.env.USER ?? process.env.USERNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return { user, host: hostname() };
}

/** Runs `fn` holding the stack's lease in the cluster (sync, apply, rollback, destroy). */
async function locked<T>(
  s: Awaited<ReturnType<typeof session>>,
  flags: StackFlags,
  ctx: CliContext,
  command: string,
  fn: () => Promise<T>,
): Promise<T> {
  const { user, host } = await whoRuns();
  const ci = process.env.GITHUB_RUN_ID
    ? `GitHub run ${process.env.GITHUB_RUN_ID}`
    : process.env.CI_JOB_ID
      ? `CI job ${process.env.CI_JOB_ID}`
      : undefined;
  const duration = flags.lockDuration ? s.stack.parseDuration(flags.lockDuration) : 60;
  return s.stack.withStackLease(
    {
      ops: s.runCtx().ops,
      ref: s.stack.leaseRefFor(s.loaded, { namespace: flags.lockNamespace, kubeContext: flags.kubeContext }),
      holder: s.stack.describeHolder({ user, host, pid: process.pid, ci }),
      command: `bosun ${command} -e ${s.loaded.environment.name}`,
      durationSeconds: duration,
      force: flags.forceUnlock ?? false,
      warn: (message) => s.reporter.listener({ type: 'warning', message }),
      signal: ctx.signal,
    },
    fn,
  );
}

function runFlags(cmd: Command): Command {
  return lockFlags(cmd)
    .option(
      '--rollback-stack-on-failure',
      'when any release fails, return every release this run changed to its pre-run revision',
    )
    .option(
      '--deadline <duration>',
      'bound the whole run (15m, 900): after it nothing new starts and releases in flight are rolled back',
    )
    .option('--force-conflicts', "upgrades take back fields other field managers changed (helm 4's flag)");
}

function lockFlags(cmd: Command): Command {
  return cmd
    .option('--force-unlock', "take the stack's lock even when another run holds it (dangerous)")
    .option('--lock-namespace <ns>', "namespace of the stack's lock (default: the first release's)")
    .option('--lock-duration <duration>', 'how long the lock outlives a run that died (default 60s)');
}

function failIfNotOk(summary: {
  ok: boolean;
  interrupted: boolean;
  deadlineExceeded?: boolean;
  results: readonly { status: string }[];
}): void {
  if (summary.deadlineExceeded)
    throw new UserError('the deadline passed before the run finished (see the summary above)', {
      code: 'EDEADLINE',
    });
  if (summary.ok || summary.interrupted) return;
  const bad = summary.results.filter((r) => r.status === 'failed' || r.status === 'rolled-back').length;
  throw new UserError(`${bad} release${bad === 1 ? '' : 's'} failed (see the summary above)`, {
    code: 'EFAILED',
  });
}

const runPlan: Runner = async (flags, ctx) => {
  const s = await session({ ...flags, output: flags.output === 'json' ? 'plain' : flags.output }, ctx, {
    cluster: true,
  });
  try {
    const observed = await s.stack.observe(s.loaded, s.selection, s.runCtx());
    const { plan } = observed;
    if (flags.out) {
      s.stack.writeSavedPlan(flags.out, s.stack.savePlan(s.loaded, observed, new Date()));
      process.stderr.write(`plan saved to ${flags.out}; apply it with: bosun apply --plan ${flags.out}\n`);
    }
    if (flags.output === 'json') s.reporter.print(`${JSON.stringify(plan, null, 2)}\n`);
    else s.reporter.print(s.output.formatPlan(plan, s.reporter.style));
  } finally {
    s.close();
  }
};

/** Flags of `diff --detect-drift` and `status --drift`. */
type DriftFlags = StackFlags & { detectDrift?: boolean; drift?: boolean };

const runDiff: Runner = async (flags: DriftFlags, ctx) => {
  const s = await session({ ...flags, output: flags.output === 'json' ? 'plain' : flags.output }, ctx, {
    cluster: true,
  });
  let changed = false;
  try {
    const [{ observations, plan }, drifts] = await Promise.all([
      s.stack.observe(s.loaded, s.selection, s.runCtx()),
      flags.detectDrift ? s.stack.detectDrift(s.loaded, s.selection, s.runCtx()) : undefined,
    ]);
    const diffs = [...observations.values()].flatMap((o) => (o.diff ? [o.diff] : []));
    const errors = [...observations.values()].filter((o) => o.error !== undefined);
    changed = diffs.some((d) => d.changed);
    const drifted = drifts?.some((d) => s.stack.hasDrift(d)) ?? false;
    if (flags.output === 'json')
      s.reporter.print(
        `${JSON.stringify(
          {
            changed,
            releases: diffs,
            errors: errors.map((e) => ({ id: e.id, error: e.error })),
            ...(drifts ? { drifted, drift: drifts } : {}),
          },
          null,
          2,
        )}\n`,
      );
    else {
      const driftOf = new Map((drifts ?? []).map((d) => [d.id, d]));
      for (const id of plan.releases.map((r) => r.id)) {
        const d = observations.get(id)?.diff;
        if (d) s.reporter.print(s.output.formatDiff(d, s.reporter.style));
        const dr = driftOf.get(id);
        if (dr) s.reporter.print(s.output.formatReleaseDrift(dr, s.reporter.style));
      }
      s.reporter.print(`${s.stack.summaryLine(plan.summary)}\n`);
      if (drifts) s.reporter.print(s.output.driftLine(drifts));
    }
    if (errors.length > 0) {
      throw new UserError(`cannot diff ${errors.map((e) => `${e.id}: ${e.error}`).join('; ')}`, {
        code: 'ERENDER',
      });
    }
    const driftErrors = (drifts ?? []).filter((d) => d.error !== undefined);
    if (driftErrors.length > 0)
      throw new UserError(
        `cannot detect drift of ${driftErrors.map((d) => `${d.id}: ${d.error}`).join('; ')}`,
        { code: 'EDRIFT' },
      );
    changed ||= drifted;
  } finally {
    s.close();
  }
  if (changed && flags.detailedExitcode) throw new ExitCode(2);
};

const runStatus: Runner = async (flags: DriftFlags, ctx) => {
  if (!flags.drift) return runList(flags, ctx);
  const s = await session({ ...flags, output: 'plain' }, ctx, { cluster: true });
  try {
    const [list, drifts] = await Promise.all([
      s.stack.listReleases(s.loaded, s.selection, s.runCtx()),
      s.stack.detectDrift(s.loaded, s.selection, s.runCtx()),
    ]);
    if (flags.output === 'json') {
      const byId = new Map(drifts.map((d) => [d.id, d]));
      s.reporter.print(
        `${JSON.stringify(
          list.map((r) => ({ ...r, drift: byId.get(r.id) })),
          null,
          2,
        )}\n`,
      );
    } else s.reporter.print(s.output.formatStatusDrift(list, drifts, s.reporter.style));
  } finally {
    s.close();
  }
};

function runSyncLike(onlyChanged: boolean): Runner {
  return async (flags, ctx) => {
    const s = await session(flags, ctx, { cluster: true, live: true, lockPolicy: 'error' });
    try {
      const saved = flags.plan ? s.stack.readSavedPlan(flags.plan) : undefined;
      const deadline = flags.deadline === undefined ? undefined : s.stack.parseDuration(flags.deadline);
      if (flags.deadline !== undefined && (deadline === undefined || deadline <= 0))
        throw new UserError(`--deadline must be a duration such as 15m or 900, got "${flags.deadline}"`);
      const { summary, revision } = await locked(s, flags, ctx, onlyChanged ? 'apply' : 'sync', async () => {
        const result = await s.stack.runSync(s.loaded, s.selection, s.runCtx(), {
          onlyChanged,
          rollbackStackOnFailure: flags.rollbackStackOnFailure ?? false,
          ...(deadline === undefined ? {} : { deadlineSeconds: deadline }),
          ...(saved ? { verify: (o) => s.stack.checkSavedPlan(s.loaded, saved, o, flags.plan) } : {}),
        });
        const revision = await recordRevision(s, flags, result);
        return { ...result, revision };
      });
      await s.reporter.end();
      if (s.reporter.mode !== 'json') {
        s.reporter.print(s.output.formatSummary(summary, s.reporter.style));
        if (revision !== undefined) s.reporter.print(`recorded stack revision ${revision}\n`);
      }
      failIfNotOk(summary);
    } finally {
      s.close();
    }
  };
}

const runHistory: Runner = async (flags, ctx) => {
  const s = await session({ ...flags, output: 'plain' }, ctx, { cluster: true });
  try {
    const list = await s.stack.listStackRevisions(
      s.runCtx().ops,
      s.loaded,
      { namespace: flags.lockNamespace, kubeContext: flags.kubeContext },
      ctx.signal,
    );
    if (flags.output === 'json') s.reporter.print(`${JSON.stringify(list, null, 2)}\n`);
    else s.reporter.print(s.output.formatStackHistory(list));
  } finally {
    s.close();
  }
};

/** Records the stack revision of a run that changed releases (a warning when it cannot). */
async function recordRevision(
  s: Awaited<ReturnType<typeof session>>,
  flags: StackFlags,
  run: Parameters<Awaited<ReturnType<typeof session>>['stack']['recordStackRevision']>[2],
): Promise<number | undefined> {
  const warn = (message: string) => s.reporter.listener({ type: 'warning', message });
  try {
    const who = await whoRuns();
    const rec = await s.stack.recordStackRevision(
      s.runCtx().ops,
      s.loaded,
      run,
      { user: who.user, host: who.host, ci: s.stack.ciVariables(process.env), now: new Date() },
      { namespace: flags.lockNamespace, kubeContext: flags.kubeContext },
      AbortSignal.timeout(30_000),
      warn,
    );
    return rec?.number;
  } catch (err) {
    warn(`could not record the stack revision: ${(err as Error).message}`);
    return undefined;
  }
}

function runReverse(kind: 'rollback' | 'destroy'): Runner {
  return async (flags, ctx) => {
    const s = await session(flags, ctx, { cluster: true, live: true });
    try {
      s.reporter.begin([...s.selection.ids].reverse());
      const { summary, revision } = await locked(s, flags, ctx, kind, async () => {
        // Uninstalls keep the release's records in the stack revision, for a later reinstall.
        const keeper = s.stack.keepingRemovals(s.runCtx().ops);
        const runCtx = { ...s.runCtx(), ops: keeper.ops };
        const summary =
          kind === 'rollback'
            ? flags.toStackRevision !== undefined
              ? await s.stack.runRollbackToStackRevision(
                  s.loaded,
                  s.selection,
                  runCtx,
                  flags.toStackRevision,
                  {
                    namespace: flags.lockNamespace,
                    kubeContext: flags.kubeContext,
                  },
                )
              : await s.stack.runRollback(s.loaded, s.selection, runCtx, { revision: flags.revision })
            : await s.stack.runDestroy(s.loaded, s.selection, runCtx);
        const revision = await recordRevision(s, flags, { summary, kept: keeper.kept });
        return { summary, revision };
      });
      await s.reporter.end();
      if (s.reporter.mode !== 'json') {
        s.reporter.print(s.output.formatSummary(summary, s.reporter.style));
        if (revision !== undefined) s.reporter.print(`recorded stack revision ${revision}\n`);
      }
      failIfNotOk(summary);
    } finally {
      s.close();
    }
  };
}

const runList: Runner = async (flags, ctx) => {
  const s = await session({ ...flags, output: 'plain' }, ctx, { cluster: true });
  try {
    const list = await s.stack.listReleases(s.loaded, s.selection, s.runCtx());
    if (flags.output === 'json') s.reporter.print(`${JSON.stringify(list, null, 2)}\n`);
    else s.reporter.print(s.output.formatList(list, s.reporter.style));
  } finally {
    s.close();
  }
};

const runTemplate: Runner = async (flags, ctx) => {
  const s = await session(flags, ctx, { cluster: 'offline' });
  try {
    const results = await s.stack.renderReleases(s.loaded, s.selection, s.runCtx());
    if (flags.outputDir) {
      for (const f of s.stack.writeTemplates(flags.outputDir, results)) s.reporter.print(`wrote ${f}\n`);
    } else {
      for (const r of results) {
        if (r.rendered) s.reporter.print(`# Release: ${r.id}\n${r.rendered.manifest}${r.rendered.hooks}`);
      }
    }
    const bad = results.filter((r) => r.error !== undefined);
    if (bad.length > 0)
      throw new UserError(bad.map((r) => `${r.id}: ${r.error}`).join('\n'), { code: 'ERENDER' });
  } finally {
    s.close();
  }
};

const runLint: Runner = async (flags, ctx) => {
  const s = await session(flags, ctx, { cluster: 'offline' });
  try {
    const results = await s.stack.lintReleases(s.loaded, s.selection, s.runCtx());
    if (flags.output === 'json') s.reporter.print(`${JSON.stringify(results, null, 2)}\n`);
    else s.reporter.print(s.output.formatLint(results, s.reporter.style));
    if (results.some((r) => !r.ok)) throw new ExitCode(1);
  } finally {
    s.close();
  }
};

const runWriteValues: Runner = async (flags, ctx) => {
  const s = await session(flags, ctx, { cluster: false });
  const desired = s.stack.resolveSelection(s.loaded, s.selection, s.reporter.listener);
  const results = [...desired.values()].map((d) => ({ id: d.id, values: d.values }));
  if (flags.outputDir) {
    for (const f of s.stack.writeValuesFiles(flags.outputDir, results)) s.reporter.print(`wrote ${f}\n`);
  } else {
    const { toYaml } = await import('../../encoding/index.js');
    for (const r of results) s.reporter.print(`---\n# Release: ${r.id}\n${toYaml(r.values)}`);
  }
};

export function register(program: Command, ctx: CliContext): void {
  const json = (cmd: Command) => cmd.option('-o, --output <format>', 'output format: text or json', 'text');
  json(common(program.command('plan').description('show what sync would do, per release (no change)')))
    .option(
      '--out <file>',
      'save the plan (with the live revisions it was computed against) for apply --plan',
    )
    .action(act(runPlan, ctx));
  json(common(program.command('diff').description('diff each selected release against its live revision')))
    .option('--context <n>', 'lines of context in diffs', positiveInt('--context'), 3)
    .option('--show-secrets', 'show Secret values instead of masking them')
    .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when something does, 1 on error')
    .option(
      '--detect-drift',
      'also compare the live objects with each deployed revision (server-side dry-run apply) and show fields changed by hand',
    )
    .action(act(runDiff, ctx));
  runFlags(
    json(
      common(
        program.command('sync').description('install or upgrade every selected release, in needs order'),
      ),
    ),
  ).action(act(runSyncLike(false), ctx));
  runFlags(
    json(
      common(
        program.command('apply').description('install or upgrade only the releases whose diff is not empty'),
      ),
    ),
  )
    .option(
      '--plan <file>',
      'apply exactly this saved plan (bosun plan --out); refuse if the cluster moved since',
    )
    .action(act(runSyncLike(true), ctx));
  lockFlags(
    json(
      common(
        program
          .command('rollback')
          .description('roll every selected release back to its previous revision (reverse needs order)'),
      ),
    ),
  )
    .option(
      '--revision <n>',
      'roll back to this revision instead of the previous one',
      positiveInt('--revision'),
    )
    .option(
      '--to-stack-revision <n>',
      'return every selected release to the revision it had at stack revision N (bosun history)',
      positiveInt('--to-stack-revision'),
    )
    .action(act(runReverse('rollback'), ctx));
  lockFlags(
    json(
      common(
        program.command('destroy').description('uninstall every selected release (reverse needs order)'),
      ),
    ),
  ).action(act(runReverse('destroy'), ctx));
  json(
    common(
      program
        .command('history')
        .description("the stack's recorded revisions (one per sync/apply that changed something)"),
    ),
  )
    .option('--lock-namespace <ns>', "namespace of the stack's records (default: the first release's)")
    .action(act(runHistory, ctx));
  json(common(program.command('status').description('the live status of every declared release')))
    .option('--drift', 'also compare the live objects with each deployed revision (manual edits, scaling)')
    .action(act(runStatus, ctx));
  json(
    common(
      program
        .command('list')
        .description('declared releases with their live revision, status, chart and app version'),
    ),
  ).action(act(runList, ctx));
  common(program.command('template').description('render every selected release locally'))
    .option('--output-dir <dir>', 'write manifests under DIR/<namespace>/<release>/')
    .action(act(runTemplate, ctx));
  json(
    common(
      program
        .command('lint')
        .description('check that every selected release resolves its values and renders'),
    ),
  ).action(act(runLint, ctx));
  registerLockCommands(program, ctx);
  common(program.command('write-values').description("write each release's merged values"))
    .option('--output-dir <dir>', 'write DIR/<namespace>/<release>.yaml instead of printing')
    .action(act(runWriteValues, ctx));
}
