/** `bosun helm pull|fetch CHART…` — flags → src/repo pullChart → stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, ctx: CliContext): void {
  helm
    .command('pull')
    .alias('fetch')
    .description('download a chart from a repository and (optionally) unpack it in local directory')
    .argument('<charts...>', 'chart URL | repo/chartname')
    .option('--untar', 'if set to true, will untar the chart after downloading it')
    .option('--untardir <dir>', 'if untar is specified, the directory into which the chart is expanded', '.')
    .option('-d, --destination <dir>', 'location to write the chart', '.')
    .option('--version <constraint>', 'specify a version constraint for the chart version to use')
    .option('--repo <url>', 'chart repository url where to locate the requested chart')
    .option('--username <name>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download')
    .option('--plain-http', 'use insecure HTTP connections for the chart download')
    .option('--pass-credentials', 'pass credentials to all domains')
    .option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'")
    .action(async (charts: string[], o: Record<string, string | boolean | undefined>) => {
      const { pullChart } = await import('../../../repo/index.js');
      for (const ref of charts) {
        const out = await pullChart(ref, {
          version: o.version as string | undefined,
          repoURL: o.repo as string | undefined,
          username: o.username as string | undefined,
          password: o.password as string | undefined,
          caFile: o.caFile as string | undefined,
          certFile: o.certFile as string | undefined,
          keyFile: o.keyFile as string | undefined,
          insecureSkipTLSVerify: !!o.insecureSkipTlsVerify,
          plainHttp: !!o.plainHttp,
          passCredentialsAll: !!o.passCredentials,
          devel: !!o.devel,
          untar: !!o.untar,
          untarDir: o.untardir as string,
          destination: o.destination as string,
          signal: ctx.signal,
        });
        process.stdout.write(out);
      }
    });
}
