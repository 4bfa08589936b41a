/** `bosun helm registry login|logout HOST` — credentials in helm's Docker-style config file. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  const reg = helm.command('registry').description('login to or logout from a registry');
  reg
    .command('login')
    .description('login to a registry')
    .argument('<host>')
    .option('-u, --username <name>', 'registry username')
    .option('-p, --password <password>', 'registry password or identity token')
    .option('--password-stdin', 'read password or identity token from stdin')
    .option('--insecure', 'allow connections to TLS registry without certs')
    .option('--cert-file <file>', 'identify registry client using this SSL certificate file')
    .option('--key-file <file>', 'identify registry client using this SSL key file')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--plain-http', 'use insecure HTTP connections for the chart upload')
    .action(async (host: string, o: Record<string, string | boolean | undefined>) => {
      const { helmPaths, registryLogin, RepoError } = await import('../../../repo/index.js');
      let password = (o.password as string) ?? '';
      if (o.passwordStdin) {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        password = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r?\n$/, '');
      }
      if (!o.username) throw new RepoError('INVALID_ARGUMENT', 'username is required (pass --username)');
      const out = await registryLogin(host, o.username as string, password, {
        plainHttp: !!o.plainHttp,
        insecureSkipTLSVerify: !!o.insecure,
        caFile: o.caFile as string | undefined,
        certFile: o.certFile as string | undefined,
        keyFile: o.keyFile as string | undefined,
        registryConfig: helmPaths().registryConfig,
      });
      process.stdout.write(out);
    });
  reg
    .command('logout')
    .description('logout from a registry')
    .argument('<host>')
    .action(async (host: string) => {
      const { helmPaths, registryLogout } = await import('../../../repo/index.js');
      process.stderr.write(await registryLogout(host, helmPaths().registryConfig));
    });
}
