/**
 * Sprig v3.3 for helm: every non-crypto function of Sprig's `genericMap`, with Go semantics
 * over the gotemplate value model, declared with each Go function's parameter types.
 * (Crypto, encoding, random and network functions live in ../crypto; helm removes `env` and
 * `expandenv`; helm's own functions override `toJson`/`fromJson`.)
 *
 * Must not import: anything but gotemplate (through go.ts) and semver. No clock of its own:
 * `now` comes from the options.
 *
 * @example
 *   const funcs = sprigFuncs({ now: () => new Date() });
 *   funcs.get('trunc')!.fn(3n, 'hello') // 'hel'
 */
import { dateFuncs } from './date.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import type { FuncMap } from './go.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { pathFuncs } from './paths.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';
import { urlFuncs } from './url.js';

export { GoTime } from './gotime.js';
export { SemverVersion } from './semver.js';

export interface SprigOptions {
  /** The clock behind `now`, `ago`, and the "now" default of the date functions. */
  readonly now: () => Date;
}

export function sprigFuncs(opts: SprigOptions): FuncMap {
  return new Map([
    ...stringFuncs(),
    ...mathFuncs(),
    ...defaultFuncs(),
    ...listFuncs(),
    ...dictFuncs(),
    ...regexFuncs(),
    ...semverFuncs(),
    ...dateFuncs(opts),
    ...pathFuncs(),
    ...urlFuncs(),
  ]);
}
