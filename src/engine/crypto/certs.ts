/**
 * sprig's certificate functions: genCA, genCAWithKey, genSelfSignedCert(WithKey),
 * genSignedCert(WithKey) and buildCustomCert, returning sprig's `certificate` struct
 * ({Cert, Key} PEM strings).
 *
 * Every certificate gets a random serial below 2^128, validity from now to now + days × 24h,
 * keyUsage digitalSignature|keyEncipherment (CAs add certSign and basicConstraints CA:TRUE),
 * extKeyUsage serverAuth+clientAuth. Keys made here are 2048-bit RSA.
 */
import { formatV, GoStruct, typeName } from '../../gotemplate/index.js';
import { fromUtf8, goBase64Decode, utf8 } from './codec.js';
import { CryptoFuncError } from './errors.js';
import { parseIP, sanBytes } from './ip.js';
import { generateRsa2048, keyToPem, type PrivateKey, parsePrivateKeyPem } from './keys.js';
import { pemDecode, pemEncode } from './pem.js';
import { type RandomSource, uniform } from './random.js';
import {
  type CertTemplate,
  createCertificate,
  ExtKeyUsage,
  KeyUsage,
  type ParentCert,
  parseParent,
} from './x509.js';

/** sprig's unexported `certificate` struct, as templates see it (`.Cert`, `.Key`, `%T`). */
export class Certificate extends GoStruct {
  readonly goTypeName = 'sprig.certificate';
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {
    super();
  }
}

export interface CertDeps {
  random: RandomSource;
  now: () => Date;
}

const invalid = (message: string, cause?: unknown): CryptoFuncError =>
  new CryptoFuncError('INVALID_INPUT', message, { cause });

/** getNetIPs: each element must be a string Go's net.ParseIP accepts. */
function netIPs(ips: readonly unknown[] | null | undefined): Uint8Array[] {
  return (ips ?? []).map((ip) => {
    if (typeof ip !== 'string') throw invalid(`error parsing ip: ${formatV(ip)} is not a string`);
    const parsed = parseIP(ip);
    if (!parsed) throw invalid(`error parsing ip: ${ip}`);
    return sanBytes(parsed);
  });
}

/** getAlternateDNSStrs: each element must be a string. */
function dnsNames(names: readonly unknown[] | null | undefined): string[] {
  return (names ?? []).map((n) => {
    if (typeof n !== 'string') {
      throw invalid(`error processing alternate dns name: ${formatV(n)} is not a string`);
    }
    return n;
  });
}

const NANOS_PER_DAY = 86_400_000_000_000n;

function baseTemplate(
  deps: CertDeps,
  cn: string,
  ips: readonly unknown[] | null | undefined,
  alternateDNS: readonly unknown[] | null | undefined,
  daysValid: bigint,
): CertTemplate {
  const ipAddresses = netIPs(ips);
  const names = dnsNames(alternateDNS);
  const serial = uniform(deps.random, 1n << 128n);
  const now = deps.now();
  // time.Hour * 24 * time.Duration(days) wraps like Go's int64 nanoseconds.
  const nanos = BigInt.asIntN(64, NANOS_PER_DAY * daysValid);
  const notAfter = new Date(now.getTime() + Number(nanos / 1_000_000n));
  return {
    serial,
    commonName: cn,
    notBefore: now,
    notAfter,
    keyUsage: KeyUsage.keyEncipherment | KeyUsage.digitalSignature,
    extKeyUsage: [ExtKeyUsage.serverAuth, ExtKeyUsage.clientAuth],
    isCA: false,
    dnsNames: names,
    ipAddresses,
  };
}

function certAndKey(
  t: CertTemplate,
  signee: PrivateKey,
  parent: ParentCert | undefined,
  signer: PrivateKey,
): Certificate {
  let certDer: Uint8Array;
  try {
    certDer = createCertificate(t, signee, parent, signer);
  } catch (e) {
    if (e instanceof CryptoFuncError) {
      throw new CryptoFuncError(e.code, `error creating certificate: ${e.message}`, { cause: e });
    }
    throw e;
  }
  return new Certificate(pemEncode('CERTIFICATE', certDer), keyToPem(signee));
}

function withKey<T>(privPEM: string, use: (k: PrivateKey) => T): T {
  let key: PrivateKey;
  try {
    key = parsePrivateKeyPem(privPEM);
  } catch (e) {
    throw invalid(`parsing private key: ${(e as Error).message}`, e);
  }
  return use(key);
}

function caWithKey(deps: CertDeps, cn: string, days: bigint, key: PrivateKey): Certificate {
  const t = baseTemplate(deps, cn, null, null, days);
  t.keyUsage = KeyUsage.keyEncipherment | KeyUsage.digitalSignature | KeyUsage.certSign;
  t.isCA = true;
  return certAndKey(t, key, undefined, key);
}

export function genCA(deps: CertDeps, cn: string, days: bigint): Certificate {
  return caWithKey(deps, cn, days, generateRsa2048());
}

export function genCAWithKey(deps: CertDeps, cn: string, days: bigint, privPEM: string): Certificate {
  return withKey(privPEM, (k) => caWithKey(deps, cn, days, k));
}

type List = readonly unknown[] | null | undefined;

function selfSigned(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
  key: PrivateKey,
): Certificate {
  return certAndKey(baseTemplate(deps, cn, ips, dns, days), key, undefined, key);
}

export function genSelfSignedCert(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
): Certificate {
  return selfSigned(deps, cn, ips, dns, days, generateRsa2048());
}

export function genSelfSignedCertWithKey(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
  privPEM: string,
): Certificate {
  return withKey(privPEM, (k) => selfSigned(deps, cn, ips, dns, days, k));
}

/** The `ca` argument must be sprig's certificate struct, as text/template's type check demands. */
export function asCertificate(v: unknown): Certificate {
  if (v instanceof Certificate) return v;
  if (v === null || v === undefined) {
    throw new CryptoFuncError('WRONG_TYPE', 'invalid value; expected sprig.certificate');
  }
  throw new CryptoFuncError(
    'WRONG_TYPE',
    `wrong type for value; expected sprig.certificate; got ${typeName(v)}`,
  );
}

function signed(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
  caArg: unknown,
  key: PrivateKey,
) {
  const ca = asCertificate(caArg);
  const block = pemDecode(ca.Cert);
  if (!block) throw invalid('unable to decode certificate');
  let parent: ParentCert;
  try {
    parent = parseParent(block.bytes);
  } catch (e) {
    throw invalid(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`, e);
  }
  let signer: PrivateKey;
  try {
    signer = parsePrivateKeyPem(ca.Key);
  } catch (e) {
    throw invalid(`error parsing private key: ${(e as Error).message}`, e);
  }
  return certAndKey(baseTemplate(deps, cn, ips, dns, days), key, parent, signer);
}

export function genSignedCert(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
  ca: unknown,
): Certificate {
  // Go generates the key before looking at the CA.
  return signed(deps, cn, ips, dns, days, ca, generateRsa2048());
}

export function genSignedCertWithKey(
  deps: CertDeps,
  cn: string,
  ips: List,
  dns: List,
  days: bigint,
  ca: unknown,
  privPEM: string,
): Certificate {
  return withKey(privPEM, (k) => signed(deps, cn, ips, dns, days, ca, k));
}

/** buildCustomCert(base64 PEM certificate, base64 PEM key): checks both, returns them as given. */
export function buildCustomCert(b64cert: string, b64key: string): Certificate {
  let cert: Uint8Array;
  let key: Uint8Array;
  try {
    cert = goBase64Decode(utf8(b64cert));
  } catch (e) {
    throw invalid('unable to decode base64 certificate', e);
  }
  try {
    key = goBase64Decode(utf8(b64key));
  } catch (e) {
    throw invalid('unable to decode base64 private key', e);
  }
  const certText = fromUtf8(cert);
  const keyText = fromUtf8(key);
  const block = pemDecode(certText);
  if (!block) throw invalid('unable to decode certificate');
  try {
    parseParent(block.bytes);
  } catch (e) {
    throw invalid(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`, e);
  }
  try {
    parsePrivateKeyPem(keyText);
  } catch (e) {
    throw invalid(`error parsing private key: ${(e as Error).message}`, e);
  }
  return new Certificate(certText, keyText);
}
