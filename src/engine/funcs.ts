/**
 * The function map templates see, as helm assembles it (pkg/engine/funcs.go): Sprig's text
 * functions without `env` and `expandenv`, helm's encoding functions (which override Sprig's
 * `toJson`/`fromJson`), and — added per render in render.ts — include, tpl, required, fail, lookup.
 */
import { encodingFuncs } from '../encoding/index.js';
import { type FuncMap, func } from '../gotemplate/index.js';
import { cryptoFuncs, type RandomSource, systemRandom } from './crypto/index.js';
import { sprigFuncs } from './sprig/index.js';

export interface FuncOptions {
  /** The clock behind `now`, `date` and certificate validity. */
  readonly now?: () => Date;
  /** Randomness for rand*, uuidv4, shuffle, key generation; seedable in tests. */
  readonly random?: RandomSource;
  /** `getHostByName` resolves only when DNS is enabled (helm's --enable-dns); otherwise it returns "". */
  readonly enableDNS?: boolean;
}

export function helmFuncs(opts: FuncOptions = {}): FuncMap {
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? systemRandom();
  const funcs: FuncMap = new Map([
    ...sprigFuncs({ now }),
    ...cryptoFuncs({ random, now }),
    ...encodingFuncs(),
  ]);
  funcs.delete('env');
  funcs.delete('expandenv');
  if (!opts.enableDNS)
    funcs.set(
      'getHostByName',
      func(['string'], () => ''),
    );
  return funcs;
}
