/**
 * A small ASN.1 DER encoder and reader — just what certificates and private keys need.
 *
 * Encoding builds byte arrays bottom-up (`seq(int(1n), oid('2.5.4.3'))`); reading returns a
 * tree of TLV nodes that keep their raw bytes, so a field (a certificate's subject) can be
 * copied verbatim into another structure, which is what Go's x509 does with `RawSubject`.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV with the given tag byte and contents. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), lengthBytes(content.length), content]);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, concat(items));
export const set = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SET, concat(items));
export const nullValue = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);
export const octetString = (b: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, b);
export const bool = (v: boolean): Uint8Array => Uint8Array.of(TAG.BOOLEAN, 1, v ? 0xff : 0);
/** `[n]` EXPLICIT: a constructed context-specific wrapper. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);
/** `[n]` IMPLICIT on a primitive value (GeneralName's dNSName, iPAddress, keyIdentifier). */
export const implicitPrimitive = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

/** A BIT STRING whose last `unusedBits` bits are padding. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, concat([Uint8Array.of(unusedBits), bytes]));
}

/** Minimal two's-complement big-endian bytes of an integer. */
export function intBytes(v: bigint): Uint8Array {
  if (v === 0n) return Uint8Array.of(0);
  const out: number[] = [];
  if (v > 0n) {
    for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
    if (out[0]! & 0x80) out.unshift(0);
  } else {
    let x = v;
    for (;;) {
      const b = Number(x & 0xffn);
      out.unshift(b);
      x >>= 8n;
      if (x === -1n && b & 0x80) break;
    }
  }
  return Uint8Array.from(out);
}

export const int = (v: bigint): Uint8Array => tlv(TAG.INTEGER, intBytes(v));

/** Unsigned big-endian bytes → bigint. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** An INTEGER's content bytes (two's complement) → bigint. */
export function intValue(b: Uint8Array): bigint {
  const v = bytesToBigInt(b);
  return b.length > 0 && b[0]! & 0x80 ? v - (1n << BigInt(b.length * 8)) : v;
}

export function oidBytes(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => BigInt(s));
  const out: number[] = [];
  const push = (v: bigint): void => {
    const groups: number[] = [Number(v & 0x7fn)];
    for (let x = v >> 7n; x > 0n; x >>= 7n) groups.unshift(Number(x & 0x7fn) | 0x80);
    out.push(...groups);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from(out);
}

export const oid = (dotted: string): Uint8Array => tlv(TAG.OID, oidBytes(dotted));

export function oidString(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A time as encoding/asn1 marshals `time.Time`: UTCTime for years 1950–2049, GeneralizedTime
 * otherwise, always in UTC with whole seconds.
 */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest =
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    pad2(d.getUTCHours()) +
    pad2(d.getUTCMinutes()) +
    pad2(d.getUTCSeconds()) +
    'Z';
  const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, ascii(pad2(y % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, ascii(String(y).padStart(4, '0') + rest));
}

/** A decoded TLV. `raw` is the whole encoding, `content` its value bytes. */
export interface Node {
  tag: number;
  raw: Uint8Array;
  content: Uint8Array;
  /** Children of a constructed value (SEQUENCE, SET, [n] EXPLICIT). */
  children: Node[];
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Reads one DER value from the front of `b`, returning it and the bytes after it. */
export function readOne(b: Uint8Array, at = 0): { node: Node; end: number } {
  if (at + 2 > b.length) throw new DerError('asn1: truncated');
  const tag = b[at]!;
  let len = b[at + 1]!;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + n > b.length) throw new DerError('asn1: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[off + i]!;
    off += n;
  }
  const end = off + len;
  if (end > b.length) throw new DerError('asn1: data truncated');
  const content = b.subarray(off, end);
  const node: Node = { tag, raw: b.subarray(at, end), content, children: [] };
  if (tag & 0x20) node.children = readAll(content);
  return { node, end };
}

export function readAll(b: Uint8Array): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < b.length; ) {
    const { node, end } = readOne(b, at);
    out.push(node);
    at = end;
  }
  return out;
}

/** Parses exactly one DER value (no trailing bytes). */
export function parse(b: Uint8Array): Node {
  const { node, end } = readOne(b);
  if (end !== b.length) throw new DerError('asn1: trailing data');
  return node;
}
