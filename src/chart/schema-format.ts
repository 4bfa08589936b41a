/**
 * Number printing and `format` checks for schema error messages. helm's schema library prints
 * numbers through an English message printer, so integer parts are grouped (`1,000`).
 */

const superscript = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * Shortest decimal text of `n`. Ungrouped it reads as Go's %v (`1e+06`); grouped it reads as the
 * English message printer prints a float64 (`1,024`, `5,000.5`, `1×10⁰⁶`), or an int (`1,000,000`)
 * when `isInt`.
 */
export function formatFloatGo(n: number, grouped: boolean, isInt = false): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  let s = String(n);
  const [m0, e0] = n.toExponential().split('e') as [string, string];
  const exp = Number(e0);
  if (!isInt && n !== 0 && (exp < -4 || exp >= 6)) {
    if (!grouped) return `${m0}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    const digits = String(Math.abs(exp)).padStart(2, '0');
    const sup = [...digits].map((d) => superscript[Number(d)]).join('');
    return `${m0}×10${exp < 0 ? '⁻' : ''}${sup}`;
  }
  if (/e/.test(s)) s = BigInt(Math.round(n)).toString();
  if (!grouped) return s;
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.') as [string, string | undefined];
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${g}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Go's %q of a rune. */
function quoteRune(ch: string): string {
  if (ch === "'") return "'\\''";
  const j = JSON.stringify(ch).slice(1, -1);
  return `'${j}'`;
}

function ipv4(s: string): string | undefined {
  const groups = s.split('.');
  if (groups.length !== 4) return 'expected four decimals';
  for (const g of groups) {
    if (g.length > 1 && g[0] === '0') return 'leading zeros';
    if (!/^[+-]?\d+$/.test(g)) return `strconv.Atoi: parsing ${JSON.stringify(g)}: invalid syntax`;
    const n = Number(g);
    if (n < 0 || n > 255) return 'decimal must be between 0 and 255';
  }
  return undefined;
}

function ipv6(s: string): string | undefined {
  if (!s.includes(':')) return 'missing colon';
  if (s.includes('%')) return 'zone id is not a part of ipv6 address';
  try {
    new URL(`http://[${s}]/`);
    return undefined;
  } catch {
    return `ParseAddr(${JSON.stringify(s)}): invalid IPv6 address`;
  }
}

function hostname(input: string): string | undefined {
  const s = input.endsWith('.') ? input.slice(0, -1) : input;
  if (s.length > 253) return 'more than 253 characters long';
  for (const label of s.split('.')) {
    if (label.length < 1 || label.length > 63) return 'label must be 1 to 63 characters long';
    if (label.startsWith('-')) return 'label starts with hyphen';
    if (label.endsWith('-')) return 'label ends with hyphen';
    for (const ch of label) if (!/^[a-zA-Z0-9-]$/.test(ch)) return `invalid character ${quoteRune(ch)}`;
  }
  return undefined;
}

function email(s: string): string | undefined {
  if (s.length > 254) return 'more than 255 characters long';
  const at = s.lastIndexOf('@');
  if (at < 0) return 'missing @';
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (local.length > 64) return 'local part more than 64 characters long';
  if (local.length > 1 && local.startsWith('"')) {
    const inner = local.slice(1, -1);
    if (inner.includes('\\') || inner.includes('"'))
      return 'backslash and quote are not allowed within quoted local part';
  } else {
    if (local.startsWith('.')) return 'starts with dot';
    if (local.endsWith('.')) return 'ends with dot';
    if (local.includes('..')) return 'consecutive dots';
    for (const ch of local)
      if (!/^[a-zA-Z0-9]$/.test(ch) && !".!#$%&'*+-/=?^_`{|}~".includes(ch))
        return `invalid character ${quoteRune(ch)}`;
  }
  if (domain.startsWith('[') && domain.endsWith(']')) {
    domain = domain.slice(1, -1);
    if (domain.startsWith('IPv6:')) {
      const e = ipv6(domain.slice(5));
      return e === undefined ? undefined : `invalid ipv6 address: ${e}`;
    }
    const e = ipv4(domain);
    return e === undefined ? undefined : `invalid ipv4 address: ${e}`;
  }
  const e = hostname(domain);
  return e === undefined ? undefined : `invalid domain: ${e}`;
}

function date(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m)
    return `parsing time ${JSON.stringify(s)} as "2006-01-02": cannot parse ${JSON.stringify(s)} as "2006"`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `parsing time ${JSON.stringify(s)}: month out of range`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `parsing time ${JSON.stringify(s)}: day out of range`;
  return undefined;
}

function time(input: string): string | undefined {
  let str = input;
  if (str.length < 9) return 'less than 9 characters long';
  if (str[2] !== ':' || str[5] !== ':') return 'missing colon in correct place';
  const hms: number[] = [];
  for (const tok of str.slice(0, 8).split(':')) {
    if (!/^[+-]?\d+$/.test(tok)) return 'invalid hour/min/sec';
    const i = Number(tok);
    if (i < 0) return 'non-positive hour/min/sec';
    hms.push(i);
  }
  if (hms.length !== 3) return 'missing hour/min/sec';
  let [h, m] = hms as [number, number, number];
  const sec = hms[2]!;
  if (h > 23 || m > 59 || sec > 60) return 'hour/min/sec out of range';
  str = str.slice(8);
  if (str.startsWith('.')) {
    const digits = /^\d*/.exec(str.slice(1))![0].length;
    if (digits === 0) return 'no digits in second fraction';
    str = str.slice(1 + digits);
  }
  if (str !== 'z' && str !== 'Z') {
    if (str.length !== 6) return 'offset must be 6 characters long';
    const sign = str[0] === '+' ? -1 : str[0] === '-' ? 1 : 0;
    if (sign === 0) return 'offset must begin with plus/minus';
    str = str.slice(1);
    if (str[2] !== ':') return 'missing colon in offset in correct place';
    const zhm: number[] = [];
    for (const tok of str.split(':')) {
      if (!/^[+-]?\d+$/.test(tok)) return 'invalid hour/min in offset';
      const i = Number(tok);
      if (i < 0) return 'non-positive hour/min in offset';
      zhm.push(i);
    }
    const [zh, zm] = zhm as [number, number];
    if (zh > 23 || zm > 59) return 'hour/min in offset out of range';
    let hm = h * 60 + m + sign * (zh * 60 + zm);
    if (hm < 0) hm += 24 * 60;
    h = Math.floor(hm / 60);
    m = hm % 60;
  }
  if (sec >= 60 && (h !== 23 || m !== 59)) return 'invalid leap second';
  return undefined;
}

function dateTime(s: string): string | undefined {
  if (s.length < 20) return 'less than 20 characters long';
  if (s[10] !== 't' && s[10] !== 'T') return '11th character must be t or T';
  const d = date(s.slice(0, 10));
  if (d !== undefined) return `invalid date element: ${d}`;
  const t = time(s.slice(11));
  if (t !== undefined) return `invalid time element: ${t}`;
  return undefined;
}

function uuid(s: string): string | undefined {
  const sizes = [8, 4, 4, 4, 12];
  const groups = s.split('-');
  if (groups.length !== sizes.length) return `must have ${sizes.length} elements`;
  for (const [i, g] of groups.entries()) {
    if (g.length !== sizes[i]) return `element ${i + 1} must be ${sizes[i]} characters long`;
    for (const ch of g) if (!/^[0-9a-fA-F]$/.test(ch)) return `non-hex character ${quoteRune(ch)}`;
  }
  return undefined;
}

function uri(s: string): string | undefined {
  try {
    const u = new URL(s);
    return u.protocol ? undefined : 'relative url';
  } catch {
    return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) ? `parse ${JSON.stringify(s)}: invalid URI` : 'relative url';
  }
}

function regex(s: string): string | undefined {
  try {
    new RegExp(s, 'u');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Format checks of helm's schema library for draft-07 and older schemas: each returns undefined
 * when the string is valid, else the reason it prints after `is not valid <format>: `.
 */
export const schemaFormats: Record<string, (s: string) => string | undefined> = {
  ipv4,
  ipv6,
  hostname,
  email,
  date,
  time,
  'date-time': dateTime,
  uuid,
  uri,
  iri: uri,
  'uri-reference': (s) => (s.includes('\\') ? 'contains \\' : undefined),
  regex,
};
