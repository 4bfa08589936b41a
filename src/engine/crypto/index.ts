/**
 * engine/crypto — sprig's crypto, encoding, random and network template functions, as helm
 * v4 (sprig v3.3.0, Go 1.25) exposes them:
 *
 * - encoding: b64enc, b64dec, b32enc, b32dec (decoders return Go's error text as the value);
 * - digests: sha1sum, sha256sum, sha512sum, adler32sum;
 * - passwords: bcrypt, htpasswd (bcrypt `$2a$10$`), derivePassword (Master Password v3);
 * - symmetric: encryptAES, decryptAES (AES-256-CBC, base64(IV ‖ ciphertext));
 * - keys and certificates: genPrivateKey, genCA, genCAWithKey, genSelfSignedCert,
 *   genSelfSignedCertWithKey, genSignedCert, genSignedCertWithKey, buildCustomCert —
 *   certificates are built by our own DER encoder and signed with node:crypto;
 * - random: randAlphaNum, randAlpha, randNumeric, randAscii, randBytes, randInt, shuffle, uuidv4;
 * - network: getHostByName (offline, through an injected resolver).
 *
 * Randomness and time come in through the options (no global clock, no hidden source), so
 * `seededRandom` makes every output reproducible except generated key material (see keys.ts).
 *
 * Imports: node built-ins and `src/gotemplate/index.ts` only; nothing else from the project.
 *
 * @example
 * const funcs = cryptoFuncs({ random: systemRandom(), now: () => new Date() });
 * funcs.get('sha256sum')!.fn('hello'); // '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
 * // In a template: {{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert | b64enc }}
 */
import { type FuncMap, func } from '../../gotemplate/index.js';
import { decryptAES, encryptAES } from './aes.js';
import { htpasswd, sprigBcrypt } from './bcrypt.js';
import {
  buildCustomCert,
  type CertDeps,
  genCA,
  genCAWithKey,
  genSelfSignedCert,
  genSelfSignedCertWithKey,
  genSignedCert,
  genSignedCertWithKey,
} from './certs.js';
import { b32dec, b32enc, b64dec, b64enc } from './codec.js';
import { derivePassword } from './derive-password.js';
import { adler32sum, sha1sum, sha256sum, sha512sum } from './hashes.js';
import { genPrivateKey } from './keys.js';
import { getHostByName, type HostResolver, hostsFileResolver } from './network.js';
import { ALPHABETS, type RandomSource, randBytes, randInt, randomString, shuffle, uuidv4 } from './random.js';

export { bcryptHash, bcryptVerify } from './bcrypt.js';
export { Certificate } from './certs.js';
export { CorruptInputError } from './codec.js';
export { type CryptoErrorCode, CryptoFuncError } from './errors.js';
export { type HostResolver, hostsFileResolver, parseHosts } from './network.js';
export { type RandomSource, seededRandom, systemRandom } from './random.js';

export interface CryptoFuncOptions {
  /** Source of every random choice (serials, IVs, salts, rand*, shuffle, uuidv4). */
  random: RandomSource;
  /** The clock for certificate validity. */
  now: () => Date;
  /** Resolver for getHostByName; defaults to numeric addresses plus /etc/hosts. */
  resolveHost?: HostResolver;
}

/** A Go int argument: the executor passes bigint; tolerate a JS number too. */
const toInt = (v: bigint | number): bigint => (typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));

/** The functions, keyed by their template names, with sprig's Go parameter types. */
export function cryptoFuncs(opts: CryptoFuncOptions): FuncMap {
  const { random } = opts;
  const deps: CertDeps = { random, now: opts.now };
  const resolve = opts.resolveHost ?? hostsFileResolver();
  const str = ['string'] as const;
  const certArgs = ['string', 'slice', 'slice', 'int'] as const;
  return new Map([
    // encoding
    ['b64enc', func(str, b64enc)],
    ['b64dec', func(str, b64dec)],
    ['b32enc', func(str, b32enc)],
    ['b32dec', func(str, b32dec)],
    // digests
    ['sha1sum', func(str, sha1sum)],
    ['sha256sum', func(str, sha256sum)],
    ['sha512sum', func(str, sha512sum)],
    ['adler32sum', func(str, adler32sum)],
    // passwords
    ['bcrypt', func(str, (s: string) => sprigBcrypt(s, random))],
    ['htpasswd', func(['string', 'string'], (u: string, p: string) => htpasswd(u, p, random))],
    // Go's counter is a uint32; 'int' is the closest ParamType (see the report).
    [
      'derivePassword',
      func(['int', 'string', 'string', 'string', 'string'], (c, t: string, p: string, u: string, s: string) =>
        derivePassword(toInt(c), t, p, u, s),
      ),
    ],
    ['encryptAES', func(['string', 'string'], (pw: string, text: string) => encryptAES(pw, text, random))],
    ['decryptAES', func(['string', 'string'], decryptAES)],
    // keys and certificates
    ['genPrivateKey', func(str, genPrivateKey)],
    ['buildCustomCert', func(['string', 'string'], buildCustomCert)],
    ['genCA', func(['string', 'int'], (cn: string, d) => genCA(deps, cn, toInt(d)))],
    [
      'genCAWithKey',
      func(['string', 'int', 'string'], (cn: string, d, key: string) =>
        genCAWithKey(deps, cn, toInt(d), key),
      ),
    ],
    [
      'genSelfSignedCert',
      func(certArgs, (cn: string, ips, dns, d) => genSelfSignedCert(deps, cn, ips, dns, toInt(d))),
    ],
    [
      'genSelfSignedCertWithKey',
      func([...certArgs, 'string'], (cn: string, ips, dns, d, key: string) =>
        genSelfSignedCertWithKey(deps, cn, ips, dns, toInt(d), key),
      ),
    ],
    [
      'genSignedCert',
      func([...certArgs, 'any'], (cn: string, ips, dns, d, ca) =>
        genSignedCert(deps, cn, ips, dns, toInt(d), ca),
      ),
    ],
    [
      'genSignedCertWithKey',
      func([...certArgs, 'any', 'string'], (cn: string, ips, dns, d, ca, key: string) =>
        genSignedCertWithKey(deps, cn, ips, dns, toInt(d), ca, key),
      ),
    ],
    // random
    ['randAlphaNum', func(['int'], (n) => randomString(random, toInt(n), ALPHABETS.alphaNum))],
    ['randAlpha', func(['int'], (n) => randomString(random, toInt(n), ALPHABETS.alpha))],
    ['randNumeric', func(['int'], (n) => randomString(random, toInt(n), ALPHABETS.numeric))],
    ['randAscii', func(['int'], (n) => randomString(random, toInt(n), ALPHABETS.ascii))],
    ['randBytes', func(['int'], (n) => randBytes(random, toInt(n)))],
    ['randInt', func(['int', 'int'], (min, max) => randInt(random, toInt(min), toInt(max)))],
    ['shuffle', func(str, (s: string) => shuffle(random, s))],
    ['uuidv4', func([], () => uuidv4(random))],
    // network
    ['getHostByName', func(str, (name: string) => getHostByName(name, resolve, random))],
  ]);
}
