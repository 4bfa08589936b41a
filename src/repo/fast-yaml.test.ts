import { describe, expect, test } from 'vitest';
import { parseYaml } from '../encoding/index.js';
import { fastYaml } from './fast-yaml.js';
import { toYaml } from './yaml-out.js';

const long = 'word '.repeat(40).trim();

describe('fastYaml reads what go-yaml writes like the full parser', () => {
  test.for([
    {
      name: 'index-like',
      doc: {
        apiVersion: 'v1',
        entries: { a: [{ name: 'a', version: '1.0.0', urls: ['x.tgz'], keywords: ['on', 'y'] }] },
      },
    },
    {
      name: 'quoted and special',
      doc: { d: 'A chart: with #hash', q: "it's", e: '', n: '1.10', t: 'true', dq: 'tab\there', u: 'ünï' },
    },
    { name: 'folded long plain', doc: { m: { description: long } } },
    { name: 'folded long single-quoted', doc: { description: `x: ${long}` } },
    { name: 'literal blocks', doc: { a: 'line1\nline2\n', b: 'no newline\nat end', c: 'keep\n\n' } },
    { name: 'nested sequences of maps', doc: { l: [{ a: 1, b: [1, 2] }, { c: { d: null } }], e: [], f: {} } },
    { name: 'booleans and numbers', doc: { a: true, b: false, c: 3, d: 1.5 } },
  ])('$name', ({ doc }) => {
    const text = toYaml(doc as never);
    expect(fastYaml(text)).toEqual(parseYaml(text));
  });

  test.for([
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['flow map', 'a: {b: 1}\n'],
    ['folded block', 'a: >\n  x\n'],
  ])('gives up on %s', ([, text]) => {
    expect(fastYaml(text!)).toBeUndefined();
  });
});
