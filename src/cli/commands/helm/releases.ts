/**
 * `bosun helm install|upgrade|rollback|uninstall|list|history|get|status|test` — helm's flags,
 * mapped to options; the bodies load lazily from releases-run.ts.
 */
import type { Command } from 'commander';
import { addChartPathFlags, addValueFlags, collectSlice, valueFlags } from '../../flags.js';
import type { CliContext } from '../../program.js';
import { addGetTemplateFlag } from './get-template.js';

function addWaitFlags(cmd: Command): Command {
  return cmd
    .option('--wait [strategy]', 'wait until resources are ready (up to --timeout)')
    .option('--wait-for-jobs', 'wait until all Jobs have been completed (with --wait)')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--no-hooks', 'prevent hooks from running')
    .option('--sandbox', 'use the local sandbox cluster under .bosun/sandbox (started if needed)');
}

function addReleaseFlags(cmd: Command): Command {
  addWaitFlags(cmd)
    .option('--create-namespace', 'create the release namespace if not present')
    .option('--atomic', 'deprecated: use --rollback-on-failure')
    .option('--rollback-on-failure', 'roll back (uninstall, for an install) when the operation fails')
    .option('--dry-run [strategy]', 'simulate the operation (client or server)')
    .option('--description <text>', 'add a custom description')
    .option('--skip-crds', 'do not install CRDs')
    .option('--skip-schema-validation', 'disables JSON schema validation')
    .option('--render-subchart-notes', 'render subchart notes along with the parent')
    .option('--hide-notes', 'do not show notes in the output')
    .option('-l, --labels <labels>', 'labels added to the release metadata (key=value,...)', collectSlice, [])
    .option('--history-max <n>', 'maximum number of revisions saved per release (0: no limit)', Number)
    .option(
      '-o, --output <format>',
      'prints the output in the specified format (table, json, yaml)',
      'table',
    );
  addValueFlags(cmd);
  return addChartPathFlags(cmd);
}

type Run = (name: string, args: string[], opts: Record<string, unknown>, ctx: CliContext) => Promise<void>;

function action(name: string, ctx: CliContext) {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const opts = {
      ...(command.optsWithGlobals() as Record<string, unknown>),
      values: valueFlags(command.opts()),
    };
    const args = command.args;
    const mod = (await import('./releases-run.js')) as unknown as Record<string, Run>;
    await mod.run!(name, args, opts, ctx);
  };
}

export function register(helm: Command, ctx: CliContext): void {
  addReleaseFlags(
    helm
      .command('install')
      .description('install a chart')
      .argument('[args...]', '[NAME] [CHART]')
      .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
      .option('--name-template <template>', 'specify template used to name the release')
      .option(
        '--replace',
        're-use the given name, only if that name is a deleted release which remains in the history',
      )
      .option('--take-ownership', 'adopt existing resources without helm ownership metadata'),
  ).action(action('install', ctx));

  addReleaseFlags(
    helm
      .command('upgrade')
      .description('upgrade a release')
      .argument('<release>', 'release name')
      .argument('<chart>', 'chart reference')
      .option('-i, --install', 'if a release by this name does not already exist, run an install')
      .option('--reuse-values', "reuse the last release's values and merge in any overrides")
      .option('--reset-values', 'reset the values to the ones built into the chart')
      .option(
        '--reset-then-reuse-values',
        "reset to the chart's values, then apply the last release's values and overrides",
      )
      .option('--cleanup-on-fail', 'allow deletion of new resources created in this upgrade when it fails')
      .option('--force-conflicts', 'take ownership of fields other field managers own')
      .option('--force-replace', 'force resource updates by replacement')
      .option('--recreate-pods', 'restart the pods of the release (a rollout restart)'),
  ).action(action('upgrade', ctx));

  addWaitFlags(
    helm
      .command('rollback')
      .description('roll back a release to a previous revision')
      .argument('<release>', 'release name')
      .argument('[revision]', 'revision (default: the previous one)')
      .option('--cleanup-on-fail', 'allow deletion of new resources created in this rollback when it fails')
      .option('--recreate-pods', 'restart the pods of the release (a rollout restart)')
      .option('--force-conflicts', 'take ownership of fields other field managers own')
      .option('--dry-run', 'simulate a rollback')
      .option('--history-max <n>', 'maximum number of revisions saved per release', Number),
  ).action(action('rollback', ctx));

  addWaitFlags(
    helm
      .command('uninstall')
      .alias('delete')
      .alias('del')
      .alias('un')
      .description('uninstall a release')
      .argument('<releases...>', 'release names')
      .option(
        '--keep-history',
        'remove all associated resources and mark the release as deleted, but retain the release history',
      )
      .option('--cascade <policy>', 'background, orphan or foreground', 'background')
      .option('--ignore-not-found', 'treat "release not found" as a successful uninstall')
      .option('--description <text>', 'add a custom description')
      .option('--dry-run', 'simulate an uninstall'),
  ).action(action('uninstall', ctx));

  helm
    .command('list')
    .alias('ls')
    .description('list releases')
    .option('-A, --all-namespaces', 'list releases across all namespaces')
    .option('-a, --all', 'show all releases without any filter applied')
    .option('-d, --date', 'sort by release date')
    .option('-r, --reverse', 'reverse the sort order')
    .option('--deployed', 'show deployed releases')
    .option('--failed', 'show failed releases')
    .option('--pending', 'show pending releases')
    .option('--superseded', 'show superseded releases')
    .option('--uninstalled', 'show uninstalled releases (if --keep-history was used)')
    .option('--uninstalling', 'show releases that are currently being uninstalled')
    .option('-f, --filter <regexp>', 'a regular expression; releases whose name matches are listed')
    .option('-l, --selector <selector>', "selector (label query) to filter on, supports '=', '==', and '!='")
    .option('-m, --max <n>', 'maximum number of releases to fetch', Number, 256)
    .option('--offset <n>', 'next release index in the list', Number, 0)
    .option('-q, --short', 'output short (quiet) listing format')
    .option('--no-headers', "don't print headers when using the default output format")
    .option('-o, --output <format>', 'table, json or yaml', 'table')
    .option('--sandbox', 'use the local sandbox cluster')
    .action(action('list', ctx));

  helm
    .command('test')
    .description('run tests for a release')
    .argument('<release>', 'release name')
    .option('--timeout <duration>', 'time to wait for any individual Kubernetes operation', '5m0s')
    .option('--filter <filters>', 'run only tests with name=X; exclude with !name=X', collectSlice, [])
    .option(
      '--logs',
      'dump the logs from test pods (this runs after all tests are complete, but before any cleanup)',
    )
    .option('--sandbox', 'use the local sandbox cluster')
    .action(action('test', ctx));

  helm
    .command('history')
    .alias('hist')
    .description('fetch release history')
    .argument('<release>', 'release name')
    .option('--max <n>', 'maximum number of revisions to include in history', Number, 256)
    .option('-o, --output <format>', 'table, json or yaml', 'table')
    .option('--sandbox', 'use the local sandbox cluster')
    .action(action('history', ctx));

  helm
    .command('status')
    .description('display the status of the named release')
    .argument('<release>', 'release name')
    .option('--revision <n>', 'the revision', Number)
    .option('--show-resources', 'show the resources of the release')
    .option('-o, --output <format>', 'table, json or yaml', 'table')
    .option('--sandbox', 'use the local sandbox cluster')
    .action(action('status', ctx));

  const get = helm.command('get').description('download extended information of a named release');
  for (const what of ['values', 'manifest', 'notes', 'hooks', 'metadata', 'all'] as const) {
    const sub = get
      .command(what)
      .description(`download the ${what} of a named release`)
      .argument('<release>', 'release name')
      .option('--revision <n>', 'get the named release with revision', Number)
      .option('--sandbox', 'use the local sandbox cluster');
    if (what === 'values' || what === 'all') sub.option('-a, --all', 'dump all (computed) values');
    if (what === 'all') addGetTemplateFlag(sub);
    if (what === 'values' || what === 'metadata')
      sub.option('-o, --output <format>', 'table, json or yaml', 'table');
    sub.action(action(`get-${what}`, ctx));
  }
}
