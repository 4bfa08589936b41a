/**
 * Reading what commands are given: values files and --set flags (helm's values.Options), and
 * the chart argument (a folder or archive; repository references come through repo/).
 */
import { readFileSync } from 'node:fs';
import { type Chart, loadChart } from '../chart/index.js';
import type { GoMap } from '../gotemplate/index.js';
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

export async function loadChartArgument(ref: string, _opts: Record<string, unknown>): Promise<Chart> {
  return loadChart(ref);
}
