import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as der from './der.js';
import { generateKey, generateRsa2048, type PrivateKey, publicKeyInfo } from './keys.js';
import { pemEncode } from './pem.js';
import {
  type CertTemplate,
  createCertificate,
  ExtKeyUsage,
  KeyUsage,
  nameWithCommonName,
  parseParent,
} from './x509.js';

const now = new Date('2030-01-02T03:04:05.678Z');
const template = (over: Partial<CertTemplate> = {}): CertTemplate => ({
  serial: 0x8123456789abcdef0123456789abcdefn,
  commonName: 'leaf.example',
  notBefore: now,
  notAfter: new Date(now.getTime() + 30 * 86_400_000),
  keyUsage: KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
  extKeyUsage: [ExtKeyUsage.serverAuth, ExtKeyUsage.clientAuth],
  isCA: false,
  dnsNames: [],
  ipAddresses: [],
  ...over,
});

const caKey = generateRsa2048();
const caTemplate = template({
  commonName: 'my-ca',
  isCA: true,
  keyUsage: KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.certSign,
});
const caDer = createCertificate(caTemplate, caKey, undefined, caKey);
const ca = new X509Certificate(Buffer.from(caDer));

function openssl(certDer: Uint8Array): string {
  return execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], {
    input: Buffer.from(certDer),
  }).toString();
}

describe('createCertificate', () => {
  test('a self-signed CA has the fields Go writes', () => {
    expect(ca.subject).toBe('CN=my-ca');
    expect(ca.issuer).toBe('CN=my-ca');
    expect(ca.ca).toBe(true);
    expect(ca.serialNumber).toBe('8123456789ABCDEF0123456789ABCDEF');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(new Date(ca.validFrom).toISOString()).toBe('2030-01-02T03:04:05.000Z');
    const text = openssl(caDer);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment, Certificate Sign/);
    expect(text).toMatch(
      /Extended Key Usage: \s*TLS Web Server Authentication, TLS Web Client Authentication/,
    );
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toContain('Subject Key Identifier');
    expect(text).not.toContain('Authority Key Identifier');
  });

  test('a signed leaf chains to the CA and carries SANs and the CA key id', () => {
    const key = generateRsa2048();
    const ip = Uint8Array.of(10, 0, 0, 1);
    const leafDer = createCertificate(
      template({ dnsNames: ['a.example', 'b.example'], ipAddresses: [ip] }),
      key,
      parseParent(caDer),
      caKey,
    );
    const leaf = new X509Certificate(Buffer.from(leafDer));
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.subjectAltName).toBe('DNS:a.example, DNS:b.example, IP Address:10.0.0.1');
    const text = openssl(leafDer);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Authority Key Identifier: \s*(keyid:)?([0-9A-F]{2}:){19}[0-9A-F]{2}/);
    expect(text).not.toContain('Subject Key Identifier');
  });

  test('an empty subject marks the SAN critical', () => {
    const key = generateRsa2048();
    const text = openssl(
      createCertificate(
        template({ commonName: '', ipAddresses: [Uint8Array.of(127, 0, 0, 1)] }),
        key,
        undefined,
        key,
      ),
    );
    expect(text).toMatch(/Subject Alternative Name: critical/);
  });

  test.for([
    { type: 'ecdsa', alg: 'ecdsa-with-SHA256' },
    { type: 'ed25519', alg: 'ED25519' },
  ])('signs with a $type key as $alg', ({ type, alg }) => {
    const key = generateKey(type) as PrivateKey;
    const certDer = createCertificate(template(), key, undefined, key);
    expect(openssl(certDer)).toContain(`Signature Algorithm: ${alg}`);
    const cert = new X509Certificate(Buffer.from(certDer));
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  test('GeneralizedTime outside 1950-2049', () => {
    const key = generateKey('ed25519') as PrivateKey;
    const certDer = createCertificate(
      template({ notAfter: new Date('2050-01-01T00:00:00Z') }),
      key,
      undefined,
      key,
    );
    const validity = der.parse(certDer).children[0]!.children[4]!;
    expect(validity.children.map((c) => c.tag)).toEqual([der.TAG.UTC_TIME, der.TAG.GENERALIZED_TIME]);
  });

  test.for([
    {
      name: 'DSA signer',
      signer: 'dsa',
      subject: 'dsa',
      error: 'x509: certificate private key does not implement crypto.Signer',
    },
    {
      name: 'DSA subject',
      signer: 'ecdsa',
      subject: 'dsa',
      error: 'x509: unsupported public key type: *dsa.PublicKey',
    },
  ])('fails like Go for a $name', { timeout: 60_000 }, ({ signer, subject, error }) => {
    const s = generateKey(signer) as PrivateKey;
    const k = subject === signer ? s : (generateKey(subject) as PrivateKey);
    expect(() => createCertificate(template(), k, undefined, s)).toThrow(error);
  });

  test('refuses a signing key that does not match the parent', () => {
    const other = generateKey('ecdsa') as PrivateKey;
    expect(() => createCertificate(template(), other, parseParent(caDer), other)).toThrow(
      "x509: provided PrivateKey doesn't match parent's PublicKey",
    );
  });

  test('parseParent reads the raw subject, key id and public key', () => {
    const p = parseParent(caDer);
    expect(p.rawSubject).toEqual(nameWithCommonName('my-ca'));
    expect(p.subjectKeyId).toHaveLength(20);
    expect(p.publicKeyInfo).toEqual(publicKeyInfo(caKey));
    expect(() => parseParent(Uint8Array.of(0x30, 0))).toThrow('x509: malformed certificate');
  });

  test.for([
    { cn: 'plain-name.example', tag: der.TAG.PRINTABLE_STRING },
    { cn: '*.wild.example', tag: der.TAG.UTF8_STRING },
    { cn: 'a&b', tag: der.TAG.UTF8_STRING },
    { cn: 'ünï', tag: der.TAG.UTF8_STRING },
  ])('common name $cn is encoded with tag $tag', ({ cn, tag }) => {
    const name = der.parse(nameWithCommonName(cn));
    expect(name.children[0]!.children[0]!.children[1]!.tag).toBe(tag);
  });

  test('PEM output is 64-column', () => {
    const pem = pemEncode('CERTIFICATE', caDer);
    expect(
      pem
        .split('\n')
        .slice(1, -2)
        .every((l) => l.length <= 64),
    ).toBe(true);
    expect(new X509Certificate(pem).fingerprint256).toBe(ca.fingerprint256);
  });
});
