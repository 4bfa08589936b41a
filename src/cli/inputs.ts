/**
 * Reading what commands are given: values files and --set flags (helm's values.Options), and
 * the chart argument (a folder or archive; repository references come through repo/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Chart, loadChart } from '../chart/index.js';
import type { GoMap } from '../gotemplate/index.js';
import type { LocateOptions } from '../repo/index.js';
import { mergeValues } from '../values/index.js';
import { UserError } from './exit.js';
import type { ValueFlags } from './flags.js';

function readInput(path: string): string {
  if (path === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UserError(`open ${path}: no such file or directory`, { cause: err });
    throw new UserError(`read ${path}: ${e.message}`, { cause: err });
  }
}

export async function readUserValues(flags: ValueFlags): Promise<GoMap> {
  return mergeValues({
    valueFiles: flags.values.map((name) => ({ name, content: readInput(name) })),
    setJson: flags.setJson,
    set: flags.set,
    setString: flags.setString,
    setFile: flags.setFile,
    setLiteral: flags.setLiteral,
    readFile: (p: string) => readInput(p),
  });
}

/** The chart-path flags of install, upgrade, template, show (helm's ChartPathOptions). */
export function locateOptions(opts: Record<string, unknown>, signal?: AbortSignal): LocateOptions {
  const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const o: LocateOptions = {};
  const set = <K extends keyof LocateOptions>(k: K, v: LocateOptions[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set('version', str('version'));
  set('repoURL', str('repo'));
  set('username', str('username'));
  set('password', str('password'));
  set('caFile', str('caFile'));
  set('certFile', str('certFile'));
  set('keyFile', str('keyFile'));
  if (opts.insecureSkipTlsVerify) o.insecureSkipTLSVerify = true;
  if (opts.passCredentials) o.passCredentialsAll = true;
  if (opts.plainHttp) o.plainHttp = true;
  if (opts.devel) o.devel = true;
  set('signal', signal);
  o.warn = (m: string) => process.stderr.write(`${m}\n`);
  return o;
}

/** Resolves a chart reference (folder, archive, repo/chart, URL, oci://) and loads it. */
export async function loadChartArgument(
  ref: string,
  opts: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Chart> {
  // A local folder or archive needs no repository machinery (and loads faster without it).
  if (!opts.repo && !opts.version && existsSync(ref)) return loadChart(ref);
  const { locate } = await import('../repo/index.js');
  const located = await locate(ref, locateOptions(opts, signal));
  if (located.output) process.stderr.write(located.output);
  return loadChart(located.path);
}
