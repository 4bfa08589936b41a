/** `bosun helm search repo [KEYWORD]` — flags → src/repo search → helm's listing. */
import type { Command } from 'commander';
import type { CliContext } from '../../program.js';

export function register(helm: Command, _ctx: CliContext): void {
  const search = helm.command('search').description('search for a keyword in charts');
  search
    .command('repo')
    .description('search repositories for a keyword in charts')
    .argument('[keyword...]')
    .option('-r, --regexp', 'use regular expressions for searching repositories you have added')
    .option('-l, --versions', 'show the long listing, with each version of each chart on its own line')
    .option('--devel', 'use development versions (alpha, beta, and release candidate releases), too')
    .option('--version <constraint>', 'search using semantic versioning constraints')
    .option('--max-col-width <n>', 'maximum column width for output table', '50')
    .option('--fail-on-no-result', 'search fails if no results are found')
    .option('-o, --output <format>', 'prints the output in the specified format (table, json, yaml)', 'table')
    .action(async (keyword: string[], o: Record<string, string | boolean | undefined>) => {
      const { formatSearchResults, helmPaths, RepoError, searchRepos } = await import(
        '../../../repo/index.js'
      );
      const format = String(o.output);
      if (!['table', 'json', 'yaml'].includes(format)) {
        throw new RepoError('INVALID_ARGUMENT', `invalid format type "${format}"`);
      }
      const results = await searchRepos(
        {
          keyword: keyword.length > 0 ? keyword.join(' ') : undefined,
          regexp: !!o.regexp,
          versions: !!o.versions,
          devel: !!o.devel,
          version: (o.version as string) ?? '',
        },
        { ...helmPaths(), warn: (m) => process.stderr.write(`level=WARN msg=${JSON.stringify(m)}\n`) },
      );
      process.stdout.write(
        formatSearchResults(results, format as 'table', {
          maxColWidth: Number(o.maxColWidth),
          failOnNoResult: !!o.failOnNoResult,
        }),
      );
    });
}
