/**
 * `bosun helm recover RELEASE` — marks a revision left `pending-*` by a process that died as
 * `failed`, after checking that no live operation holds it (action/recover.ts), so upgrade and
 * rollback work again. helm has no equivalent (its users delete the pending Secret by hand).
 */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, ctx: CliContext): void {
  helm
    .command('recover')
    .description('mark a release left pending by an interrupted operation as failed, once it is stale')
    .argument('<release>', 'release name')
    .option(
      '--stale-after <duration>',
      'a pending revision with no lease (written by helm) counts as stale after this long',
      '10m0s',
    )
    .option('--force', 'mark it failed without checking that the operation is gone')
    .option('--sandbox', 'use the local sandbox cluster')
    .action(async (release: string, _opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals() as Record<string, unknown>;
      const [{ recover }, { actionConfig }, { parseDuration }] = await Promise.all([
        import('../../../action/index.js'),
        import('../../action-config.js'),
        import('./releases-run.js'),
      ]);
      const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
      const cfg = await actionConfig(
        {
          ...(str('kubeconfig') ? { kubeconfig: str('kubeconfig')! } : {}),
          ...(str('kubeContext') ? { kubeContext: str('kubeContext')! } : {}),
          ...(str('namespace') ? { namespace: str('namespace')! } : {}),
          ...(opts.sandbox ? { sandbox: true } : {}),
        },
        ctx.signal,
      );
      try {
        const res = await recover(cfg, release, {
          staleAfterMs: parseDuration(str('staleAfter') ?? '10m0s'),
          force: Boolean(opts.force),
          signal: ctx.signal,
        });
        process.stdout.write(
          `Release "${release}" revision ${res.release.version} was ${res.previousStatus}: ${res.reason}. Marked failed; upgrade or rollback can run again.\n`,
        );
      } finally {
        cfg.close();
      }
    });
}
