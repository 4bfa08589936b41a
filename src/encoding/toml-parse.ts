/**
 * TOML 1.0 → Go values as BurntSushi/toml decodes into map[string]interface{} (helm's fromToml):
 * integers are int64 (`bigint`), floats float64, tables maps, arrays slices. Date-times are kept
 * as their TOML text (Go would hold a time.Time). Errors read "toml: line N (last key "k"): …";
 * the line and key follow BurntSushi, the message wording is bosun's own.
 */
import type { GoMap } from './go-values.js';

/** A TOML document that cannot be read. */
export class TomlParseError extends Error {
  readonly code = 'ETOML';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'TomlParseError';
  }
}

const BARE = /[A-Za-z0-9_-]/;
const DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/;

/** Go's %q of a rune, as BurntSushi quotes an unexpected character. */
function goChar(c: string): string {
  return c === "'" ? "'\\''" : `'${c}'`;
}

/**
 * A TOML date-time as Go's JSON shows the time.Time BurntSushi makes of it (RFC 3339, local
 * values in UTC, a local time on 0000-01-01); bosun keeps that text as the value.
 */
function goTimeJson(s: string): string {
  const m = /^(?:(\d{4}-\d{2}-\d{2}))?(?:[Tt ]?(\d{2}:\d{2})(:\d{2})?(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$/.exec(
    s,
  );
  if (!m) return s;
  const date = m[1] ?? '0000-01-01';
  const time = m[2] ? `${m[2]}${m[3] ?? ':00'}` : '00:00:00';
  const frac = (m[4] ?? '').replace(/0+$/, '').replace(/^\.$/, '');
  const zone = !m[5] || m[5].toUpperCase() === 'Z' || m[5] === '+00:00' ? 'Z' : m[5];
  return `${date}T${time}${frac}${zone}`;
}

class TomlReader {
  i = 0;
  line = 1;
  lastKey = '';
  /** The key path of the current table (BurntSushi reports keys with it). */
  private context: string[] = [];
  readonly root: GoMap = {};
  /** Tables defined by a header or implicitly, and whether they may be reopened. */
  private readonly defined = new Set<GoMap>();
  private readonly inline = new Set<unknown>();
  private readonly tableArrays = new Set<unknown[]>();

  constructor(readonly text: string) {}

  fail(msg: string): never {
    const where = this.lastKey
      ? `toml: line ${this.line} (last key ${JSON.stringify(this.lastKey)}): `
      : `toml: line ${this.line}: `;
    throw new TomlParseError(where + msg, this.line);
  }

  peek(): string | undefined {
    return this.text[this.i];
  }

  skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }

  skipComment(): void {
    if (this.peek() === '#') while (this.i < this.text.length && this.peek() !== '\n') this.i++;
  }

  /** Whitespace, comments and newlines (inside arrays). */
  skipAll(): void {
    for (;;) {
      this.skipWs();
      this.skipComment();
      if (this.peek() === '\n') {
        this.i++;
        this.line++;
      } else if (this.peek() === '\r' && this.text[this.i + 1] === '\n') {
        this.i += 2;
        this.line++;
      } else return;
    }
  }

  endOfLine(): void {
    this.skipWs();
    this.skipComment();
    const c = this.peek();
    if (c === undefined) return;
    if (c === '\n') {
      this.i++;
      this.line++;
      return;
    }
    if (c === '\r' && this.text[this.i + 1] === '\n') {
      this.i += 2;
      this.line++;
      return;
    }
    // BurntSushi reports this one without the last key.
    this.lastKey = '';
    this.fail(
      `expected a top-level item to end with a newline, comment, or EOF, but got ${goChar(c)} instead`,
    );
  }

  keyPart(): string {
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    const start = this.i;
    while (this.i < this.text.length && BARE.test(this.peek()!)) this.i++;
    if (this.i === start) this.fail(`bare keys cannot contain ${JSON.stringify(c ?? 'EOF')}`);
    return this.text.slice(start, this.i);
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipWs();
      parts.push(this.keyPart());
      this.skipWs();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  document(): GoMap {
    let current = this.root;
    for (;;) {
      this.skipAll();
      const c = this.peek();
      if (c === undefined) return this.root;
      if (c === '[') {
        if (this.text[this.i + 1] === '[') {
          this.i += 2;
          const k = this.key();
          if (this.text.slice(this.i, this.i + 2) !== ']]')
            this.fail('expected "]]" to close the array table');
          this.i += 2;
          current = this.arrayTable(k);
          this.context = k;
        } else {
          this.i++;
          const k = this.key();
          if (this.peek() !== ']') this.fail('expected "]" to close the table name');
          this.i++;
          current = this.table(k);
          this.context = k;
        }
        this.endOfLine();
        continue;
      }
      this.keyValue(current);
      this.endOfLine();
    }
  }

  private descend(m: GoMap, k: string, forHeader: boolean): GoMap {
    const v = m[k];
    if (v === undefined) {
      const t: GoMap = {};
      m[k] = t;
      return t;
    }
    if (Array.isArray(v) && this.tableArrays.has(v) && forHeader) return v[v.length - 1] as GoMap;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !this.inline.has(v)) return v as GoMap;
    return this.fail(`key ${JSON.stringify(k)} is already defined`);
  }

  private table(k: string[]): GoMap {
    let m = this.root;
    for (const part of k.slice(0, -1)) m = this.descend(m, part, true);
    const last = k[k.length - 1]!;
    const existing = m[last];
    if (
      existing !== undefined &&
      (this.defined.has(existing as GoMap) || typeof existing !== 'object' || Array.isArray(existing))
    )
      this.fail(`Key '${k.join('.')}' has already been defined.`);
    const t = this.descend(m, last, true);
    this.defined.add(t);
    return t;
  }

  private arrayTable(k: string[]): GoMap {
    let m = this.root;
    for (const part of k.slice(0, -1)) m = this.descend(m, part, true);
    const last = k[k.length - 1]!;
    let a = m[last];
    if (a === undefined) {
      a = [];
      this.tableArrays.add(a as unknown[]);
      m[last] = a;
    } else if (!Array.isArray(a) || !this.tableArrays.has(a))
      this.fail(`key ${JSON.stringify(k.join('.'))} is already defined`);
    const t: GoMap = {};
    (a as unknown[]).push(t);
    return t;
  }

  keyValue(into: GoMap, inlinePath: string[] = []): void {
    if (this.peek() === '=') this.fail("unexpected '=': key name appears blank");
    const k = this.key();
    this.skipWs();
    if (this.peek() !== '=') {
      const c = this.peek();
      this.fail(
        c === undefined
          ? 'unexpected EOF; expected key separator "="'
          : `expected '.' or '=', but got ${goChar(c)} instead`,
      );
    }
    const full = [...this.context, ...inlinePath, ...k].join('.');
    this.lastKey = full;
    this.i++;
    this.skipWs();
    const v = this.value(k);
    let m = into;
    for (const part of k.slice(0, -1)) m = this.descend(m, part, false);
    const last = k[k.length - 1]!;
    if (Object.hasOwn(m, last)) this.fail(`Key '${full}' has already been defined.`);
    if (last === '__proto__')
      Object.defineProperty(m, last, { value: v, enumerable: true, writable: true, configurable: true });
    else m[last] = v;
  }

  value(path: string[] = []): unknown {
    const c = this.peek();
    if (c === undefined) this.fail('unexpected EOF; expected value');
    const t = this.text;
    if (c === '"') return t.startsWith('"""', this.i) ? this.multiBasic() : this.basicString();
    if (c === "'") return t.startsWith("'''", this.i) ? this.multiLiteral() : this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable(path);
    const rest = t.slice(this.i, this.i + 64);
    if (rest.startsWith('true') && !BARE.test(rest[4] ?? '')) {
      this.i += 4;
      return true;
    }
    if (rest.startsWith('false') && !BARE.test(rest[5] ?? '')) {
      this.i += 5;
      return false;
    }
    const dt = DATETIME.exec(t.slice(this.i, this.i + 40));
    if (dt) {
      this.i += dt[0].length;
      return goTimeJson(dt[0]);
    }
    return this.number();
  }

  number(): unknown {
    const m = /^[+-]?(?:inf|nan)|^[0-9A-Za-z_.+-]+/.exec(this.text.slice(this.i));
    if (!m) return this.fail(`expected value but found ${JSON.stringify(this.peek() ?? 'EOF')} instead`);
    const s = m[0];
    this.i += s.length;
    if (/^[+-]?inf$/.test(s)) return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (/^[+-]?nan$/.test(s)) return Number.NaN;
    const digits = (d: string) => `${d}(?:_?${d})*`;
    if (new RegExp(`^[+-]?(?:0|[1-9]${'(?:_?[0-9])*'})$`).test(s)) {
      const v = BigInt(s.replaceAll('_', '').replace('+', ''));
      if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) this.fail(`integer ${JSON.stringify(s)} is out of range`);
      return v;
    }
    for (const [p, d] of [
      ['0x', '[0-9a-fA-F]'],
      ['0o', '[0-7]'],
      ['0b', '[01]'],
    ] as const) {
      if (new RegExp(`^${p}${digits(d)}$`).test(s)) {
        const v = BigInt(p + s.slice(2).replaceAll('_', ''));
        if (v > 2n ** 63n - 1n) this.fail(`integer ${JSON.stringify(s)} is out of range`);
        return v;
      }
    }
    const int = '(?:0|[1-9](?:_?[0-9])*)';
    if (
      new RegExp(`^[+-]?${int}(?:\\.${digits('[0-9]')})?(?:[eE][+-]?${digits('[0-9]')})?$`).test(s) &&
      /[.eE]/.test(s)
    ) {
      const f = Number(s.replaceAll('_', ''));
      if (!Number.isFinite(f)) this.fail(`float ${JSON.stringify(s)} is out of range`);
      return f;
    }
    return this.fail(`expected value but found ${JSON.stringify(s)} instead`);
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skipAll();
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      if (this.peek() === undefined) this.fail('unexpected EOF; expected "]"');
      out.push(this.value());
      this.skipAll();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      this.fail(
        `expected a comma (',') or array terminator (']'), but got ${this.peek() === undefined ? 'end of file' : goChar(this.peek()!)}`,
      );
    }
  }

  inlineTable(path: string[]): GoMap {
    this.i++;
    const out: GoMap = {};
    this.inline.add(out);
    this.skipWs();
    if (this.peek() === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipWs();
      this.keyValue(out, path);
      this.skipWs();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        return out;
      }
      this.fail(
        `expected a comma or an inline table terminator '}', but got ${JSON.stringify(this.peek() ?? 'EOF')} instead`,
      );
    }
  }

  escape(): string {
    const t = this.text;
    const e = t[this.i++];
    const simple: Record<string, string> = {
      b: '\b',
      t: '\t',
      n: '\n',
      f: '\f',
      r: '\r',
      '"': '"',
      '\\': '\\',
      e: '\x1b',
    };
    if (e !== undefined && simple[e] !== undefined) return simple[e];
    const n = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
    const hex = t.slice(this.i, this.i + n);
    if (n === 0 || !new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex))
      this.fail(`invalid escape character ${JSON.stringify(e ?? '')}`);
    this.i += n;
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`invalid Unicode escape \\${e}${hex}`);
    return String.fromCodePoint(cp);
  }

  basicString(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === '\n') this.fail("unexpected EOF; expected '\"'");
      this.i++;
      if (c === '"') return out;
      if (c === '\\') out += this.escape();
      else out += c;
    }
  }

  literalString(): string {
    this.i++;
    const end = this.text.indexOf("'", this.i);
    const nl = this.text.indexOf('\n', this.i);
    if (end === -1 || (nl !== -1 && nl < end)) this.fail('unexpected EOF; expected "\'"');
    const s = this.text.slice(this.i, end);
    this.i = end + 1;
    return s;
  }

  private skipFirstNewline(): void {
    if (this.text[this.i] === '\n') {
      this.i++;
      this.line++;
    } else if (this.text.startsWith('\r\n', this.i)) {
      this.i += 2;
      this.line++;
    }
  }

  multiBasic(): string {
    this.i += 3;
    this.skipFirstNewline();
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) this.fail('unexpected EOF; expected \'"""\'');
      if (this.text.startsWith('"""', this.i)) {
        // Up to two quotes may end the content right before the closing delimiter.
        let q = 3;
        while (q < 5 && this.text[this.i + q] === '"') q++;
        out += '"'.repeat(q - 3);
        this.i += q;
        return out;
      }
      const c = this.text[this.i++]!;
      if (c === '\n') this.line++;
      if (c === '\\') {
        const m = /^[ \t]*\r?\n/.exec(this.text.slice(this.i));
        if (m) {
          this.i += m[0].length;
          this.line++;
          while (/[ \t\r\n]/.test(this.text[this.i] ?? '')) {
            if (this.text[this.i] === '\n') this.line++;
            this.i++;
          }
          continue;
        }
        out += this.escape();
      } else out += c;
    }
  }

  multiLiteral(): string {
    this.i += 3;
    this.skipFirstNewline();
    const end = this.text.indexOf("'''", this.i);
    if (end === -1) this.fail("unexpected EOF; expected \"'''\"");
    let stop = end;
    while (this.text[stop + 3] === "'" && stop < end + 2) stop++;
    const s = this.text.slice(this.i, stop);
    for (const ch of s) if (ch === '\n') this.line++;
    this.i = stop + 3;
    return s;
  }
}

/** toml.Unmarshal into a map[string]interface{}. Throws TomlParseError. */
export function parseToml(text: string): GoMap {
  return new TomlReader(text).document();
}
