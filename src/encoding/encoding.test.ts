/**
 * Unit tests of the encoding pieces, table-driven. The expected values are Go's documented
 * behaviour (go-yaml v2 resolve.go, encoding/json, BurntSushi/toml); the conformance tests under
 * test/conformance/encoding compare the same functions with the real helm.
 */
import { describe, expect, test } from 'vitest';
import { formatFloatG } from './go-values.js';
import {
  decodeGoJson,
  decodeGoJsonPrefix,
  encodingFuncs,
  marshalJson,
  parseToml,
  parseYaml,
  parseYamlAll,
  parseYamlMap,
  toToml,
  toYaml,
  toYamlPretty,
  YamlSyntaxError,
} from './index.js';
import { resolvePlain } from './yaml-resolve.js';
import { sortYamlKeys } from './yaml-sort.js';

describe('resolvePlain (go-yaml v2 YAML 1.1)', () => {
  test.for([
    ['yes', 'bool', true],
    ['Off', 'bool', false],
    ['y', 'bool', true],
    ['n', 'bool', false],
    ['~', 'null', null],
    ['', 'null', null],
    ['0755', 'int', 493n],
    ['0x1F', 'int', 31n],
    ['0o17', 'int', 15n],
    ['0b11', 'int', 3n],
    ['-0b11', 'int', -3n],
    ['1_000', 'int', 1000n],
    ['08', 'float', 8],
    ['1e3', 'float', 1000],
    ['.5', 'float', 0.5],
    ['1e400', 'str', '1e400'],
    ['18446744073709551615', 'int', 18446744073709551615n],
    ['2001-12-14', 'timestamp', '2001-12-14'],
    ['2001-02-30', 'str', '2001-02-30'],
    ['12:30', 'str', '12:30'],
    ['<<', 'str', '<<'],
    ['yess', 'str', 'yess'],
  ] as const)('%s → %s', ([s, tag, value]) => {
    const r = resolvePlain(s);
    expect(r.tag).toBe(tag);
    expect(r.value).toStrictEqual(value);
  });
});

describe('go-yaml key order', () => {
  test.for([
    [
      ['b', 'a', 'B'],
      ['B', 'a', 'b'],
    ],
    [
      ['a10', 'a9', 'a1'],
      ['a1', 'a9', 'a10'],
    ],
    [
      ['x1', 'x', 'x-'],
      ['x', 'x-', 'x1'],
    ],
    [
      ['1', '10', '2', 'a'],
      ['1', '2', '10', 'a'],
    ],
  ])('%j', ([input, want]) => {
    expect(sortYamlKeys([...input])).toEqual(want);
  });
});

describe('formatFloatG', () => {
  test.for([
    [10000000, 64, '1e+07'],
    [123456, 64, '123456'],
    [0.0001, 64, '0.0001'],
    [0.00001, 64, '1e-05'],
    [1.23456789, 32, '1.2345679'],
    [0.1, 32, '0.1'],
    [-0, 64, '-0'],
  ] as const)('%s (%i bits) → %s', ([f, bits, want]) => {
    expect(formatFloatG(f, bits)).toBe(want);
  });
});

describe('toYaml', () => {
  test.for([
    ['map and list', { b: [1, 'x'], a: '1' }, 'a: "1"\nb:\n- 1\n- x\n'],
    ['float through JSON', { f: 1e7, g: 1.5, h: 1e21 }, 'f: 10000000\ng: 1.5\nh: 1e+21\n'],
    ['int64', { i: 9007199254740993n }, 'i: 9007199254740993\n'],
    ['empty containers', { m: {}, l: [] }, 'l: []\nm: {}\n'],
    ['literal', { s: 'a\nb\n' }, 's: |\n  a\n  b\n'],
    ['literal keep', { s: 'a\n\n' }, 's: |+\n  a\n\n'],
    ['literal strip with indent hint', { s: ' a\nb' }, 's: |2-\n   a\n  b\n'],
    ['bytes as base64', { b: new Uint8Array([104, 105]) }, 'b: aGk=\n'],
    ['nil', null, 'null\n'],
    ['yaml 1.1 words quoted', ['yes', 'on', 'n', '0755'], '- "yes"\n- "on"\n- "n"\n- "0755"\n'],
    ['tab forces double quotes', 'a\tb', '"a\\tb"\n'],
  ] as const)('%s', ([, v, want]) => {
    expect(toYaml(v)).toBe(want);
  });

  test('NaN cannot go through JSON', () => {
    expect(() => toYaml(Number.NaN)).toThrow('json: unsupported value: NaN');
  });

  test('toYamlPretty indents sequences and keeps %g floats', () => {
    expect(toYamlPretty({ a: [1e7, 2n] })).toBe('a:\n  - 1e+07\n  - 2\n');
  });
});

describe('marshalJson (Go encoding/json)', () => {
  test.for([
    ['html escaped', '<a&b>', {}, '"\\u003ca\\u0026b\\u003e"'],
    ['html raw', '<a&b>', { escapeHTML: false }, '"<a&b>"'],
    ['line separators', '\u2028\u2029', {}, '"\\u2028\\u2029"'],
    ['control', '\u0001\b\f', {}, '"\\u0001\\b\\f"'],
    ['floats', [1e21, 1e-7, 0.000001, -0, 100], {}, '[1e+21,1e-7,0.000001,-0,100]'],
    ['sorted keys', { b: 1, a: { d: 2, c: 3 } }, {}, '{"a":{"c":3,"d":2},"b":1}'],
    ['indent', { a: [1], b: {} }, { indent: '  ' }, '{\n  "a": [\n    1\n  ],\n  "b": {}\n}'],
  ] as const)('%s', ([, v, opts, want]) => {
    expect(marshalJson(v, opts)).toBe(want);
  });
});

describe('decodeGoJson errors (Go messages)', () => {
  test.for([
    ['', 'unexpected end of JSON input'],
    ['{a}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['[1 2]', "invalid character '2' after array element"],
    ['01', "invalid character '1' after top-level value"],
    ['tru', 'unexpected end of JSON input'],
    ['[1]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ])('%j', ([text, msg]) => {
    expect(decodeGoJson(text!, 'map').error?.message).toBe(msg);
  });
});

describe('decodeGoJsonPrefix (json.Decoder: one value, then its end offset)', () => {
  test.for([
    { name: 'number then more', text: 'k=12,b=1', start: 2, value: 12, end: 4 },
    { name: 'leading blanks, object', text: '  {"a":[1,"é"]} ,x', start: 0, value: { a: [1, 'é'] }, end: 15 },
    { name: 'literal', text: 'true]', start: 0, value: true, end: 4 },
    { name: 'astral string', text: '"😀"x', start: 0, value: '😀', end: 4 },
  ])('$name', ({ text, start, value, end }) => {
    expect(decodeGoJsonPrefix(text, start)).toEqual({ value, end });
  });
  test.for([
    ['[1,2', 'unexpected EOF'],
    ['tru', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['"a\\u0001\\x"', "invalid character 'x' in string escape code"],
    ['1e999', 'json: cannot unmarshal number 1e999 into Go value of type float64'],
    ['[1e999,x]', "invalid character 'x' looking for beginning of value"],
  ])('%j fails: %s', ([text, msg]) => {
    expect(() => decodeGoJsonPrefix(text!, 0)).toThrow(msg);
  });
});

describe('parseYaml', () => {
  test.for([
    ['numbers are float64', 'a: 1\nb: 0x10', { a: 1, b: 16 }],
    ['yaml 1.1 bool keys', 'on: 1\nn: 2', { true: 1, false: 2 }],
    [
      'merge (and y: is the key "true")',
      'x: &a {b: 1}\ny:\n  <<: *a\n  c: 2',
      { x: { b: 1 }, true: { b: 1, c: 2 } },
    ],
    ['timestamp stays string', 'd: 2020-01-01', { d: '2020-01-01' }],
    ['float key as float32', '0.1: x', { '0.1': 'x' }],
    ['first document only', 'a: 1\n---\nb: 2', { a: 1 }],
  ] as const)('%s', ([, text, want]) => {
    expect(parseYaml(text)).toEqual(want);
  });

  test.for([
    ['a: b: c', 'error converting YAML to JSON: yaml: mapping values are not allowed in this context', 1],
    ['a:\n  b: 1\n c: 2', 'error converting YAML to JSON: yaml: line 2: did not find expected key', 3],
    ['a: *x', "error converting YAML to JSON: yaml: unknown anchor 'x' referenced", 1],
    ['a: .nan', 'error converting YAML to JSON: json: unsupported value: NaN', 1],
  ] as const)('error for %j', ([text, msg, line]) => {
    const err = (() => {
      try {
        parseYaml(text, { filename: 'values.yaml' });
      } catch (e) {
        return e;
      }
    })() as YamlSyntaxError;
    expect(err).toBeInstanceOf(YamlSyntaxError);
    expect(err.code).toBe('EYAML');
    expect(err.message).toBe(msg);
    expect(err.file).toBe('values.yaml');
    expect(err.line).toBe(line);
  });

  test('a long stream: every document, in order', () => {
    const docs = Array.from(
      { length: 3000 },
      (_, i) => `---\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata: {k: "v${i}"}\n`,
    ).join('');
    const all = parseYamlAll(docs) as { metadata: { name: string }; data: { k: string } }[];
    expect(all).toHaveLength(3000);
    expect(all[2999]!.metadata.name).toBe('cm-2999');
    expect(all[1234]!.data.k).toBe('v1234');
  });

  test('parseYamlAll reads every document', () => {
    expect(parseYamlAll('a: 1\n---\n- x\n')).toEqual([{ a: 1 }, ['x']]);
  });

  test('parseYamlMap: a list is a JSON type error', () => {
    expect(() => parseYamlMap('- 1')).toThrow(
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });
});

describe('TOML', () => {
  test('encoder layout', () => {
    expect(toToml({ b: { c: 1n, d: { e: 'x' } }, a: 1.0, l: [{ n: 1 }] })).toBe(
      'a = 1.0\n\n[b]\n  c = 1\n  [b.d]\n    e = "x"\n\n[[l]]\n  n = 1.0\n',
    );
  });

  test('reader gives int64 and float64', () => {
    expect(parseToml('a = 1\nb = 1.5\n[t]\nc = [1, 2]\n')).toEqual({ a: 1n, b: 1.5, t: { c: [1n, 2n] } });
  });
});

describe('encodingFuncs (helm error behaviour)', () => {
  const f = encodingFuncs();
  const call = (name: string, ...args: unknown[]) => f.get(name)!.fn(...args);
  test.for([
    ['toYaml trims one newline', 'toYaml', [{ a: 1 }], 'a: 1'],
    ['toYaml of NaN is empty', 'toYaml', [Number.NaN], ''],
    [
      'fromYaml error in map',
      'fromYaml',
      ['a: b: c'],
      { Error: 'error converting YAML to JSON: yaml: mapping values are not allowed in this context' },
    ],
    [
      'fromYamlArray error in list',
      'fromYamlArray',
      ['a: 1'],
      [
        'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
      ],
    ],
    ['fromJson error in map', 'fromJson', ['{'], { Error: 'unexpected end of JSON input' }],
    ['fromJson null is a nil map', 'fromJson', ['null'], null],
    ['toJson of NaN is empty', 'toJson', [Number.NaN], ''],
    ['toToml error text', 'toToml', [[{ a: 1 }]], 'toml: top-level values must be Go maps or structs'],
  ] as const)('%s', ([, name, args, want]) => {
    expect(call(name, ...args)).toEqual(want);
  });

  test.for(['mustToYaml', 'mustToJson', 'toRawJson', 'mustToRawJson', 'mustToPrettyJson'])(
    '%s fails the template on NaN',
    (name) => {
      expect(() => call(name, Number.NaN)).toThrow(/unsupported value: NaN/);
    },
  );

  test('mustToYaml wraps the JSON error as sigs.k8s.io/yaml does', () => {
    expect(() => call('mustToYaml', Number.NaN)).toThrow(
      'error marshaling into JSON: json: unsupported value: NaN',
    );
  });
});
