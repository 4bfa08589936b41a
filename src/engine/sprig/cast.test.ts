import { describe, expect, test } from 'vitest';
import { floatToInt64, parseGoFloat, parseGoInt, toFloat64, toInt64 } from './cast.js';

describe('parseGoInt (strconv.ParseInt base 0)', () => {
  test.for([
    ['42', 42n],
    ['-0x1F', -31n],
    ['0o17', 15n],
    ['017', 15n],
    ['0b101', 5n],
    ['1_000', 1000n],
    ['0', 0n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', undefined],
    ['08', undefined],
    ['1__0', undefined],
    ['_1', undefined],
    ['0x', undefined],
    ['', undefined],
    [' 1', undefined],
  ] as const)('%j → %s', ([s, want]) => {
    expect(parseGoInt(s)).toBe(want);
  });
});

describe('parseGoFloat (strconv.ParseFloat)', () => {
  test.for([
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-Inf', Number.NEGATIVE_INFINITY],
    ['infinity', Number.POSITIVE_INFINITY],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['1_000.5', 1000.5],
    ['1e400', undefined],
    ['1e', undefined],
    ['', undefined],
    ['0x10', undefined],
    ['+nan', undefined],
  ] as const)('%j → %s', ([s, want]) => {
    expect(parseGoFloat(s)).toBe(want);
  });
  test('NaN', () => expect(parseGoFloat('NaN')).toBeNaN());
});

describe('cast', () => {
  test.for([
    ['string with zero decimals', '12.00', 12n],
    ['string with fraction', '12.5', 0n],
    ['float truncates', -3.9, -3n],
    ['NaN is MinInt64', Number.NaN, -9223372036854775808n],
    ['bool', true, 1n],
    ['nil', null, 0n],
    ['map', {}, 0n],
    ['int64 wraps', 1n << 64n, 0n],
  ] as const)('toInt64: %s', ([, v, want]) => {
    expect(toInt64(v)).toBe(want);
  });
  test('toFloat64', () => {
    expect(toFloat64('2.5')).toBe(2.5);
    expect(toFloat64(3n)).toBe(3);
    expect(toFloat64('x')).toBe(0);
  });
  test('floatToInt64 out of range', () => expect(floatToInt64(1e19)).toBe(-9223372036854775808n));
});
