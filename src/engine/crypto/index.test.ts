import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { func, TemplateSet } from '../../gotemplate/index.js';
import { cryptoFuncs, seededRandom } from './index.js';

/** sprig's names for this family (functions.go genericMap), which cryptoFuncs must all provide. */
const SPRIG_NAMES = [
  'b64enc',
  'b64dec',
  'b32enc',
  'b32dec',
  'sha1sum',
  'sha256sum',
  'sha512sum',
  'adler32sum',
  'bcrypt',
  'htpasswd',
  'derivePassword',
  'encryptAES',
  'decryptAES',
  'genPrivateKey',
  'buildCustomCert',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
  'randAlphaNum',
  'randAlpha',
  'randNumeric',
  'randAscii',
  'randBytes',
  'randInt',
  'shuffle',
  'uuidv4',
  'getHostByName',
];

const opts = (seed: number) => ({
  random: seededRandom(seed),
  now: () => new Date('2030-01-01T00:00:00Z'),
  resolveHost: (n: string) => (n === 'db' ? ['10.0.0.9'] : []),
});

function render(text: string, seed = 1): string {
  const funcs = cryptoFuncs(opts(seed));
  // A stand-in for sprig's list, which lives in another module.
  funcs.set(
    'list',
    func([], (...xs: unknown[]) => xs, 'any'),
  );
  const set = new TemplateSet(funcs);
  set.parse('t', text);
  return set.execute('t', {});
}

test('provides exactly sprig’s names for this family', () => {
  expect([...cryptoFuncs(opts(1)).keys()].sort()).toEqual([...SPRIG_NAMES].sort());
});

describe('through the template executor', () => {
  test.for([
    { name: 'string function', text: '{{ "hello" | b64enc }}', want: 'aGVsbG8=' },
    {
      name: 'uint32 counter from a constant',
      text: '{{ derivePassword 1 "long" "pw" "user" "site" }}',
      want: 'LurmNaze1,Tomd',
    },
    { name: 'int count', text: '{{ randAlphaNum 12 | len }}', want: '12' },
    { name: 'int pair', text: '{{ randInt 4 5 }}', want: '4' },
    {
      name: 'struct type',
      text: '{{ genCAWithKey "x" 1 (genPrivateKey "ed25519") | printf "%T" }}',
      want: 'sprig.certificate',
    },
    { name: 'resolver', text: '{{ getHostByName "db" }}', want: '10.0.0.9' },
  ])('$name', ({ text, want }) => {
    expect(render(text)).toBe(want);
  });

  test('certificate fields and nil slices', () => {
    const pem = render(
      '{{ $ca := genCAWithKey "ca" 3 (genPrivateKey "ecdsa") }}' +
        '{{ (genSignedCert "leaf" (list "10.0.0.1") nil 3 $ca).Cert }}',
    );
    const x = new X509Certificate(pem);
    expect(x.subject).toBe('CN=leaf');
    expect(x.subjectAltName).toBe('IP Address:10.0.0.1');
    expect(x.validFrom).toBe('Jan  1 00:00:00 2030 GMT');
  });

  test('the same seed renders the same random output', () => {
    const text = '{{ randAscii 20 }} {{ uuidv4 }} {{ shuffle "abcdef" }} {{ randBytes 8 }}';
    expect(render(text, 42)).toBe(render(text, 42));
    expect(render(text, 42)).not.toBe(render(text, 43));
  });

  test('errors carry Go’s message', () => {
    expect(() => render('{{ randInt 1 1 }}')).toThrow(/error calling randInt: invalid argument to Intn/);
  });
});
