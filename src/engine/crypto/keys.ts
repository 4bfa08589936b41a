/**
 * Private keys the way sprig makes, reads and writes them.
 *
 * genPrivateKey: "rsa" (or "") 4096-bit RSA as PKCS#1 `RSA PRIVATE KEY`; "dsa" L2048/N256 as
 * `DSA PRIVATE KEY` (SEQUENCE{0, p, q, g, y, x}); "ecdsa" P-256 as SEC 1 `EC PRIVATE KEY`;
 * "ed25519" as PKCS#8 `PRIVATE KEY`. Any other type yields the string "Unknown type T".
 *
 * Key generation always uses node:crypto's own CSPRNG: OpenSSL offers no way to inject a
 * random source, so keys are not reproducible from `seededRandom`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as der from './der.js';
import { CryptoFuncError } from './errors.js';
import { pemDecode, pemEncode } from './pem.js';

/** A parsed private key and its Go type. DSA is kept as numbers: Go can neither sign nor certify with it. */
export type PrivateKey =
  | { kind: 'rsa' | 'ecdsa' | 'ed25519' | 'x25519'; key: KeyObject }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x: bigint };

/** Go's %T of the private key and of its public half (used in x509's error messages). */
export const GO_TYPES: Record<PrivateKey['kind'], { priv: string; pub: string }> = {
  rsa: { priv: '*rsa.PrivateKey', pub: '*rsa.PublicKey' },
  ecdsa: { priv: '*ecdsa.PrivateKey', pub: '*ecdsa.PublicKey' },
  ed25519: { priv: 'ed25519.PrivateKey', pub: 'ed25519.PublicKey' },
  x25519: { priv: '*ecdh.PrivateKey', pub: '*ecdh.PublicKey' },
  dsa: { priv: '*dsa.PrivateKey', pub: '*dsa.PublicKey' },
};

/** Algorithm OIDs of PKCS#8 keys that OpenSSL reads but Go's ParsePKCS8PrivateKey refuses. */
const PKCS8_OIDS: Record<string, string> = {
  dsa: '1.2.840.10040.4.1',
  'rsa-pss': '1.2.840.113549.1.1.10',
  dh: '1.2.840.113549.1.3.1',
  x448: '1.3.101.111',
  ed448: '1.3.101.113',
};

/** EC curves Go's crypto/ecdsa knows, by OpenSSL name. */
const GO_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp224r1']);

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

function generateDsa(): PrivateKey {
  const { privateKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  // PKCS#8: SEQUENCE{ version, AlgorithmIdentifier{ oid, Dss-Parms{p, q, g} }, OCTET STRING{ INTEGER x } }
  const info = der.parse(new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })));
  const params = info.children[1]!.children[1]!.children.map((n) => der.intValue(n.content));
  const [p, q, g] = params as [bigint, bigint, bigint];
  const x = der.intValue(der.parse(info.children[2]!.content).content);
  return { kind: 'dsa', p, q, g, x, y: modPow(g, x, p) };
}

/** Generates a key for genPrivateKey, or returns sprig's message for an unknown type. */
export function generateKey(type: string): PrivateKey | string {
  switch (type) {
    case '':
    case 'rsa':
      return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey };
    case 'dsa':
      return generateDsa();
    case 'ecdsa':
      return { kind: 'ecdsa', key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey };
    case 'ed25519':
      return { kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey };
    default:
      return `Unknown type ${type}`;
  }
}

/** A 2048-bit RSA key, what genCA / genSelfSignedCert / genSignedCert make for themselves. */
export function generateRsa2048(): PrivateKey {
  return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
}

const exportDer = (key: KeyObject, type: 'pkcs1' | 'sec1' | 'pkcs8'): Uint8Array =>
  new Uint8Array(key.export({ type, format: 'der' } as never) as Buffer);

/** sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, its own form for DSA, else PKCS#8. */
export function keyToPem(k: PrivateKey): string {
  switch (k.kind) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', exportDer(k.key, 'pkcs1'));
    case 'ecdsa':
      return pemEncode('EC PRIVATE KEY', exportDer(k.key, 'sec1'));
    case 'dsa':
      return pemEncode('DSA PRIVATE KEY', der.seq(...[0n, k.p, k.q, k.g, k.y, k.x].map(der.int)));
    default:
      return pemEncode('PRIVATE KEY', exportDer(k.key, 'pkcs8'));
  }
}

/** The SubjectPublicKeyInfo DER of a key's public half (undefined for DSA: Go cannot marshal it). */
export function publicKeyInfo(k: PrivateKey): Uint8Array | undefined {
  if (k.kind === 'dsa') return undefined;
  return new Uint8Array(createPublicKey(k.key).export({ type: 'spki', format: 'der' }));
}

const fail = (message: string, cause?: unknown): CryptoFuncError =>
  new CryptoFuncError('INVALID_INPUT', message, { cause });

function importKey(der: Uint8Array, type: 'pkcs1' | 'sec1' | 'pkcs8', what: string): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch (e) {
    throw fail(`${what}: x509: failed to parse private key`, e);
  }
}

function fromKeyObject(key: KeyObject, what: string): PrivateKey {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', key };
    case 'ed25519':
      return { kind: 'ed25519', key };
    case 'x25519':
      return { kind: 'x25519', key };
    case 'ec':
      if (!GO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '')) {
        throw fail(`${what}: x509: unknown elliptic curve`);
      }
      return { kind: 'ecdsa', key };
    default: {
      const oid = PKCS8_OIDS[key.asymmetricKeyType ?? ''] ?? 'unknown';
      throw fail(`${what}: x509: PKCS#8 wrapping contained private key with unknown algorithm: ${oid}`);
    }
  }
}

function parseDsa(bytes: Uint8Array): PrivateKey {
  try {
    const seq = der.parse(bytes);
    const ints = seq.children.map((n) => {
      if (n.tag !== der.TAG.INTEGER) throw new der.DerError('asn1: structure error');
      return der.intValue(n.content);
    });
    if (seq.tag !== der.TAG.SEQUENCE || ints.length !== 6) throw new der.DerError('asn1: structure error');
    const [, p, q, g, y, x] = ints as [bigint, bigint, bigint, bigint, bigint, bigint];
    return { kind: 'dsa', p, q, g, y, x };
  } catch (e) {
    throw fail(`parsing DSA private key from PEM: ${(e as Error).message}`, e);
  }
}

/** sprig's parsePrivateKeyPEM, with its error messages. */
export function parsePrivateKeyPem(pem: string): PrivateKey {
  const block = pemDecode(pem);
  if (!block) throw fail('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    const what = 'decoding PEM as PKCS#8';
    return fromKeyObject(importKey(block.bytes, 'pkcs8', what), what);
  }
  if (!block.type.endsWith(' PRIVATE KEY'))
    throw fail(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -' PRIVATE KEY'.length)) {
    case 'RSA': {
      const what = 'parsing RSA private key from PEM';
      return fromKeyObject(importKey(block.bytes, 'pkcs1', what), what);
    }
    case 'EC': {
      const what = 'parsing EC private key from PEM';
      return fromKeyObject(importKey(block.bytes, 'sec1', what), what);
    }
    case 'DSA':
      return parseDsa(block.bytes);
    default:
      throw fail(`invalid private key type ${block.type}`);
  }
}

/** sprig's genPrivateKey. */
export function genPrivateKey(type: string): string {
  const key = generateKey(type);
  return typeof key === 'string' ? key : keyToPem(key);
}
