/**
 * X.509 v3 certificates as Go's crypto/x509.CreateCertificate (Go 1.25) builds them from the
 * templates sprig fills in, and the few facts sprig reads back from a parsed CA certificate.
 *
 * What Go writes, and so what this writes:
 * - version 3, the template's serial, the signing key's algorithm (sha256WithRSAEncryption with
 *   NULL parameters; ecdsa-with-SHA256/384/512 by curve; Ed25519);
 * - the issuer copied byte-for-byte from the parent's subject; a subject holding only CN,
 *   as a PrintableString when it can be one, else a UTF8String; an empty name is `SEQUENCE {}`;
 * - validity as UTCTime (GeneralizedTime outside 1950–2049), whole seconds;
 * - extensions in Go's order: keyUsage (critical), extKeyUsage, basicConstraints (critical),
 *   subjectKeyId (CAs only: the first 20 bytes of SHA-256 of the public key bits),
 *   authorityKeyId (the parent's subjectKeyId, unless issuer and subject names are equal),
 *   subjectAltName (DNS names then IPs; critical when the subject is empty).
 */
import { createHash, sign as cryptoSign, X509Certificate } from 'node:crypto';
import * as der from './der.js';
import { CryptoFuncError } from './errors.js';
import { GO_TYPES, type PrivateKey, publicKeyInfo } from './keys.js';

/** x509.KeyUsage bits. */
export const KeyUsage = { digitalSignature: 1 << 0, keyEncipherment: 1 << 2, certSign: 1 << 5 } as const;
export const ExtKeyUsage = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;

const OID = {
  commonName: '2.5.4.3',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
} as const;

/** The fields of an x509.Certificate template that sprig sets. */
export interface CertTemplate {
  serial: bigint;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage: number;
  extKeyUsage: readonly string[];
  isCA: boolean;
  dnsNames: readonly string[];
  /** Addresses as written into the SAN (4 or 16 bytes). */
  ipAddresses: readonly Uint8Array[];
}

/** What CreateCertificate reads from a parent certificate. */
export interface ParentCert {
  rawSubject: Uint8Array;
  subjectKeyId: Uint8Array | undefined;
  publicKeyInfo: Uint8Array;
}

const x509Error = (message: string): CryptoFuncError => new CryptoFuncError('X509', message);

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** pkix.Name{CommonName: cn} marshalled as an RDNSequence. */
export function nameWithCommonName(cn: string): Uint8Array {
  if (cn === '') return der.seq();
  const bytes = new TextEncoder().encode(cn);
  const value = der.tlv(PRINTABLE.test(cn) ? der.TAG.PRINTABLE_STRING : der.TAG.UTF8_STRING, bytes);
  return der.seq(der.set(der.seq(der.oid(OID.commonName), value)));
}

/** The subjectPublicKey bits of a SubjectPublicKeyInfo (what key identifiers hash). */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  return der.parse(spki).children[1]!.content.subarray(1);
}

function signatureAlgorithm(k: PrivateKey): { alg: Uint8Array; hash: string | null } {
  switch (k.kind) {
    case 'rsa':
      return { alg: der.seq(der.oid(OID.sha256WithRSA), der.nullValue()), hash: 'sha256' };
    case 'ed25519':
      return { alg: der.seq(der.oid(OID.ed25519)), hash: null };
    case 'ecdsa': {
      const curve = k.key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { alg: der.seq(der.oid(OID.ecdsaWithSHA384)), hash: 'sha384' };
      if (curve === 'secp521r1') return { alg: der.seq(der.oid(OID.ecdsaWithSHA512)), hash: 'sha512' };
      return { alg: der.seq(der.oid(OID.ecdsaWithSHA256)), hash: 'sha256' };
    }
    default:
      throw x509Error('x509: certificate private key does not implement crypto.Signer');
  }
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return der.seq(der.oid(id), ...(critical ? [der.bool(true)] : []), der.octetString(value));
}

/** x509's KeyUsage BIT STRING: bit 0 first, trailing zero bits declared unused. */
function keyUsageValue(ku: number): Uint8Array {
  const reverse = (b: number): number => {
    let r = 0;
    for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
    return r;
  };
  const bytes = [reverse(ku & 0xff), reverse((ku >> 8) & 0xff)];
  const used = bytes[1] !== 0 ? bytes : bytes.slice(0, 1);
  let bitLength = used.length * 8;
  for (let i = used.length - 1; i >= 0; i--) {
    const b = used[i]!;
    if (b === 0) {
      bitLength -= 8;
      continue;
    }
    let tz = 0;
    while (!(b & (1 << tz))) tz++;
    bitLength -= tz;
    break;
  }
  return der.bitString(Uint8Array.from(used), used.length * 8 - bitLength);
}

function sanValue(t: CertTemplate): Uint8Array {
  const enc = new TextEncoder();
  const names = t.dnsNames.map((n) => {
    // Go refuses DNS names outside ASCII (IA5String) and quotes the name with %q.
    if (/[^\x00-\x7f]/.test(n))
      throw x509Error(`x509: ${JSON.stringify(n)} cannot be encoded as an IA5String`);
    return der.implicitPrimitive(2, enc.encode(n));
  });
  const ips = t.ipAddresses.map((ip) => der.implicitPrimitive(7, ip));
  return der.seq(...names, ...ips);
}

/**
 * CreateCertificate(rand, template, parent, pub(subjectKey), signingKey): the certificate's DER.
 * `parent` undefined means self-signed (parent = template, which has no public key to check).
 */
export function createCertificate(
  t: CertTemplate,
  subjectKey: PrivateKey,
  parent: ParentCert | undefined,
  signingKey: PrivateKey,
): Uint8Array {
  const { alg, hash } = signatureAlgorithm(signingKey);
  const spki = publicKeyInfo(subjectKey);
  if (!spki || subjectKey.kind === 'x25519') {
    throw x509Error(`x509: unsupported public key type: ${GO_TYPES[subjectKey.kind].pub}`);
  }
  const subject = nameWithCommonName(t.commonName);
  const issuer = parent ? parent.rawSubject : subject;
  const sameName = Buffer.from(issuer).equals(Buffer.from(subject));
  const authorityKeyId = !sameName && parent?.subjectKeyId?.length ? parent.subjectKeyId : undefined;
  const subjectKeyId = t.isCA
    ? new Uint8Array(createHash('sha256').update(publicKeyBits(spki)).digest()).subarray(0, 20)
    : undefined;
  if (parent) {
    const signerSpki = publicKeyInfo(signingKey)!;
    if (!Buffer.from(signerSpki).equals(Buffer.from(parent.publicKeyInfo))) {
      throw x509Error("x509: provided PrivateKey doesn't match parent's PublicKey");
    }
  }

  const exts: Uint8Array[] = [];
  if (t.keyUsage !== 0) exts.push(extension(OID.keyUsage, true, keyUsageValue(t.keyUsage)));
  if (t.extKeyUsage.length > 0) {
    exts.push(extension(OID.extKeyUsage, false, der.seq(...t.extKeyUsage.map(der.oid))));
  }
  exts.push(extension(OID.basicConstraints, true, t.isCA ? der.seq(der.bool(true)) : der.seq()));
  if (subjectKeyId) exts.push(extension(OID.subjectKeyId, false, der.octetString(subjectKeyId)));
  if (authorityKeyId) {
    exts.push(extension(OID.authorityKeyId, false, der.seq(der.implicitPrimitive(0, authorityKeyId))));
  }
  if (t.dnsNames.length > 0 || t.ipAddresses.length > 0) {
    exts.push(extension(OID.subjectAltName, t.commonName === '', sanValue(t)));
  }

  const tbs = der.seq(
    der.explicit(0, der.int(2n)),
    der.int(t.serial),
    alg,
    issuer,
    der.seq(der.time(t.notBefore), der.time(t.notAfter)),
    subject,
    spki,
    der.explicit(3, der.seq(...exts)),
  );
  const key = (signingKey as { key: Parameters<typeof cryptoSign>[2] }).key;
  const signature = new Uint8Array(cryptoSign(hash, tbs, key));
  return der.seq(tbs, alg, der.bitString(signature));
}

/** Reads what CreateCertificate needs from a parent certificate's DER; throws like ParseCertificate. */
export function parseParent(certDer: Uint8Array): ParentCert {
  try {
    // Let OpenSSL judge validity as Go's parser would, then read the raw fields ourselves.
    new X509Certificate(Buffer.from(certDer));
    const tbs = der.parse(certDer).children[0]!;
    // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, spki, …, [3] extensions
    const fields = tbs.children;
    const start = fields[0]!.tag === 0xa0 ? 1 : 0;
    const rawSubject = fields[start + 4]!.raw;
    const spki = fields[start + 5]!.raw;
    let subjectKeyId: Uint8Array | undefined;
    const extWrapper = fields.find((f) => f.tag === 0xa3);
    for (const ext of extWrapper?.children[0]?.children ?? []) {
      if (der.oidString(ext.children[0]!.content) === OID.subjectKeyId) {
        subjectKeyId = der.parse(ext.children[ext.children.length - 1]!.content).content;
      }
    }
    return { rawSubject, subjectKeyId, publicKeyInfo: spki };
  } catch (e) {
    throw new CryptoFuncError('INVALID_INPUT', `x509: malformed certificate`, { cause: e });
  }
}
