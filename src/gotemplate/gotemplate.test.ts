import { describe, expect, test } from 'vitest';
import {
  func,
  GoStruct,
  sprint,
  sprintf,
  sprintln,
  TemplateExecError,
  TemplateParseError,
  TemplateSet,
} from './index.js';
import { quote } from './strconv.js';

class Files extends GoStruct {
  readonly goTypeName = 'chart.Files';
  override goMethods(): readonly string[] {
    return ['Get'];
  }
  Get(name: unknown): string {
    return `content of ${String(name)}`;
  }
}

const funcs = new Map([
  ['upper', func(['string'], (s: string) => s.toUpperCase())],
  ['add1', func(['int'], (n: bigint) => n + 1n)],
  ['half', func(['float64'], (n: number) => n / 2)],
  ['join', func(['string'], (sep: string, ...xs: unknown[]) => xs.map(String).join(sep), 'any')],
  [
    'boom',
    func([], () => {
      throw new Error('it broke');
    }),
  ],
  ['typeOf', func(['any'], (x: unknown) => (typeof x === 'bigint' ? 'bigint' : typeof x))],
]);

function run(text: string, data: unknown = {}, missingKey: 'default' | 'zero' | 'error' = 'zero'): string {
  const set = new TemplateSet(funcs, { missingKey });
  set.parse('t', text);
  return set.execute('t', data);
}

describe('execution', () => {
  test.for([
    { name: 'function conversion int', text: '{{ add1 41 }}', want: '42' },
    { name: 'function conversion float from int literal', text: '{{ half 3 }}', want: '1.5' },
    {
      name: 'any param gets bigint for int literal',
      text: '{{ typeOf 3 }} {{ typeOf 3.0 }}',
      want: 'bigint number',
    },
    { name: 'variadic', text: '{{ join "-" 1 "a" true }}', want: '1-a-true' },
    { name: 'pipeline final arg', text: '{{ "x" | upper }}', want: 'X' },
    {
      name: 'struct method',
      text: '{{ .Files.Get "a.txt" }}',
      data: { Files: new Files() },
      want: 'content of a.txt',
    },
    { name: 'missing key default prints no value', text: '{{ .a }}', mk: 'default', want: '<no value>' },
    { name: 'missing key default chain', text: '{{ .a.b }}', mk: 'default', want: '<no value>' },
    {
      name: 'break',
      text: '{{ range $i := 5 }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ $i }}{{ end }}',
      want: '012',
    },
    {
      name: 'range map keys sorted bytewise',
      text: '{{ range $k, $v := . }}{{ $k }}{{ end }}',
      data: { b: 1, B: 2, a: 3 },
      want: 'Bab',
    },
    { name: 'and returns deciding value', text: '{{ and 1 "" 2 }}|{{ or "" 0 "z" }}', want: '|z' },
  ] as { name: string; text: string; data?: unknown; mk?: 'default' | 'zero' | 'error'; want: string }[])(
    '$name',
    (c) => {
      expect(run(c.text, c.data ?? {}, c.mk ?? 'zero')).toBe(c.want);
    },
  );

  test.for([
    {
      name: 'error calling wraps thrown errors',
      text: '{{ boom }}',
      want: 'template: t:1:3: executing "t" at <boom>: error calling boom: it broke',
    },
    {
      name: 'wrong type',
      text: '{{ upper 3 }}',
      want: 'template: t:1:9: executing "t" at <3>: expected string; found 3',
    },
    {
      name: 'wrong value type',
      text: '{{ upper .x }}',
      data: { x: 1.5 },
      want: 'template: t:1:9: executing "t" at <.x>: wrong type for value; expected string; got float64',
    },
    {
      name: 'missingkey error',
      text: '{{ .x }}',
      mk: 'error',
      want: 'template: t:1:3: executing "t" at <.x>: map has no entry for key "x"',
    },
    {
      name: 'unknown struct field',
      text: '{{ .Nope }}',
      data: new Files(),
      want: 'template: t:1:3: executing "t" at <.Nope>: can\'t evaluate field Nope in type chart.Files',
    },
    {
      name: 'recursion limit',
      text: '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}',
      want: 'exceeded maximum template depth (100000)',
    },
  ] as { name: string; text: string; data?: unknown; mk?: 'default' | 'zero' | 'error'; want: string }[])(
    'error: $name',
    (c) => {
      let err: unknown;
      try {
        run(c.text, c.data ?? {}, c.mk ?? 'zero');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TemplateExecError);
      expect((err as TemplateExecError).code).toBe('ETEMPLATE_EXEC');
      expect((err as Error).message).toContain(c.want);
    },
  );
});

describe('parse errors', () => {
  test.for([
    { text: '{{ nope }}', want: 'template: t:1: function "nope" not defined' },
    { text: 'a\n{{ if 1 }}', want: 'template: t:2: unexpected EOF' },
    { text: '{{ .x | 3 }}', want: 'template: t:1: non executable command in pipeline stage 2' },
    { text: '{{ continue }}', want: 'template: t:1: {{continue}} outside {{range}}' },
  ])('$text', (c) => {
    expect(() => run(c.text)).toThrow(TemplateParseError);
    expect(() => run(c.text)).toThrow(c.want);
  });
});

describe('template set', () => {
  test('defines are shared, empty redefinition keeps the old body, clone is independent', () => {
    const set = new TemplateSet(funcs);
    set.parse('_helpers.tpl', '{{ define "x" }}X{{ end }}');
    set.parse('b', '{{ define "x" }}  {{ end }}{{ template "x" }}');
    expect(set.execute('b', null)).toBe('X');
    const c = set.clone();
    c.parse('b', '{{ define "x" }}Y{{ end }}{{ template "x" }}');
    expect(c.execute('b', null)).toBe('Y');
    expect(set.execute('b', null)).toBe('X');
    expect(set.names().sort()).toEqual(['_helpers.tpl', 'b', 'x']);
    expect(set.has('x')).toBe(true);
  });

  test('execute is reentrant (include-style functions)', () => {
    const set = new TemplateSet(new Map());
    set.addFuncs(
      new Map([['include', func(['string', 'any'], (n: string, d: unknown) => set.execute(n, d))]]),
    );
    set.parse('a', '{{ define "inner" }}<{{ . }}>{{ end }}{{ include "inner" "v" | printf "%s!" }}');
    expect(set.execute('a', null)).toBe('<v>!');
  });

  test('long raw strings parse fast', () => {
    const body = 'x'.repeat(200_000);
    const t0 = performance.now();
    expect(run('{{ `' + body + '` | len }}')).toBe('200000');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('fmt', () => {
  test.for([
    {
      f: '%5.2f|%-6d|%+d|%x|%X|%o|%b',
      a: [3.14158, 42n, 5n, 255n, 255n, 8n, 5n],
      want: ' 3.14|42    |+5|ff|FF|10|101',
    },
    { f: '%e|%g|%g|%v', a: [1234.5678, 1e21, 1e-5, 1e6], want: '1.234568e+03|1e+21|1e-05|1e+06' },
    { f: '%.0f %.0f %.0f', a: [0.5, 1.5, 2.5], want: '0 2 2' },
    { f: '%s|%q|%v', a: ['a', 'b"', [1n, 'x', null]], want: 'a|"b\\""|[1 x <nil>]' },
    { f: '%d', a: ['x'], want: '%!d(string=x)' },
    { f: '%s %s', a: ['x'], want: 'x %!s(MISSING)' },
    { f: '%s', a: ['x', 1n], want: 'x%!(EXTRA int=1)' },
    { f: '%v', a: [{ b: 1, a: [true] }], want: 'map[a:[true] b:1]' },
    { f: '%T %T', a: [1n, 'x'], want: 'int string' },
  ])('$f', (c) => {
    expect(sprintf(c.f, ...c.a)).toBe(c.want);
  });

  test('sprint and sprintln spacing', () => {
    expect(sprint('a', 1n, 2n, 'b', 3.5)).toBe('a1 2b3.5');
    expect(sprintln('a', 1n)).toBe('a 1\n');
  });

  test('quote', () => {
    expect(quote('é\n\x01\u00a0')).toBe('"é\\n\\x01\\u00a0"');
  });
});
