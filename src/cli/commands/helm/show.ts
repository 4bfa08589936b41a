/** `bosun helm show all|chart|values|readme|crds [CHART]` — flags → action.show → stdout. */
import type { Command } from 'commander';
import { addChartPathFlags } from '../../flags.js';
import type { CliContext } from '../../program.js';

const subcommands: { name: 'all' | 'chart' | 'values' | 'readme' | 'crds'; description: string }[] = [
  { name: 'all', description: 'show all information of the chart' },
  { name: 'readme', description: "show the chart's README" },
  { name: 'values', description: "show the chart's values" },
  { name: 'chart', description: "show the chart's definition" },
  { name: 'crds', description: "show the chart's CRDs" },
];

export function register(helm: Command, ctx: CliContext): void {
  const show = helm.command('show').alias('inspect').description('show information of a chart');
  for (const sub of subcommands) {
    const cmd = show
      .command(sub.name)
      .description(sub.description)
      .argument('[chart...]', 'a chart folder, archive, repo/name, URL or oci:// reference');
    if (sub.name === 'values') {
      cmd.option('--jsonpath <template>', 'supply a JSONPath expression to filter the output');
    }
    addChartPathFlags(cmd);
    cmd.action(async (args: string[], opts: Record<string, unknown>, command: Command) => {
      const { runShow } = await import('./show-run.js');
      const globals = command.optsWithGlobals() as Record<string, unknown>;
      await runShow(sub.name, args, { ...globals, ...opts }, ctx.signal);
    });
  }
}
