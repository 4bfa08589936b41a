/**
 * Tables as helm prints them (gosuri/uitable + output.EncodeTable): cells padded to the column
 * width, cut to `maxColWidth` with "...", joined by a tab, one trailing newline.
 */

/** go-runewidth's width of one code point (East Asian wide = 2, combining = 0). */
function runeWidth(cp: number): number {
  if (cp === 0 || cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(String.fromCodePoint(cp))) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function stringWidth(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let w = 0;
  for (const c of s) w += runeWidth(c.codePointAt(0)!);
  return w;
}

function truncate(s: string, w: number, tail: string): string {
  if (stringWidth(s) <= w) return s;
  const limit = w - stringWidth(tail);
  let width = 0;
  let out = '';
  for (const c of s) {
    const cw = runeWidth(c.codePointAt(0)!);
    if (width + cw > limit) break;
    width += cw;
    out += c;
  }
  return out + tail;
}

function resize(s: string, n: number): string {
  const w = stringWidth(s);
  if (w < n) return s + ' '.repeat(n - w);
  if (w > n) return truncate(s, n, '...');
  return s;
}

function cellText(s: string, width: number): string {
  return width > 0 ? resize(s, width) : s;
}

/** Renders rows the way helm's tables look, including the final newline. */
export function formatTable(rows: readonly (readonly string[])[], maxColWidth = 0): string {
  if (rows.length === 0) return '\n';
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      let w = Math.max(...cell.split('\n').map(stringWidth));
      if (maxColWidth !== 0 && w > maxColWidth) w = maxColWidth;
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((c, i) => cellText(c, widths[i]!).split('\n'));
    const lc = Math.max(...cells.map((c) => c.length));
    for (let x = 0; x < lc; x++) {
      lines.push(cells.map((c, i) => cellText(c[x] ?? '', widths[i]!)).join('\t'));
    }
  }
  return `${lines.join('\n')}\n`;
}
