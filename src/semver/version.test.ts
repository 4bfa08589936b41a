import { describe, expect, test } from 'vitest';
import { compare, parseStrictVersion, parseVersion } from './index.js';

describe('parseVersion (coercing NewVersion)', () => {
  test.for([
    ['1.2.3', '1.2.3'],
    ['v1.2', '1.2.0'],
    ['1', '1.0.0'],
    ['01.002.3', '1.2.3'],
    ['1.2.3-beta.1+build.5', '1.2.3-beta.1+build.5'],
    ['1.2.3-0a', '1.2.3-0a'],
  ] as const)('%s prints as %s', ([input, want]) => {
    expect(parseVersion(input).toString()).toBe(want);
  });

  test.for([
    ['', 'invalid semantic version'],
    ['1.2.3.4', 'invalid semantic version'],
    ['x1.2', 'invalid semantic version'],
    ['1.2.3-01', 'version segment starts with 0'],
    ['1.2.3-a..b', 'invalid semantic version'],
    [
      '99999999999999999999.0.0',
      'error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
    ],
  ] as const)('%j fails with %s', ([input, msg]) => {
    expect(() => parseVersion(input)).toThrow(msg);
  });

  test('keeps the original text', () => {
    expect(parseVersion('v1.2').original).toBe('v1.2');
    expect(parseVersion('v1.2.3-a').incPatch().original).toBe('v1.2.3');
    expect(parseVersion('1.2.3').incMinor().toString()).toBe('1.3.0');
  });
});

describe('parseStrictVersion', () => {
  test.for([
    ['1.2', 'invalid semantic version'],
    ['v1.2.3', 'invalid characters in version'],
    ['01.2.3', 'version segment starts with 0'],
    ['', 'version string empty'],
  ] as const)('%j fails with %s', ([input, msg]) => {
    expect(() => parseStrictVersion(input)).toThrow(msg);
  });
  test('accepts a full version', () => {
    expect(parseStrictVersion('1.2.3-rc.1+b').prerelease).toBe('rc.1');
  });
});

describe('compare', () => {
  test.for([
    ['1.0.0', '1.0.0', 0],
    ['1.0.0', '1.0.1', -1],
    ['1.0.0-alpha', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0-beta.11', 1],
    ['1.0.0+a', '1.0.0+b', 0],
  ] as const)('%s vs %s = %d', ([a, b, want]) => {
    expect(compare(parseVersion(a), parseVersion(b))).toBe(want);
  });
});
