/**
 * toYaml and toYamlPretty against the real helm: every string, number and shape of cases.ts,
 * alone, as a map value, as a list item and as a map key.
 */
import { describe } from 'vitest';
import { NUMBERS, SHAPES, STRINGS } from './cases.js';
import { conformanceTable, type FuncCase } from './harness.js';

function cases(fn: string): FuncCase[] {
  const out: FuncCase[] = [];
  for (const [name, s] of Object.entries(STRINGS)) {
    out.push({ name: `string ${name}`, fn, value: s });
    out.push({ name: `string ${name} as value`, fn, value: { key: s, other: 1 } });
    out.push({ name: `string ${name} in list`, fn, value: [s, 'x'] });
    out.push({ name: `string ${name} as key`, fn, value: { [s]: s, z: 1 } });
  }
  for (const [name, n] of Object.entries(NUMBERS)) {
    out.push({ name: `number ${name}`, fn, value: n });
    out.push({ name: `number ${name} in map`, fn, value: { n, list: [n] } });
  }
  for (const [name, v] of Object.entries(SHAPES)) out.push({ name: `shape ${name}`, fn, value: v });
  out.push({ name: 'null', fn, raw: 'null' });
  out.push({ name: 'true', fn, value: true });
  return out;
}

describe('toYaml', () => conformanceTable(cases('toYaml')));
describe('toYamlPretty', () => conformanceTable(cases('toYamlPretty')));
