/** "Did you mean …?" — close names by edit distance, for unknown needs and environments. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` candidates close to `wanted`, closest first. */
export function closest(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    const short = c.slice(c.lastIndexOf('/') + 1);
    const d = Math.min(editDistance(wanted, c), editDistance(wanted, short));
    if (d <= limit || c.includes(wanted) || wanted.includes(short)) scored.push([c, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map(([c]) => c);
}

export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const c = closest(wanted, candidates);
  return c.length === 0 ? '' : `; did you mean ${c.map((x) => `"${x}"`).join(' or ')}?`;
}
