/** Sprig's defaults.go and reflect.go: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`, type inspection. */
import { empty } from './empty.js';
import { deepEqual } from './equal.js';
import { type FuncMap, func, kindName, typeName } from './go.js';

export function defaultFuncs(): FuncMap {
  return new Map([
    [
      'default',
      func(
        ['any'],
        (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]),
        'any',
      ),
    ],
    ['empty', func(['any'], empty)],
    ['coalesce', func([], (...v: unknown[]) => v.find((x) => !empty(x)) ?? null, 'any')],
    ['all', func([], (...v: unknown[]) => v.every((x) => !empty(x)), 'any')],
    ['any', func([], (...v: unknown[]) => v.some((x) => !empty(x)), 'any')],
    ['ternary', func(['any', 'any', 'bool'], (vt: unknown, vf: unknown, v: boolean) => (v ? vt : vf))],
    ['typeOf', func(['any'], typeName)],
    ['typeIs', func(['string', 'any'], (t: string, v: unknown) => t === typeName(v))],
    [
      'typeIsLike',
      func(['string', 'any'], (t: string, v: unknown) => {
        const n = typeName(v);
        return t === n || `*${t}` === n;
      }),
    ],
    ['kindOf', func(['any'], kindName)],
    ['kindIs', func(['string', 'any'], (t: string, v: unknown) => t === kindName(v))],
    ['deepEqual', func(['any', 'any'], deepEqual)],
  ]);
}
