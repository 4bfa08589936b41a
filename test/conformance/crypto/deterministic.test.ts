/**
 * Conformance: sprig's deterministic crypto and encoding functions, bosun against helm v4 at
 * test time — exact values, error strings returned as values, and Go's error/panic messages.
 */
import { createCipheriv } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { bcryptVerify } from '../../../src/engine/crypto/index.js';
import { call, helmError, helmValues, lit, ourError } from './harness.js';

const long = 'The quick brown fox jumps over the lazy dog. '.repeat(200);

/** One expression helm evaluates and the same call made on bosun's functions. */
interface Case {
  name: string;
  expr: string;
  ours: () => string;
}

const enc = (name: string, fn: string, input: string): Case => ({
  name: `${fn} ${name}`,
  expr: `${fn} ${lit(input)}`,
  ours: () => call(fn, input),
});

const encodings: Case[] = [
  ...[
    ['empty', ''],
    ['ascii', 'hello world'],
    ['utf-8', 'héllo ✓ 👋'],
    ['long', long],
  ].flatMap(([name, s]) =>
    ['b64enc', 'b32enc', 'sha1sum', 'sha256sum', 'sha512sum', 'adler32sum'].map((fn) => enc(name!, fn, s!)),
  ),
  ...[
    ['valid', 'aGVsbG8gd29ybGQ='],
    ['missing padding', 'aGVsbG8'],
    ['bad character', 'aGV*bG8='],
    ['one trailing char', 'aGVsb'],
    ['padding too early', 'a==='],
    ['data after padding', 'aA==aA=='],
    ['one pad of two', 'aA='],
    ['newlines skipped', 'aGVs\nbG8=\r\n'],
    ['newline before second pad', 'aA=\n='],
    ['url alphabet', 'a-_a'],
    ['non-ascii', 'aGé='],
    ['only padding', '===='],
    ['long valid', Buffer.from(long).toString('base64')],
  ].map(([name, s]) => enc(name!, 'b64dec', s!)),
  ...[
    ['valid', 'MZXW6YTBOI======'],
    ['missing padding', 'MZXW6'],
    ['lower case', 'mzxw6==='],
    ['bad padding length', 'MZX====='],
    ['too little padding', 'MZXW6=='],
    ['pad then data', 'MY======MY======'],
    ['newlines stripped', 'MZ\nXW6===\r\n'],
    ['bad char mid-quantum', 'MZX1W6=='],
    ['pad not at end', 'MZ=XW6=='],
  ].map(([name, s]) => enc(name!, 'b32dec', s!)),
];

const passwords: Case[] = [
  ...[
    [1, 'long', 'pw', 'user', 'site'],
    [0, 'maximum', 'correct horse', 'alice', 'example.com'],
    [4294967295, 'medium', 'p', 'u', 's'],
    [3, 'short', 'pässwörd', 'ünïcode', 'sïte'],
    [2, 'basic', '', '', ''],
    [9, 'pin', 'master', 'me', 'bank'],
    [1, 'unknown', 'pw', 'user', 'site'],
  ].map(([n, type, pw, user, site]) => ({
    name: `derivePassword ${type} ${n}`,
    expr: `derivePassword ${n} ${lit(String(type))} ${lit(String(pw))} ${lit(String(user))} ${lit(String(site))}`,
    ours: () => call('derivePassword', BigInt(n!), type, pw, user, site),
  })),
  {
    name: 'bcrypt of a password over 72 bytes',
    expr: `bcrypt ${lit('x'.repeat(73))}`,
    ours: () => call('bcrypt', 'x'.repeat(73)),
  },
  {
    name: 'htpasswd with a colon in the user name',
    expr: `htpasswd "a:b" "pw"`,
    ours: () => call('htpasswd', 'a:b', 'pw'),
  },
  {
    name: 'genPrivateKey of an unknown type',
    expr: `genPrivateKey "rsa4096"`,
    ours: () => call('genPrivateKey', 'rsa4096'),
  },
  {
    name: 'randAlphaNum with a negative count',
    expr: `randAlphaNum -2`,
    ours: () => call('randAlphaNum', -2n),
  },
  { name: 'randAscii of zero', expr: `randAscii 0`, ours: () => call('randAscii', 0n) },
  { name: 'encryptAES of ""', expr: `encryptAES "k" ""`, ours: () => call('encryptAES', 'k', '') },
  { name: 'decryptAES of ""', expr: `decryptAES "k" ""`, ours: () => call('decryptAES', 'k', '') },
  { name: 'shuffle of ""', expr: `shuffle ""`, ours: () => call('shuffle', '') },
];

/** An AES-256-CBC ciphertext (key "k") whose last plaintext byte is `last`. */
function craftAES(last: number): string {
  const key = Buffer.alloc(32);
  key.write('k');
  const iv = Buffer.alloc(16, 7);
  const c = createCipheriv('aes-256-cbc', key, iv);
  c.setAutoPadding(false);
  const plain = Buffer.alloc(32, 0x41);
  plain[31] = last;
  return Buffer.concat([iv, c.update(plain), c.final()]).toString('base64');
}

const aesPlain: [string, string][] = [
  ['short', 'hello'],
  ['one block', '0123456789abcdef'],
  ['unicode', 'héllo ✓ 👋'],
  ['long', long],
];
const aesPasswords = ['secret', '', 'p'.repeat(32), 'long password over thirty-two bytes!'];

describe('deterministic functions match helm', () => {
  const all = [...encodings, ...passwords];
  let helm: string[] = [];
  let helmCiphers: string[] = [];
  let helmDecrypts: string[] = [];
  let helmHtpasswd = '';
  let helmBcrypt = '';
  let helmPadded = '';
  const ourCiphers = aesPasswords.flatMap((pw) =>
    aesPlain.map(([, text]) => call('encryptAES', pw, text) as string),
  );

  beforeAll(async () => {
    const aesExprs = aesPasswords.flatMap((pw) =>
      aesPlain.map(([, text]) => `encryptAES ${lit(pw)} ${lit(text)}`),
    );
    const decryptExprs = ourCiphers.map(
      (c, i) => `decryptAES ${lit(aesPasswords[Math.floor(i / aesPlain.length)]!)} ${lit(c)}`,
    );
    const out = await helmValues([
      ...all.map((c) => c.expr),
      ...aesExprs,
      ...decryptExprs,
      `htpasswd "alice" "s3cret pässword"`,
      `bcrypt ${lit('x'.repeat(72))}`,
      `decryptAES "k" ${lit(craftAES(5))}`,
    ]);
    helm = out.slice(0, all.length);
    helmCiphers = out.slice(all.length, all.length + aesExprs.length);
    helmDecrypts = out.slice(
      all.length + aesExprs.length,
      all.length + aesExprs.length + decryptExprs.length,
    );
    [helmHtpasswd = '', helmBcrypt = '', helmPadded = ''] = out.slice(-3);
  }, 120_000);

  test.for(all.map((c, i) => [c.name, i] as const))('%s', ([, i]) => {
    expect(all[i]!.ours()).toBe(helm[i]);
  });

  test.for(
    aesPasswords.flatMap((_pw, p) =>
      aesPlain.map(([name], t) => [`password #${p}, ${name}`, p * aesPlain.length + t] as const),
    ),
  )('decryptAES reads what helm encryptAES wrote, and helm reads ours: %s', ([, i]) => {
    const pw = aesPasswords[Math.floor(i / aesPlain.length)]!;
    const text = aesPlain[i % aesPlain.length]![1];
    expect(call('decryptAES', pw, helmCiphers[i])).toBe(text);
    expect(helmDecrypts[i]).toBe(text);
    expect(Buffer.from(helmCiphers[i]!, 'base64').length).toBe(Buffer.from(ourCiphers[i]!, 'base64').length);
  });

  test('decryptAES ignores what the padding bytes hold, like helm', () => {
    expect(call('decryptAES', 'k', craftAES(5))).toBe(helmPadded);
  });

  test('htpasswd from helm verifies with our bcrypt, and ours has the same shape', () => {
    const [user, hash] = helmHtpasswd.split(/:(.*)/s);
    expect(user).toBe('alice');
    expect(hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptVerify(new TextEncoder().encode('s3cret pässword'), hash!)).toBe(true);
    expect(bcryptVerify(new TextEncoder().encode('s3cret password'), hash!)).toBe(false);
    const mine = call('htpasswd', 'alice', 's3cret pässword') as string;
    expect(mine).toMatch(/^alice:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptVerify(new TextEncoder().encode('s3cret pässword'), mine.slice('alice:'.length))).toBe(true);
  });

  test('bcrypt accepts exactly 72 bytes, like helm', () => {
    expect(bcryptVerify(new TextEncoder().encode('x'.repeat(72)), helmBcrypt)).toBe(true);
    expect(call('bcrypt', 'x'.repeat(72))).toMatch(/^\$2a\$10\$/);
  });
});

/** Failing calls: helm's message after "error calling NAME: " against the message bosun throws. */
const failures: { name: string; expr: string; ours: () => unknown }[] = [
  { name: 'randBytes -1', expr: 'randBytes -1', ours: () => call('randBytes', -1n) },
  { name: 'randInt 3 3', expr: 'randInt 3 3', ours: () => call('randInt', 3n, 3n) },
  {
    name: 'decryptAES bad base64',
    expr: 'decryptAES "k" "YWFh*mFh"',
    ours: () => call('decryptAES', 'k', 'YWFh*mFh'),
  },
  {
    name: 'decryptAES shorter than IV',
    expr: 'decryptAES "k" "YWJjZGVm"',
    ours: () => call('decryptAES', 'k', 'YWJjZGVm'),
  },
  {
    name: 'decryptAES IV only',
    expr: 'decryptAES "k" "YWFhYWFhYWFhYWFhYWFhYQ=="',
    ours: () => call('decryptAES', 'k', 'YWFhYWFhYWFhYWFhYWFhYQ=='),
  },
  {
    name: 'decryptAES ragged',
    expr: 'decryptAES "k" "YWFhYWFhYWFhYWFhYWFhYWFhYQ=="',
    ours: () => call('decryptAES', 'k', 'YWFhYWFhYWFhYWFhYWFhYWFhYQ=='),
  },
  {
    name: 'decryptAES padding too long',
    expr: `decryptAES "k" ${lit(craftAES(0x40))}`,
    ours: () => call('decryptAES', 'k', craftAES(0x40)),
  },
];

describe('failures match helm', () => {
  const results = new Map<string, string>();
  beforeAll(async () => {
    const msgs = await Promise.all(failures.map((f) => helmError(f.expr)));
    for (const [i, f] of failures.entries()) results.set(f.name, msgs[i]!);
  }, 120_000);

  test.for(failures.map((f) => [f.name, f] as const))('%s', ([name, f]) => {
    expect(ourError(f.ours)).toBe(results.get(name));
  });
});
