import { describe, expect, test } from 'vitest';
import { deepCopy, mergeMaps, setKey } from './dicts.js';

describe('mergeMaps (mergo)', () => {
  // [case, dst, src, overwrite, expected dst]
  test.for([
    ['fills missing keys', { a: 1 }, { b: 2 }, false, { a: 1, b: 2 }],
    ['keeps set values', { a: 1 }, { a: 2 }, false, { a: 1 }],
    [
      'fills empty values',
      { a: '', b: 0, c: false, d: [] },
      { a: 'x', b: 1, c: true, d: [1] },
      false,
      { a: 'x', b: 1, c: true, d: [1] },
    ],
    ['merges nested maps', { m: { a: 1 } }, { m: { a: 2, b: 3 } }, false, { m: { a: 1, b: 3 } }],
    ['nil source values are skipped', { a: 1 }, { a: null, b: null }, false, { a: 1 }],
    ['overwrite takes empty values', { a: 'x', b: true }, { a: '', b: false }, true, { a: '', b: false }],
    ['overwrite takes nil', { a: 1 }, { a: null }, true, { a: null }],
    ['overwrite merges nested maps', { m: { a: 1, k: 1 } }, { m: { a: 2 } }, true, { m: { a: 2, k: 1 } }],
    ['overwrite replaces lists', { l: [1, 2] }, { l: [3] }, true, { l: [3] }],
    ['a map does not replace a scalar without overwrite', { a: 's' }, { a: { x: 1 } }, false, { a: 's' }],
    ['a map replaces a scalar with overwrite', { a: 's' }, { a: { x: 1 } }, true, { a: { x: 1 } }],
  ] as const)('%s', ([, dst, src, overwrite, want]) => {
    const d = structuredClone(dst) as Record<string, unknown>;
    mergeMaps(d, structuredClone(src) as Record<string, unknown>, overwrite);
    expect(d).toEqual(want);
  });

  test('nested maps are merged in place (aliases see the change)', () => {
    const inner = { a: 1 };
    mergeMaps({ m: inner }, { m: { b: 2 } }, false);
    expect(inner).toEqual({ a: 1, b: 2 });
  });
});

test('setKey stores __proto__ as a plain key', () => {
  const m: Record<string, unknown> = {};
  setKey(m, '__proto__', 1);
  expect(Object.keys(m)).toEqual(['__proto__']);
  expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
});

test('deepCopy copies maps and lists, not leaves', () => {
  const src = { a: [1, { b: 2 }] };
  const c = deepCopy(src) as typeof src;
  expect(c).toEqual(src);
  expect(c.a).not.toBe(src.a);
  expect(() => deepCopy(null)).toThrow('reflect: call of reflect.Value.Type on zero Value');
});
