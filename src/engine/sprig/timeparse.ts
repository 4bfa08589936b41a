/** Go's time.ParseInLocation (what Sprig's `toDate` uses), with Go's error messages. */
import { timeQuote } from './duration.js';
import {
  type Chunk,
  daysFromCivil,
  GoTime,
  type Location,
  layoutChunks,
  longDays,
  longMonths,
  UTC,
  zoneAt,
} from './gotime.js';

class Bad extends Error {}

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + Number(s[i]);
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}

function lookup(tab: string[], val: string): [number, string] {
  for (const [i, v] of tab.entries()) {
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase())
      return [i, val.slice(v.length)];
  }
  throw new Bad();
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-]\d{1,2})?/.exec(value)!;
    return m[1] && Math.abs(Number(m[1])) <= 23 ? m[0].length : 3;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-]\d{2}(\d{2})?/.exec(value);
    return m ? m[0].length : 0;
  }
  let n = 0;
  while (n < 6 && n < value.length && value[n]! >= 'A' && value[n]! <= 'Z') n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (n === 5 && value[4] === 'T') return 5;
  return 0;
}

const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (m: number, y: number): number =>
  m === 2 && isLeap(y) ? 29 : daysBefore[m]! - daysBefore[m - 1]!;

/** The instant whose wall clock in `loc` shows the given fields (Go's time.Date). */
export function dateIn(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ns: number,
  loc: Location,
): GoTime {
  const wall = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  const guess = wall - zoneAt(loc, wall).offset;
  return new GoTime(wall - zoneAt(loc, guess).offset, ns, loc);
}

/** Go's time.ParseInLocation. Throws Go's ParseError text. */
export function parseTime(layout: string, value: string, local: Location): GoTime {
  const avalue = value;
  const fail = (msg: string): never => {
    throw new Error(`parsing time ${timeQuote(avalue)}${msg}`);
  };
  const cannot = (valueElem: string, layoutElem: string): never => {
    throw new Error(
      `parsing time ${timeQuote(avalue)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
    );
  };
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let am = false;
  let pm = false;
  const chunks: Chunk[] = layoutChunks(layout);
  for (let ci = 0; ci <= chunks.length; ci++) {
    const ch = chunks[ci];
    if (ch === undefined) {
      if (value.length > 0) fail(`: extra text: ${timeQuote(value)}`);
      break;
    }
    if ('lit' in ch) {
      try {
        value = skip(value, ch.lit);
      } catch {
        cannot(value, ch.lit);
      }
      continue;
    }
    const stdstr = ch.std.startsWith('frac')
      ? ch.sep! + (ch.std === 'frac0' ? '0' : '9').repeat(ch.digits!)
      : ch.std;
    const hold = value;
    let range = '';
    try {
      switch (ch.std) {
        case '06': {
          if (value.length < 2 || !/^\d\d/.test(value)) throw new Bad();
          year = Number(value.slice(0, 2));
          year += year >= 69 ? 1900 : 2000;
          value = value.slice(2);
          break;
        }
        case '2006':
          if (value.length < 4 || !/^\d{4}/.test(value)) throw new Bad();
          year = Number(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'Jan':
          [month, value] = lookup(
            longMonths.map((m) => m.slice(0, 3)),
            value,
          );
          month++;
          break;
        case 'January':
          [month, value] = lookup(longMonths, value);
          month++;
          break;
        case '1':
        case '01':
          [month, value] = getnum(value, ch.std === '01');
          if (month <= 0 || month > 12) range = 'month';
          break;
        case 'Mon':
          [, value] = lookup(
            longDays.map((d) => d.slice(0, 3)),
            value,
          );
          break;
        case 'Monday':
          [, value] = lookup(longDays, value);
          break;
        case '2':
        case '_2':
        case '02':
          if (ch.std === '_2' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, ch.std === '02');
          break;
        case '__2':
        case '002':
          for (let i = 0; i < 2; i++) if (ch.std === '__2' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, ch.std === '002');
          break;
        case '15':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) range = 'hour';
          break;
        case '3':
        case '03':
          [hour, value] = getnum(value, ch.std === '03');
          if (hour < 0 || hour > 12) range = 'hour';
          break;
        case '4':
        case '04':
          [min, value] = getnum(value, ch.std === '04');
          if (min < 0 || min >= 60) range = 'minute';
          break;
        case '5':
        case '05': {
          [sec, value] = getnum(value, ch.std === '05');
          if (sec < 0 || sec >= 60) {
            range = 'second';
            break;
          }
          const next = chunks[ci + 1];
          const nextIsFrac = next !== undefined && 'std' in next && next.std.startsWith('frac');
          if (
            value.length >= 2 &&
            (value[0] === '.' || value[0] === ',') &&
            isDigitAt(value, 1) &&
            !nextIsFrac
          ) {
            let n = 2;
            while (isDigitAt(value, n)) n++;
            nsec = parseNanos(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          if (p === (ch.std === 'PM' ? 'PM' : 'pm')) pm = true;
          else if (p === (ch.std === 'PM' ? 'AM' : 'am')) am = true;
          else throw new Bad();
          break;
        }
        case 'MST': {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac0': {
          const nd = 1 + ch.digits!;
          if (value.length < nd) throw new Bad();
          nsec = parseNanos(value, nd);
          value = value.slice(nd);
          break;
        }
        case 'frac9': {
          if (value.length < 2 || !(value[0] === '.' || value[0] === ',') || !isDigitAt(value, 1)) break;
          let i = 0;
          while (isDigitAt(value, i + 1)) i++;
          nsec = parseNanos(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          // Numeric and ISO 8601 zone offsets.
          if (ch.std.startsWith('Z') && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          const body = ch.std.slice(1);
          const shapes: Record<string, RegExp> = {
            '07:00': /^([+-])(\d\d):(\d\d)/,
            '07': /^([+-])(\d\d)/,
            '07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/,
            '070000': /^([+-])(\d\d)(\d\d)(\d\d)/,
            '0700': /^([+-])(\d\d)(\d\d)/,
          };
          const m = shapes[body]!.exec(value);
          if (!m) throw new Bad();
          const hr = Number(m[2]);
          const mm = Number(m[3] ?? 0);
          const ss = Number(m[4] ?? 0);
          if (hr > 24) range = 'time zone offset hour';
          if (mm > 60) range = 'time zone offset minute';
          if (ss > 60) range = 'time zone offset second';
          zoneOffset = (hr * 60 + mm) * 60 + ss;
          if (m[1] === '-') zoneOffset = -zoneOffset;
          value = value.slice(m[0].length);
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      cannot(hold, stdstr);
    }
    if (range !== '') fail(`: ${range} out of range`);
  }
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 0;
    let d = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) fail(': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore[m]! < yday) m++;
      d = yday - daysBefore[m - 1]!;
    }
    if (month >= 0 && month !== m) fail(': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) fail(': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) fail(': day out of range');
  if (z) return dateIn(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = dateIn(year, month, day, hour, min, sec, nsec, UTC).addNanos(
      BigInt(-zoneOffset) * 1_000_000_000n,
    );
    const lz = zoneAt(local, t.sec);
    if (lz.offset === zoneOffset && (zoneName === '' || lz.name === zoneName)) return t.in(local);
    return t.in({ kind: 'fixed', name: zoneName, offset: zoneOffset });
  }
  if (zoneName !== '') {
    const t = dateIn(year, month, day, hour, min, sec, nsec, UTC);
    for (const probe of [t.sec, t.sec - 182 * 86400, t.sec + 182 * 86400]) {
      const lz = zoneAt(local, probe);
      if (lz.name === zoneName) return t.addNanos(BigInt(-lz.offset) * 1_000_000_000n).in(local);
    }
    const offset = zoneName.startsWith('GMT') && zoneName.length > 3 ? Number(zoneName.slice(3)) * 3600 : 0;
    return t.in({ kind: 'fixed', name: zoneName, offset });
  }
  return dateIn(year, month, day, hour, min, sec, nsec, local);
}

function parseNanos(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const digits = value.slice(1, nbytes);
  if (!/^\d+$/.test(digits)) throw new Bad();
  return Number(digits) * 10 ** (10 - nbytes);
}
