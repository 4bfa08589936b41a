/** `bosun helm repo add|list|update|remove|index` — flags → src/repo → stdout. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\n$/, '').replace(/\r$/, '');
}

export function register(helm: Command, ctx: CliContext): void {
  const repo = helm.command('repo').description('add, list, remove, update, and index chart repositories');

  repo
    .command('add')
    .description('add a chart repository')
    .argument('<name>')
    .argument('<url>')
    .option('--username <name>', 'chart repository username')
    .option('--password <password>', 'chart repository password')
    .option('--password-stdin', 'read chart repository password from stdin')
    .option('--force-update', 'replace (overwrite) the repo if it already exists')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the repository')
    .option('--allow-deprecated-repos', 'allow adding official repos that have been permanently deleted')
    .option('--pass-credentials', 'pass credentials to all domains')
    .option('--timeout <duration>', 'time to wait for the index file download to complete', '2m0s')
    .action(async (name: string, url: string, o: Record<string, string | boolean | undefined>) => {
      const { addRepo, helmPaths } = await import('../../../repo/index.js');
      const paths = helmPaths();
      let password = (o.password as string) ?? '';
      if (o.username && !password && o.passwordStdin) password = await readStdin();
      const out = await addRepo(
        {
          name,
          url,
          username: (o.username as string) ?? '',
          password,
          certFile: (o.certFile as string) ?? '',
          keyFile: (o.keyFile as string) ?? '',
          caFile: (o.caFile as string) ?? '',
          insecureSkipTLSVerify: !!o.insecureSkipTlsVerify,
          passCredentialsAll: !!o.passCredentials,
          forceUpdate: !!o.forceUpdate,
          allowDeprecatedRepos: !!o.allowDeprecatedRepos,
        },
        { ...paths, signal: ctx.signal, warn: (m) => process.stderr.write(`WARNING: ${m}\n`) },
      );
      process.stdout.write(out);
    });

  repo
    .command('list')
    .alias('ls')
    .description('list chart repositories')
    .option('-o, --output <format>', 'prints the output in the specified format (table, json, yaml)', 'table')
    .option('--no-headers', 'suppress headers in the output')
    .action(async (o: { output: string; headers: boolean }) => {
      const { formatRepoList, helmPaths, loadRepoFile } = await import('../../../repo/index.js');
      const f = await loadRepoFile(helmPaths().repositoryConfig);
      if (f.repositories.length === 0 && o.output !== 'json' && o.output !== 'yaml') {
        process.stderr.write('no repositories to show\n');
        return;
      }
      const format = o.output === 'json' || o.output === 'yaml' ? o.output : 'table';
      process.stdout.write(formatRepoList(f, format, o.headers));
    });

  repo
    .command('update')
    .alias('up')
    .description('update information of available charts locally from chart repositories')
    .argument('[repos...]')
    .option('--timeout <duration>', 'time to wait for the index file download to complete', '2m0s')
    .action(async (names: string[]) => {
      const { formatUpdateResult, helmPaths, RepoError, updateRepos } = await import(
        '../../../repo/index.js'
      );
      const paths = helmPaths();
      process.stdout.write('Hang tight while we grab the latest from your chart repositories...\n');
      const results = await updateRepos(names, { ...paths, signal: ctx.signal }, (r) =>
        process.stdout.write(formatUpdateResult(r)),
      );
      const failed = results.filter((r) => r.error).map((r) => r.url);
      if (failed.length > 0) {
        throw new RepoError(
          'REPO_UPDATE_FAILED',
          `failed to update the following repositories: [${failed.join(' ')}]`,
        );
      }
      process.stdout.write('Update Complete. ⎈Happy Helming!⎈\n');
    });

  repo
    .command('remove')
    .alias('rm')
    .description('remove one or more chart repositories')
    .argument('<repos...>')
    .action(async (names: string[]) => {
      const { helmPaths, removeRepos } = await import('../../../repo/index.js');
      process.stdout.write(await removeRepos(names, helmPaths()));
    });

  repo
    .command('index')
    .description('generate an index file given a directory containing packaged charts')
    .argument('<dir>')
    .option('--url <url>', 'url of chart repository')
    .option('--merge <file>', 'merge the generated index into the given index')
    .option('--json', 'output in JSON format')
    .action(async (dir: string, o: { url?: string; merge?: string; json?: boolean }) => {
      const { writeRepoIndex } = await import('../../../repo/index.js');
      await writeRepoIndex(dir, o);
    });
}
