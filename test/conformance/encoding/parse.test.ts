/**
 * Reading YAML, JSON and TOML as helm does, against the real helm: fromYaml/fromYamlArray
 * (sigs.k8s.io/yaml over go-yaml v2, including its error messages), fromJson/fromJsonArray
 * (encoding/json with its errors), fromToml; and a values.yaml full of YAML 1.1 forms.
 */
import { describe, expect, test } from 'vitest';
import { encodingFuncs, parseYamlMap } from '../../../src/encoding/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';
import { conformanceTable, type FuncCase } from './harness.js';

const YAML_DOCS: Record<string, string> = {
  scalars: 'a: 1\nb: 1.5\nc: true\nd: ~\ne: "str"\nf: plain text\ng: \'single\'\n',
  yaml11Bools: 'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: N\ng: True\nh: FALSE\n',
  boolKeys: 'on: 1\nn: 2\ny: 3\nyes: 4\noff: 5\n',
  ints: 'a: 0755\nb: 0x1F\nc: 0o17\nd: 0b11\ne: 1_000\nf: 08\ng: +5\nh: -0\ni: -0b101\nj: 0X1f\n',
  bigInts:
    'j: 9223372036854775807\nk: 18446744073709551615\nl: 18446744073709551616\nm: -9223372036854775808\nn: 12345678901234567\n',
  floats: 'a: 1e3\nb: .5\nc: -.5\nd: 1.\ne: 6.02e+23\nf: 1e400\ng: 1e-400\nh: -0.0\ni: +.5e2\n',
  floatKeys: '1.5: a\n3.14159265358979: b\n100000000: c\n0.1: d\n1e3: e\n',
  intKeys: '1: a\n0x10: b\n-3: c\n',
  nan: 'a: .nan\n',
  inf: 'a: [.inf]\n',
  nullKey: '~: e\n',
  timestamps:
    'a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 12:30:00\ne: 2001-02-30\n',
  strings:
    "a: \"\\x41\\u00e9\\U0001F600\\t\"\nb: 'it''s'\nc: >\n  folded\n  text\n\n  para\nd: |+\n  keep\n\ne: x\n",
  blockScalars: 'a: |\n  line1\n  line2\nb: |-\n  stripped\nc: >-\n  folded\n  more\nd: |2\n    indented\n',
  multiLinePlain: 'a: first\n  second\n\n  third\n',
  tags: 'a: !foo bar\nb: !!str 123\nc: !!float 3\nd: !!null ""\ne: !!int "42"\nf: !!bool "yes"\n',
  binary: 'a: !!binary aGVsbG8=\n',
  badTag: 'a: !!int x\n',
  anchors: 'base: &b {x: 1, y: [1, 2]}\ncopy: *b\nlist: [*b, *b]\n',
  merge: 'x: &a {b: 1}\ny:\n  <<: *a\n  c: 2\n',
  mergeOverride: 'x: &a {b: 1}\ny:\n  b: 2\n  <<: *a\n',
  mergeList: 'p: &p {a: 1, b: 1}\nq: &q {b: 2, c: 2}\nr:\n  <<: [*p, *q]\n  d: 3\n',
  mergeBad: 'a:\n  <<: 1\n',
  quotedMergeKey: '"<<": {a: 1}\n',
  unknownAlias: 'a: *nope\n',
  duplicateKeys: 'a: 1\na: 2\n',
  flow: 'a: {b: [1, {c: d}], e: "f"}\n',
  documents: '---\na: 1\n---\nb: 2\n',
  docEnd: 'a: 1\n...\n',
  directive: '%YAML 1.1\n---\na: 1\n',
  comments: '# head\na: b # trailing\n# between\nc: "d" # x\n',
  empty: '',
  onlyComment: '# nothing\n',
  topList: '- 1\n- 2\n',
  topString: 'just a string',
  topNumber: '42',
  strayBracket: '{a: 1}}',
  nestedSeq: 'a:\n- 1\n-   2\n- - 3\n  - 4\n',
  keysWithSpaces: 'a b: 1\n"c: d": 2\n? e\n: 3\n',
  bom: '\ufeffa: 1\n',
  crlf: 'a: 1\r\nb: 2\r\n',
  errMappingValues: 'a: b: c',
  errMappingValuesLine2: 'a: b\n  c: d',
  errIndent: 'a:\n  b: 1\n c: 2',
  errQuote: 'a: "unterminated',
  errSingleQuote: "a: 'x",
  errTab: 'a:\n\t- b',
  errFlowSeq: 'a: [1, 2',
  errFlowMap: 'a: {b: 1',
  errSeqThenMap: '- a\nb: 1',
  errMapThenSeq: 'a: 1\n- b',
  errAt: 'a: @x',
  errBacktick: 'a: `x',
  errKeyNoValue: 'key\nother: 1',
  errSeqInMap: 'a:\n  - b\n  c: 1',
  errLiteralIndent: 'a: |\n  x\n y',
  errControl: 'a: "\u007f"',
  errBadEscape: 'a: "\\q"',
  errDeepIndent: 'a:\n  b:\n    c: 1\n   d: 2\n',
  errLine5: 'a: 1\nb: 2\nc: 3\nd: 4\ne: f: g\n',
};

/** More malformed or unusual documents (named by their text). */
const MORE_YAML: string[] = [
  'a:\n  b: c\n  d\n',
  'a:\n- b\n- c\n d: e',
  'a: [b, c]]\n',
  'a: {b: c}}\n',
  'a: "b"c\n',
  "a: 'b'c\n",
  'a: b\nb\n',
  'a:\n  b:\n  - c\n  d: e\n    f: g\n',
  '- a\n - b\n',
  '- a\n-b: c\n',
  'a: |\n  x\n\ty\n',
  'a: >\nb\n',
  'a: &x\nb: *x\n',
  'a: !!map\n  b: c\n',
  '? a\n? b\n',
  'a: [b\nc: d\n',
  'a:\n  - b\n  -c\n',
  'a: b\n\n\n   c: d\n',
  'key: "multi\n  line"\n',
  'key: "tab\tin"\n',
  '"a": b\n"c"\n',
  'a:\tb\n',
  'a: b\t\n',
  '\ta: b\n',
  'a:\n\tb: c\n',
  'a: b:\n',
  'a: - b\n',
  'a:\n  - b: c\n    - d\n',
  'a: %x\n',
  'a: {b: [c, d}, e]\n',
  '[a, b]: c\n',
  '{a: b}: c\n',
  'a: "\\x4"\n',
  'a: "\\uZZZZ"\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: x\n   tier: y\n',
  'spec:\n  containers:\n  - name: x\n    image: y\n  ports:\n    - 80\n   - 81\n',
  'a: b\n---\nc: d: e\n',
  '--- !foo\na: 1\n',
  '--- |\n  text\n',
  'a: 1\n... \nb: 2\n',
  '%FOO bar\n---\na: 1\n',
  '%YAML 1.3\n---\na: 1\n',
  '%YAML 1.1\n%YAML 1.1\n---\na: 1\n',
  'a: *b',
  'a: &b c\nd: *b\ne: &b f\ng: *b\n',
  'x: &a [*a]\n',
  'a: 1\n  # comment indented\nb: 2\n',
  'a:    \n  b: 1\n',
  'a: b # c: d\n',
  'a: "x" y: z\n',
];

const JSON_DOCS: Record<string, string> = {
  object: '{"a": 1, "b": [true, null, "x"], "c": {"d": 1.5e3}}',
  escapes: '{"a": "\\u00e9\\n\\t\\"\\\\\\/", "b": "\\ud83d\\ude00", "c": "\\ud800"}',
  numbers: '{"a": -0, "b": 1e21, "c": 0.000001, "d": 12345678901234567890, "e": 1E-7}',
  duplicate: '{"a": 1, "a": 2}',
  whitespace: ' \n\t{ "a" : [ 1 , 2 ] } \n',
  empty: '',
  nullDoc: 'null',
  array: '[1, 2]',
  string: '"s"',
  number: '42',
  bool: 'true',
  trailingComma: '{"a": 1,}',
  single: "{'a': 1}",
  unquotedKey: '{a: 1}',
  missingColon: '{"a" 1}',
  missingComma: '{"a": 1 "b": 2}',
  arrayMissingComma: '[1 2]',
  badLiteral: '{"a": tru}',
  badNumber: '{"a": -x}',
  leadingZero: '{"a": 01}',
  badFraction: '{"a": 1.}',
  badExponent: '{"a": 1e}',
  controlInString: '{"a": "\u0001"}',
  badEscape: '{"a": "\\x"}',
  badUnicode: '{"a": "\\u12g4"}',
  unterminated: '{"a": "b',
  truncated: '{"a": ',
  trailingGarbage: '{} x',
  nonAscii: '{"a": 1} é',
  hugeNumber: '{"a": 1e400}',
};

const TOML_DOCS: Record<string, string> = {
  basic: 'a = 1\nb = "x"\nc = true\nd = 1.5\ne = [1, 2]\n[t]\nx = 1\n[t.u]\ny = "z"\n',
  arrayTables: '[[items]]\nname = "a"\n[[items]]\nname = "b"\n',
  strings: 'a = "esc\\t\\u00e9"\nb = \'lit\\n\'\nc = """\nmulti\nline"""\nd = \'\'\'\nraw\\n\'\'\'\n',
  numbers: 'a = 0x1F\nb = 0o17\nc = 0b11\nd = 1_000\ne = 6.02e23\nf = inf\ng = -0.0\nh = +5\n',
  inline: 'a = {b = 1, c = [1, {d = 2}]}\n',
  dotted: 'a.b.c = 1\na.d = 2\n',
  quotedKeys: '"a b" = 1\n\'c.d\' = 2\n',
  empty: '',
  comments: '# c\na = 1 # x\n',
  dates: 'a = 1979-05-27T07:32:00Z\nb = 1979-05-27\nc = 07:32:00\nd = 1979-05-27T00:32:00.500-07:00\n',
  errNoValue: 'a = ',
  errDuplicate: 'a = 1\na = 2',
  errTableTwice: '[t]\n[t]',
  errUnterminated: 'a = "x',
  errArray: 'a = [1, 2',
  errKeySpace: 'a b = 1',
  errBlankKey: '= 1',
  errTrailing: 'a = 1 b',
  errBadValue: 'a = tru',
  errInlineDuplicate: 'x = {a = 1, a = 2}',
};

function cases(): FuncCase[] {
  const out: FuncCase[] = [];
  for (const [name, s] of Object.entries(YAML_DOCS)) {
    out.push({ name, fn: 'fromYaml', value: s });
    out.push({ name, fn: 'fromYamlArray', value: s });
  }
  for (const s of MORE_YAML) out.push({ name: JSON.stringify(s), fn: 'fromYaml', value: s });
  for (const [name, s] of Object.entries(JSON_DOCS)) {
    out.push({ name, fn: 'fromJson', value: s });
    out.push({ name, fn: 'fromJsonArray', value: s });
  }
  for (const [name, s] of Object.entries(TOML_DOCS)) out.push({ name, fn: 'fromToml', value: s });
  return out;
}

describe('parsing', () =>
  conformanceTable(cases(), ['fromYaml', 'fromYamlArray', 'fromJson', 'fromJsonArray', 'fromToml']));

const VALUES_YAML = `# A values file with YAML 1.1 forms helm users meet.
replicaCount: 3
enabled: yes
debug: off
n: no-such
y: 1
on: true
image:
  repository: nginx
  tag: 1.25
  pullPolicy: IfNotPresent
ports: [80, 443]
version: 1.10
octal: 0755
hex: 0xFF
big: 10000000
float: 1e7
date: 2024-01-01
time: 12:30
empty:
tilde: ~
defaults: &defaults
  timeout: 30
  retries: 3
service:
  <<: *defaults
  port: 8080
list:
- a
- b:
    c: d
- - nested
script: |
  #!/bin/sh
  echo "hi"
folded: >
  one
  two
quoted: "yes"
single: 'no'
"key with spaces": value
? complex
: key
`;

describe('values.yaml', () => {
  test('a values file with YAML 1.1 forms reads as helm reads it', async () => {
    const r = await helmTemplateFiles({
      'values.yaml': VALUES_YAML,
      'templates/v.yaml': 'v: {{ toJson .Values | b64enc | quote }}\n',
    });
    const doc = splitBySource(r.stdout).get('t/templates/v.yaml') ?? '';
    const helm = Buffer.from(/^v: "(.*)"/.exec(doc)?.[1] ?? '', 'base64').toString('utf8');
    expect(r.stderr).toBe('');
    expect(encodingFuncs().get('toJson')!.fn(parseYamlMap(VALUES_YAML))).toBe(helm);
  });
});
