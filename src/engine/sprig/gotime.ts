/**
 * Go's time.Time for templates: an instant (Unix seconds + nanoseconds) in a location, with
 * Go's reference-layout formatting ("2006-01-02T15:04:05Z07:00") and `String()` form
 * "2006-01-02 15:04:05.999999999 -0700 MST". Time zones come from the platform's tz database
 * through Intl; "Local" is the process's zone, as for Go.
 */
import { GoStruct } from './go.js';
import { civilFromDays, daysFromCivil, LOCAL, type Location, UTC, zoneAt } from './zones.js';

export { civilFromDays, daysFromCivil, LOCAL, type Location, loadLocation, UTC, zoneAt } from './zones.js';

/** Wall-clock fields of a time in its location. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  weekday: number;
  yday: number;
  offset: number;
  zone: string;
}

export const NANOS_PER_SEC = 1_000_000_000n;

export class GoTime extends GoStruct {
  readonly goTypeName = 'time.Time';
  readonly #sec: number;
  readonly #nsec: number;
  readonly #loc: Location;

  constructor(sec: number, nsec: number, loc: Location) {
    super();
    this.#sec = sec + Math.floor(nsec / 1e9);
    this.#nsec = ((nsec % 1e9) + 1e9) % 1e9;
    this.#loc = loc;
  }

  static fromDate(d: Date, loc: Location = LOCAL): GoTime {
    const ms = d.getTime();
    return new GoTime(Math.floor(ms / 1000), (((ms % 1000) + 1000) % 1000) * 1e6, loc);
  }

  /** Go's zero Time: January 1, year 1, 00:00:00 UTC. */
  static zero(): GoTime {
    return new GoTime(-62135596800, 0, UTC);
  }

  override goMethods(): readonly string[] {
    return [
      'String',
      'Format',
      'Unix',
      'UnixMilli',
      'UnixNano',
      'Year',
      'Day',
      'Hour',
      'Minute',
      'Second',
      'Nanosecond',
      'YearDay',
      'UTC',
      'Local',
      'IsZero',
      'Add',
      'Sub',
      'Before',
      'After',
      'Equal',
    ];
  }

  get sec(): number {
    return this.#sec;
  }
  get nsec(): number {
    return this.#nsec;
  }
  get loc(): Location {
    return this.#loc;
  }

  civil(): Civil {
    const { offset, name } = zoneAt(this.#loc, this.#sec);
    const wall = this.#sec + offset;
    const days = Math.floor(wall / 86400);
    const secs = wall - days * 86400;
    const [year, month, day] = civilFromDays(days);
    return {
      year,
      month,
      day,
      hour: Math.floor(secs / 3600),
      min: Math.floor((secs % 3600) / 60),
      sec: secs % 60,
      nsec: this.#nsec,
      weekday: (((days + 4) % 7) + 7) % 7,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      offset,
      zone: name,
    };
  }

  in(loc: Location): GoTime {
    return new GoTime(this.#sec, this.#nsec, loc);
  }

  /** Nanoseconds since the Unix epoch. */
  unixNanos(): bigint {
    return BigInt(this.#sec) * NANOS_PER_SEC + BigInt(this.#nsec);
  }

  addNanos(d: bigint): GoTime {
    const total = this.unixNanos() + d;
    const sec = total / NANOS_PER_SEC - (total % NANOS_PER_SEC < 0n ? 1n : 0n);
    return new GoTime(Number(sec), Number(total - sec * NANOS_PER_SEC), this.#loc);
  }

  goDeepEqual(other: unknown): boolean {
    return (
      other instanceof GoTime &&
      other.#sec === this.#sec &&
      other.#nsec === this.#nsec &&
      sameLoc(other.#loc, this.#loc)
    );
  }

  // Template-visible methods (Go names).
  String(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
  Format(layout: string): string {
    return formatTime(this, layout);
  }
  Unix(): bigint {
    return BigInt(this.#sec);
  }
  UnixMilli(): bigint {
    return this.unixNanos() / 1_000_000n;
  }
  UnixNano(): bigint {
    return this.unixNanos();
  }
  Year(): bigint {
    return BigInt(this.civil().year);
  }
  Day(): bigint {
    return BigInt(this.civil().day);
  }
  Hour(): bigint {
    return BigInt(this.civil().hour);
  }
  Minute(): bigint {
    return BigInt(this.civil().min);
  }
  Second(): bigint {
    return BigInt(this.civil().sec);
  }
  Nanosecond(): bigint {
    return BigInt(this.#nsec);
  }
  YearDay(): bigint {
    return BigInt(this.civil().yday);
  }
  UTC(): GoTime {
    return this.in(UTC);
  }
  Local(): GoTime {
    return this.in(LOCAL);
  }
  IsZero(): boolean {
    return this.#sec === -62135596800 && this.#nsec === 0;
  }
  Add(d: bigint | number): GoTime {
    return this.addNanos(BigInt(d));
  }
  Sub(u: GoTime): bigint {
    return this.unixNanos() - u.unixNanos();
  }
  Before(u: GoTime): boolean {
    return this.unixNanos() < u.unixNanos();
  }
  After(u: GoTime): boolean {
    return this.unixNanos() > u.unixNanos();
  }
  Equal(u: GoTime): boolean {
    return this.unixNanos() === u.unixNanos();
  }
}

function sameLoc(a: Location, b: Location): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const longMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export { longDays, longMonths };

/** A layout element: literal text or one of Go's std chunks. */
export type Chunk = { lit: string } | { std: string; digits?: number; sep?: string };

/** Splits a Go layout into literal text and std chunks (time.nextStdChunk). */
export function layoutChunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  const push = (c: Chunk): void => {
    if (lit) out.push({ lit });
    lit = '';
    out.push(c);
  };
  const startsLower = (s: string): boolean => /^[a-z]/.test(s);
  for (let i = 0; i < layout.length; ) {
    const r = layout.slice(i);
    const m = (p: string): boolean => r.startsWith(p);
    let std: string | undefined;
    let len = 0;
    if (m('January')) [std, len] = ['January', 7];
    else if (m('Jan') && !startsLower(r.slice(3))) [std, len] = ['Jan', 3];
    else if (m('Monday')) [std, len] = ['Monday', 6];
    else if (m('Mon') && !startsLower(r.slice(3))) [std, len] = ['Mon', 3];
    else if (m('MST')) [std, len] = ['MST', 3];
    else if (/^0[1-6]/.test(r)) [std, len] = [r.slice(0, 2), 2];
    else if (m('002')) [std, len] = ['002', 3];
    else if (m('15')) [std, len] = ['15', 2];
    else if (m('1')) [std, len] = ['1', 1];
    else if (m('2006')) [std, len] = ['2006', 4];
    else if (m('2')) [std, len] = ['2', 1];
    else if (m('_2006')) {
      lit += '_';
      i++;
      continue;
    } else if (m('_2')) [std, len] = ['_2', 2];
    else if (m('__2')) [std, len] = ['__2', 3];
    else if (m('3') || m('4') || m('5')) [std, len] = [r[0]!, 1];
    else if (m('PM')) [std, len] = ['PM', 2];
    else if (m('pm')) [std, len] = ['pm', 2];
    else {
      const tz = /^(?:-070000|-07:00:00|-0700|-07:00|-07|Z070000|Z07:00:00|Z0700|Z07:00|Z07)/.exec(r);
      if (tz) [std, len] = [tz[0], tz[0].length];
      const frac = /^[.,](0+|9+)(?![0-9])/.exec(r);
      if (!tz && frac) {
        push({ std: frac[1]![0] === '0' ? 'frac0' : 'frac9', digits: frac[1]!.length, sep: r[0]! });
        i += frac[0].length;
        continue;
      }
    }
    if (std !== undefined) {
      push({ std });
      i += len;
    } else {
      lit += layout[i];
      i++;
    }
  }
  if (lit) out.push({ lit });
  return out;
}

const pad = (n: number, w: number): string => {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? `-${s}` : s;
};

function formatZone(std: string, offset: number, name: string): string {
  if (std === 'MST') {
    if (name !== '') return name;
    const z = Math.trunc(offset / 60);
    const a = Math.abs(z);
    return `${z < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${pad(a % 60, 2)}`;
  }
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  const body = std.slice(1);
  switch (body) {
    case '07':
      return sign + hh;
    case '0700':
      return sign + hh + mm;
    case '07:00':
      return `${sign}${hh}:${mm}`;
    case '070000':
      return sign + hh + mm + ss;
    default:
      return `${sign}${hh}:${mm}:${ss}`;
  }
}

/** Go's Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const c = t.civil();
  let out = '';
  for (const ch of layoutChunks(layout)) {
    if ('lit' in ch) {
      out += ch.lit;
      continue;
    }
    const h12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (ch.std) {
      case 'January':
        out += longMonths[c.month - 1];
        break;
      case 'Jan':
        out += longMonths[c.month - 1]!.slice(0, 3);
        break;
      case 'Monday':
        out += longDays[c.weekday];
        break;
      case 'Mon':
        out += longDays[c.weekday]!.slice(0, 3);
        break;
      case '1':
        out += c.month;
        break;
      case '01':
        out += pad(c.month, 2);
        break;
      case '2':
        out += c.day;
        break;
      case '_2':
        out += String(c.day).padStart(2, ' ');
        break;
      case '02':
        out += pad(c.day, 2);
        break;
      case '__2':
        out += String(c.yday).padStart(3, ' ');
        break;
      case '002':
        out += pad(c.yday, 3);
        break;
      case '2006':
        out += pad(c.year, 4);
        break;
      case '06':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case '15':
        out += pad(c.hour, 2);
        break;
      case '3':
        out += h12;
        break;
      case '03':
        out += pad(h12, 2);
        break;
      case '4':
        out += c.min;
        break;
      case '04':
        out += pad(c.min, 2);
        break;
      case '5':
        out += c.sec;
        break;
      case '05':
        out += pad(c.sec, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'frac0':
        out += ch.sep + String(c.nsec).padStart(9, '0').slice(0, ch.digits);
        break;
      case 'frac9': {
        const digits = String(c.nsec).padStart(9, '0').slice(0, ch.digits).replace(/0+$/, '');
        if (digits) out += ch.sep + digits;
        break;
      }
      default:
        out += formatZone(ch.std, c.offset, c.zone);
    }
  }
  return out;
}
