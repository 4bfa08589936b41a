/**
 * Line diffs: Myers' O((N+M)·D) shortest edit script (common prefix and suffix stripped first)
 * and unified hunks with N lines of context, as `diff -u` prints them.
 */

export type DiffOp = { readonly op: ' ' | '-' | '+'; readonly line: string };

/** Above this many differences the whole middle is shown as removed then added. */
const MAX_EDITS = 4000;

export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const middle = myers(A, B);
  return [
    ...a.slice(0, pre).map((line) => ({ op: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - suf).map((line) => ({ op: ' ' as const, line })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ op: '+', line }));
  if (m === 0) return a.map((line) => ({ op: '-', line }));
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0)
    return [
      ...a.map((line) => ({ op: '-' as const, line })),
      ...b.map((line) => ({ op: '+' as const, line })),
    ];
  // Walk the trace back from (n, m).
  const out: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) out.push({ op: ' ', line: a[--x]! }) && y--;
    if (x === prevX) out.push({ op: '+', line: b[--y]! });
    else out.push({ op: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    out.push({ op: ' ', line: a[--x]! });
    y--;
  }
  return out.reverse();
}

export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly ops: readonly DiffOp[];
}

export function hunks(ops: readonly DiffOp[], context: number): Hunk[] {
  const out: Hunk[] = [];
  const changed = ops.map((o, i) => (o.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return out;
  let i = 0;
  while (i < changed.length) {
    let start = Math.max(0, changed[i]! - context);
    let end = Math.min(ops.length, changed[i]! + context + 1);
    while (i + 1 < changed.length && changed[i + 1]! - context <= end) {
      i++;
      end = Math.min(ops.length, changed[i]! + context + 1);
    }
    i++;
    let oldStart = 1;
    let newStart = 1;
    for (let j = 0; j < start; j++) {
      if (ops[j]!.op !== '+') oldStart++;
      if (ops[j]!.op !== '-') newStart++;
    }
    const slice = ops.slice(start, end);
    const oldLines = slice.filter((o) => o.op !== '+').length;
    const newLines = slice.filter((o) => o.op !== '-').length;
    out.push({
      oldStart: oldLines === 0 ? oldStart - 1 : oldStart,
      oldLines,
      newStart: newLines === 0 ? newStart - 1 : newStart,
      newLines,
      ops: slice,
    });
    start = end;
  }
  return out;
}

function range(start: number, lines: number): string {
  return lines === 1 ? `${start}` : `${start},${lines}`;
}

/** A unified diff body (hunks only, no file header); '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  if (before === after) return '';
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const hs = hunks(diffLines(split(before), split(after)), context);
  let out = '';
  for (const h of hs) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const o of h.ops) out += `${o.op}${o.line}\n`;
  }
  return out;
}
