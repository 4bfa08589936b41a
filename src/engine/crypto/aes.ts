/**
 * sprig's encryptAES / decryptAES: AES-256-CBC, base64(IV ‖ ciphertext).
 *
 * The key is the password's bytes copied into 32 zero bytes (longer passwords are cut at 32).
 * encryptAES pads with PKCS#7 and a random IV. decryptAES strips as many bytes as the last byte
 * says without checking them, and fails the way Go's slices and crypto/cipher panic on short or
 * ragged input; those panic messages are reproduced because helm prints them.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CorruptInputError, fromUtf8, goBase64Decode, utf8 } from './codec.js';
import { concat } from './der.js';
import { CryptoFuncError } from './errors.js';
import type { RandomSource } from './random.js';

const BLOCK = 16;

function keyFrom(password: string): Uint8Array {
  const key = new Uint8Array(32);
  key.set(utf8(password).subarray(0, 32));
  return key;
}

export function encryptAES(password: string, plaintext: string, random: RandomSource): string {
  if (plaintext === '') return '';
  const iv = random.bytes(BLOCK);
  const cipher = createCipheriv('aes-256-cbc', keyFrom(password), iv); // default padding is PKCS#7
  const body = concat([cipher.update(utf8(plaintext)), cipher.final()]);
  return Buffer.from(concat([iv, body])).toString('base64');
}

export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const input = utf8(crypt64);
  let crypt: Uint8Array;
  try {
    crypt = goBase64Decode(input);
  } catch (e) {
    // sprig returns the decoder's error: "illegal base64 data at input byte N".
    if (e instanceof CorruptInputError) throw new CryptoFuncError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
  if (crypt.length < BLOCK) {
    // base64.DecodeString allocates DecodedLen(len(s)) bytes; Go reports that capacity.
    const capacity = Math.floor(input.length / 4) * 3;
    throw new CryptoFuncError(
      'GO_PANIC',
      `runtime error: slice bounds out of range [:16] with capacity ${capacity}`,
    );
  }
  const iv = crypt.subarray(0, BLOCK);
  const body = crypt.subarray(BLOCK);
  if (body.length % BLOCK !== 0)
    throw new CryptoFuncError('GO_PANIC', 'crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', keyFrom(password), iv);
  decipher.setAutoPadding(false);
  const plain = concat([decipher.update(body), decipher.final()]);
  if (plain.length === 0) throw new CryptoFuncError('GO_PANIC', 'runtime error: index out of range [-1]');
  const end = plain.length - plain[plain.length - 1]!;
  if (end < 0) throw new CryptoFuncError('GO_PANIC', `runtime error: slice bounds out of range [:${end}]`);
  return fromUtf8(plain.subarray(0, end));
}
