/**
 * A schema-driven decoder from the Kubernetes protobuf wire format to the JSON object the
 * same Go value would marshal to. Field tables live in protobuf-schema.ts. Go's JSON rules are
 * reproduced where the wire cannot carry them: gogo-protobuf always writes non-pointer scalars,
 * so a zero scalar whose JSON tag has omitempty (and is not a pointer) is dropped; non-pointer
 * messages are always written and decode to an object (even `{}`), as encoding/json prints
 * them; a zero metav1.Time decodes to null.
 */
import { type FieldDef, MESSAGES } from './protobuf-schema.js';

export type WireField = { no: number; wire: number; value: bigint | Buffer };

export function readVarint(b: Buffer, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= b.length) throw new Error('truncated varint');
    const byte = b[pos.i++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

/** Splits a message into its wire fields (varint, length-delimited, fixed64, fixed32). */
export function wireFields(b: Buffer): WireField[] {
  const out: WireField[] = [];
  const pos = { i: 0 };
  while (pos.i < b.length) {
    const key = Number(readVarint(b, pos));
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: readVarint(b, pos) });
    else if (wire === 2 || wire === 1 || wire === 5) {
      const len = wire === 2 ? Number(readVarint(b, pos)) : wire === 1 ? 8 : 4;
      if (pos.i + len > b.length) throw new Error('truncated field');
      out.push({ no, wire, value: b.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/** Seconds of Go's zero time.Time (0001-01-01T00:00:00Z) since the Unix epoch. */
const ZERO_TIME_SECONDS = -62135596800;

/**
 * metav1.Time / MicroTime: a zero time is written as an empty message (so, read naively, the
 * Unix epoch) and prints as JSON null; so does an explicit 0001-01-01.
 */
function timestamp(b: Buffer, micro: boolean): string | null {
  let seconds = 0;
  let nanos = 0;
  for (const f of wireFields(b)) {
    if (f.no === 1 && f.wire === 0) seconds = Number(BigInt.asIntN(64, f.value as bigint));
    else if (f.no === 2 && f.wire === 0) nanos = Number(BigInt.asIntN(32, f.value as bigint));
  }
  if ((seconds === ZERO_TIME_SECONDS || seconds === 0) && nanos === 0) return null;
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** Go's time.Duration.String() for a nanosecond count. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = `${fraction(u, div)}${unit}`;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${fraction(u, 1_000_000_000n)}s`;
    if (h > 0n || m > 0n) out = `${m}m${out}`;
    if (h > 0n) out = `${h}h${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const rest = v % div;
  if (rest === 0n) return String(whole);
  const digits = String(div).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function scalar(type: string, f: WireField): unknown {
  const v = f.value;
  switch (type) {
    case 'string':
      return (v as Buffer).toString('utf8');
    case 'bytes':
      return (v as Buffer).toString('base64');
    case 'bool':
      return v !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, v as bigint));
    case 'int64':
      return Number(BigInt.asIntN(64, v as bigint));
    case 'double':
      return (v as Buffer).readDoubleLE(0);
    case 'float':
      return (v as Buffer).readFloatLE(0);
    default:
      throw new Error(`unknown scalar type ${type}`);
  }
}

function decodeValue(type: string, f: WireField): unknown {
  const b = f.value as Buffer;
  switch (type) {
    case 'quantity': {
      for (const e of wireFields(b)) if (e.no === 1) return (e.value as Buffer).toString('utf8');
      return '0';
    }
    case 'intorstring': {
      let kind = 0n;
      let int = 0;
      let s = '';
      for (const e of wireFields(b)) {
        if (e.no === 1) kind = e.value as bigint;
        else if (e.no === 2) int = Number(BigInt.asIntN(32, e.value as bigint));
        else if (e.no === 3) s = (e.value as Buffer).toString('utf8');
      }
      return kind === 1n ? s : int;
    }
    case 'time':
    case 'microtime':
      return timestamp(b, type === 'microtime');
    case 'duration': {
      let ns = 0n;
      for (const e of wireFields(b)) if (e.no === 1) ns = BigInt.asIntN(64, e.value as bigint);
      return goDuration(ns);
    }
    case 'stringlist':
      return wireFields(b)
        .filter((e) => e.no === 1)
        .map((e) => (e.value as Buffer).toString('utf8'));
    case 'raw': {
      for (const e of wireFields(b)) {
        if (e.no === 1 && (e.value as Buffer).length > 0)
          return JSON.parse((e.value as Buffer).toString('utf8'));
      }
      return null;
    }
  }
  if (MESSAGES[type] || type.includes('.')) return decodeMessage(type, b);
  return scalar(type, f);
}

const NUMERIC = new Set(['int32', 'int64', 'bool', 'double', 'float']);

/** Unpacks a packed repeated numeric field into one wire field per element. */
function unpack(type: string, f: WireField): WireField[] {
  if (f.wire !== 2 || !NUMERIC.has(type)) return [f];
  const b = f.value as Buffer;
  const out: WireField[] = [];
  const pos = { i: 0 };
  const size = type === 'double' ? 8 : type === 'float' ? 4 : 0;
  while (pos.i < b.length) {
    if (size) {
      out.push({ no: f.no, wire: size === 8 ? 1 : 5, value: b.subarray(pos.i, pos.i + size) });
      pos.i += size;
    } else out.push({ no: f.no, wire: 0, value: readVarint(b, pos) });
  }
  return out;
}

/**
 * Decodes message `name` (a key of MESSAGES, e.g. `apps.v1.Deployment`) into its JSON form.
 * Fields the table does not know are ignored; so are messages it lacks (decoded as `{}`).
 */
export function decodeMessage(name: string, b: Buffer): Record<string, unknown> {
  const defs = MESSAGES[name];
  const out: Record<string, unknown> = {};
  if (!defs) return out;
  const byNo = new Map<number, FieldDef>(defs.map((d) => [d[0], d]));
  for (const f of wireFields(b)) {
    const def = byNo.get(f.no);
    if (!def) continue;
    const [, json, type, flags] = def;
    if (type.startsWith('map:')) {
      const valueType = type.slice(4);
      let k = '';
      let v: unknown = valueType === 'string' ? '' : valueType === 'bytes' ? '' : null;
      for (const e of wireFields(f.value as Buffer)) {
        if (e.no === 1) k = (e.value as Buffer).toString('utf8');
        else if (e.no === 2) v = decodeValue(valueType, e);
      }
      const m = (out[json] ??= {}) as Record<string, unknown>;
      m[k] = v;
    } else if (flags.includes('r')) {
      const list = (out[json] ??= []) as unknown[];
      for (const e of unpack(type, f)) list.push(decodeValue(type, e));
    } else if (flags.includes('i')) {
      Object.assign(out, decodeValue(type, f));
    } else {
      const v = decodeValue(type, f);
      if (flags.includes('o') && !flags.includes('p') && isZero(v)) delete out[json];
      else out[json] = v;
    }
  }
  return out;
}
