import { expect, test } from 'vitest';
import { adler32sum, sha1sum, sha256sum, sha512sum } from './hashes.js';

test.for([
  { fn: sha1sum, input: 'abc', want: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
  { fn: sha256sum, input: 'abc', want: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  {
    fn: sha512sum,
    input: '',
    want: 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
  },
  { fn: adler32sum, input: 'Wikipedia', want: '300286872' },
  { fn: adler32sum, input: '', want: '1' },
  { fn: adler32sum, input: 'x'.repeat(100000), want: '2116691386' },
])('$fn.name of $input.length bytes', ({ fn, input, want }) => {
  expect(fn(input)).toBe(want);
});
