/**
 * sprig's derivePassword: the Master Password algorithm (v3) with sprig's templates.
 *
 * key  = scrypt(password, "com.lyndir.masterpassword" ‖ u32be(len(user)) ‖ user, N=32768, r=8, p=2, 64)
 * seed = HMAC-SHA256(key, "com.lyndir.masterpassword" ‖ u32be(len(site)) ‖ site ‖ u32be(counter))
 * The first seed byte picks a template of the password type; each later byte picks one
 * character from the class its template letter names. Lengths are byte lengths (UTF-8).
 */
import { createHmac, scryptSync } from 'node:crypto';
import { utf8 } from './codec.js';
import { concat } from './der.js';

const SCOPE = 'com.lyndir.masterpassword';

const TEMPLATES: Record<string, readonly string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const VOWELS = 'AEIOU';
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWXYZ';
const DIGITS = '0123456789';
const CLASSES: Record<string, string> = {
  V: VOWELS,
  C: CONSONANTS,
  v: VOWELS.toLowerCase(),
  c: CONSONANTS.toLowerCase(),
  A: VOWELS + CONSONANTS,
  a: VOWELS + VOWELS.toLowerCase() + CONSONANTS + CONSONANTS.toLowerCase(),
  n: DIGITS,
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: VOWELS + VOWELS.toLowerCase() + CONSONANTS + CONSONANTS.toLowerCase() + DIGITS + '!@#$%^&*()',
};

function u32be(n: number | bigint): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, Number(BigInt.asUintN(32, BigInt(n))));
  return b;
}

/** derivePassword(counter, passwordType, password, user, site). */
export function derivePassword(
  counter: bigint,
  passwordType: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = Object.hasOwn(TEMPLATES, passwordType) ? TEMPLATES[passwordType]! : undefined;
  if (!templates) return `cannot find password template ${passwordType}`;
  const scope = utf8(SCOPE);
  const userBytes = utf8(user);
  const salt = concat([scope, u32be(userBytes.length), userBytes]);
  const key = scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 256 * 1024 * 1024 });
  const siteBytes = utf8(site);
  const message = concat([scope, u32be(siteBytes.length), siteBytes, u32be(counter)]);
  const seed = createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = CLASSES[template[i]!]!;
    out += chars[seed[i + 1]! % chars.length];
  }
  return out;
}
