import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as der from './der.js';
import { genPrivateKey, keyToPem, parsePrivateKeyPem } from './keys.js';
import { pemDecode, pemEncode } from './pem.js';

describe('genPrivateKey', () => {
  test.for([
    { type: 'rsa', pem: 'RSA PRIVATE KEY', kind: 'rsa', detail: { modulusLength: 4096 } },
    { type: '', pem: 'RSA PRIVATE KEY', kind: 'rsa', detail: { modulusLength: 4096 } },
    { type: 'ecdsa', pem: 'EC PRIVATE KEY', kind: 'ecdsa', detail: { namedCurve: 'prime256v1' } },
    { type: 'ed25519', pem: 'PRIVATE KEY', kind: 'ed25519', detail: {} },
  ])('"$type" makes a $pem block that parses back', ({ type, pem, kind, detail }) => {
    const out = genPrivateKey(type);
    expect(pemDecode(out)?.type).toBe(pem);
    expect(out).toMatch(
      new RegExp(
        `^-----BEGIN ${pem}-----\\n([A-Za-z0-9+/=]{64}\\n)*[A-Za-z0-9+/=]{1,64}\\n-----END ${pem}-----\\n$`,
      ),
    );
    const parsed = parsePrivateKeyPem(out);
    expect(parsed.kind).toBe(kind);
    if (parsed.kind !== 'dsa') expect(parsed.key.asymmetricKeyDetails).toMatchObject(detail);
    expect(keyToPem(parsed)).toBe(out);
  });

  test('"dsa" makes SEQUENCE{0, p, q, g, y, x} with L=2048, N=256 and y = g^x mod p', {
    timeout: 60_000,
  }, () => {
    const out = genPrivateKey('dsa');
    const block = pemDecode(out)!;
    expect(block.type).toBe('DSA PRIVATE KEY');
    const ints = der.parse(block.bytes).children.map((n) => der.intValue(n.content));
    expect(ints).toHaveLength(6);
    const [v, p, q, , , x] = ints as bigint[];
    expect(v).toBe(0n);
    expect(p!.toString(2)).toHaveLength(2048);
    expect(q!.toString(2)).toHaveLength(256);
    expect(x! < q!).toBe(true);
    // OpenSSL reads the same traditional format.
    expect(createPrivateKey(out).asymmetricKeyType).toBe('dsa');
    expect(keyToPem(parsePrivateKeyPem(out))).toBe(out);
  });

  test('an unknown type is reported as the value', () => {
    expect(genPrivateKey('rsa2')).toBe('Unknown type rsa2');
  });
});

describe('parsePrivateKeyPem', () => {
  const ec384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  test.for([
    { name: 'no PEM', input: 'hello', error: 'no PEM data in input' },
    {
      name: 'not a key',
      input: pemEncode('CERTIFICATE', Uint8Array.of(1)),
      error: 'no private key data in PEM block of type CERTIFICATE',
    },
    {
      name: 'unknown key type',
      input: pemEncode('FOO PRIVATE KEY', Uint8Array.of(1)),
      error: 'invalid private key type FOO PRIVATE KEY',
    },
    {
      name: 'garbage RSA',
      input: pemEncode('RSA PRIVATE KEY', Uint8Array.of(1)),
      error: /^parsing RSA private key from PEM: /,
    },
    {
      name: 'garbage PKCS#8',
      input: pemEncode('PRIVATE KEY', Uint8Array.of(1)),
      error: /^decoding PEM as PKCS#8: /,
    },
    {
      name: 'curve Go lacks',
      input: k1.export({ type: 'sec1', format: 'pem' }) as string,
      error: /unknown elliptic curve/,
    },
  ])('rejects $name', ({ input, error }) => {
    expect(() => parsePrivateKeyPem(input)).toThrow(error);
  });

  test('re-encodes a PKCS#8 EC key as SEC 1, like pemBlockForKey', () => {
    const pkcs8 = ec384.export({ type: 'pkcs8', format: 'pem' }) as string;
    const k = parsePrivateKeyPem(`leading text\n${pkcs8}`);
    expect(k.kind).toBe('ecdsa');
    expect(keyToPem(k)).toBe(ec384.export({ type: 'sec1', format: 'pem' }));
  });
});
