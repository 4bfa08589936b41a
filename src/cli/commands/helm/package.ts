/** `bosun helm package DIR…` — flags → src/repo packageChart → stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  helm
    .command('package')
    .description('package a chart directory into a chart archive')
    .argument('<charts...>', 'CHART_PATH')
    .option('--version <version>', 'set the version on the chart to this semver version')
    .option('--app-version <version>', 'set the appVersion on the chart to this version')
    .option('-d, --destination <dir>', 'location to write the chart.', '.')
    .option(
      '-u, --dependency-update',
      'update dependencies from "Chart.yaml" to dir "charts/" before packaging',
    )
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .action(async (charts: string[], o: Record<string, string | boolean | undefined>) => {
      const { dependencyUpdate, packageChart } = await import('../../../repo/index.js');
      for (const dir of charts) {
        if (o.dependencyUpdate) {
          await dependencyUpdate(dir, { plainHttp: !!o.plainHttp, out: (s) => process.stdout.write(s) });
        }
        const file = await packageChart(dir, {
          version: o.version as string | undefined,
          appVersion: o.appVersion as string | undefined,
          destination: o.destination as string,
        });
        process.stdout.write(`Successfully packaged chart and saved it to: ${file}\n`);
      }
    });
}
