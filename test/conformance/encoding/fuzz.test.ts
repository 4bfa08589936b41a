/**
 * Generated values (a fixed-seed generator, so a failure reproduces) through toYaml, toYamlPretty,
 * toJson and toToml, against the real helm.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { marshalJson, parseYamlMap, toYaml } from '../../../src/encoding/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';
import { conformanceTable, type FuncCase } from './harness.js';

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'b',
  'key',
  ' ',
  '  ',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '- ',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\\',
  '\n',
  '\t',
  '\r',
  '|',
  '>',
  '!',
  '&',
  '*',
  '%',
  '@',
  '`',
  '~',
  'yes',
  'no',
  'on',
  'null',
  'true',
  '1',
  '0x',
  '0',
  '.5',
  'e3',
  '-',
  '_',
  'é',
  '😀',
  '日本',
  '\u0085',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\u0000',
  '\u001b',
  'word ',
  'long sentence with spaces ',
  'x'.repeat(30),
  '2001-01-01',
  '12:30',
  '<',
  '>',
  '&',
];

function genString(r: () => number): string {
  const n = Math.floor(r() * 8);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  if (r() < 0.1) s = s.repeat(1 + Math.floor(r() * 6));
  return s;
}

function genNumber(r: () => number): number {
  const kind = Math.floor(r() * 6);
  if (kind === 0) return Math.floor(r() * 1000);
  if (kind === 1) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  if (kind === 2) return Math.floor(r() * 1e9) * 10 ** Math.floor(r() * 15);
  if (kind === 3) return Math.round(r() * 1e6) / 100;
  if (kind === 4) return -Math.floor(r() * 1e7);
  return r();
}

function genValue(r: () => number, depth: number): unknown {
  const kind = Math.floor(r() * (depth > 3 ? 4 : 7));
  switch (kind) {
    case 0:
      return genString(r);
    case 1:
      return genNumber(r);
    case 2:
      return r() < 0.5;
    case 3:
      return r() < 0.5 ? null : genString(r);
    case 4:
    case 5: {
      const m: Record<string, unknown> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++)
        m[r() < 0.7 ? `k${Math.floor(r() * 20)}` : genString(r)] = genValue(r, depth + 1);
      return m;
    }
    default:
      return Array.from({ length: Math.floor(r() * 4) }, () => genValue(r, depth + 1));
  }
}

function cases(fn: string, seed: number, count: number): FuncCase[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const v = genValue(r, 0);
    return { name: `seed ${seed} #${i}`, fn, value: fn === 'toToml' ? { v } : v };
  });
}

describe('toYaml (generated)', () => conformanceTable(cases('toYaml', 1, 300)));
describe('toYamlPretty (generated)', () => conformanceTable(cases('toYamlPretty', 2, 200)));
describe('toJson (generated)', () => conformanceTable(cases('toJson', 3, 200)));
describe('toToml (generated)', () => conformanceTable(cases('toToml', 4, 150)));

describe('reading generated block YAML (toYaml output as values.yaml)', () => {
  const r = rng(5);
  const values: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) {
    const v = genValue(r, 0);
    try {
      toYaml(v); // (values JSON cannot carry, such as keys with NEL, are left out)
      values[`c${i}`] = v;
    } catch {}
  }
  let helm: Map<string, string>;
  let ours: Record<string, unknown>;
  beforeAll(async () => {
    const valuesYaml = toYaml(values);
    const files: Record<string, string> = { 'values.yaml': valuesYaml };
    for (const k of Object.keys(values))
      files[`templates/${k}.yaml`] = `v: {{ toJson .Values.${k} | b64enc | quote }}\n`;
    const res = await helmTemplateFiles(files);
    if (res.code !== 0) throw new Error(res.stderr);
    helm = new Map(
      [...splitBySource(res.stdout)].map(([k, d]) => [
        k,
        Buffer.from(/^v: "(.*)"/.exec(d)![1]!, 'base64').toString('utf8'),
      ]),
    );
    ours = parseYamlMap(valuesYaml);
  }, 180_000);
  test.for(Object.keys(values))('%s', (k) => {
    expect(marshalJson(ours[k])).toBe(helm.get(`t/templates/${k}.yaml`));
  });
});
