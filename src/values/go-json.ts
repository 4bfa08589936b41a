/**
 * A JSON decoder with Go's encoding/json behaviour for `interface{}` targets: numbers become
 * float64 (`number`), objects plain maps, and syntax errors carry Go's wording
 * (`invalid character 'x' looking for beginning of value`, `unexpected EOF`).
 *
 * `decodeJsonPrefix` reads ONE value from a position and reports where it ended, as
 * json.Decoder.Decode + InputOffset do for helm's `--set-json key=<json>,...`.
 */

export class GoJsonError extends Error {
  readonly code = 'EGOJSON';
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonError';
  }
}

function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

class Decoder {
  pos: number;
  constructor(
    private readonly s: readonly string[],
    start: number,
  ) {
    this.pos = start;
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private fail(c: string | undefined, context: string): never {
    if (c === undefined) throw new GoJsonError('unexpected EOF');
    throw new GoJsonError(`invalid character ${quoteChar(c)} ${context}`);
  }

  skipWs(): void {
    while (isWs(this.peek())) this.pos++;
  }

  value(context = 'looking for beginning of value'): unknown {
    this.skipWs();
    const c = this.peek();
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        this.pos++;
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || isDigit(c)) return this.number();
    return this.fail(c, context);
  }

  private literal(word: string, v: unknown): unknown {
    for (let i = 0; i < word.length; i++) {
      const c = this.s[this.pos + i];
      if (c !== word[i]) {
        this.pos += i;
        this.fail(c, `in literal ${word} (expecting '${word[i]}')`);
      }
    }
    this.pos += word.length;
    return v;
  }

  private number(): number {
    const start = this.pos;
    if (this.peek() === '-') {
      this.pos++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'in numeric literal');
    }
    if (this.peek() === '0') this.pos++;
    else while (isDigit(this.peek())) this.pos++;
    if (this.peek() === '.') {
      this.pos++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'after decimal point in numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      if (this.peek() === '+' || this.peek() === '-') this.pos++;
      if (!isDigit(this.peek())) this.fail(this.peek(), 'in exponent of numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    const text = this.s.slice(start, this.pos).join('');
    const n = Number(text);
    if (!Number.isFinite(n))
      throw new GoJsonError(`json: cannot unmarshal number ${text} into Go value of type float64`);
    return n;
  }

  private string(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(c, '');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.peek();
        this.pos++;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const unit = this.hex4();
            if (unit >= 0xd800 && unit < 0xdc00 && this.peek() === '\\' && this.s[this.pos + 1] === 'u') {
              const save = this.pos;
              this.pos += 2;
              const lo = this.hex4();
              if (lo >= 0xdc00 && lo < 0xe000) {
                out += String.fromCharCode(unit, lo);
                break;
              }
              this.pos = save;
              out += '\ufffd';
              break;
            }
            out += unit >= 0xd800 && unit < 0xe000 ? '\ufffd' : String.fromCharCode(unit);
            break;
          }
          default:
            this.pos--;
            this.fail(e, 'in string escape code');
        }
        continue;
      }
      if (c < ' ') {
        this.pos--;
        this.fail(c, 'in string literal');
      }
      out += c;
    }
  }

  private hex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.peek();
      if (c === undefined || !/^[0-9a-fA-F]$/.test(c)) this.fail(c, 'in \\u hexadecimal character escape');
      v = v * 16 + Number.parseInt(c, 16);
      this.pos++;
    }
    return v;
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c !== '"') this.fail(c, 'looking for beginning of object key string');
      this.pos++;
      const key = this.string();
      this.skipWs();
      if (this.peek() !== ':') this.fail(this.peek(), 'after object key');
      this.pos++;
      const v = this.value();
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.skipWs();
      const d = this.peek();
      this.pos++;
      if (d === '}') return out;
      if (d !== ',') {
        this.pos--;
        this.fail(d, 'after object key:value pair');
      }
    }
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipWs();
    if (this.peek() === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWs();
      const d = this.peek();
      this.pos++;
      if (d === ']') return out;
      if (d !== ',') {
        this.pos--;
        this.fail(d, 'after array element');
      }
    }
  }
}

/**
 * Decodes one JSON value from `runes` (code points) starting at `start`, skipping leading
 * whitespace, and returns it with the index just past it (json.Decoder's InputOffset).
 */
export function decodeJsonPrefix(runes: readonly string[], start: number): { value: unknown; end: number } {
  const d = new Decoder(runes, start);
  const value = d.value();
  return { value, end: d.pos };
}

/** json.Unmarshal into interface{}: the whole text must be one value. */
export function parseGoJson(text: string): unknown {
  const runes = Array.from(text);
  const d = new Decoder(runes, 0);
  const value = d.value();
  d.skipWs();
  if (d.pos < runes.length)
    throw new GoJsonError(`invalid character ${quoteChar(runes[d.pos]!)} after top-level value`);
  return value;
}
