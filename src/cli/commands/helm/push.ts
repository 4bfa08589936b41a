/** `bosun helm push CHART.tgz oci://REGISTRY/PATH` — flags → src/repo ociPush → stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  helm
    .command('push')
    .description('push a chart to remote')
    .argument('<chart>')
    .argument('<remote>')
    .option('--cert-file <file>', 'identify registry client using this SSL certificate file')
    .option('--key-file <file>', 'identify registry client using this SSL key file')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart upload')
    .option('--plain-http', 'use insecure HTTP connections for the chart upload')
    .option('--username <name>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .action(async (chart: string, remote: string, o: Record<string, string | boolean | undefined>) => {
      const { helmPaths, ociPush } = await import('../../../repo/index.js');
      const out = await ociPush(chart, remote, {
        plainHttp: !!o.plainHttp,
        caFile: o.caFile as string | undefined,
        certFile: o.certFile as string | undefined,
        keyFile: o.keyFile as string | undefined,
        insecureSkipTLSVerify: !!o.insecureSkipTlsVerify,
        username: o.username as string | undefined,
        password: o.password as string | undefined,
        registryConfig: helmPaths().registryConfig,
      });
      process.stdout.write(out);
    });
}
