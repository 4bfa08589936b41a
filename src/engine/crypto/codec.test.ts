import { describe, expect, test } from 'vitest';
import { b32dec, b32enc, b64dec, b64enc } from './codec.js';

describe('base64 (Go StdEncoding)', () => {
  test.for([
    { name: 'empty', input: '', want: '' },
    { name: 'ascii', input: 'hello', want: 'aGVsbG8=' },
    { name: 'utf-8 bytes', input: 'héllo ✓', want: 'aMOpbGxvIOKckw==' },
  ])('b64enc $name', ({ input, want }) => {
    expect(b64enc(input)).toBe(want);
    expect(b64dec(want)).toBe(input);
  });

  test.for([
    { name: 'missing padding', input: 'aGVsbG8', want: 'illegal base64 data at input byte 4' },
    { name: 'bad character', input: 'aGV*bG8=', want: 'illegal base64 data at input byte 3' },
    { name: 'single trailing char', input: 'aGVsb', want: 'illegal base64 data at input byte 4' },
    { name: 'padding too early', input: 'a===', want: 'illegal base64 data at input byte 1' },
    { name: 'data after padding', input: 'aA==aA==', want: 'illegal base64 data at input byte 4' },
    { name: 'one pad where two needed', input: 'aA=', want: 'illegal base64 data at input byte 3' },
    { name: 'newlines are skipped', input: 'aGVs\nbG8=\r\n', want: 'hello' },
    { name: 'url alphabet rejected', input: 'a-_a', want: 'illegal base64 data at input byte 1' },
    { name: 'non-ascii byte offset', input: 'aGé=', want: 'illegal base64 data at input byte 2' },
  ])('b64dec $name', ({ input, want }) => {
    expect(b64dec(input)).toBe(want);
  });
});

describe('base32 (Go StdEncoding)', () => {
  test.for([
    { input: '', want: '' },
    { input: 'f', want: 'MY======' },
    { input: 'fo', want: 'MZXQ====' },
    { input: 'foo', want: 'MZXW6===' },
    { input: 'foob', want: 'MZXW6YQ=' },
    { input: 'fooba', want: 'MZXW6YTB' },
    { input: 'foobar', want: 'MZXW6YTBOI======' },
  ])('b32enc $input', ({ input, want }) => {
    expect(b32enc(input)).toBe(want);
    expect(b32dec(want)).toBe(input);
  });

  test.for([
    { name: 'missing padding', input: 'MZXW6', want: 'illegal base32 data at input byte 0' },
    { name: 'lower case', input: 'mzxw6===', want: 'illegal base32 data at input byte 0' },
    { name: 'bad padding length', input: 'MZX=====', want: 'illegal base32 data at input byte 3' },
    { name: 'newlines stripped first', input: 'MZ\nXW6===', want: 'foo' },
  ])('b32dec $name', ({ input, want }) => {
    expect(b32dec(input)).toBe(want);
  });
});
