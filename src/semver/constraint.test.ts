import { describe, expect, test } from 'vitest';
import { parseConstraint, parseVersion } from './index.js';

// [constraint, version, satisfied]
const cases: [string, string, boolean][] = [
  ['>= 1.2', '1.2.0', true],
  ['>= 1.2', '1.1.9', false],
  ['>=1.2.3, <2', '1.9.9', true],
  ['>=1.2.3 <2', '2.0.0', false],
  ['1.2.x', '1.2.9', true],
  ['1.2.x', '1.3.0', false],
  ['*', '4.5.6', true],
  ['*', '4.5.6-rc.1', false],
  ['~1.2.3', '1.2.9', true],
  ['~1.2.3', '1.3.0', false],
  ['~1', '1.9.0', true],
  ['^1.2.3', '1.9.0', true],
  ['^1.2.3', '2.0.0', false],
  ['^0.2.3', '0.2.9', true],
  ['^0.2.3', '0.3.0', false],
  ['^0.0.3', '0.0.4', false],
  ['1.2 - 1.4.5', '1.4.5', true],
  ['1.2 - 1.4.5', '1.4.6', false],
  ['<1 || >=3', '3.1.0', true],
  ['<1 || >=3', '2.0.0', false],
  ['!=1.2.3', '1.2.4', true],
  ['!=1.2.x', '1.2.4', false],
  ['>1.2.x', '1.3.0', true],
  ['<=1.2.x', '1.2.9', true],
  ['>=1.0.0-0', '1.0.0-rc.1', true],
  ['>=1.0.0', '1.0.0-rc.1', false],
  ['>= 1.20.0-0 < 1.30.0-0', '1.25.3-eks-1234', true],
  ['v1.2.3', '1.2.3', true],
  ['=1.2.3', '1.2.4', false],
];

describe('Constraints.check', () => {
  test.for(cases)('%s with %s is %s', ([c, v, want]) => {
    expect(parseConstraint(c).check(parseVersion(v))).toBe(want);
  });
});

describe('parseConstraint errors', () => {
  test.for([
    ['', 'improper constraint: '],
    ['>= foo', 'improper constraint: >= foo'],
    ['1.2 ||| 2', 'constraint parser error'],
  ] as const)('%j', ([c, msg]) => {
    expect(() => parseConstraint(c)).toThrow(msg);
  });
});

test('validate reports why', () => {
  const r = parseConstraint('^1.2').validate(parseVersion('2.0.0'));
  expect(r).toEqual({ ok: false, reasons: ['2.0.0 does not have same major version as 1.2'] });
  expect(parseConstraint('>=1.0.0-0 <2').toString()).toBe('>=1.0.0-0 <2');
});
