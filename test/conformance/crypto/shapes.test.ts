/**
 * Conformance: sprig's random and time-dependent functions (rand*, shuffle, uuidv4,
 * genPrivateKey, gen* certificates, getHostByName), bosun against helm v4 at test time.
 *
 * Values differ run to run, so what is compared is their shape: lengths and alphabets,
 * PEM block types and ASN.1 structure, and `openssl x509 -text` with serial, dates and
 * signature masked. Where both sides are given the same key, the key PEM must be identical
 * and so must everything in the certificate text except serial, dates and signature.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Certificate } from '../../../src/engine/crypto/index.js';
import { hostsFileResolver } from '../../../src/engine/crypto/index.js';
import { asn1Shape, call, certText, helmError, helmRender, helmValues, lit, ourError } from './harness.js';

const pem = (k: { export(o: object): string | Buffer }, type: string): string =>
  k.export({ type, format: 'pem' }) as string;
const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const KEYS = {
  rsa: pem(rsaPair, 'pkcs1'),
  rsaPkcs8: pem(rsaPair, 'pkcs8'),
  ec: pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, 'sec1'),
  ed: pem(generateKeyPairSync('ed25519').privateKey, 'pkcs8'),
  dsa: call('genPrivateKey', 'dsa') as string,
  dsaPkcs8: pem(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey, 'pkcs8'),
  k1: pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'sec1'),
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('random strings and values have helm’s shape', () => {
  const exprs = {
    alphaNum: 'randAlphaNum 4000',
    alpha: 'randAlpha 4000',
    numeric: 'randNumeric 500',
    ascii: 'randAscii 8000',
    bytes: 'randBytes 24',
    int: 'list (randInt 5 10) (randInt -3 -1) (randInt 0 1) | toString',
    shuffle: `shuffle ${lit('héllo wörld 👋')}`,
    uuid: 'uuidv4',
  };
  let helm: Record<string, string> = {};
  beforeAll(async () => {
    const out = await helmValues(Object.values(exprs));
    helm = Object.fromEntries(Object.keys(exprs).map((k, i) => [k, out[i]!]));
  }, 60_000);

  const charset = (s: string): string => [...new Set(s)].sort().join('');
  test.for([
    { name: 'alphaNum', ours: () => call('randAlphaNum', 4000n), len: 4000 },
    { name: 'alpha', ours: () => call('randAlpha', 4000n), len: 4000 },
    { name: 'numeric', ours: () => call('randNumeric', 500n), len: 500 },
    { name: 'ascii', ours: () => call('randAscii', 8000n), len: 8000 },
  ])('rand $name: same length, same alphabet', ({ name, ours, len }) => {
    const mine = ours() as string;
    const theirs = helm[name]!;
    expect([mine.length, theirs.length]).toEqual([len, len]);
    expect(charset(mine)).toBe(charset(theirs));
  });

  test('randBytes: base64 of that many bytes', () => {
    expect(Buffer.from(helm.bytes!, 'base64')).toHaveLength(24);
    expect(Buffer.from(call('randBytes', 24n), 'base64')).toHaveLength(24);
    expect(call('randBytes', 24n)).toMatch(/^[A-Za-z0-9+/]{32}$/);
    expect(helm.bytes).toMatch(/^[A-Za-z0-9+/]{32}$/);
  });

  test('randInt: min <= n < max', () => {
    const [a, b, c] = helm.int!.slice(1, -1).split(' ').map(Number);
    expect(a! >= 5 && a! < 10 && b! >= -3 && b! < -1 && c === 0).toBe(true);
    expect(call('randInt', 0n, 1n)).toBe(0n);
    const v = call('randInt', -3n, -1n) as bigint;
    expect(v >= -3n && v < -1n).toBe(true);
  });

  test('shuffle: a permutation of the code points', () => {
    const sorted = (s: string): string => Array.from(s).sort().join('');
    const mine = call('shuffle', 'héllo wörld 👋') as string;
    expect(sorted(helm.shuffle!)).toBe(sorted('héllo wörld 👋'));
    expect(sorted(mine)).toBe(sorted('héllo wörld 👋'));
  });

  test('uuidv4: lower-case version 4, RFC 4122 variant', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(helm.uuid).toMatch(re);
    expect(call('uuidv4')).toMatch(re);
  });
});

describe('genPrivateKey has helm’s PEM type and ASN.1 structure', () => {
  const types = ['rsa', '', 'ecdsa', 'ed25519', 'dsa'];
  let helm: string[] = [];
  beforeAll(async () => {
    helm = await helmValues(types.map((t) => `genPrivateKey ${lit(t)}`));
  }, 120_000);

  test.for(types.map((t, i) => [t, i] as const))('genPrivateKey "%s"', { timeout: 60_000 }, ([t, i]) => {
    const mine = call('genPrivateKey', t) as string;
    expect(mine.split('\n')[0]).toBe(helm[i]!.split('\n')[0]);
    expect(asn1Shape(mine)).toEqual(asn1Shape(helm[i]!));
  });
});

/** A certificate case: template code run by helm and the same calls on bosun's functions. */
interface CertCase {
  name: string;
  /** Template statements that leave the certificate in `$c` (and may set `$ca`). */
  helm: string;
  ours: () => { c: Certificate; ca?: Certificate };
  days: number;
  /** Whether the certificate's key is fixed by the test (then the key must match exactly). */
  fixedKey: boolean;
}

const caWith = (cn: string, key: string): Certificate => call('genCAWithKey', cn, 365n, key);
const certCases: CertCase[] = [
  {
    name: 'genCA',
    helm: `$c := genCA "my-ca" 365`,
    ours: () => ({ c: call('genCA', 'my-ca', 365n) }),
    days: 365,
    fixedKey: false,
  },
  ...(['rsa', 'ec', 'ed', 'rsaPkcs8'] as const).map((k) => ({
    name: `genCAWithKey (${k} key)`,
    helm: `$c := genCAWithKey "${k}-ca" 30 ${lit(KEYS[k])}`,
    ours: () => ({ c: call('genCAWithKey', `${k}-ca`, 30n, KEYS[k]) }),
    days: 30,
    fixedKey: true,
  })),
  {
    name: 'genSelfSignedCert with IPs and DNS names',
    helm: `$c := genSelfSignedCert "foo.example" (list "10.0.0.1" "::1" "::ffff:1.2.3.4" "2001:db8::1") (list "a.example" "b.example") 10`,
    ours: () => ({
      c: call(
        'genSelfSignedCert',
        'foo.example',
        ['10.0.0.1', '::1', '::ffff:1.2.3.4', '2001:db8::1'],
        ['a.example', 'b.example'],
        10n,
      ),
    }),
    days: 10,
    fixedKey: false,
  },
  {
    name: 'genSelfSignedCert with an empty subject',
    helm: `$c := genSelfSignedCert "" (list "127.0.0.1") nil 10`,
    ours: () => ({ c: call('genSelfSignedCert', '', ['127.0.0.1'], null, 10n) }),
    days: 10,
    fixedKey: false,
  },
  {
    name: 'genSelfSignedCertWithKey, wildcard name',
    helm: `$c := genSelfSignedCertWithKey "*.wild.example" nil (list "*.wild.example") 7 ${lit(KEYS.ec)}`,
    ours: () => ({
      c: call('genSelfSignedCertWithKey', '*.wild.example', null, ['*.wild.example'], 7n, KEYS.ec),
    }),
    days: 7,
    fixedKey: true,
  },
  {
    name: 'genSelfSignedCertWithKey, non-ASCII name, empty lists',
    helm: `$c := genSelfSignedCertWithKey "ünï & co" (list) (list) 1 ${lit(KEYS.ed)}`,
    ours: () => ({ c: call('genSelfSignedCertWithKey', 'ünï & co', [], [], 1n, KEYS.ed) }),
    days: 1,
    fixedKey: true,
  },
  {
    name: 'genSelfSignedCertWithKey, negative days',
    helm: `$c := genSelfSignedCertWithKey "neg" nil nil -1 ${lit(KEYS.ed)}`,
    ours: () => ({ c: call('genSelfSignedCertWithKey', 'neg', null, null, -1n, KEYS.ed) }),
    days: -1,
    fixedKey: true,
  },
  {
    name: 'genSelfSignedCertWithKey, past 2049 (GeneralizedTime)',
    helm: `$c := genSelfSignedCertWithKey "far" nil nil 40000 ${lit(KEYS.ed)}`,
    ours: () => ({ c: call('genSelfSignedCertWithKey', 'far', null, null, 40000n, KEYS.ed) }),
    days: 40000,
    fixedKey: true,
  },
  {
    name: 'genSignedCert',
    helm: `$ca := genCAWithKey "my-ca" 365 ${lit(KEYS.rsa)}\n$c := genSignedCert "leaf" (list "10.0.0.2") (list "leaf.example") 30 $ca`,
    ours: () => {
      const ca = caWith('my-ca', KEYS.rsa);
      return { ca, c: call('genSignedCert', 'leaf', ['10.0.0.2'], ['leaf.example'], 30n, ca) };
    },
    days: 30,
    fixedKey: false,
  },
  {
    name: 'genSignedCertWithKey (EC CA, Ed25519 leaf)',
    helm: `$ca := genCAWithKey "ec-ca" 365 ${lit(KEYS.ec)}\n$c := genSignedCertWithKey "leaf" nil (list "x") 30 $ca ${lit(KEYS.ed)}`,
    ours: () => {
      const ca = caWith('ec-ca', KEYS.ec);
      return { ca, c: call('genSignedCertWithKey', 'leaf', null, ['x'], 30n, ca, KEYS.ed) };
    },
    days: 30,
    fixedKey: true,
  },
  {
    name: 'genSignedCertWithKey, leaf named like its CA (no authority key id)',
    helm: `$ca := genCAWithKey "my-ca" 365 ${lit(KEYS.rsa)}\n$c := genSignedCertWithKey "my-ca" nil nil 1 $ca ${lit(KEYS.ec)}`,
    ours: () => {
      const ca = caWith('my-ca', KEYS.rsa);
      return { ca, c: call('genSignedCertWithKey', 'my-ca', null, null, 1n, ca, KEYS.ec) };
    },
    days: 1,
    fixedKey: true,
  },
  {
    name: 'genSignedCertWithKey with a CA from buildCustomCert',
    helm: `$ca0 := genCAWithKey "custom" 365 ${lit(KEYS.ed)}\n$ca := buildCustomCert ($ca0.Cert | b64enc) ($ca0.Key | b64enc)\n$c := genSignedCertWithKey "leaf" (list "192.168.0.1") nil 2 $ca ${lit(KEYS.rsa)}`,
    ours: () => {
      const ca0 = caWith('custom', KEYS.ed);
      const ca = call('buildCustomCert', b64(ca0.Cert), b64(ca0.Key));
      return { ca, c: call('genSignedCertWithKey', 'leaf', ['192.168.0.1'], null, 2n, ca, KEYS.rsa) };
    },
    days: 2,
    fixedKey: true,
  },
];

describe('certificates have helm’s contents', () => {
  let helm: { cert: string; key: string; ca: string }[] = [];
  beforeAll(async () => {
    const bodies = certCases.map(
      (c) =>
        `{{- $ca := "" }}\n${c.helm
          .split('\n')
          .map((s) => `{{- ${s.replace(/^\$ca :=/, '$ca =')} }}`)
          .join(
            '\n',
          )}\ncert: {{ $c.Cert | b64enc | quote }}\nkey: {{ $c.Key | b64enc | quote }}\nca: "{{ if $ca }}{{ $ca.Cert | b64enc }}{{ end }}"\n`,
    );
    const out = await helmRender(bodies);
    helm = out.map((doc) => {
      const field = (k: string): string =>
        Buffer.from(new RegExp(`^${k}: "(.*)"$`, 'm').exec(doc)![1]!, 'base64').toString();
      return { cert: field('cert'), key: field('key'), ca: field('ca') };
    });
  }, 120_000);

  test.for(certCases.map((c, i) => [c.name, i] as const))('%s', ([, i]) => {
    const tc = certCases[i]!;
    const theirs = helm[i]!;
    const { c: mine, ca } = tc.ours();
    expect(certText(mine.Cert, !tc.fixedKey)).toBe(certText(theirs.cert, !tc.fixedKey));
    expect(asn1Shape(mine.Cert)).toEqual(asn1Shape(theirs.cert));
    expect(asn1Shape(mine.Key)).toEqual(asn1Shape(theirs.key));
    if (tc.fixedKey) expect(mine.Key).toBe(theirs.key);
    for (const [pemText, issuer] of [
      [mine.Cert, ca?.Cert],
      [theirs.cert, theirs.ca || undefined],
    ] as const) {
      const x = new X509Certificate(pemText);
      expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(tc.days * 86_400_000);
      expect(BigInt(`0x${x.serialNumber}`) < 1n << 128n).toBe(true);
      const signer = issuer ? new X509Certificate(issuer) : x;
      expect(x.verify(signer.publicKey)).toBe(true);
    }
  });
});

describe('certificate errors match helm', () => {
  const caCert = (call('genCAWithKey', 'ca', 1n, KEYS.rsa) as Certificate).Cert;
  const cases: { name: string; expr: string; ours: () => unknown }[] = [
    {
      name: 'bad IP',
      expr: `genSelfSignedCert "x" (list "1.2.3") nil 1`,
      ours: () => call('genSelfSignedCert', 'x', ['1.2.3'], null, 1n),
    },
    {
      name: 'IPv4 with a leading zero',
      expr: `genSelfSignedCert "x" (list "010.0.0.1") nil 1`,
      ours: () => call('genSelfSignedCert', 'x', ['010.0.0.1'], null, 1n),
    },
    {
      name: 'IP that is not a string',
      expr: `genSelfSignedCert "x" (list 5) nil 1`,
      ours: () => call('genSelfSignedCert', 'x', [5n], null, 1n),
    },
    {
      name: 'DNS name that is not a string',
      expr: `genSelfSignedCert "x" nil (list (list "a")) 1`,
      ours: () => call('genSelfSignedCert', 'x', null, [['a']], 1n),
    },
    {
      name: 'non-ASCII DNS name',
      expr: `genSelfSignedCertWithKey "x" nil (list "ü.example") 1 ${lit(KEYS.ed)}`,
      ours: () => call('genSelfSignedCertWithKey', 'x', null, ['ü.example'], 1n, KEYS.ed),
    },
    {
      name: 'key not PEM',
      expr: `genCAWithKey "x" 1 "nope"`,
      ours: () => call('genCAWithKey', 'x', 1n, 'nope'),
    },
    {
      name: 'key is a certificate',
      expr: `genCAWithKey "x" 1 ${lit(caCert)}`,
      ours: () => call('genCAWithKey', 'x', 1n, caCert),
    },
    {
      name: 'unknown key type',
      expr: `genCAWithKey "x" 1 ${lit(KEYS.rsa.replaceAll('RSA', 'FOO'))}`,
      ours: () => call('genCAWithKey', 'x', 1n, KEYS.rsa.replaceAll('RSA', 'FOO')),
    },
    {
      name: 'DSA key signing',
      expr: `genCAWithKey "x" 1 ${lit(KEYS.dsa)}`,
      ours: () => call('genCAWithKey', 'x', 1n, KEYS.dsa),
    },
    {
      name: 'DSA key in PKCS#8',
      expr: `genCAWithKey "x" 1 ${lit(KEYS.dsaPkcs8)}`,
      ours: () => call('genCAWithKey', 'x', 1n, KEYS.dsaPkcs8),
    },
    {
      name: 'EC key on a curve Go lacks',
      expr: `genCAWithKey "x" 1 ${lit(KEYS.k1)}`,
      ours: () => call('genCAWithKey', 'x', 1n, KEYS.k1),
    },
    {
      name: 'DSA key certified',
      expr: `genSignedCertWithKey "x" nil nil 1 (genCAWithKey "ca" 1 ${lit(KEYS.rsa)}) ${lit(KEYS.dsa)}`,
      ours: () => call('genSignedCertWithKey', 'x', null, null, 1n, caWith('ca', KEYS.rsa), KEYS.dsa),
    },
    {
      name: 'CA key not matching the CA certificate',
      expr: `genSignedCertWithKey "x" nil nil 1 (buildCustomCert ((genCAWithKey "ca" 1 ${lit(KEYS.rsa)}).Cert | b64enc) (${lit(KEYS.ec)} | b64enc)) ${lit(KEYS.ed)}`,
      ours: () =>
        call(
          'genSignedCertWithKey',
          'x',
          null,
          null,
          1n,
          call('buildCustomCert', b64(caWith('ca', KEYS.rsa).Cert), b64(KEYS.ec)),
          KEYS.ed,
        ),
    },
    {
      name: 'CA that is a map',
      expr: `genSignedCert "x" nil nil 1 (dict "Cert" "a")`,
      ours: () => call('genSignedCert', 'x', null, null, 1n, { Cert: 'a' }),
    },
    {
      name: 'custom cert: bad base64',
      expr: `buildCustomCert "*" "*"`,
      ours: () => call('buildCustomCert', '*', '*'),
    },
    {
      name: 'custom key: bad base64',
      expr: `buildCustomCert ${lit(b64(caCert))} "*"`,
      ours: () => call('buildCustomCert', b64(caCert), '*'),
    },
    {
      name: 'custom cert: not PEM',
      expr: `buildCustomCert ${lit(b64('x'))} ${lit(b64(KEYS.rsa))}`,
      ours: () => call('buildCustomCert', b64('x'), b64(KEYS.rsa)),
    },
    {
      name: 'custom key: a certificate',
      expr: `buildCustomCert ${lit(b64(caCert))} ${lit(b64(caCert))}`,
      ours: () => call('buildCustomCert', b64(caCert), b64(caCert)),
    },
  ];
  const results: string[] = [];
  beforeAll(async () => {
    results.push(...(await Promise.all(cases.map((c) => helmError(c.expr)))));
  }, 120_000);

  test.for(cases.map((c, i) => [c.name, i] as const))('%s', ([, i]) => {
    expect(ourError(cases[i]!.ours)).toBe(results[i]);
  });
});

describe('getHostByName agrees with helm --enable-dns on local names', () => {
  const names = ['localhost', '10.1.2.3', '::1'];
  let helm: string[] = [];
  beforeAll(async () => {
    helm = await helmValues(
      names.map((n) => `getHostByName ${lit(n)}`),
      ['--enable-dns'],
    );
  }, 60_000);

  test.for(names.map((n, i) => [n, i] as const))('%s', ([name, i]) => {
    const resolved = hostsFileResolver()(name);
    expect(resolved).toContain(helm[i]);
    expect(resolved).toContain(call('getHostByName', name));
  });
});
