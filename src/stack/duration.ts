/** Timeouts: an integer number of seconds (helmfile) or a Go duration string (`90s`, `5m`, `1h30m`). */

const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds, or undefined when `v` is not a duration. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^[0-9]+$/.test(v)) return Number(v);
  const re = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * units[m[2]!]!;
    end = re.lastIndex;
  }
  return end === v.length && end > 0 ? total : undefined;
}

/** `300` → `5m0s`, as Go prints a time.Duration of whole seconds. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
