/**
 * Go's encoding/json Unmarshal into interface{} (or a map/slice of interface{}): numbers are
 * float64, later duplicate keys win, invalid surrogate escapes become U+FFFD, and errors carry
 * Go's text ("invalid character 'x' looking for beginning of value", "unexpected end of JSON input").
 */

import { wellFormed } from './go-json.js';
import type { GoMap } from './go-values.js';

/** What json.Unmarshal returns as an error (Go's message in `message`). */
export class JsonSyntaxError extends Error {
  readonly code = 'EJSON';
  constructor(
    message: string,
    /** 0-based offset into the input, as Go's SyntaxError.Offset. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const GO_ESC: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** Go's quoteChar of the byte at which the scanner stopped. */
function quoteChar(text: string, i: number): string {
  const code = text.codePointAt(i)!;
  const byte = code < 0x80 ? code : Buffer.from(String.fromCodePoint(code), 'utf8')[0]!;
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  if (GO_ESC[byte]) return `'${GO_ESC[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if (byte >= 0x80 && byte < 0xa0) return `'\\u${byte.toString(16).padStart(4, '0')}'`;
  if (byte === 0x5c) return "'\\\\'";
  return `'${String.fromCharCode(byte)}'`;
}

class Reader {
  /** Go keeps decoding after a value of the wrong type and reports the first such error. */
  typeError: JsonSyntaxError | undefined;
  constructor(
    readonly text: string,
    public i = 0,
    /** What running out of input is: Unmarshal's text, or json.Decoder's ("unexpected EOF"). */
    private readonly eofMessage = 'unexpected end of JSON input',
  ) {}

  fail(what: string): never {
    if (this.i >= this.text.length) throw new JsonSyntaxError(this.eofMessage, this.i);
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.text, this.i)} ${what}`, this.i + 1);
  }

  ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  value(): unknown {
    this.ws();
    const t = this.text;
    const c = t[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail('looking for beginning of value');
  }

  literal(word: string, v: unknown): unknown {
    for (let k = 1; k < word.length; k++) {
      this.i++;
      if (this.text[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.i++;
    return v;
  }

  digits(): number {
    const start = this.i;
    while (this.i < this.text.length && this.text[this.i]! >= '0' && this.text[this.i]! <= '9') this.i++;
    return this.i - start;
  }

  number(): number | null {
    const t = this.text;
    const start = this.i;
    if (t[this.i] === '-') {
      this.i++;
      if (!(t[this.i]! >= '0' && t[this.i]! <= '9')) this.fail('in numeric literal');
    }
    if (t[this.i] === '0') this.i++;
    else this.digits();
    if (t[this.i] === '.') {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    if (t[this.i] === 'e' || t[this.i] === 'E') {
      this.i++;
      if (t[this.i] === '+' || t[this.i] === '-') this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
    const s = t.slice(start, this.i);
    const f = Number(s);
    if (!Number.isFinite(f)) {
      this.typeError ??= new JsonSyntaxError(
        `json: cannot unmarshal number ${s} into Go value of type float64`,
        start,
      );
      return null;
    }
    return f;
  }

  string(): string {
    const t = this.text;
    this.i++;
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= t.length) this.fail('');
      const c = t.charCodeAt(this.i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('in string literal');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += t.slice(start, this.i);
      this.i++;
      const e = t[this.i];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i++;
      } else if (e === 'u') {
        this.i++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(t[this.i + k] ?? '')) {
            this.i += k;
            this.fail('in \\u hexadecimal character escape');
          }
        }
        out += String.fromCharCode(Number.parseInt(t.slice(this.i, this.i + 4), 16));
        this.i += 4;
      } else this.fail('in string escape code');
      start = this.i;
    }
    out += t.slice(start, this.i);
    this.i++;
    return wellFormed(out);
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.fail('after array element');
    }
  }

  object(): GoMap {
    this.i++;
    const out: GoMap = {};
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail('looking for beginning of object key string');
      const k = this.string();
      this.ws();
      if (this.text[this.i] !== ':') this.fail('after object key');
      this.i++;
      const v = this.value();
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      this.fail('after object key:value pair');
    }
  }
}

export type JsonTarget = 'any' | 'map' | 'slice';

/** The result of json.Unmarshal: the (possibly partial) value and the error Go returns. */
export interface JsonDecoded {
  value: unknown;
  error?: JsonSyntaxError;
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

const TARGET_TYPE: Record<JsonTarget, string> = {
  any: 'interface {}',
  map: 'map[string]interface {}',
  slice: '[]interface {}',
};

/**
 * json.Unmarshal(text, &target) for a target of type interface{}, map[string]interface{} or
 * []interface{}: a syntax error leaves the target untouched (undefined value); null sets a map or
 * slice to nil (null); a top-level value of another kind is a type error.
 */
export function decodeGoJson(text: string, target: JsonTarget): JsonDecoded {
  const r = new Reader(text);
  let v: unknown;
  try {
    // Go checks the whole input's syntax before decoding anything.
    v = r.value();
    r.ws();
    if (r.i < text.length) r.fail('after top-level value');
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { value: undefined, error: e };
    throw e;
  }
  if (v === null || target === 'any') return r.typeError ? { value: v, error: r.typeError } : { value: v };
  const ok = target === 'map' ? typeof v === 'object' && !Array.isArray(v) : Array.isArray(v);
  if (!ok)
    return {
      value: undefined,
      error: new JsonSyntaxError(
        `json: cannot unmarshal ${kindOf(v)} into Go value of type ${TARGET_TYPE[target]}`,
        0,
      ),
    };
  return r.typeError ? { value: v, error: r.typeError } : { value: v };
}

function orThrow(d: JsonDecoded): unknown {
  if (d.error) throw d.error;
  return d.value;
}

/** json.Unmarshal into interface{}. Throws JsonSyntaxError with Go's message. */
export function parseGoJson(text: string): unknown {
  return orThrow(decodeGoJson(text, 'any'));
}

/** json.Unmarshal into a map[string]interface{} (JSON null gives a nil map: null). */
export function parseGoJsonMap(text: string): GoMap | null {
  return orThrow(decodeGoJson(text, 'map')) as GoMap | null;
}

/** json.Unmarshal into a []interface{} (JSON null gives a nil slice: null). */
export function parseGoJsonArray(text: string): unknown[] | null {
  return orThrow(decodeGoJson(text, 'slice')) as unknown[] | null;
}

/**
 * json.Decoder.Decode into interface{} of the ONE value starting at UTF-16 offset `start` (leading
 * whitespace skipped), with the offset just past it (Decoder.InputOffset): what helm's
 * `--set-json key=<json>,...` reads. Running out of input is "unexpected EOF"; a syntax error
 * anywhere in the value wins over a number float64 cannot hold. Throws JsonSyntaxError.
 */
export function decodeGoJsonPrefix(text: string, start: number): { value: unknown; end: number } {
  const r = new Reader(text, start, 'unexpected EOF');
  const value = r.value();
  if (r.typeError) throw r.typeError;
  return { value, end: r.i };
}
