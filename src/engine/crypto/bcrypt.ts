/**
 * bcrypt as golang.org/x/crypto/bcrypt writes it, for sprig's `bcrypt` and `htpasswd`.
 *
 * Format (the "modular crypt" form, version `2a`): `$2a$10$` + 22 characters of salt + 31
 * characters of hash, both in bcrypt's own base64 alphabet without padding. The key is the
 * password plus a trailing NUL byte; passwords longer than 72 bytes are refused, as x/crypto
 * has done since 2024.
 */
import { Blowfish } from './blowfish.js';
import { utf8 } from './codec.js';
import type { RandomSource } from './random.js';

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** x/crypto/bcrypt.DefaultCost, which sprig uses. */
export const DEFAULT_COST = 10;
const MAGIC = utf8('OrpheanBeholderScryDoubt');

export class BcryptError extends Error {
  override readonly name = 'BcryptError';
}

/** bcrypt's base64: its own alphabet, no padding. */
export function bcryptBase64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = Math.ceil((Math.min(3, b.length - i) * 8) / 6);
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function bcryptBase64Decode(s: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new BcryptError(`bcrypt: invalid base64 character ${JSON.stringify(ch)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The 23 hash bytes of bcrypt(password, salt, cost). */
export function bcryptRaw(password: Uint8Array, salt: Uint8Array, cost: number): Uint8Array {
  const key = new Uint8Array(password.length + 1);
  key.set(password);
  const bf = new Blowfish();
  bf.expandKey(key, salt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    bf.expandKey(key);
    bf.expandKey(salt);
  }
  const words = new Uint32Array(6);
  const view = new DataView(MAGIC.buffer, MAGIC.byteOffset, MAGIC.byteLength);
  for (let i = 0; i < 6; i++) words[i] = view.getUint32(i * 4);
  const block = new Uint32Array(2);
  for (let i = 0; i < 6; i += 2) {
    block[0] = words[i]!;
    block[1] = words[i + 1]!;
    for (let j = 0; j < 64; j++) bf.encrypt(block);
    words[i] = block[0]!;
    words[i + 1] = block[1]!;
  }
  const out = new Uint8Array(24);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 6; i++) ov.setUint32(i * 4, words[i]!);
  return out.subarray(0, 23);
}

/** bcrypt.GenerateFromPassword: a `$2a$` hash with a fresh 16-byte salt. */
export function bcryptHash(password: Uint8Array, random: RandomSource, cost = DEFAULT_COST): string {
  if (password.length > 72) throw new BcryptError('bcrypt: password length exceeds 72 bytes');
  const salt = random.bytes(16);
  const hash = bcryptRaw(password, salt, cost);
  return `$2a$${String(cost).padStart(2, '0')}$${bcryptBase64(salt)}${bcryptBase64(hash)}`;
}

/** Checks a password against a `$2a$`/`$2b$`/`$2y$` hash (for tests and for callers that verify). */
export function bcryptVerify(password: Uint8Array, hash: string): boolean {
  const m = /^\$2[aby]?\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/.exec(hash);
  if (!m) return false;
  const salt = bcryptBase64Decode(m[2]!).subarray(0, 16);
  return bcryptBase64(bcryptRaw(password, salt, Number(m[1]))) === m[3];
}

/** sprig's bcrypt: the hash, or "failed to encrypt string with bcrypt: ERR" as the value. */
export function sprigBcrypt(input: string, random: RandomSource): string {
  try {
    return bcryptHash(utf8(input), random);
  } catch (e) {
    if (e instanceof BcryptError) return `failed to encrypt string with bcrypt: ${e.message}`;
    throw e;
  }
}

/** sprig v3.3's htpasswd(username, password): `user:bcrypt-hash`, refusing ':' in the name. */
export function htpasswd(username: string, password: string, random: RandomSource): string {
  if (username.includes(':')) return `invalid username: ${username}`;
  return `${username}:${sprigBcrypt(password, random)}`;
}
