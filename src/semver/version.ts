/**
 * Semantic versions as Masterminds/semver v3 (v3.4.0, the version helm v4 builds with) parses,
 * prints and orders them. `parseVersion` is the lenient `NewVersion` (a leading `v`, missing
 * minor/patch, leading zeros in numeric segments are accepted); `parseStrictVersion` is
 * `StrictNewVersion`.
 */

/** Error codes; the messages are the Go library's, so templates print what helm prints. */
export type SemverErrorCode =
  | 'INVALID_SEMVER'
  | 'EMPTY_STRING'
  | 'INVALID_CHARACTERS'
  | 'SEGMENT_STARTS_ZERO'
  | 'INVALID_METADATA'
  | 'INVALID_PRERELEASE'
  | 'SEGMENT_OUT_OF_RANGE'
  | 'IMPROPER_CONSTRAINT'
  | 'CONSTRAINT_PARSER';

export class SemverError extends Error {
  constructor(
    readonly code: SemverErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SemverError';
  }
}

const messages: Record<string, string> = {
  INVALID_SEMVER: 'invalid semantic version',
  EMPTY_STRING: 'version string empty',
  INVALID_CHARACTERS: 'invalid characters in version',
  SEGMENT_STARTS_ZERO: 'version segment starts with 0',
  INVALID_METADATA: 'invalid metadata string',
  INVALID_PRERELEASE: 'invalid prerelease string',
};

function fail(code: keyof typeof messages & SemverErrorCode): never {
  throw new SemverError(code, messages[code]!);
}

// The lenient grammar: groups 1-3 are major/.minor/.patch, 5 the prerelease, 8 the metadata.
const looseVersion =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

const maxUint64 = (1n << 64n) - 1n;
const allowedChars = /^[0-9A-Za-z-]*$/;
const digitsOnly = /^[0-9]*$/;

function parseSegment(s: string): bigint {
  const n = BigInt(s);
  if (n > maxUint64) {
    throw new SemverError(
      'SEGMENT_OUT_OF_RANGE',
      `error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`,
    );
  }
  return n;
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (part === '') fail('INVALID_PRERELEASE');
    if (digitsOnly.test(part)) {
      if (part.length > 1 && part[0] === '0') fail('SEGMENT_STARTS_ZERO');
    } else if (!allowedChars.test(part)) fail('INVALID_PRERELEASE');
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (part === '' || !allowedChars.test(part)) fail('INVALID_METADATA');
  }
}

export class Version {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly prerelease = '',
    readonly metadata = '',
    /** The text the version was parsed from (`String()` normalises, `Original()` does not). */
    readonly original = '',
  ) {}

  /** `1.2.3-pre+meta`, without any leading `v`. */
  toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.prerelease !== '') s += `-${this.prerelease}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }

  /** -1, 0 or 1; metadata is ignored, a prerelease sorts before its release. */
  compare(o: Version): number {
    return compareVersions(this, o);
  }

  lessThan(o: Version): boolean {
    return this.compare(o) < 0;
  }
  greaterThan(o: Version): boolean {
    return this.compare(o) > 0;
  }
  equal(o: Version): boolean {
    return this.compare(o) === 0;
  }

  private vPrefix(): string {
    return this.original.startsWith('v') ? 'v' : '';
  }

  private withOriginal(
    major: bigint,
    minor: bigint,
    patch: bigint,
    prerelease: string,
    metadata: string,
  ): Version {
    const bare = new Version(major, minor, patch, prerelease, metadata);
    return new Version(major, minor, patch, prerelease, metadata, this.vPrefix() + bare.toString());
  }

  /** Go's IncPatch: a prerelease version increments to its release. */
  incPatch(): Version {
    if (this.prerelease !== '') return this.withOriginal(this.major, this.minor, this.patch, '', '');
    return this.withOriginal(this.major, this.minor, this.patch + 1n, '', '');
  }
  incMinor(): Version {
    return this.withOriginal(this.major, this.minor + 1n, 0n, '', '');
  }
  incMajor(): Version {
    return this.withOriginal(this.major + 1n, 0n, 0n, '', '');
  }
  setPrerelease(p: string): Version {
    if (p !== '') validatePrerelease(p);
    return this.withOriginal(this.major, this.minor, this.patch, p, this.metadata);
  }
  setMetadata(m: string): Version {
    if (m !== '') validateMetadata(m);
    return this.withOriginal(this.major, this.minor, this.patch, this.prerelease, m);
  }
}

/** Masterminds `NewVersion` (coercing): `v1`, `1.2`, `01.2.3` are accepted. */
export function parseVersion(text: string): Version {
  const m = looseVersion.exec(text);
  if (!m) fail('INVALID_SEMVER');
  const major = parseSegment(m[1]!);
  const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (meta !== '') validateMetadata(meta);
  return new Version(major, minor, patch, pre, meta, text);
}

/** Masterminds `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-pre][+meta]`, no `v`, no leading zeros. */
export function parseStrictVersion(text: string): Version {
  if (text === '') fail('EMPTY_STRING');
  const parts = splitN(text, '.', 3);
  if (parts.length !== 3) fail('INVALID_SEMVER');
  let last = parts[2]!;
  let meta = '';
  let pre = '';
  if (last.includes('+')) {
    const i = last.indexOf('+');
    meta = last.slice(i + 1);
    last = last.slice(0, i);
    validateMetadata(meta);
  }
  if (last.includes('-')) {
    const i = last.indexOf('-');
    pre = last.slice(i + 1);
    last = last.slice(0, i);
    validatePrerelease(pre);
  }
  const segs = [parts[0]!, parts[1]!, last];
  for (const p of segs) {
    if (!digitsOnly.test(p)) fail('INVALID_CHARACTERS');
    if (p.length > 1 && p[0] === '0') fail('SEGMENT_STARTS_ZERO');
  }
  // Go's ParseUint rejects an empty segment ("1..2").
  for (const p of segs) {
    if (p === '') {
      throw new SemverError(
        'INVALID_CHARACTERS',
        `error parsing version segment: strconv.ParseUint: parsing "": invalid syntax`,
      );
    }
  }
  return new Version(parseSegment(segs[0]!), parseSegment(segs[1]!), parseSegment(segs[2]!), pre, meta, text);
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two versions as Masterminds `Version.Compare` does. */
export function compareVersions(a: Version, b: Version): number {
  const d = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
  if (d !== 0) return d;
  if (a.prerelease === '' && b.prerelease === '') return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

export function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  const n = Math.max(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function asUint(s: string): bigint | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > maxUint64 ? undefined : n;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const si = asUint(s);
  const oi = asUint(o);
  if (si === undefined && oi === undefined) return s > o ? 1 : -1;
  if (oi === undefined) return -1; // numeric identifiers sort before alphanumeric ones
  if (si === undefined) return 1;
  return si > oi ? 1 : -1;
}
