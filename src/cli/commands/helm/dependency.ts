/** `bosun helm dependency list|update|build` — flags → src/repo dependency → stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

type Opts = Record<string, string | boolean | undefined>;

function depOptions(o: Opts) {
  return {
    skipRefresh: !!o.skipRefresh,
    plainHttp: !!o.plainHttp,
    username: o.username as string | undefined,
    password: o.password as string | undefined,
    caFile: o.caFile as string | undefined,
    certFile: o.certFile as string | undefined,
    keyFile: o.keyFile as string | undefined,
    insecureSkipTLSVerify: !!o.insecureSkipTlsVerify,
    out: (s: string) => process.stdout.write(s),
  };
}

function addDownloadFlags(cmd: Command): Command {
  return cmd
    .argument('[chart]', 'CHART', '.')
    .option('--skip-refresh', 'do not refresh the local repository cache')
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .option('--username <name>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download');
}

export function register(helm: Command, _ctx: CliContext): void {
  const dep = helm
    .command('dependency')
    .alias('dep')
    .alias('dependencies')
    .description("manage a chart's dependencies");
  dep
    .command('list')
    .alias('ls')
    .description('list the dependencies for the given chart')
    .argument('[chart]', 'CHART', '.')
    .option('--max-col-width <n>', 'maximum column width for output table', '80')
    .action(async (chart: string, o: Opts) => {
      const { dependencyList } = await import('../../../repo/index.js');
      process.stdout.write(dependencyList(chart, Number(o.maxColWidth)));
    });
  addDownloadFlags(
    dep.command('update').alias('up').description('update charts/ based on the contents of Chart.yaml'),
  ).action(async (chart: string, o: Opts) => {
    const { dependencyUpdate } = await import('../../../repo/index.js');
    await dependencyUpdate(chart, depOptions(o));
  });
  addDownloadFlags(
    dep.command('build').description('rebuild the charts/ directory based on the Chart.lock file'),
  ).action(async (chart: string, o: Opts) => {
    const { dependencyBuild } = await import('../../../repo/index.js');
    await dependencyBuild(chart, depOptions(o));
  });
}
