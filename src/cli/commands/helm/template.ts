/** `bosun helm template [NAME] CHART` — flags → options → action.template → stdout. */
import type { Command } from 'commander';
import { addChartPathFlags, addValueFlags, collect, collectSlice, valueFlags } from '../../flags.js';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  const cmd = helm
    .command('template')
    .description('locally render templates')
    .argument('[args...]', '[NAME] [CHART]')
    .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
    .option('--name-template <template>', 'specify template used to name the release')
    .option('-s, --show-only <path>', 'only show manifests rendered from the given templates', collect, [])
    .option('--output-dir <dir>', 'writes the executed templates to files in output-dir instead of stdout')
    .option('--release-name', 'use release name in the output-dir path.')
    .option('--include-crds', 'include CRDs in the templated output')
    .option('--skip-crds', 'if set, no CRDs will be installed')
    .option('--skip-tests', 'skip tests from templated output')
    .option('--no-hooks', 'prevent hooks from running during install')
    .option('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall')
    .option('--kube-version <version>', 'Kubernetes version used for Capabilities.KubeVersion')
    .option(
      '-a, --api-versions <versions>',
      'Kubernetes api versions used for Capabilities.APIVersions',
      collectSlice,
      [],
    )
    .option('--skip-schema-validation', 'if set, disables JSON schema validation')
    .option('--render-subchart-notes', 'if set, render subchart notes along with the parent')
    .option('--enable-dns', 'enable DNS lookups when rendering templates')
    .option('--dependency-update', 'update dependencies if they are missing before installing the chart')
    .option('--description <text>', 'add a custom description')
    .option('--create-namespace', 'accepted for compatibility; has no effect on template')
    .option('--debug', 'enable verbose output');
  addValueFlags(cmd);
  addChartPathFlags(cmd);
  cmd.action(async (args: string[], opts: Record<string, unknown>, command: Command) => {
    const { runTemplate } = await import('./template-run.js');
    const globals = command.optsWithGlobals() as Record<string, unknown>;
    await runTemplate(args, { ...globals, ...opts }, valueFlags(opts));
  });
}
