/**
 * toJson, toPrettyJson, toRawJson and toToml against the real helm, on the inputs of cases.ts.
 */
import { describe } from 'vitest';
import { NUMBERS, SHAPES, STRINGS } from './cases.js';
import { conformanceTable, type FuncCase } from './harness.js';

function jsonCases(fn: string): FuncCase[] {
  const out: FuncCase[] = [];
  for (const [name, s] of Object.entries(STRINGS)) {
    out.push({ name: `string ${name}`, fn, value: s });
    out.push({ name: `string ${name} as key`, fn, value: { [s]: [s] } });
  }
  for (const [name, n] of Object.entries(NUMBERS)) out.push({ name: `number ${name}`, fn, value: { n } });
  for (const [name, v] of Object.entries(SHAPES)) out.push({ name: `shape ${name}`, fn, value: v });
  out.push({ name: 'null', fn, raw: 'null' });
  return out;
}

const TOML_SHAPES: Record<string, unknown> = {
  flat: { b: 1, a: 'x', c: true, d: 1.5, e: [1, 2], f: [] },
  nested: { top: 1, t: { x: 1, sub: { y: 2, deeper: { z: 3 } }, after: 'a' }, u: { v: 'w' } },
  arrayOfTables: {
    items: [
      { name: 'a', n: 1 },
      { name: 'b', tags: ['x'] },
    ],
    other: 2,
  },
  nestedArrayOfTables: { a: { list: [{ x: 1, inner: { y: 2 } }, { x: 2 }] } },
  mixedArray: { m: [1, 'two', { three: 3 }], nested: [[1, 2], ['a']] },
  inlineTablesInArray: { m: [[{ a: 1 }], { b: [] }] },
  emptyTables: { a: {}, b: { c: {} } },
  nullValue: { a: null, b: 1, c: { d: null } },
  nullInArray: { a: [1, null] },
  keysToQuote: { 'a b': 1, '': 2, 'a.b': 3, ä: 4, 'q"k': 5, 'bare-key_1': 6, t: { 'x y': { 'z.w': 1 } } },
  strings: { s: 'line\nbreak', t: 'tab\t', q: 'q"uote', b: 'back\\slash', u: 'é😀', c: '\u0001\u007f' },
  numbers: { i: 42, f: 3.25, big: 1e20, small: 1e-7, neg: -0.5, z: 0, nz: -0, e7: 1e7 },
  deepKeys: { a: { b: { c: { d: 1 } } } },
  topLevelList: [1, 2, 3],
  topLevelListOfMaps: [{ a: 1 }],
  topLevelString: 'str',
  topLevelNumber: 1.5,
  topLevelBool: false,
};

function tomlCases(): FuncCase[] {
  const out: FuncCase[] = [];
  for (const [name, v] of Object.entries(TOML_SHAPES)) out.push({ name, fn: 'toToml', value: v });
  for (const [name, v] of Object.entries(SHAPES))
    out.push({ name: `shape ${name}`, fn: 'toToml', value: { v } });
  for (const [name, s] of Object.entries(STRINGS))
    out.push({ name: `string ${name}`, fn: 'toToml', value: { [s]: s } });
  return out;
}

describe('toJson', () => conformanceTable(jsonCases('toJson')));
describe('toPrettyJson', () => conformanceTable(jsonCases('toPrettyJson')));
describe('toRawJson', () => conformanceTable(jsonCases('toRawJson')));
describe('toToml', () => conformanceTable(tomlCases()));
