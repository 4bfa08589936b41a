/**
 * Resolution of plain YAML scalars to types, with the YAML 1.1 rules of go-yaml v2 (resolve.go):
 * the words y/yes/on/true… and n/no/off/false… are booleans, ints take Go's base prefixes
 * (0x, 0o, 0b, old-style octal 0755) and underscores, `.inf`/`.nan` are floats, `~`/`null`/empty
 * are null, and things that look like timestamps resolve to the timestamp tag.
 *
 * The same function decides, on the way out, whether a string must be quoted to stay a string.
 */

export type ResolvedTag = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge';

/** A resolved scalar. Ints keep their exact value as a bigint (Go's int/int64/uint64). */
export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint; unsigned: boolean }
  | { tag: 'float'; value: number }
  | { tag: 'null'; value: null }
  | { tag: 'timestamp'; value: string }
  | { tag: 'merge'; value: string };

const WORDS = new Map<string, Resolved>();
function words(r: Resolved, list: string[]): void {
  for (const w of list) WORDS.set(w, r);
}
words({ tag: 'bool', value: true }, [
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
]);
words({ tag: 'bool', value: false }, [
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
]);
words({ tag: 'null', value: null }, ['', '~', 'null', 'Null', 'NULL']);
words({ tag: 'float', value: Number.NaN }, ['.nan', '.NaN', '.NAN']);
words({ tag: 'float', value: Number.POSITIVE_INFINITY }, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
words({ tag: 'float', value: Number.NEGATIVE_INFINITY }, ['-.inf', '-.Inf', '-.INF']);
words({ tag: 'merge', value: '<<' }, ['<<']);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) digit syntax (no underscores). */
function parseGoIntBase0(s: string, allowSign: boolean): bigint | undefined {
  let i = 0;
  let neg = false;
  if (allowSign && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  let re = /^[0-9]+$/;
  let prefix = '';
  if (body.length > 1 && body[0] === '0') {
    const p = body[1]!.toLowerCase();
    if (p === 'x') {
      re = /^[0-9a-fA-F]+$/;
      prefix = '0x';
      body = body.slice(2);
    } else if (p === 'o') {
      re = /^[0-7]+$/;
      prefix = '0o';
      body = body.slice(2);
    } else if (p === 'b') {
      re = /^[01]+$/;
      prefix = '0b';
      body = body.slice(2);
    } else {
      re = /^[0-7]+$/;
      prefix = '0o';
      body = body.slice(1);
    }
  }
  if (!re.test(body)) return undefined;
  const v = BigInt(prefix + body);
  return neg ? -v : v;
}

function goParseInt(s: string): bigint | undefined {
  const v = parseGoIntBase0(s, true);
  return v !== undefined && v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
}

function goParseUint(s: string): bigint | undefined {
  const v = parseGoIntBase0(s, false);
  return v !== undefined && v <= UINT64_MAX ? v : undefined;
}

function parseBinary(digits: string, neg: boolean, unsignedOk: boolean): Resolved | undefined {
  if (!/^[01]+$/.test(digits)) return undefined;
  const v = neg ? -BigInt(`0b${digits}`) : BigInt(`0b${digits}`);
  if (v >= INT64_MIN && v <= INT64_MAX) return { tag: 'int', value: v, unsigned: false };
  if (unsignedOk && v <= UINT64_MAX) return { tag: 'int', value: v, unsigned: true };
  return undefined;
}

/** Go's ParseFloat for the decimal forms that can reach it here; overflow is a failure. */
function parseFloatFinite(s: string): number | undefined {
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

/** Resolves a plain (unquoted, untagged) scalar as go-yaml v2 does. */
export function resolvePlain(s: string): Resolved {
  const c = s.length === 0 ? 'N' : s[0]!;
  const hint = hintOf(c);
  if (hint === '') return { tag: 'str', value: s };
  const w = WORDS.get(s);
  if (w) return w;
  if (hint === '.') {
    if (DOT_FLOAT.test(s)) {
      const f = parseFloatFinite(s);
      if (f !== undefined) return { tag: 'float', value: f };
    }
  } else if (hint === 'D') {
    if (isTimestamp(s)) return { tag: 'timestamp', value: s };
    const plain = s.includes('_') ? s.replaceAll('_', '') : s;
    const i = goParseInt(plain);
    if (i !== undefined) return { tag: 'int', value: i, unsigned: false };
    const u = goParseUint(plain);
    if (u !== undefined) return { tag: 'int', value: u, unsigned: true };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseFloatFinite(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
    if (plain.startsWith('0b')) {
      const r = parseBinary(plain.slice(2), false, true);
      if (r) return r;
    } else if (plain.startsWith('-0b')) {
      const r = parseBinary(plain.slice(3), true, false);
      if (r) return r;
    }
  }
  return { tag: 'str', value: s };
}

function hintOf(c: string): '' | 'D' | '.' | 'M' {
  if ((c >= '0' && c <= '9') || c === '+' || c === '-') return 'D';
  if (c === '.') return '.';
  if ('yYnNtTfFoO~'.includes(c) || c === 'N') return 'M';
  return '';
}

/** Whether a string would need quoting to be read back as the same string (go-yaml v2 stringv). */
export function needsQuotesForType(s: string): boolean {
  return resolvePlain(s).tag !== 'str' || isBase60Float(s);
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** YAML 1.1 sexagesimal numbers, which go-yaml still quotes on output. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// The timestamp layouts go-yaml v2 tries with Go's time.Parse (numeric fields of 1 or 2 digits).
const TS_T = /^(\d{4})-(\d\d?)-(\d\d?)[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[+-](\d\d):(\d\d))$/;
const TS_SPACE = /^(\d{4})-(\d\d?)-(\d\d?) (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?$/;
const TS_DATE = /^(\d{4})-(\d\d?)-(\d\d?)$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

function validTime(h: number, mi: number, s: number): boolean {
  return h < 24 && mi < 60 && s < 60;
}

/** Whether go-yaml v2 would read a plain scalar as a timestamp. */
export function isTimestamp(s: string): boolean {
  if (s.length < 5 || s[4] !== '-') return false;
  let m = TS_T.exec(s) ?? TS_SPACE.exec(s);
  if (m) {
    const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return validDate(y, mo, d) && validTime(h, mi, se);
  }
  m = TS_DATE.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return false;
}
