import { describe, expect, test } from 'vitest';
import { swapCase, toDelimitedLower, toPascalCase } from './casing.js';
import { byteSlice, goTitle, strval } from './gostrings.js';
import { basePath, cleanPath, dirPath, extPath } from './paths.js';
import { formatURL, parseURL } from './url.js';

describe('casing (xstrings / goutils)', () => {
  test.for([
    ['FirstName', 'first_name'],
    ['HTTPServer', 'http_server'],
    ['NoHTTPS', 'no_https'],
    ['GO_PATH', 'go_path'],
    ['GO PATH', 'go_path'],
    ['http2xx', 'http_2xx'],
    ['HTTP20xOK', 'http_20x_ok'],
    ['Duration2m3s', 'duration_2m3s'],
    ['Bld4Floor3rd', 'bld4_floor_3rd'],
    ['a.b', 'a.b'],
  ] as const)('snake %j', ([s, want]) => {
    expect(toDelimitedLower(s, '_')).toBe(want);
  });
  test.for([
    ['some_words', 'SomeWords'],
    ['_complex__case_', '_Complex_Case_'],
    ['GOLANG_IS_GREAT', 'GolangIsGreat'],
    ['-', '--'],
    ['', ''],
  ] as const)('pascal %j', ([s, want]) => {
    expect(toPascalCase(s)).toBe(want);
  });
  test('swapcase', () => expect(swapCase('Hello wORLD')).toBe('hELLO World'));
  test('title', () => expect(goTitle("o'neil is here_x")).toBe("O'Neil Is Here_x"));
});

describe('Go strings', () => {
  test('byte slicing counts UTF-8 bytes', () => {
    expect(byteSlice('héllo', 0, 3)).toBe('hé');
    expect(() => byteSlice('abc', 0, 5)).toThrow(
      'runtime error: slice bounds out of range [:5] with length 3',
    );
  });
  test('strval', () => {
    expect(strval(new TextEncoder().encode('hi'))).toBe('hi');
    expect(strval(null)).toBe('<nil>');
    expect(strval([1n, 'a'])).toBe('[1 a]');
  });
});

describe('paths', () => {
  test.for([
    ['', '.', '.', '.', ''],
    ['/', '/', '/', '/', ''],
    ['a/b/', 'a/b', 'b', 'a/b', ''],
    ['/../a/./b.c', '/a/b.c', 'b.c', '/a', '.c'],
    ['../../x', '../../x', 'x', '../..', ''],
  ] as const)('%j', ([p, clean, base, dir, ext]) => {
    expect([cleanPath(p), basePath(p), dirPath(p), extPath(p)]).toEqual([clean, base, dir, ext]);
  });
});

describe('net/url', () => {
  test.for([
    'https://u:p@h:1/a%20b?q=1#f',
    'mailto:x@y',
    '/p?',
    'http://[::1]:8080/x',
    'file:///etc/hosts',
    '//host/path',
  ])('%s round-trips', (raw) => {
    expect(formatURL(parseURL(raw))).toBe(raw);
  });
  test.for([
    ['http://a b/', 'parse "http://a b/": invalid character " " in host name'],
    ['http://x/%zz', 'parse "http://x/%zz": invalid URL escape "%zz"'],
    [':x', 'parse ":x": missing protocol scheme'],
    ['a:b', ''],
    ['1a:b', 'parse "1a:b": first path segment in URL cannot contain colon'],
  ] as const)('%j', ([raw, msg]) => {
    if (msg === '') expect(() => parseURL(raw)).not.toThrow();
    else expect(() => parseURL(raw)).toThrow(msg);
  });
});
