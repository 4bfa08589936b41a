/**
 * Flag tables shared by commands, with helm's names and parsing (pflag StringSlice flags split on
 * commas; StringArray flags do not).
 */
import type { Command } from 'commander';

/** pflag StringArray: every occurrence is one item. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** pflag StringSlice: every occurrence may hold several comma-separated items. */
export function collectSlice(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter((v) => v !== '')];
}

/** The values options of install, upgrade and template, as helm's values.Options. */
export interface ValueFlags {
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  setJson: string[];
  setLiteral: string[];
}

export function addValueFlags(cmd: Command): Command {
  return cmd
    .option(
      '-f, --values <files>',
      'specify values in a YAML file or a URL (can specify multiple)',
      collectSlice,
      [],
    )
    .option('--set <values>', 'set values on the command line (key1=val1,key2=val2)', collect, [])
    .option(
      '--set-string <values>',
      'set STRING values on the command line (key1=val1,key2=val2)',
      collect,
      [],
    )
    .option('--set-file <values>', 'set values from respective files (key1=path1,key2=path2)', collect, [])
    .option(
      '--set-json <values>',
      'set JSON values on the command line (key1=jsonval1,key2=jsonval2)',
      collect,
      [],
    )
    .option('--set-literal <value>', 'set a literal STRING value on the command line', collect, []);
}

export function valueFlags(opts: Record<string, unknown>): ValueFlags {
  const list = (k: string) => (opts[k] as string[] | undefined) ?? [];
  return {
    values: list('values'),
    set: list('set'),
    setString: list('setString'),
    setFile: list('setFile'),
    setJson: list('setJson'),
    setLiteral: list('setLiteral'),
  };
}

/** Flags that locate a chart (helm's ChartPathOptions). */
export function addChartPathFlags(cmd: Command): Command {
  return cmd
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
    .option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'");
}
