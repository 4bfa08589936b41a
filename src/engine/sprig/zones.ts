/**
 * Go's *time.Location over the platform's tz database (Intl): UTC, Local (the process's zone,
 * as Go's Local), named zones and fixed offsets; offsets and the abbreviations Go prints.
 * The Intl formatters are memoised per zone and locale (they are expensive to build and immutable).
 */
/** A Go *time.Location: a tz database name ("UTC", "Local", "Europe/Berlin") or a fixed offset. */
export type Location =
  | { kind: 'utc' }
  | { kind: 'local' }
  | { kind: 'tz'; name: string }
  | { kind: 'fixed'; name: string; offset: number };

export const UTC: Location = { kind: 'utc' };
export const LOCAL: Location = { kind: 'local' };

/** Go's time.LoadLocation; undefined for unknown names. */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return { kind: 'tz', name };
  } catch {
    return undefined;
  }
}

function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string, locale = 'en-US'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
      era: 'short',
    });
    fmtCache.set(key, f);
  }
  return f;
}

/** Offset (seconds east of UTC) and abbreviation of a zone at a Unix second. */
export function zoneAt(loc: Location, sec: number): { offset: number; name: string } {
  if (loc.kind === 'utc') return { offset: 0, name: 'UTC' };
  if (loc.kind === 'fixed') return { offset: loc.offset, name: loc.name };
  const zone = loc.kind === 'local' ? localZoneName() : loc.name;
  if (zone === 'UTC' || zone === 'Etc/UTC') return { offset: 0, name: 'UTC' };
  // Intl works on milliseconds within ±8.64e15; clamp far-away instants.
  const ms = Math.max(-8.64e15, Math.min(8.64e15, sec * 1000));
  const parts = partsFormatter(zone).formatToParts(ms);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '0';
  let year = Number(get('year'));
  if (get('era').startsWith('B')) year = 1 - year;
  const wall =
    daysFromCivil(year, Number(get('month')), Number(get('day'))) * 86400 +
    Number(get('hour')) * 3600 +
    Number(get('minute')) * 60 +
    Number(get('second'));
  const offset = wall - Math.floor(ms / 1000);
  return { offset, name: zoneAbbrev(zone, ms, offset, get('timeZoneName')) };
}

/** Abbreviations the tz database (and so Go) uses; ICU names outside this set are not Go's. */
const tzdataAbbrevs = new Set(
  'GMT BST IST CET CEST EET EEST WET WEST MET MEST MSK EST EDT CST CDT MST MDT PST PDT AKST AKDT HST HDT AST ADT NST NDT JST KST HKT PKT WIB WITA WIT IDT SAST CAT EAT WAT AEST AEDT ACST ACDT AWST NZST NZDT ChST SST'.split(
    ' ',
  ),
);

/** Zones whose tz abbreviation ICU does not produce in any locale we probe: [standard, daylight]. */
const knownAbbrevs: Record<string, [string, string]> = {
  'Europe/Moscow': ['MSK', 'MSD'],
  'Asia/Seoul': ['KST', 'KDT'],
  'Asia/Karachi': ['PKT', 'PKST'],
  'Asia/Jakarta': ['WIB', 'WIB'],
  'Asia/Shanghai': ['CST', 'CDT'],
  'Asia/Jerusalem': ['IST', 'IDT'],
  'Asia/Tel_Aviv': ['IST', 'IDT'],
};

const probeLocales = ['en-GB', 'en-IN', 'en-AU', 'en-ZA', 'ja-JP', 'en-HK', 'en-CA'];

function zoneAbbrev(zone: string, ms: number, offset: number, usName: string): string {
  if (tzdataAbbrevs.has(usName)) return usName;
  const known = knownAbbrevs[zone];
  if (known) {
    const jan = zoneOffsetOnly(zone, Date.UTC(new Date(ms).getUTCFullYear(), 0, 1));
    const jul = zoneOffsetOnly(zone, Date.UTC(new Date(ms).getUTCFullYear(), 6, 1));
    return offset > Math.min(jan, jul) ? known[1] : known[0];
  }
  // en-US spells many zones "GMT+1"; other locales know the abbreviations of their regions.
  for (const locale of probeLocales) {
    const name = partsFormatter(zone, locale)
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && tzdataAbbrevs.has(name)) return name;
  }
  if (offset === 0) return usName === 'UTC' ? 'UTC' : 'GMT';
  // Zones without an abbreviation are named by their offset in the tz database ("+04", "-0930").
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = String(Math.floor(a / 3600)).padStart(2, '0');
  const m = Math.floor((a % 3600) / 60);
  return `${sign}${h}${m ? String(m).padStart(2, '0') : ''}`;
}

function zoneOffsetOnly(zone: string, ms: number): number {
  const parts = partsFormatter(zone).formatToParts(ms);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const wall =
    daysFromCivil(get('year'), get('month'), get('day')) * 86400 +
    get('hour') * 3600 +
    get('minute') * 60 +
    get('second');
  return wall - Math.floor(ms / 1000);
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
