/**
 * TemplateSet's reuse features: O(1) copy-on-write clone(), the ParseCache, and
 * parseTree/addTree — each must behave exactly like a fresh parse, errors included.
 */
import { describe, expect, test } from 'vitest';
import { func, ParseCache, parseTree, TemplateParseError, TemplateSet } from './index.js';

const upper = new Map([['upper', func(['string'], (s: string) => s.toUpperCase())]]);

function parseError(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateParseError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('clone', () => {
  test('clone and original do not see each other’s later templates or functions', () => {
    const set = new TemplateSet(upper);
    set.parse('a', '{{ define "x" }}X{{ end }}a');
    const c = set.clone();
    set.parse('b', '{{ define "x" }}Y{{ end }}b');
    c.addFuncs(new Map([['lower', func(['string'], (s: string) => s.toLowerCase())]]));
    c.parse('c', '{{ "Q" | lower }}{{ template "x" }}');
    expect(c.execute('c', null)).toBe('qX');
    expect(c.has('b')).toBe(false);
    expect(set.has('c')).toBe(false);
    expect(set.execute('b', null)).toBe('b');
    expect(parseError(() => set.parse('d', '{{ lower "x" }}'))).toBe(
      'template: d:1: function "lower" not defined',
    );
  });

  test('names keep first-definition order through clones (defines before their file)', () => {
    const set = new TemplateSet(upper);
    set.parse('a', '{{ define "x" }}1{{ end }}');
    const c = set.clone();
    c.parse('b', '{{ define "x" }}2{{ end }}{{ define "y" }}{{ end }}');
    expect(c.names()).toEqual(['x', 'a', 'y', 'b']);
    expect(set.names()).toEqual(['x', 'a']);
  });

  test('deeply nested clones (tpl within tpl) keep every level', () => {
    let set = new TemplateSet(upper);
    for (let i = 0; i < 30; i++) {
      set.parse(`t${i}`, `${i}`);
      set = set.clone();
    }
    expect(set.names()).toHaveLength(30);
    expect(set.execute('t0', null) + set.execute('t29', null)).toBe('029');
  });

  test('clone is cheap', () => {
    const set = new TemplateSet(upper);
    for (let i = 0; i < 500; i++) set.parse(`t${i}`, `{{ define "d${i}" }}{{ . }}{{ end }}`);
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) set.clone();
    // Copying 1,000 templates 20,000 times would take seconds.
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('parseTree and addTree', () => {
  const text = '{{ define "h" }}<{{ . | upper }}>{{ end }}{{ template "h" .a }}';

  test('adding a parsed tree equals parsing', () => {
    const tree = parseTree('t', text);
    const a = new TemplateSet(upper);
    const b = new TemplateSet(upper);
    a.addTree(tree);
    b.addTree(tree);
    expect(a.execute('t', { a: 'x' })).toBe('<X>');
    expect(b.execute('t', { a: 'y' })).toBe('<Y>');
    expect(a.names()).toEqual(['h', 't']);
  });

  test.for([
    { name: 'undefined function', text },
    // Go stops at the undefined function (line 1) before reaching the syntax error (line 2).
    { name: 'undefined function before a syntax error', text: '{{ upper "x" }}\n{{ if }}' },
    { name: 'syntax error', text: '{{ .a }}\n{{ end }}' },
    { name: 'with a function named break', text: '{{ break }}{{ nope }}', funcs: ['break'] },
  ] as { name: string; text: string; funcs?: string[] }[])('errors as parse does: $name', (c) => {
    const funcs = new Map((c.funcs ?? []).map((n) => [n, func([], () => '')]));
    const want = parseError(() => new TemplateSet(funcs).parse('t', c.text));
    expect(want).not.toBe('no error');
    expect(parseError(() => new TemplateSet(funcs).addTree(parseTree('t', c.text)))).toBe(want);
  });

  test('a set whose function is named break lexes break as an identifier', () => {
    const set = new TemplateSet(new Map([['break', func([], () => 'B')]]));
    set.addTree(parseTree('t', '{{ break }}'));
    expect(set.execute('t', null)).toBe('B');
  });
});

describe('ParseCache', () => {
  test('a shared cache parses a text once for many sets', () => {
    const cache = new ParseCache();
    const a = new TemplateSet(upper, { parseCache: cache });
    const b = new TemplateSet(upper, { parseCache: cache });
    a.parse('t', '{{ upper . }}');
    b.parse('t', '{{ upper . }}');
    expect(cache.size).toBe(1);
    expect(cache.get('t', '{{ upper . }}')).toBe(cache.get('t', '{{ upper . }}'));
    expect(a.execute('t', 'a') + b.execute('t', 'b')).toBe('AB');
  });

  test('a cached text is still checked against each set’s functions', () => {
    const cache = new ParseCache();
    new TemplateSet(upper, { parseCache: cache }).parse('t', '{{ upper . }}');
    expect(
      parseError(() => new TemplateSet(new Map(), { parseCache: cache }).parse('t', '{{ upper . }}')),
    ).toBe('template: t:1: function "upper" not defined');
  });

  test('is bounded, least recently used first out', () => {
    const cache = new ParseCache(2);
    const a = cache.get('a', 'A');
    cache.get('b', 'B');
    cache.get('a', 'A');
    cache.get('c', 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('a', 'A')).toBe(a);
  });

  test('clones share their original’s cache (helm’s tpl parses the same text again)', () => {
    const cache = new ParseCache();
    const set = new TemplateSet(upper, { parseCache: cache });
    for (let i = 0; i < 5; i++) set.clone().parse('gotpl', '{{ upper "x" }}');
    expect(cache.size).toBe(1);
  });
});
