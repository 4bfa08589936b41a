/**
 * BurntSushi/toml's Encoder (v1.6, helm's toToml) for the bosun value model: plain keys first,
 * then tables, each group sorted byte-wise; nested tables indented two spaces per level; floats
 * always with a decimal point or exponent; nil map values skipped.
 */
import {
  compareGoStrings,
  formatFloatG,
  type GoMap,
  goStructFields,
  isGoMap,
  isGoStruct,
  isNil,
} from './go-values.js';

/** An error the TOML encoder returns (Go's message in `message`). */
export class TomlEncodeError extends Error {
  readonly code = 'ETOMLENCODE';
  constructor(message: string) {
    super(message);
    this.name = 'TomlEncodeError';
  }
}

const INDENT = '  ';

function tableOf(v: unknown): GoMap | undefined {
  if (isGoMap(v)) return v;
  if (isGoStruct(v)) {
    const entries = v.goMapEntries?.();
    if (entries) return entries;
    const m: GoMap = {};
    for (const k of goStructFields(v)) m[k] = (v as unknown as GoMap)[k];
    return m;
  }
  return undefined;
}

function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** tomlTypeOfGo(…) == tomlArrayHash: a non-empty array whose elements are all tables. */
function isTableArray(a: unknown[]): boolean {
  if (a.length === 0) return false;
  let all = true;
  for (const x of a) {
    if (isNil(x)) throw new TomlEncodeError('toml: cannot encode array with nil element');
    // Typing an element that is itself an array looks into it too (and finds its nils).
    if (isArray(x)) isTableArray(x);
    if (tableOf(x) === undefined) all = false;
  }
  return all;
}

function isTableType(v: unknown): boolean {
  if (tableOf(v) !== undefined) return true;
  return isArray(v) && isTableArray(v);
}

function quoteString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 8) out += '\\b';
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 12) out += '\\f';
    else if (c === 13) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

function bareKey(k: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(k);
}

function quoteKey(k: string): string {
  if (k === '') return '""';
  return bareKey(k) ? k : quoteString(k);
}

function keyString(key: string[]): string {
  return key.map(quoteKey).join('.');
}

class TomlWriter {
  private out = '';
  private written = false;

  result(): string {
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
    this.written = true;
  }

  private newline(): void {
    if (this.written) this.write('\n');
  }

  encode(key: string[], v: unknown): void {
    if (isNil(v)) return;
    if (isArray(v)) {
      if (isTableArray(v)) this.arrayOfTables(key, v);
      else this.keyValue(key, v, false);
      return;
    }
    const t = tableOf(v);
    if (t !== undefined) {
      this.table(key, t);
      return;
    }
    this.keyValue(key, v, false);
  }

  private keyValue(key: string[], v: unknown, inline: boolean): void {
    if (key.length === 0) {
      this.element(v);
      return;
    }
    this.write(`${INDENT.repeat(key.length - 1)}${quoteKey(key[key.length - 1]!)} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private arrayOfTables(key: string[], a: unknown[]): void {
    if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
    for (const x of a) {
      this.newline();
      this.write(`${INDENT.repeat(key.length - 1)}[[${keyString(key)}]]`);
      this.newline();
      this.map(key, tableOf(x)!, false);
    }
  }

  private table(key: string[], t: GoMap): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${INDENT.repeat(key.length - 1)}[${keyString(key)}]`);
      this.newline();
    }
    this.map(key, t, false);
  }

  private map(key: string[], m: GoMap, inline: boolean): void {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const k of Object.keys(m)) (isTableType(m[k]) ? sub : direct).push(k);
    const writeKeys = (keys: string[], trailComma: boolean): void => {
      keys.sort(compareGoStrings);
      keys.forEach((k, i) => {
        const v = m[k];
        if (isNil(v)) return;
        if (inline) {
          this.keyValue([k], v, true);
          if (trailComma || i !== keys.length - 1) this.write(', ');
        } else this.encode([...key, k], v);
      });
    };
    if (inline) this.write('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write('}');
  }

  private element(v: unknown): void {
    if (typeof v === 'string') this.write(quoteString(v));
    else if (typeof v === 'boolean') this.write(v ? 'true' : 'false');
    else if (typeof v === 'bigint') this.write(v.toString());
    else if (typeof v === 'number') this.write(tomlFloat(v));
    else if (v instanceof Uint8Array) this.element(Array.from(v, (b) => BigInt(b)));
    else if (isArray(v)) {
      this.write('[');
      v.forEach((x, i) => {
        this.element(x);
        if (i !== v.length - 1) this.write(', ');
      });
      this.write(']');
    } else {
      const t = tableOf(v);
      if (t !== undefined) this.map([], t, true);
      else throw new TomlEncodeError(`toml: unexpected type: ${typeof v}`);
    }
  }
}

/** A float64 as BurntSushi/toml writes it. */
export function tomlFloat(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
  const s = formatFloatG(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** toml.NewEncoder(w).Encode(v): throws TomlEncodeError with Go's message. */
export function toToml(v: unknown): string {
  const w = new TomlWriter();
  w.encode([], v);
  return w.result();
}
