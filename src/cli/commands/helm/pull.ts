/** `bosun helm pull|fetch CHART…` — flags → src/repo pullChart → stdout. */
import type { Command } from 'commander';
import { addChartPathFlags } from '../../flags.js';
import type { CliContext } from '../../program.js';

export function register(helm: Command, ctx: CliContext): void {
  const pull = helm
    .command('pull')
    .alias('fetch')
    .description('download a chart from a repository and (optionally) unpack it in local directory')
    .argument('<charts...>', 'chart URL | repo/chartname')
    .option('--untar', 'if set to true, will untar the chart after downloading it')
    .option('--untardir <dir>', 'if untar is specified, the directory into which the chart is expanded', '.')
    .option('-d, --destination <dir>', 'location to write the chart', '.');
  addChartPathFlags(pull).action(
    async (charts: string[], o: Record<string, string | boolean | undefined>) => {
      const { pullChart } = await import('../../../repo/index.js');
      const { locateOptions } = await import('../../inputs.js');
      for (const ref of charts) {
        const out = await pullChart(ref, {
          ...locateOptions(o, ctx.signal),
          // pull has printed no index warnings so far; keep its output as it is
          warn: undefined,
          untar: !!o.untar,
          untarDir: o.untardir as string,
          destination: o.destination as string,
        });
        process.stdout.write(out);
      }
    },
  );
}
