// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is Go's regexp replacement syntax, not JavaScript's
import { describe, expect, test } from 'vitest';
import { translateRegexp } from './re2.js';
import { GoRegexp } from './regex.js';

describe('translateRegexp', () => {
  // [Go pattern, input, first match or null]
  test.for([
    ['(?i)straße', 'STRASSE Straße', 'Straße'],
    ['(?i)k', '\u212a', '\u212a'],
    ['a(?i:B)c', 'aBc abc', 'aBc'],
    ['(?s).+', 'a\nb', 'a\nb'],
    ['.+', 'a\nb', 'a'],
    ['(?m)^b$', 'a\nb\nc', 'b'],
    ['^b', 'a\nb', null],
    ['(?U)a+?', 'aaa', 'aaa'],
    ['[[:upper:][:digit:]]+', 'abC9d', 'C9'],
    ['[^[:space:]]+', '  xy ', 'xy'],
    ['\\d+', '٣3', '3'],
    ['[\\d\\-]+', 'a1-2b', '1-2'],
    ['\\p{Lu}+', 'abCDe', 'CD'],
    ['\\p{^L}+', 'ab12', '12'],
    ['[\\p{Greek}x]+', 'axαβ', 'xαβ'],
    ['\\x{1F600}', 'a😀', '😀'],
    ['\\Q*+\\E+', '*+*+', '*+'],
    ['x{2}', 'xxx', 'xx'],
    ['x{,2}', 'x{,2}', 'x{,2}'],
    ['\\.', 'a.b', '.'],
    ['a]', 'a]', 'a]'],
    ['^*a', 'a', 'a'],
  ] as const)('%s on %j', ([re, input, want]) => {
    const m = new RegExp(translateRegexp(re).source, 'u').exec(input);
    expect(m ? m[0] : null).toBe(want);
  });

  test.for([
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a*?+', 'error parsing regexp: invalid nested repetition operator: `*?+`'],
    ['+', 'error parsing regexp: missing argument to repetition operator: `+`'],
    ['(|*)', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['x{2,1}', 'error parsing regexp: invalid repeat count: `{2,1}`'],
    ['\\8', 'error parsing regexp: invalid escape sequence: `\\8`'],
    ['[b-a]', 'error parsing regexp: invalid character class range: `b-a`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['(?<=a)', 'error parsing regexp: invalid named capture: `(?<=a)`'],
    ['(?!a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
    ['(?i', 'error parsing regexp: invalid or unsupported Perl syntax: `(?i`'],
    ['\\pX', 'error parsing regexp: invalid character class range: `\\pX`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
  ] as const)('%j fails like Go', ([re, msg]) => {
    expect(() => translateRegexp(re)).toThrow(msg);
  });

  test('names are kept by group number, including Go-only names', () => {
    expect(translateRegexp('(a)(?P<1x>b)(?<n>c)(?:d)').names).toEqual(['', '', '1x', 'n']);
  });
});

describe('GoRegexp', () => {
  test.for([
    ['(a)(b)', 'abab', '$2$1', 'baba'],
    ['(a)(b)', 'abab', '$1x', ''],
    ['(?P<1x>a)', 'a', '$1x', 'a'],
    ['(a)', 'a', '${1}x', 'ax'],
    ['(a)', 'a', '$$1', '$1'],
    ['(a)', 'a', '$', '$'],
    ['(a)', 'a', '${', '${'],
    ['(a)', 'a', '$01', ''],
    ['x*', 'abc', '-', '-a-b-c-'],
    ['a*', 'baaac', '-', '-b-c-'],
  ] as const)('ReplaceAllString(%s, %j, %j)', ([re, src, repl, want]) => {
    expect(new GoRegexp(re).replaceAll(src, repl, true)).toBe(want);
  });

  test.for([
    ['a*', 'baaac', -1, ['', 'aaa', '']],
    ['a*', 'baaac', 2, ['', 'aaa']],
    ['', 'ab', -1, ['', '', '']],
  ] as const)('FindAllString(%s, %j, %d)', ([re, s, n, want]) => {
    expect(new GoRegexp(re).findAllString(s, n)).toEqual(want);
  });

  test.for([
    ['a', 'banana', -1, ['b', 'n', 'n', '']],
    ['', 'abc', -1, ['a', 'b', 'c']],
    ['x*', 'axbc', -1, ['a', 'b', 'c']],
    [',', 'a,b,c', 2, ['a', 'b,c']],
    [',', '', -1, ['']],
    [',', 'a', 0, []],
  ] as const)('Split(%s, %j, %d)', ([re, s, n, want]) => {
    expect(new GoRegexp(re).split(s, n)).toEqual(want);
  });
});
