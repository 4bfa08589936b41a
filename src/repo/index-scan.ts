/**
 * A one-pass reader for repository index files as helm and chart museums write them (go-yaml
 * block style). The general YAML parser builds every node of a 15,000-version index and takes
 * seconds; this reader checks the same syntax line by line but decodes only the strings that
 * listing, search and downloads need (name, version, appVersion, description, keywords,
 * apiVersion, type, urls)
 * and remembers where each version's text lies, so the whole entry can be decoded later.
 *
 * It accepts a conservative subset: block mappings with plain keys, block sequences, plain,
 * quoted and block scalars, `[]` and `{}`. Anything else — tabs, comments, anchors, tags,
 * flow collections, complex keys, unknown entry fields — throws `ScanBail` and the caller
 * parses the file with the full parser (which gives the exact result or error). A version
 * whose search fields it cannot decode exactly is reported with `fields === undefined`; the
 * caller decodes that version's text with the full parser.
 */
import { parseYaml } from '../encoding/index.js';
import { VERSION_KEYS } from './chart-version.js';

/** The file is outside the subset: parse it with the full parser. */
export class ScanBail extends Error {}

/** The search fields of one version, already turned into strings as helm's decoder would. */
export interface ScannedFields {
  name: string;
  version: string;
  appVersion: string;
  description: string;
  /** Keywords joined by a space. */
  keywords: string;
  /** The download URLs (`String` of each item, as the entry decoder does). */
  urls: string[];
  apiVersion: string;
  type: string;
}

export interface ScanSink {
  /** A chart name under `entries` (called once per name, before its versions; again for a repeated name). */
  chart(key: string): void;
  /** One version of the last chart: its text is `text.slice(start, end)` (`fields` is reused: copy what you keep). */
  version(start: number, end: number, fields: ScannedFields | undefined): void;
}

const SPACE = 32;
const NL = 10;
const COLON = 58;
const HASH = 35;
const DASH = 45;

/** Plain scalars that resolve to something other than a string although they start with a letter. */
const WORDS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL'.split(
    ' ',
  ),
);

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Field numbers of index entry keys (positions in VERSION_KEYS). */
const F_NAME = VERSION_KEYS.indexOf('name');
const F_VERSION = VERSION_KEYS.indexOf('version');
const F_APP_VERSION = VERSION_KEYS.indexOf('appVersion');
const F_DESCRIPTION = VERSION_KEYS.indexOf('description');
const F_API_VERSION = VERSION_KEYS.indexOf('apiVersion');
const F_TYPE = VERSION_KEYS.indexOf('type');
const F_KEYWORDS = VERSION_KEYS.indexOf('keywords');
const F_URLS = VERSION_KEYS.indexOf('urls');
const F_MAINTAINERS = VERSION_KEYS.indexOf('maintainers');
const F_DEPENDENCIES = VERSION_KEYS.indexOf('dependencies');

/** Which entry field the key text [cs, k) names (without making a string), or -1. */
function fieldAt(t: string, cs: number, k: number): number {
  const len = k - cs;
  for (let i = 0; i < VERSION_KEYS.length; i++) {
    const f = VERSION_KEYS[i]!;
    if (f.length === len && t.startsWith(f, cs)) return i;
  }
  return -1;
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 47 ||
    c === DASH
  );
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Marks a value the reader does not decode (its syntax was checked and skipped). */
const SKIPPED = Symbol('skipped');
/** A value that needs the full parser to decode (block scalar, nested collection…). */
const OPAQUE = Symbol('opaque');
/** A sequence of block mappings only. */
const MAPPINGS = Symbol('mappings');
type Value = unknown | typeof SKIPPED | typeof OPAQUE | typeof MAPPINGS;

/** What a decoded string field becomes in chart.Metadata (numbers as text, null as ""). */
function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

class Scanner {
  p = 0;
  /** Nesting of block mappings below a version's own mapping. */
  private depth = 0;
  /** The depth whose `alias` keys are looked for (dependency items), or -1. */
  private aliasDepth = -1;
  private sawAlias = false;
  private readonly resolved = new Map<string, unknown>();
  readonly t: string;
  private readonly n: number;

  constructor(text: string) {
    this.t = text;
    this.n = text.length;
  }

  lineEnd(p: number): number {
    const e = this.t.indexOf('\n', p);
    return e < 0 ? this.n : e;
  }

  indentAt(p: number): number {
    let i = p;
    while (this.t.charCodeAt(i) === SPACE) i++;
    return i - p;
  }

  /** Moves past empty lines; returns the next content line's indent, or -1 at the end. */
  skipBlank(): number {
    const t = this.t;
    while (this.p < this.n) {
      if (t.charCodeAt(this.p) === NL) {
        this.p++;
        continue;
      }
      const ind = this.indentAt(this.p);
      const c = t.charCodeAt(this.p + ind);
      if (c === NL || this.p + ind >= this.n || c === HASH) throw new ScanBail();
      return ind;
    }
    return -1;
  }

  isDash(cs: number): boolean {
    const c = this.t.charCodeAt(cs + 1);
    return this.t.charCodeAt(cs) === DASH && (c === SPACE || c === NL || cs + 1 >= this.n);
  }

  /** A plain key at `cs` followed by `:`; returns the colon's index, or -1 when it is not one. */
  keyAt(cs: number): number {
    const t = this.t;
    let i = cs;
    const c0 = t.charCodeAt(i);
    if (!isKeyChar(c0) || c0 === DASH) return -1;
    while (isKeyChar(t.charCodeAt(i))) i++;
    if (t.charCodeAt(i) !== COLON) return -1;
    const after = t.charCodeAt(i + 1);
    return after === SPACE || after === NL || i + 1 >= this.n ? i : -1;
  }

  /** A plain scalar's meaning as go-yaml resolves it (letters: a string unless a bool/null word). */
  resolve(s: string): unknown {
    if (isLetter(s.charCodeAt(0)) && !WORDS.has(s)) return s;
    let v = this.resolved.get(s);
    if (v === undefined && !this.resolved.has(s)) {
      try {
        v = (parseYaml(`k: ${s}\n`) as Record<string, unknown>).k;
      } catch {
        throw new ScanBail();
      }
      this.resolved.set(s, v);
    }
    return v;
  }

  /**
   * The value after a key (`r` = first character after `: `, or the line end) in a mapping at
   * `indent`. Leaves `p` at the line after the value.
   */
  value(r: number, indent: number, decode: boolean): Value {
    const le = this.lineEnd(r);
    if (r >= le) {
      this.p = le + 1;
      const ind = this.skipBlank();
      if (ind < 0 || ind < indent) return null;
      const cs = this.p + ind;
      if (ind === indent) {
        if (!this.isDash(cs)) return null;
        return this.seq(ind, decode);
      }
      if (this.isDash(cs)) return this.seq(ind, decode);
      this.map(ind);
      return OPAQUE;
    }
    return this.scalar(r, le, indent, decode);
  }

  /** A block mapping at `indent` whose values are only checked. */
  map(indent: number, firstKeyAt?: number): void {
    this.depth++;
    try {
      this.mapBody(indent, firstKeyAt);
    } finally {
      this.depth--;
    }
  }

  private mapBody(indent: number, firstKeyAt?: number): void {
    let first = firstKeyAt;
    for (;;) {
      let cs: number;
      if (first !== undefined) {
        cs = first;
        first = undefined;
      } else {
        const ind = this.skipBlank();
        if (ind < indent) return;
        if (ind > indent) throw new ScanBail();
        cs = this.p + ind;
        if (this.isDash(cs)) throw new ScanBail();
      }
      const k = this.keyAt(cs);
      if (k < 0) throw new ScanBail();
      if (this.depth === this.aliasDepth && k - cs === 5 && this.t.startsWith('alias', cs))
        this.sawAlias = true;
      this.value(this.valueStart(k), indent, false);
    }
  }

  /** Where a key's value starts (after the colon and spaces), bailing on comments. */
  valueStart(colon: number): number {
    let r = colon + 1;
    while (this.t.charCodeAt(r) === SPACE) r++;
    if (this.t.charCodeAt(r) === HASH) throw new ScanBail();
    return r;
  }

  /**
   * A block sequence at `indent` (the current line starts with `- `). Returns the decoded
   * items when `decode` and every item is a scalar; `MAPPINGS` when every item is a mapping;
   * else `OPAQUE` (or `SKIPPED` for scalars only, when not decoding).
   */
  seq(indent: number, decode: boolean): Value {
    const items: unknown[] = [];
    let opaque = false;
    let scalars = false;
    for (;;) {
      const ind = this.skipBlank();
      if (ind < indent) break;
      if (ind > indent) throw new ScanBail();
      const cs = this.p + ind;
      if (!this.isDash(cs)) break;
      let r = cs + 1;
      while (this.t.charCodeAt(r) === SPACE) r++;
      const le = this.lineEnd(r);
      if (r >= le || this.isDash(r)) throw new ScanBail();
      if (this.t.charCodeAt(r) === HASH) throw new ScanBail();
      if (this.keyAt(r) >= 0) {
        this.map(r - this.p, r);
        opaque = true;
        continue;
      }
      scalars = true;
      const v = this.scalar(r, le, indent, decode);
      if (v === OPAQUE) opaque = true;
      else if (decode) items.push(v);
    }
    if (opaque) return scalars ? OPAQUE : MAPPINGS;
    return decode ? items : SKIPPED;
  }

  /** A scalar starting at `r` (line ends at `le`) in a collection at `indent`. */
  scalar(r: number, le: number, indent: number, decode: boolean): Value {
    const t = this.t;
    const c = t.charCodeAt(r);
    if (c === 34 || c === 39) return this.quoted(r, indent, c === 34, decode);
    if (c === 124 || c === 62) {
      this.blockScalar(r, le, indent);
      return OPAQUE;
    }
    if (c === 91 || c === 123) {
      // only the empty flow collections go-yaml writes
      let e = le;
      while (t.charCodeAt(e - 1) === SPACE) e--;
      if (e !== r + 2 || t.charCodeAt(r + 1) !== (c === 91 ? 93 : 125)) throw new ScanBail();
      this.p = le + 1;
      return c === 91 ? [] : OPAQUE;
    }
    // &anchor *alias !tag %directive @ ` , ] } # ? : -  and friends start no plain scalar we accept
    if ('&*!%@`,]}#?:-'.includes(t[r]!)) {
      if (c === DASH || c === 63 || c === COLON) {
        const n = t.charCodeAt(r + 1);
        if (n === SPACE || n === NL || r + 1 >= this.n) throw new ScanBail();
      } else throw new ScanBail();
    }
    let e = this.plainLineEnd(r, le);
    let text = decode ? t.slice(r, e) : '';
    this.p = le + 1;
    // continuation lines: more indented than the collection, maybe after empty lines
    for (;;) {
      let q = this.p;
      let blanks = 0;
      while (q < this.n && t.charCodeAt(q) === NL) {
        q++;
        blanks++;
      }
      if (q >= this.n) break;
      const ind = this.indentAt(q);
      if (ind <= indent) break;
      const cs = q + ind;
      const cle = this.lineEnd(cs);
      if (cs >= cle || t.charCodeAt(cs) === HASH) throw new ScanBail();
      e = this.plainLineEnd(cs, cle);
      if (decode) text += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + t.slice(cs, e);
      this.p = cle + 1;
    }
    return decode ? this.resolve(text) : SKIPPED;
  }

  /** End of a plain scalar's text on one line (trailing spaces dropped); bails on `: ` and ` #`. */
  plainLineEnd(r: number, le: number): number {
    const t = this.t;
    for (let i = r; i < le; i++) {
      const c = t.charCodeAt(i);
      if (c === COLON) {
        const n = t.charCodeAt(i + 1);
        if (n === SPACE || i + 1 >= le) throw new ScanBail();
      } else if (c === HASH && t.charCodeAt(i - 1) === SPACE) throw new ScanBail();
    }
    let e = le;
    while (t.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** A single- or double-quoted scalar, maybe folded over several lines. */
  quoted(r: number, indent: number, double: boolean, decode: boolean): Value {
    const t = this.t;
    const q = double ? 34 : 39;
    let i = r + 1;
    let multiline = false;
    let escapes = false;
    for (;;) {
      if (i >= this.n) throw new ScanBail();
      const c = t.charCodeAt(i);
      if (c === q) {
        if (!double && t.charCodeAt(i + 1) === q) {
          escapes = true;
          i += 2;
          continue;
        }
        break;
      }
      if (double && c === 92) {
        escapes = true;
        i += 2;
        if (t.charCodeAt(i - 1) === NL) i = this.continuation(i - 1, indent);
        continue;
      }
      if (c === NL) {
        multiline = true;
        i = this.continuation(i, indent);
        continue;
      }
      i++;
    }
    const close = i;
    const le = this.lineEnd(close);
    for (let k = close + 1; k < le; k++) if (t.charCodeAt(k) !== SPACE) throw new ScanBail();
    this.p = le + 1;
    if (!decode) return SKIPPED;
    const raw = t.slice(r + 1, close);
    if (!multiline && !escapes) return raw;
    return foldQuoted(raw, double);
  }

  /** After the line break at `nl` inside a quoted scalar: the next line must be indented more. */
  continuation(nl: number, indent: number): number {
    let q = nl + 1;
    while (q < this.n && this.t.charCodeAt(q) === NL) q++;
    if (q >= this.n) throw new ScanBail();
    const ind = this.indentAt(q);
    if (ind <= indent) throw new ScanBail();
    return nl + 1;
  }

  /** A `|` or `>` block scalar: checks its header and skips its lines. */
  blockScalar(r: number, le: number, indent: number): void {
    const t = this.t;
    let e = le;
    while (t.charCodeAt(e - 1) === SPACE) e--;
    const header = /^[|>](?:([1-9])[-+]?|[-+]([1-9])?)?$/.exec(t.slice(r, e));
    if (!header) throw new ScanBail();
    const explicit = header[1] ?? header[2];
    this.p = le + 1;
    // an indentation indicator counts from the collection's indent; else the first line sets it
    let contentIndent = explicit === undefined ? -1 : indent + Number(explicit);
    for (;;) {
      if (this.p >= this.n) return;
      const cle = this.lineEnd(this.p);
      const ind = this.indentAt(this.p);
      if (this.p + ind >= cle) {
        // an empty line, or spaces only: content, unless before the first content line
        if (ind > 0 && contentIndent < 0 && explicit === undefined) throw new ScanBail();
        this.p = cle + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (ind <= indent) return;
        contentIndent = ind;
      } else if (ind < contentIndent) {
        if (ind <= indent) return;
        throw new ScanBail();
      }
      this.p = cle + 1;
    }
  }

  /** The mapping of one index version, its first key at `first`, the mapping at `indent`. */
  version(first: number, indent: number, out: ScannedFields): boolean {
    let name: unknown = null;
    let version: unknown = null;
    let appVersion: unknown = null;
    let description: unknown = null;
    let keywords: unknown = null;
    let urls: unknown = null;
    let apiVersion: unknown = null;
    let type: unknown = null;
    let opaque = false;
    let cs = first;
    const t = this.t;
    for (;;) {
      const k = this.keyAt(cs);
      if (k < 0) throw new ScanBail();
      const field = fieldAt(t, cs, k);
      if (field < 0) throw new ScanBail();
      const r = this.valueStart(k);
      switch (field) {
        case F_NAME:
          name = this.value(r, indent, true);
          break;
        case F_VERSION:
          version = this.value(r, indent, true);
          break;
        case F_APP_VERSION:
          appVersion = this.value(r, indent, true);
          break;
        case F_DESCRIPTION:
          description = this.value(r, indent, true);
          break;
        case F_API_VERSION:
          apiVersion = this.value(r, indent, true);
          break;
        case F_TYPE:
          type = this.value(r, indent, true);
          break;
        case F_KEYWORDS:
          keywords = this.value(r, indent, true);
          break;
        case F_URLS:
          urls = this.value(r, indent, true);
          break;
        case F_MAINTAINERS:
        case F_DEPENDENCIES: {
          // validation looks at these: null or scalar items, and dependency aliases
          this.sawAlias = false;
          this.aliasDepth = field === F_DEPENDENCIES ? 1 : -1;
          const v = this.value(r, indent, false);
          this.aliasDepth = -1;
          if ((v !== null && v !== MAPPINGS) || this.sawAlias) opaque = true;
          break;
        }
        default:
          this.value(r, indent, false);
      }
      const ind = this.skipBlank();
      if (ind < indent) break;
      if (ind > indent) throw new ScanBail();
      cs = this.p + ind;
      if (this.isDash(cs)) throw new ScanBail();
    }
    if (opaque) return false;
    const n = asString(name);
    const v = asString(version);
    const a = asString(appVersion);
    const d = asString(description);
    const av = asString(apiVersion);
    const ty = asString(type);
    if (n === undefined || v === undefined || a === undefined || d === undefined) return false;
    if (av === undefined || ty === undefined) return false;
    if (urls !== null && !Array.isArray(urls)) return false;
    let kw = '';
    if (keywords !== null) {
      if (!Array.isArray(keywords)) return false;
      for (let i = 0; i < keywords.length; i++) {
        const x = asString(keywords[i]);
        if (x === undefined) return false;
        kw = i === 0 ? x : `${kw} ${x}`;
      }
    }
    out.name = n;
    out.version = v;
    out.appVersion = a;
    out.description = d;
    out.keywords = kw;
    out.urls = urls === null ? [] : (urls as unknown[]).map(String);
    out.apiVersion = av;
    out.type = ty;
    return true;
  }
}

/** libyaml's folding of a quoted scalar's text (between the quotes), escapes decoded. */
export function foldQuoted(raw: string, double: boolean): string {
  let out = '';
  let i = 0;
  const n = raw.length;
  for (;;) {
    let leadingBlanks = false;
    while (i < n) {
      const c = raw[i]!;
      if (c === ' ' || c === '\n') break;
      if (!double && c === "'" && raw[i + 1] === "'") {
        out += "'";
        i += 2;
      } else if (double && c === '\\' && raw[i + 1] === '\n') {
        i += 2;
        leadingBlanks = true;
        break;
      } else if (double && c === '\\') {
        const e = raw[i + 1]!;
        const len = HEX_LEN[e];
        if (len !== undefined) {
          const hex = raw.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new ScanBail();
          const cp = Number.parseInt(hex, 16);
          if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) throw new ScanBail();
          out += String.fromCodePoint(cp);
          i += 2 + len;
        } else {
          const r = ESCAPES[e];
          if (r === undefined) throw new ScanBail();
          out += r;
          i += 2;
        }
      } else {
        out += c;
        i++;
      }
    }
    if (i >= n) return out;
    let whitespace = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    while (i < n && (raw[i] === ' ' || raw[i] === '\n')) {
      if (raw[i] === ' ') {
        if (!leadingBlanks) whitespace += ' ';
      } else if (!leadingBlanks) {
        whitespace = '';
        leadingBreak = '\n';
        leadingBlanks = true;
      } else trailingBreaks += '\n';
      i++;
    }
    if (leadingBlanks) {
      if (leadingBreak === '\n') out += trailingBreaks === '' ? ' ' : trailingBreaks;
      else out += leadingBreak + trailingBreaks;
    } else out += whitespace;
    if (i >= n) return out;
  }
}

/**
 * Characters the reader leaves to the full parser: tabs, CR, the other YAML line breaks
 * (NEL, LS, PS fold scalars like a newline), BOMs, and what libyaml refuses (controls, U+FFFE…).
 */
const UNUSUAL = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ud800-\udfff\ue000-\ufefe\uff00-\ufffd]/;

/**
 * Reads an index file. Returns the YAML text of everything but `entries` (small: parse it
 * with the full parser) after reporting every chart and version to `sink`. Throws ScanBail
 * when the text is outside the subset.
 */
export function scanIndex(text: string, sink: ScanSink): string {
  if (UNUSUAL.test(text)) throw new ScanBail();
  const s = new Scanner(text);
  const fields: ScannedFields = {
    name: '',
    version: '',
    appVersion: '',
    description: '',
    keywords: '',
    urls: [],
    apiVersion: '',
    type: '',
  };
  let head = '';
  let sawEntries = false;
  for (;;) {
    const ind = s.skipBlank();
    if (ind < 0) break;
    if (ind !== 0) throw new ScanBail();
    const lineStart = s.p;
    const k = s.keyAt(lineStart);
    if (k < 0) throw new ScanBail();
    if (text.slice(lineStart, k) !== 'entries') {
      // a top-level field other than entries: hand its lines to the full parser
      s.value(s.valueStart(k), 0, false);
      head += text.slice(lineStart, Math.min(s.p, text.length));
      if (!head.endsWith('\n')) head += '\n';
      continue;
    }
    if (sawEntries) throw new ScanBail();
    sawEntries = true;
    const r = s.valueStart(k);
    const le = s.lineEnd(r);
    if (r < le) {
      if (text.slice(r, le).trimEnd() !== '{}') throw new ScanBail();
      s.p = le + 1;
      continue;
    }
    s.p = le + 1;
    charts(s, text, sink, fields);
  }
  if (sawEntries) head += 'entries: {}\n';
  return head;
}

function charts(s: Scanner, text: string, sink: ScanSink, fields: ScannedFields): void {
  let chartIndent = -1;
  for (;;) {
    const ind = s.skipBlank();
    if (ind <= 0) return;
    if (chartIndent < 0) chartIndent = ind;
    if (ind !== chartIndent) throw new ScanBail();
    const cs = s.p + ind;
    const k = s.keyAt(cs);
    if (k < 0) throw new ScanBail();
    const key = text.slice(cs, k);
    if (s.resolve(key) !== key) throw new ScanBail();
    sink.chart(key);
    const r = s.valueStart(k);
    const le = s.lineEnd(r);
    if (r < le) {
      if (text.slice(r, le).trimEnd() !== '[]') throw new ScanBail();
      s.p = le + 1;
      continue;
    }
    s.p = le + 1;
    const sind = s.skipBlank();
    if (sind < chartIndent) return;
    if (!s.isDash(s.p + sind)) {
      if (sind === chartIndent) continue; // null: no versions
      throw new ScanBail();
    }
    versions(s, sind, sink, fields);
  }
}

function versions(s: Scanner, indent: number, sink: ScanSink, fields: ScannedFields): void {
  const text = s.t;
  for (;;) {
    const ind = s.skipBlank();
    if (ind < indent) return;
    if (ind > indent) throw new ScanBail();
    const start = s.p;
    const cs = start + ind;
    if (!s.isDash(cs)) return;
    let r = cs + 1;
    while (text.charCodeAt(r) === SPACE) r++;
    // `- null`, `-` alone or a scalar item: let the full parser say what helm says
    if (s.keyAt(r) < 0) throw new ScanBail();
    const ok = s.version(r, r - start, fields);
    sink.version(start, s.p, ok ? fields : undefined);
  }
}
