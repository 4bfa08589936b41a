import { describe, expect, test } from 'vitest';
import { parseSet, parseSetFile, parseSetJson, parseSetLiteral, parseSetString } from './index.js';

interface Case {
  name: string;
  line: string;
  /** Expected values, or the error text helm prints after "failed parsing --set data: ". */
  want?: unknown;
  err?: string;
  /** Values present before the line is parsed. */
  into?: Record<string, unknown>;
}

const setCases: Case[] = [
  { name: 'simple pair', line: 'name=value', want: { name: 'value' } },
  { name: 'several pairs', line: 'a=1,b=two,c=true', want: { a: 1n, b: 'two', c: true } },
  { name: 'booleans fold case', line: 'a=TRUE,b=False', want: { a: true, b: false } },
  { name: 'null', line: 'a=null,b=NULL', want: { a: null, b: null } },
  { name: 'zero is an int', line: 'a=0', want: { a: 0n } },
  { name: 'leading zero stays a string', line: 'a=007,b=0x10', want: { a: '007', b: '0x10' } },
  { name: 'signed ints', line: 'a=-12,b=+5,c=-0', want: { a: -12n, b: 5n, c: 0n } },
  {
    name: 'int64 overflow stays a string',
    line: 'a=9223372036854775808',
    want: { a: '9223372036854775808' },
  },
  { name: 'int64 max', line: 'a=9223372036854775807', want: { a: 9223372036854775807n } },
  { name: 'floats stay strings', line: 'a=1.5,b=1e3', want: { a: '1.5', b: '1e3' } },
  { name: 'empty value', line: 'a=', want: { a: '' } },
  { name: 'empty value then pair', line: 'a=,b=1', want: { a: '', b: 1n } },
  { name: 'nested keys', line: 'a.b.c=1,a.b.d=2', want: { a: { b: { c: 1n, d: 2n } } } },
  { name: 'escaped comma', line: 'a=x\\,y', want: { a: 'x,y' } },
  { name: 'escaped dot in key', line: 'a\\.b=1', want: { 'a.b': 1n } },
  { name: 'escaped equals in key', line: 'a\\=b=1', want: { 'a=b': 1n } },
  { name: 'value keeps equals', line: 'a=b=c', want: { a: 'b=c' } },
  { name: 'list value', line: 'a={1,two,true}', want: { a: [1n, 'two', true] } },
  { name: 'empty list value', line: 'a={}', want: { a: [''] } },
  { name: 'list then pair', line: 'a={1,2},b=3', want: { a: [1n, 2n], b: 3n } },
  { name: 'unterminated list', line: 'a={1,2', err: "list must terminate with '}'" },
  { name: 'index', line: 'a[0]=x,a[2]=z', want: { a: ['x', null, 'z'] } },
  { name: 'index into map', line: 'a[1].b=1,a[1].c=2', want: { a: [null, { b: 1n, c: 2n }] } },
  { name: 'nested lists', line: 'a[0][1]=x', want: { a: [[null, 'x']] } },
  { name: 'nested list then map', line: 'a[0][1]=1,a[0].b=2', want: { a: [{ b: 2n }] } },
  { name: 'index with list value', line: 'a[0]={x,y}', want: { a: [['x', 'y']] } },
  { name: 'index without value', line: 'a[0]', want: { a: [] } },
  { name: 'index empty value', line: 'a[0]=', want: { a: [''] } },
  {
    name: 'bad index',
    line: 'a[x]=1',
    err: 'error parsing index: strconv.Atoi: parsing "x": invalid syntax',
  },
  {
    name: 'index out of int range',
    line: 'a[99999999999999999999]=1',
    err: 'error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range',
  },
  { name: 'negative index', line: 'a[-1]=1', err: 'negative -1 index not allowed' },
  {
    name: 'index over the limit',
    line: 'a[65537]=1',
    err: 'index of 65537 is greater than maximum supported index of 65536',
  },
  { name: 'index at the limit', line: 'a[65536]=1', want: { a: [...Array(65536).fill(null), 1n] } },
  { name: 'unterminated index ends the line quietly', line: 'a[1', want: {} },
  { name: 'unterminated nested index', line: 'a[0][1', want: { a: [] } },
  { name: 'data after index', line: 'a[0]bc=1', err: "unexpected data at end of array index: ['b' 'c']" },
  { name: 'key without value', line: 'a', err: 'key "a" has no value' },
  { name: 'nested key without value', line: 'a.b', err: 'key "b" has no value' },
  { name: 'key ending with comma', line: 'a,b=1', err: 'key "a" has no value (cannot end with ,)' },
  { name: 'empty nested map', line: 'x.=1', err: 'key map "x" has no value' },
  {
    name: 'scalar then list',
    line: 'a=1,a[0]=2',
    err: 'unable to parse key: interface conversion: interface {} is int64, not []interface {}',
  },
  {
    name: 'scalar then map',
    line: 'a=1,a.b=2',
    err: 'unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}',
  },
  {
    name: 'nil then map',
    line: 'a=null,a.b=2',
    err: 'unable to parse key: interface conversion: interface {} is nil, not map[string]interface {}',
  },
  {
    name: 'existing values are extended',
    line: 'b.c=2',
    into: { a: 1, b: { d: 'x' } },
    want: { a: 1, b: { d: 'x', c: 2n } },
  },
  {
    name: 'existing list is updated',
    line: 'l[1]=z',
    into: { l: ['x', 'y', 'w'] },
    want: { l: ['x', 'z', 'w'] },
  },
  {
    name: 'nesting limit',
    line: `${'a.'.repeat(31)}b=1`,
    err: 'value name nested level is greater than maximum supported nested level of 30',
  },
  {
    name: 'unicode keys and values',
    line: 'ключ=значение,emoji=🚀',
    want: { ключ: 'значение', emoji: '🚀' },
  },
  { name: '__proto__ is an ordinary key', line: '__proto__.x=1', want: JSON.parse('{"__proto__":{"x":1}}') },
];

function run(parse: (line: string, into: Record<string, unknown>) => unknown, c: Case): unknown {
  const into = structuredClone(c.into ?? {});
  parse(c.line, into);
  return into;
}

describe('parseSet', () => {
  test.for(setCases)('$name', (c) => {
    if (c.err !== undefined) {
      expect(() => run(parseSet, c)).toThrow(c.err);
      return;
    }
    const got = run(parseSet, c);
    if (c.name.startsWith('__proto__')) {
      expect(Object.hasOwn(got as object, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      return;
    }
    expect(got).toEqual(c.want);
  });
});

describe('parseSetString', () => {
  test.for([
    {
      name: 'everything is a string',
      line: 'a=1,b=true,c=null,d=0',
      want: { a: '1', b: 'true', c: 'null', d: '0' },
    },
    { name: 'lists of strings', line: 'a={1,2}', want: { a: ['1', '2'] } },
    { name: 'index', line: 'a[1]=5', want: { a: [null, '5'] } },
  ])('$name', (c) => {
    expect(run(parseSetString, c)).toEqual(c.want);
  });
});

describe('parseSetLiteral', () => {
  test.for([
    { name: 'value is everything after =', line: 'a=x,y=z\\n{1}', want: { a: 'x,y=z\\n{1}' } },
    { name: 'nested key', line: 'a.b=1', want: { a: { b: '1' } } },
    { name: 'index', line: 'a[1].b=true', want: { a: [null, { b: 'true' }] } },
    { name: 'backslash is literal in keys', line: 'a\\b=1', want: { 'a\\b': '1' } },
    { name: 'comma belongs to the key', line: 'a,b=1', want: { 'a,b': '1' } },
    { name: 'no value', line: 'a', err: 'key "a" has no value' },
    { name: 'empty value', line: 'a=', want: { a: '' } },
  ] as Case[])('$name', (c) => {
    if (c.err !== undefined) expect(() => run(parseSetLiteral, c)).toThrow(c.err);
    else expect(run(parseSetLiteral, c)).toEqual(c.want);
  });
});

describe('parseSetJson', () => {
  test.for([
    { name: 'scalars', line: 'a=1,b="x",c=true,d=null', want: { a: 1, b: 'x', c: true, d: null } },
    { name: 'object', line: 'a={"b":[1,{"c":"d"}]}', want: { a: { b: [1, { c: 'd' }] } } },
    { name: 'array then pair', line: 'a=[1,2],b=3', want: { a: [1, 2], b: 3 } },
    { name: 'empty value is null', line: 'a=,b=', want: { a: null, b: null } },
    { name: 'blanks around values', line: 'a= 1 ,b=2', want: { a: 1, b: 2 } },
    { name: 'nested key and index', line: 'x.y[1]={"z":1}', want: { x: { y: [null, { z: 1 }] } } },
    { name: 'invalid json', line: 'a=tru', err: 'unexpected EOF' },
    { name: 'bad character', line: 'a=x', err: "invalid character 'x' looking for beginning of value" },
  ] as Case[])('$name', (c) => {
    if (c.err !== undefined) expect(() => run(parseSetJson, c)).toThrow(c.err);
    else expect(run(parseSetJson, c)).toEqual(c.want);
  });
});

describe('parseSetFile', () => {
  const files: Record<string, string> = { 'a.txt': 'AAA\n', 'b.txt': 'B' };
  const read = (p: string): string => {
    if (!(p in files)) throw new Error(`open ${p}: no such file or directory`);
    return files[p]!;
  };
  test.for([
    { name: 'file contents', line: 'x=a.txt', want: { x: 'AAA\n' } },
    { name: 'list of files', line: 'x={a.txt,b.txt}', want: { x: ['AAA\n', 'B'] } },
    { name: 'index', line: 'x[1]=b.txt', want: { x: [null, 'B'] } },
    { name: 'missing file', line: 'x=nope', err: 'open nope: no such file or directory' },
  ] as Case[])('$name', (c) => {
    const parse = (line: string, into: Record<string, unknown>) => parseSetFile(line, into, read);
    if (c.err !== undefined) expect(() => run(parse, c)).toThrow(c.err);
    else expect(run(parse, c)).toEqual(c.want);
  });
});
