import { describe, expect, test } from 'vitest';
import { coalesceValues, mergeChartValues, mergeMaps, mergeValues, type ValuesChart } from './index.js';

const chart = (
  name: string,
  values: Record<string, unknown>,
  dependencies: ValuesChart[] = [],
): ValuesChart => ({
  name,
  values,
  dependencies,
});

describe('coalesceValues', () => {
  test.for([
    {
      name: 'user values win, maps merge',
      chart: chart('p', { a: 1, m: { x: 1, y: 2 } }),
      user: { m: { y: 3 }, b: 2 },
      want: { a: 1, b: 2, m: { x: 1, y: 3 } },
    },
    {
      name: 'null deletes a chart default',
      chart: chart('p', { a: 1, m: { x: 1 } }),
      user: { a: null, m: { x: null } },
      want: { m: {} },
    },
    {
      name: 'null for a key the chart does not have is kept',
      chart: chart('p', { m: { x: 1 } }),
      user: { m: { z: null } },
      want: { m: { x: 1, z: null } },
    },
    {
      name: 'subchart defaults fill its section, parent overrides them',
      chart: chart('p', { sub: { a: 'parent' } }, [chart('sub', { a: 'sub', b: 'sub' })]),
      user: {},
      want: { sub: { a: 'parent', b: 'sub', global: {} } },
    },
    {
      name: 'globals flow down and parent globals win',
      chart: chart('p', { global: { g: 1, t: { x: 1 } } }, [
        chart('sub', { global: { g: 2, h: 3, t: { y: 2 } } }),
      ]),
      user: {},
      want: { global: { g: 1, t: { x: 1 } }, sub: { global: { g: 1, h: 3, t: { x: 1, y: 2 } } } },
    },
    {
      name: 'scalars replace tables in user values',
      chart: chart('p', { m: { x: 1 } }),
      user: { m: 'flat' },
      want: { m: 'flat' },
    },
  ])('$name', (c) => {
    const warnings: string[] = [];
    const user = structuredClone(c.user);
    expect(coalesceValues(c.chart, c.user, { warn: (m) => warnings.push(m) })).toEqual(c.want);
    expect(c.user).toEqual(user);
  });

  test('warns when a table meets a non-table', () => {
    const warnings: string[] = [];
    coalesceValues(
      chart('p', { m: 'x', t: { a: { b: 1 } } }),
      { m: { y: 1 }, t: { a: 5 } },
      { warn: (m) => warnings.push(m) },
    );
    expect(warnings.sort()).toEqual([
      'warning: cannot overwrite table with non table for p.t.a (map[b:1])',
      'warning: skipped value for p.m: Not a table.',
    ]);
  });

  test('a non-map section for a subchart is an error', () => {
    expect(() => coalesceValues(chart('p', {}, [chart('sub', {})]), { sub: 'x' })).toThrow(
      'type mismatch on sub: %!t(string=x)',
    );
  });

  test('mergeChartValues keeps nulls', () => {
    expect(mergeChartValues(chart('p', { a: 1 }), { a: null })).toEqual({ a: null });
  });
});

describe('mergeValues', () => {
  test('helm order: files, --set-json, --set, --set-string, --set-file, --set-literal', () => {
    const got = mergeValues({
      valueFiles: [
        { name: 'a.yaml', content: 'a: 1\nm: {x: 1, w: 1}\n---\nm: {z: 1}\n' },
        { name: 'b.yaml', content: 'm: {w: 2}\n' },
      ],
      setJson: ['j={"k":[1,2]}', '{"m":{"json":true}}'],
      set: ['a=2,s=1'],
      setString: ['s=1'],
      setFile: ['f=path'],
      setLiteral: ['l=a,b'],
      readFile: () => 'file-content',
    });
    expect(got).toEqual({
      a: 2n,
      m: { x: 1, w: 2, z: 1, json: true },
      j: { k: [1, 2] },
      s: '1',
      f: 'file-content',
      l: 'a,b',
    });
  });

  test.for([
    { name: 'bad --set', opts: { set: ['a'] }, err: 'failed parsing --set data: key "a" has no value' },
    { name: 'bad --set-json', opts: { setJson: ['a=x'] }, err: 'failed parsing --set-json data a=x' },
    {
      name: 'bad --set-json object',
      opts: { setJson: ['{x'] },
      err: 'failed parsing --set-json data JSON: {x',
    },
    {
      name: 'non-map values file',
      opts: { valueFiles: [{ name: 'v.yaml', content: '- a\n' }] },
      err: 'failed to parse v.yaml: ',
    },
    {
      name: 'bad document separator',
      opts: { valueFiles: [{ name: 'v.yaml', content: 'a: 1\n--- b: 2\n' }] },
      err: 'failed to parse v.yaml: error reading yaml document: invalid Yaml document separator: b: 2',
    },
    {
      // Lines count from the document, as helm's; the location after it counts from the file.
      name: 'syntax error in a later document',
      opts: { valueFiles: [{ name: 'v.yaml', content: 'a: 1\n---\n\n---\n# c\n---\nb: [1\n' }] },
      err: "failed to parse v.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']' (at v.yaml:",
    },
  ])('$name', (c) => {
    expect(() => mergeValues(c.opts)).toThrow(c.err);
  });

  test('mergeMaps does not modify its inputs', () => {
    const a = { m: { x: 1 } };
    const out = mergeMaps(a, { m: { y: 2 } });
    expect(out).toEqual({ m: { x: 1, y: 2 } });
    expect(a).toEqual({ m: { x: 1 } });
  });
});
