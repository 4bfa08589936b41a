import { createCipheriv } from 'node:crypto';
import { expect, test } from 'vitest';
import { decryptAES, encryptAES } from './aes.js';
import { seededRandom } from './random.js';

/** A ciphertext whose last plaintext byte (the "padding length") is `last`. */
function craft(blocks: number, last: number): string {
  const key = Buffer.alloc(32);
  key.write('k');
  const iv = Buffer.alloc(16, 7);
  const c = createCipheriv('aes-256-cbc', key, iv);
  c.setAutoPadding(false);
  const plain = Buffer.alloc(16 * blocks, 0x41);
  plain[plain.length - 1] = last;
  return Buffer.concat([iv, c.update(plain), c.final()]).toString('base64');
}

test.for([
  { name: 'short text', password: 'secret', text: 'hello' },
  { name: 'exactly one block', password: 'secret', text: '0123456789abcdef' },
  { name: 'unicode', password: 'pässwörd', text: 'héllo ✓' },
  { name: 'password over 32 bytes is cut', password: 'x'.repeat(40), text: 'data' },
])('round trip: $name', ({ password, text }) => {
  const enc = encryptAES(password, text, seededRandom(1));
  expect(Buffer.from(enc, 'base64').length % 16).toBe(0);
  expect(decryptAES(password, enc)).toBe(text);
  expect(encryptAES(password, text, seededRandom(1))).toBe(enc);
});

test('a password is cut at 32 bytes', () => {
  const enc = encryptAES('y'.repeat(32), 'data', seededRandom(1));
  expect(decryptAES('y'.repeat(40), enc)).toBe('data');
});

test('empty in, empty out', () => {
  expect(encryptAES('k', '', seededRandom(1))).toBe('');
  expect(decryptAES('k', '')).toBe('');
});

test.for([
  { name: 'bad base64', input: 'YWFh*mFh', error: 'illegal base64 data at input byte 4' },
  {
    name: 'shorter than an IV',
    input: 'YQ==',
    error: 'runtime error: slice bounds out of range [:16] with capacity 3',
  },
  { name: 'IV only', input: 'YWFhYWFhYWFhYWFhYWFhYQ==', error: 'runtime error: index out of range [-1]' },
  {
    name: 'ragged body',
    input: 'YWFhYWFhYWFhYWFhYWFhYWFhYQ==',
    error: 'crypto/cipher: input not full blocks',
  },
  {
    name: 'padding longer than the text',
    input: craft(1, 0x20),
    error: 'runtime error: slice bounds out of range [:-16]',
  },
])('decryptAES fails like Go: $name', ({ input, error }) => {
  expect(() => decryptAES('k', input)).toThrow(error);
});

test('decryptAES trusts the padding byte without checking it', () => {
  expect(decryptAES('k', craft(1, 3))).toBe('A'.repeat(13));
});
