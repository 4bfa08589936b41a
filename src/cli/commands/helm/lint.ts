/** `bosun helm lint PATH...` — flags → action lint → helm's report. */
import type { Command } from 'commander';
import { addValueFlags, valueFlags } from '../../flags.js';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  const cmd = helm
    .command('lint')
    .description('examine a chart for possible issues')
    .argument('[paths...]', 'chart folders or archives')
    .option('--strict', 'fail on lint warnings')
    .option('--with-subcharts', 'lint dependent charts')
    .option('--quiet', 'print only warnings and errors')
    .option('--skip-schema-validation', 'if set, disables JSON schema validation')
    .option('--kube-version <version>', 'Kubernetes version used for capabilities and deprecation checks');
  addValueFlags(cmd);
  cmd.action(async (paths: string[], opts: Record<string, unknown>, command: Command) => {
    const { runLint } = await import('./lint-run.js');
    const globals = command.optsWithGlobals() as Record<string, unknown>;
    await runLint(paths, { ...globals, ...opts }, valueFlags(opts));
  });
}
