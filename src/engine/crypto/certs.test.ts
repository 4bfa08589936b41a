import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { formatV } from '../../gotemplate/index.js';
import {
  asCertificate,
  buildCustomCert,
  Certificate,
  genCA,
  genCAWithKey,
  genSelfSignedCert,
  genSelfSignedCertWithKey,
  genSignedCert,
  genSignedCertWithKey,
} from './certs.js';
import { genPrivateKey } from './keys.js';
import { seededRandom } from './random.js';

const now = new Date('2031-05-06T07:08:09.999Z');
const deps = { random: seededRandom('certs'), now: () => now };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const ca = genCA(deps, 'my-ca', 365n);
const caX = new X509Certificate(ca.Cert);
const edKey = genPrivateKey('ed25519');
const ecKey = genPrivateKey('ecdsa');

describe('sprig certificate struct', () => {
  test('prints and types like Go', () => {
    expect(ca.goTypeName).toBe('sprig.certificate');
    expect(formatV(ca)).toBe(`{${ca.Cert} ${ca.Key}}`);
  });

  test.for([
    {
      name: 'a map',
      value: { Cert: '', Key: '' },
      error: 'wrong type for value; expected sprig.certificate; got map[string]interface {}',
    },
    { name: 'nil', value: null, error: 'invalid value; expected sprig.certificate' },
    { name: 'a string', value: 'x', error: 'wrong type for value; expected sprig.certificate; got string' },
  ])('rejects $name as the CA', ({ value, error }) => {
    expect(() => asCertificate(value)).toThrow(error);
  });
});

describe('generated certificates', () => {
  test('genCA: a 2048-bit RSA CA valid for N days from now', () => {
    expect(caX.subject).toBe('CN=my-ca');
    expect(caX.ca).toBe(true);
    expect(caX.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new Date(caX.validFrom).toISOString()).toBe('2031-05-06T07:08:09.000Z');
    expect(new Date(caX.validTo).toISOString()).toBe('2032-05-05T07:08:09.000Z');
    expect(ca.Key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  test('genSignedCert chains to the CA', () => {
    const leaf = genSignedCert(deps, 'leaf', ['10.0.0.1', '::1'], ['leaf.example'], 30n, ca);
    const x = new X509Certificate(leaf.Cert);
    expect(x.checkIssued(caX)).toBe(true);
    expect(x.verify(caX.publicKey)).toBe(true);
    expect(x.subjectAltName).toBe('DNS:leaf.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  test('the *WithKey variants keep the given key (re-encoded as sprig does)', () => {
    const self = genSelfSignedCertWithKey(deps, 'ed', null, null, 1n, edKey);
    expect(self.Key).toBe(edKey);
    const ecCa = genCAWithKey(deps, 'ec-ca', 1n, ecKey);
    expect(ecCa.Key).toBe(ecKey);
    const leaf = genSignedCertWithKey(deps, 'leaf', null, ['x'], 1n, ecCa, edKey);
    expect(new X509Certificate(leaf.Cert).verify(new X509Certificate(ecCa.Cert).publicKey)).toBe(true);
  });

  test('serials and validity are reproducible from the seed and clock', () => {
    const a = genSelfSignedCertWithKey(
      { random: seededRandom(1), now: () => now },
      'x',
      null,
      null,
      1n,
      edKey,
    );
    const b = genSelfSignedCertWithKey(
      { random: seededRandom(1), now: () => now },
      'x',
      null,
      null,
      1n,
      edKey,
    );
    expect(a.Cert).toBe(b.Cert); // Ed25519 signatures are deterministic
  });

  test('negative days give a certificate that expires before it starts, as in Go', () => {
    const c = new X509Certificate(genSelfSignedCertWithKey(deps, 'x', null, null, -1n, edKey).Cert);
    expect(Date.parse(c.validTo) - Date.parse(c.validFrom)).toBe(-86_400_000);
  });
});

describe('errors, worded as sprig words them', () => {
  test.for([
    {
      name: 'bad ip',
      run: () => genSelfSignedCert(deps, 'x', ['1.2.3'], null, 1n),
      error: 'error parsing ip: 1.2.3',
    },
    {
      name: 'non-string ip',
      run: () => genSelfSignedCert(deps, 'x', [5n], null, 1n),
      error: 'error parsing ip: 5 is not a string',
    },
    {
      name: 'non-string dns',
      run: () => genSelfSignedCert(deps, 'x', null, [['a']], 1n),
      error: 'error processing alternate dns name: [a] is not a string',
    },
    {
      name: 'non-ASCII dns',
      run: () => genSelfSignedCertWithKey(deps, 'x', null, ['ü.example'], 1n, edKey),
      error: 'error creating certificate: x509: "ü.example" cannot be encoded as an IA5String',
    },
    {
      name: 'bad key',
      run: () => genCAWithKey(deps, 'x', 1n, 'nope'),
      error: 'parsing private key: no PEM data in input',
    },
    {
      name: 'CA key not matching its cert',
      run: () => genSignedCertWithKey(deps, 'x', null, null, 1n, new Certificate(ca.Cert, ecKey), edKey),
      error: "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey",
    },
    {
      name: 'CA cert not PEM',
      run: () => genSignedCertWithKey(deps, 'x', null, null, 1n, new Certificate('x', ca.Key), edKey),
      error: 'unable to decode certificate',
    },
    {
      name: 'custom cert bad base64',
      run: () => buildCustomCert('*', b64(ca.Key)),
      error: 'unable to decode base64 certificate',
    },
    {
      name: 'custom key bad base64',
      run: () => buildCustomCert(b64(ca.Cert), '*'),
      error: 'unable to decode base64 private key',
    },
    {
      name: 'custom cert not PEM',
      run: () => buildCustomCert(b64('x'), b64(ca.Key)),
      error: 'unable to decode certificate',
    },
    {
      name: 'custom key not a key',
      run: () => buildCustomCert(b64(ca.Cert), b64(ca.Cert)),
      error: 'error parsing private key: no private key data in PEM block of type CERTIFICATE',
    },
  ])('$name', ({ run, error }) => {
    expect(run).toThrow(error);
  });

  test('buildCustomCert returns its inputs decoded', () => {
    const c = buildCustomCert(b64(ca.Cert), b64(ca.Key));
    expect(c).toBeInstanceOf(Certificate);
    expect([c.Cert, c.Key]).toEqual([ca.Cert, ca.Key]);
  });
});
