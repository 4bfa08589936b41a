/**
 * Go's encoding/json Marshal for the bosun value model: map keys sorted byte-wise, struct fields in
 * declaration order, HTML-safe escaping of < > & (optional), U+2028/U+2029 escaped, float64 in
 * 'f' form unless the exponent is < -6 or >= 21, []byte as base64, NaN/Inf rejected.
 */
import { compareGoStrings, goStructFields, isGoMap, isGoNilMap, isGoStruct, isNil } from './go-values.js';

/** What json.Marshal returns as an error (Go's message text in `message`). */
export class JsonMarshalError extends Error {
  readonly code = 'EJSONMARSHAL';
  constructor(message: string) {
    super(message);
    this.name = 'JsonMarshalError';
  }
}

/**
 * A GoStruct that marshals to JSON as something else (Go's json.Marshaler or struct tags):
 * return the JSON form as a bosun value (a plain object with the lower-camel field names, …).
 */
export interface JsonValueProvider {
  toJSONValue(): unknown;
}

function hasToJSONValue(v: object): v is JsonValueProvider {
  return typeof (v as Partial<JsonValueProvider>).toJSONValue === 'function';
}

/** A JSON number as Go writes it, kept as text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** An object in the order its fields are written. */
export class JsonObject {
  constructor(readonly entries: [string, JsonTree][]) {}
}

/** What json.Marshal would write, as a tree. */
export type JsonTree = null | boolean | string | JsonNumber | JsonTree[] | JsonObject;

/** Go's float64 encoding in encoding/json. */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonMarshalError(`json: unsupported value: ${goFloatSpecial(f)}`);
  if (Object.is(f, -0)) return '-0';
  // JavaScript switches to exponent form at the same bounds (1e-6, 1e21) and writes the shortest
  // round-trip digits with an exponent without leading zeros, exactly Go's cleaned-up 'e' form.
  return String(f);
}

function goFloatSpecial(f: number): string {
  return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Replaces lone UTF-16 surrogates with U+FFFD, as converting to a Go (UTF-8) string does. */
export function wellFormed(s: string): string {
  return /[\ud800-\udfff]/.test(s)
    ? s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    : s;
}

const MAX_DEPTH = 1000;

/** Converts a Go value to the tree json.Marshal would write; throws JsonMarshalError. */
export function toJsonTree(v: unknown, depth = 0): JsonTree {
  if (depth > MAX_DEPTH) throw new JsonMarshalError('json: unsupported value: encountered a cycle');
  if (isNil(v)) return null;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return wellFormed(v);
    case 'bigint':
      return new JsonNumber(v.toString());
    case 'number':
      return new JsonNumber(goJsonFloat(v));
    case 'function':
      throw new JsonMarshalError('json: unsupported type: func()');
  }
  if (v instanceof Uint8Array) return base64(v);
  if (Array.isArray(v)) return v.map((x) => toJsonTree(x, depth + 1));
  if (isGoNilMap(v)) return null;
  if (isGoMap(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return new JsonObject(keys.map((k) => [wellFormed(k), toJsonTree(v[k], depth + 1)]));
  }
  const o = v as object;
  if (hasToJSONValue(o)) return toJsonTree(o.toJSONValue(), depth + 1);
  if (isGoStruct(o)) {
    const entries = o.goMapEntries?.();
    if (entries) return toJsonTree(entries, depth + 1);
    const fields = goStructFields(o);
    return new JsonObject(
      fields.map((k) => [k, toJsonTree((o as unknown as Record<string, unknown>)[k], depth + 1)]),
    );
  }
  throw new JsonMarshalError(`json: unsupported type: ${Object.prototype.toString.call(v)}`);
}

const HEX = '0123456789abcdef';

/** Go's JSON string quoting (encode.go appendString). */
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

export function goJsonQuote(s: string, escapeHTML: boolean): string {
  if (!(escapeHTML ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE).test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        default:
          esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
      }
    } else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))
      esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (c === 0x2028 || c === 0x2029) esc = `\\u202${HEX[c & 15]}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const hi = c <= 0xdbff;
      const next = s.charCodeAt(i + 1);
      if (hi && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

/** Writes a tree compactly (json.Marshal) or indented (json.MarshalIndent(v, "", indent)). */
export function writeJsonTree(t: JsonTree, escapeHTML: boolean, indent?: string): string {
  const parts: string[] = [];
  const write = (n: JsonTree, prefix: string): void => {
    if (n === null) parts.push('null');
    else if (typeof n === 'boolean') parts.push(n ? 'true' : 'false');
    else if (typeof n === 'string') parts.push(goJsonQuote(n, escapeHTML));
    else if (n instanceof JsonNumber) parts.push(n.text);
    else if (Array.isArray(n)) {
      if (n.length === 0) {
        parts.push('[]');
        return;
      }
      const inner = indent === undefined ? '' : prefix + indent;
      parts.push('[');
      n.forEach((x, i) => {
        if (i > 0) parts.push(',');
        if (indent !== undefined) parts.push(`\n${inner}`);
        write(x, inner);
      });
      if (indent !== undefined) parts.push(`\n${prefix}`);
      parts.push(']');
    } else {
      if (n.entries.length === 0) {
        parts.push('{}');
        return;
      }
      const inner = indent === undefined ? '' : prefix + indent;
      parts.push('{');
      n.entries.forEach(([k, x], i) => {
        if (i > 0) parts.push(',');
        if (indent !== undefined) parts.push(`\n${inner}`);
        parts.push(goJsonQuote(k, escapeHTML), indent === undefined ? ':' : ': ');
        write(x, inner);
      });
      if (indent !== undefined) parts.push(`\n${prefix}`);
      parts.push('}');
    }
  };
  write(t, '');
  return parts.join('');
}

export interface MarshalOptions {
  /** Escape < > & as \u003c … (json.Marshal does; an Encoder with SetEscapeHTML(false) does not). */
  escapeHTML?: boolean;
  /** Indent per level, as json.MarshalIndent(v, "", indent). */
  indent?: string;
}

/** Go's json.Marshal / MarshalIndent. Throws JsonMarshalError with Go's message. */
export function marshalJson(v: unknown, opts: MarshalOptions = {}): string {
  return writeJsonTree(toJsonTree(v), opts.escapeHTML ?? true, opts.indent);
}
