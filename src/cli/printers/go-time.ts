/**
 * Go's time formatting for what helm prints: `time.String()` in `helm list`/`history` and
 * `time.ANSIC` in `helm status`. Record timestamps are RFC 3339 with the writer's offset; Go
 * shows them in that offset, naming it `UTC` when it is zero.
 */

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: string;
  offsetMin: number;
}

function parse(rfc3339: string): Parts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(rfc3339);
  if (!m) return undefined;
  const z = m[8]!;
  const offsetMin =
    z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4, 6)));
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4]),
    mi: Number(m[5]),
    s: Number(m[6]),
    frac: m[7] ?? '',
    offsetMin,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function zone(offsetMin: number): { numeric: string; name: string } {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  const numeric = `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
  return { numeric, name: offsetMin === 0 ? 'UTC' : numeric };
}

/** `2006-01-02 15:04:05.999999999 -0700 MST`; "-" for a missing time. */
export function goTimeString(rfc3339: string | undefined): string {
  const p = rfc3339 ? parse(rfc3339) : undefined;
  if (!p || p.y === 1) return '-';
  const frac = p.frac.replace(/0+$/, '');
  const z = zone(p.offsetMin);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${frac ? `.${frac}` : ''} ${z.numeric} ${z.name}`;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** time.ANSIC: `Mon Jan _2 15:04:05 2006`. */
export function goTimeANSIC(rfc3339: string | undefined): string {
  const p = rfc3339 ? parse(rfc3339) : undefined;
  if (!p) return '';
  const dow = new Date(Date.UTC(p.y, p.mo - 1, p.d)).getUTCDay();
  return `${days[dow]} ${months[p.mo - 1]} ${String(p.d).padStart(2, ' ')} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)} ${p.y}`;
}

/** A table as helm's uitable prints it: cells padded to their column's width, tab-separated. */
export function uiTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, [...r[i]!].length);
  }
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('\t')).join('\n');
}
