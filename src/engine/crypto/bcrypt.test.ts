import { describe, expect, test } from 'vitest';
import { bcryptHash, bcryptVerify, htpasswd, sprigBcrypt } from './bcrypt.js';
import { Blowfish, piFractionWords } from './blowfish.js';
import { utf8 } from './codec.js';
import { seededRandom } from './random.js';

describe('blowfish', () => {
  test('initial state is the fractional hex digits of pi', () => {
    const w = piFractionWords();
    expect(w[0]!.toString(16)).toBe('243f6a88');
    expect(w[17]!.toString(16)).toBe('8979fb1b');
    expect(w[18]!.toString(16)).toBe('d1310ba6'); // S-box 0, entry 0
    expect(w[w.length - 1]!.toString(16)).toBe('3ac372e6'); // S-box 3, entry 255
  });

  test.for([
    // Eric Young's Blowfish test vectors (key, plaintext, ciphertext).
    { key: '0000000000000000', plain: '0000000000000000', cipher: '4ef997456198dd78' },
    { key: 'ffffffffffffffff', plain: 'ffffffffffffffff', cipher: '51866fd5b85ecb8a' },
    { key: '0123456789abcdef', plain: '1111111111111111', cipher: '61f9c3802281b096' },
  ])('encrypts $plain under $key', ({ key, plain, cipher }) => {
    const bf = new Blowfish();
    bf.expandKey(Buffer.from(key, 'hex'));
    const p = Buffer.from(plain, 'hex');
    const block = Uint32Array.of(p.readUInt32BE(0), p.readUInt32BE(4));
    bf.encrypt(block);
    const out = Buffer.alloc(8);
    out.writeUInt32BE(block[0]!, 0);
    out.writeUInt32BE(block[1]!, 4);
    expect(out.toString('hex')).toBe(cipher);
  });
});

describe('bcrypt', () => {
  test.for([
    // Openwall crypt_blowfish test vectors.
    { password: 'U*U', hash: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW' },
    { password: 'U*U*', hash: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK' },
    { password: '', hash: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy' },
  ])('verifies $hash', ({ password, hash }) => {
    expect(bcryptVerify(utf8(password), hash)).toBe(true);
    expect(bcryptVerify(utf8(`${password}x`), hash)).toBe(false);
  });

  test('generates a $2a$10$ hash that verifies, deterministically by seed', () => {
    const h = bcryptHash(utf8('secret'), seededRandom(1));
    expect(h).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptVerify(utf8('secret'), h)).toBe(true);
    expect(bcryptHash(utf8('secret'), seededRandom(1))).toBe(h);
  });

  test.for([
    {
      name: 'password over 72 bytes',
      input: 'x'.repeat(73),
      want: 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes',
    },
  ])('sprig bcrypt: $name', ({ input, want }) => {
    expect(sprigBcrypt(input, seededRandom(0))).toBe(want);
  });

  test.for([
    { name: 'colon in user name', user: 'a:b', want: /^invalid username: a:b$/ },
    { name: 'plain user', user: 'alice', want: /^alice:\$2a\$10\$.{53}$/ },
  ])('htpasswd: $name', ({ user, want }) => {
    expect(htpasswd(user, 'pw', seededRandom(0))).toMatch(want);
  });
});
