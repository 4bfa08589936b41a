/**
 * `bosun lock`, `bosun deps` and `bosun promote`: pinning chart versions and digests per
 * environment in releases.lock, and copying one environment's pins to another as a reviewable
 * file change. Thin: flags → options → the stack API (lockEnvironment, promoteLock) → printer.
 */
import type { Command } from 'commander';
import { collect } from '../flags.js';
import type { CliContext } from '../program.js';

interface LockFlags {
  file?: string;
  environment: string;
  selector: string[];
  kubeContext?: string;
  kubeconfig?: string;
  sandbox?: boolean;
  namespace?: string;
  resolve?: boolean;
}

interface PromoteFlags {
  file?: string;
  from: string;
  to: string;
  selector: string[];
  namespace?: string;
  dryRun?: boolean;
}

function stateFlags(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', 'the state file (default: releases.yaml, else releases.yaml.gotmpl)')
    .option(
      '-l, --selector <key=value,...>',
      'only releases with these labels (several -l are OR-ed; key!=value negates)',
      collect,
      [],
    )
    .option('-n, --namespace <ns>', 'namespace of releases that name none', undefined);
}

const warnTo = (message: string) => process.stderr.write(`warning: ${message}\n`);

const short = (digest: string | undefined) => (digest ? ` ${digest.replace(/^(.*:.{12}).*$/, '$1…')}` : '');

async function runLock(flags: LockFlags, ctx: CliContext, live: boolean): Promise<void> {
  const stack = await import('../../stack/index.js');
  const loaded = stack.loadStack({
    file: flags.file,
    cwd: process.cwd(),
    environment: flags.environment,
    env: process.env,
    namespace: flags.namespace,
    kubeContext: flags.kubeContext,
    ignoreLock: true,
  });
  const path = stack.lockPathFor(loaded);
  const previous = stack.readLock(path);
  const selection = stack.selectReleases(loaded, flags.selector ?? []);
  const closers: (() => void)[] = [];
  let kubeFor: (kubeContext: string | undefined) => import('../../kube/index.js').KubeClient = () => {
    throw new Error('internal: "bosun deps" resolves charts without a cluster');
  };
  if (live) {
    const { kubeClients } = await import('../cluster.js');
    const clients = await kubeClients(flags, ctx.signal);
    closers.push(() => clients.close());
    kubeFor = clients.kubeFor;
  }
  const ops = new stack.ActionReleaseOps({
    kubeFor,
    repositories: loaded.repositories,
    env: process.env,
    ...(live ? {} : { offline: true }),
    warn: warnTo,
  });
  try {
    const env = loaded.environment.name;
    const section = await stack.lockEnvironment(
      {
        environment: env,
        order: loaded.graph.order,
        releases: selection.ids.map((id) => loaded.byId.get(id)!).filter((r) => r.installed),
      },
      live ? ops : { resolve: (c, v, o) => ops.resolve(c, v, o) },
      {
        signal: ctx.signal,
        now: () => new Date(),
        previous: previous?.environments[env],
        live,
        notify: (n) => warnTo(n.message),
      },
    );
    stack.writeLock(path, stack.withSection(previous, env, section));
    const chosen = new Set(selection.ids);
    for (const e of section.releases) {
      if (!chosen.has(e.id)) continue;
      const from = e.source === 'live' ? 'deployed' : `resolved from ${e.constraint || '*'}`;
      process.stdout.write(`${e.id}: ${e.chart} ${e.version} (${from})${short(e.digest)}\n`);
    }
    process.stdout.write(`wrote ${path} (environment "${env}")\n`);
  } finally {
    for (const c of closers) c();
  }
}

async function runPromote(flags: PromoteFlags): Promise<void> {
  const stack = await import('../../stack/index.js');
  const { existsSync, readFileSync } = await import('node:fs');
  const load = (environment: string) =>
    stack.loadStack({
      file: flags.file,
      cwd: process.cwd(),
      environment,
      env: process.env,
      namespace: flags.namespace,
    });
  const from = load(flags.from);
  const to = load(flags.to);
  const path = stack.lockPathFor(to);
  const selection = stack.selectReleases(to, flags.selector ?? []);
  const r = stack.promoteLock({
    lock: to.lock,
    from: flags.from,
    to: flags.to,
    fromReleases: from.releases,
    toReleases: selection.ids.map((id) => to.byId.get(id)!),
    toIds: to.graph.order,
    now: () => new Date(),
    currentText: existsSync(path) ? readFileSync(path, 'utf8') : '',
  });
  for (const id of r.unpinned)
    warnTo(`"${flags.from}" pins nothing for release "${id}" of "${flags.to}": its pin is left as it was`);
  if (r.diff === '') {
    process.stdout.write(`releases.lock already pins what "${flags.from}" runs for "${flags.to}"\n`);
    return;
  }
  process.stdout.write(`--- a/releases.lock\n+++ b/releases.lock\n${r.diff}`);
  for (const p of r.promoted)
    process.stdout.write(
      `${p.id}: ${p.chart} ${p.previous === undefined ? '(unpinned)' : p.previous} → ${p.version}${short(p.digest)}\n`,
    );
  if (flags.dryRun) {
    process.stdout.write('dry run: releases.lock not written\n');
    return;
  }
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, stack.formatLock(r.lock));
  process.stdout.write(
    `wrote ${path}: review and commit it, then "bosun sync -e ${flags.to}" deploys exactly these pins\n`,
  );
}

export function registerLockCommands(program: Command, ctx: CliContext): void {
  const lockCmd = (name: string, description: string) =>
    stateFlags(program.command(name).description(description)).option(
      '-e, --environment <name>',
      'the environment to lock',
      'default',
    );
  lockCmd(
    'lock',
    'pin the chart version (and digest) each release of the environment runs into releases.lock',
  )
    .option('--kube-context <name>', 'kubeconfig context for releases that name none')
    .option('--kubeconfig <path>', 'path to the kubeconfig file')
    .option('--sandbox', 'use the local sandbox cluster under .bosun/sandbox (started if needed)')
    .option('--resolve', 'pin what the state resolves to, without looking at what is deployed')
    .action(async (...params: unknown[]) => {
      const flags = (params.at(-1) as Command).opts() as LockFlags;
      await runLock(flags, ctx, !flags.resolve);
    });
  lockCmd('deps', 'resolve chart versions into releases.lock (no cluster: "bosun lock --resolve")').action(
    async (...params: unknown[]) => {
      await runLock((params.at(-1) as Command).opts() as LockFlags, ctx, false);
    },
  );
  stateFlags(
    program
      .command('promote')
      .description("copy one environment's pins in releases.lock to another, showing the change"),
  )
    .requiredOption('--from <environment>', 'the environment whose pins are copied')
    .requiredOption('--to <environment>', 'the environment that gets them')
    .option('--dry-run', 'show the change to releases.lock without writing it')
    .action(async (...params: unknown[]) => {
      await runPromote((params.at(-1) as Command).opts() as PromoteFlags);
    });
}
