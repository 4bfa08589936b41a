/**
 * Number printing and `format` checks for schema error messages. helm's schema library prints
 * numbers through an English message printer, so integer parts are grouped (`1,000`).
 */

/** Shortest decimal text of `n`, with English digit grouping when `grouped`. */
export function formatFloatGo(n: number, grouped: boolean): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  let s = String(n);
  if (/e/.test(s)) {
    // Go spells exponents with a sign and two digits.
    const [m, e] = s.split('e') as [string, string];
    const exp = Number(e);
    s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return s;
  }
  if (!grouped) return s;
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.') as [string, string | undefined];
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${g}${frac !== undefined ? `.${frac}` : ''}`;
}

const re = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  dateTime: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  email: /^[^\s@]+@[^\s@]+$/,
  hostname:
    /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i,
  ipv4: /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function isUri(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol.length > 1;
  } catch {
    return false;
  }
}

function isIpv6(s: string): boolean {
  try {
    return new URL(`http://[${s}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Format checkers for draft-07 and older schemas (the formats helm's library knows). */
export const schemaFormats: Record<string, (s: string) => boolean> = {
  date: (s) => re.date.test(s),
  time: (s) => re.time.test(s),
  'date-time': (s) => re.dateTime.test(s),
  email: (s) => re.email.test(s),
  hostname: (s) => re.hostname.test(s),
  ipv4: (s) => re.ipv4.test(s),
  ipv6: isIpv6,
  uri: isUri,
  'uri-reference': () => true,
  uuid: (s) => re.uuid.test(s),
  regex: isRegex,
};
