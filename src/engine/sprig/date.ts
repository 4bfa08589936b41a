/**
 * Sprig's date functions (date.go). `now` reads the injected clock. Sprig accepts a
 * time.Time or an integer (Unix seconds) where a date is expected; anything else, including a
 * float64 from YAML, means "now", as in Go. Integers here are int64 (see the value model).
 */

import { formatDuration, parseDuration, roundDuration } from './duration.js';
import { type FuncMap, func, isNil, typeName } from './go.js';
import { GoTime, LOCAL, loadLocation, UTC } from './gotime.js';
import { parseTime } from './timeparse.js';

const MIN_I64 = -(1n << 63n);
const MAX_I64 = (1n << 63n) - 1n;
const SECOND = 1_000_000_000n;
const clampI64 = (n: bigint): bigint => (n < MIN_I64 ? MIN_I64 : n > MAX_I64 ? MAX_I64 : n);

function needTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw new Error(`wrong type for value; expected time.Time; got ${isNil(v) ? '<nil>' : typeName(v)}`);
}

export function dateFuncs(opts: { now: () => Date }): FuncMap {
  const now = (): GoTime => GoTime.fromDate(opts.now(), LOCAL);
  const since = (t: GoTime): bigint => clampI64(now().unixNanos() - t.unixNanos());
  const toTime = (d: unknown): GoTime => {
    if (d instanceof GoTime) return d;
    if (typeof d === 'bigint') return new GoTime(Number(d), 0, LOCAL);
    return now();
  };
  const dateInZone = (layout: string, d: unknown, zone: string): string =>
    toTime(d)
      .in(loadLocation(zone) ?? UTC)
      .Format(layout);
  const dateModify = (must: boolean) => (fmt: string, d: unknown) => {
    const t = needTime(d);
    let dur: bigint;
    try {
      dur = parseDuration(fmt);
    } catch (e) {
      if (must) throw e;
      return t;
    }
    return t.addNanos(dur);
  };
  const toDate = (must: boolean) => (layout: string, s: string) => {
    try {
      return parseTime(layout, s, LOCAL);
    } catch (e) {
      if (must) throw e;
      return GoTime.zero();
    }
  };
  return new Map([
    ['now', func([], now)],
    ['date', func(['string', 'any'], (f: string, d: unknown) => dateInZone(f, d, 'Local'))],
    ['dateInZone', func(['string', 'any', 'string'], dateInZone)],
    ['date_in_zone', func(['string', 'any', 'string'], dateInZone)],
    ['htmlDate', func(['any'], (d: unknown) => dateInZone('2006-01-02', d, 'Local'))],
    ['htmlDateInZone', func(['any', 'string'], (d: unknown, z: string) => dateInZone('2006-01-02', d, z))],
    ['dateModify', func(['string', 'any'], dateModify(false))],
    ['date_modify', func(['string', 'any'], dateModify(false))],
    ['mustDateModify', func(['string', 'any'], dateModify(true))],
    ['must_date_modify', func(['string', 'any'], dateModify(true))],
    [
      'ago',
      func(['any'], (d: unknown) => {
        const t = d instanceof GoTime || typeof d === 'bigint' ? toTime(d) : now();
        return formatDuration(roundDuration(since(t), SECOND));
      }),
    ],
    [
      'duration',
      func(['any'], (sec: unknown) => {
        let n = 0n;
        if (typeof sec === 'string') n = /^[+-]?\d+$/.test(sec) ? clampI64(BigInt(sec)) : 0n;
        else if (typeof sec === 'bigint') n = sec;
        return formatDuration(BigInt.asIntN(64, n * SECOND));
      }),
    ],
    [
      'durationRound',
      func(['any'], (v: unknown) => {
        let d = 0n;
        if (typeof v === 'string') {
          try {
            d = parseDuration(v);
          } catch {
            d = 0n;
          }
        } else if (typeof v === 'bigint') d = v;
        else if (v instanceof GoTime) d = since(v);
        return durationRound(d);
      }),
    ],
    ['toDate', func(['string', 'string'], toDate(false))],
    ['mustToDate', func(['string', 'string'], toDate(true))],
    ['unixEpoch', func(['any'], (d: unknown) => String(needTime(d).Unix()))],
  ]);
}

/** Sprig's durationRound: the largest whole unit (y, mo, d, h, m, s) the magnitude exceeds. */
function durationRound(d: bigint): string {
  const u = d < 0n ? -d : d;
  const hour = 3_600_000_000_000n;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60_000_000_000n, 'm'],
    [SECOND, 's'],
  ];
  for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
  return '0s';
}
