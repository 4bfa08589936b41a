/**
 * Version constraints with Masterminds/semver v3 syntax: comparisons (`>= 1.2`, `!=1.3.0`),
 * wildcards (`1.2.x`, `*`), tilde (`~1.2.3`) and caret (`^1.2`), hyphen ranges
 * (`1.2 - 1.4.5`), AND with spaces or commas, OR with `||`. A prerelease version satisfies a
 * constraint only when the constraint's AND-group itself names a prerelease.
 */
import {
  comparePrerelease,
  compareVersions,
  parseStrictVersion,
  parseVersion,
  SemverError,
  type Version,
} from './version.js';

const ops = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const cv = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;

const S = String.raw`[\t\n\f\r ]`; // Go's \s is ASCII-only
const constraintRe = new RegExp(`^${S}*(${ops})${S}*(${cv})${S}*$`);
const rangeRe = new RegExp(`${S}*(${cv})${S}+-${S}+(${cv})${S}*`, 'g');
const findRe = new RegExp(`(${ops})${S}*(${cv})`, 'g');
const validRe = new RegExp(`^(${S}*(${ops})${S}*(${cv})${S}*)((?:${S}+|,${S}*)(${ops})${S}*(${cv})${S}*)*$`);

type Op = (v: Version, c: Constraint, includePre: boolean) => string | undefined;

interface Constraint {
  con: Version;
  orig: string;
  op: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function preErr(v: Version): string {
  return `${v} is a prerelease version and the constraint is only looking for release versions`;
}

const tilde: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  if (compareVersions(v, c.con) < 0) return `${v} is less than ${c.orig}`;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty)
    return undefined;
  if (v.major !== c.con.major) return `${v} does not have same major version as ${c.orig}`;
  if (v.minor !== c.con.minor && !c.minorDirty)
    return `${v} does not have same major and minor version as ${c.orig}`;
  return undefined;
};

const tildeOrEqual: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  if (c.dirty) return tilde(v, c, pre);
  return compareVersions(v, c.con) === 0 ? undefined : `${v} is not equal to ${c.orig}`;
};

const notEqual: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  const eqMsg = `${v} is equal to ${c.orig}`;
  if (c.dirty) {
    if (c.con.major !== v.major) return undefined;
    if (c.con.minor !== v.minor && !c.minorDirty) return undefined;
    if (c.minorDirty) return eqMsg;
    if (c.con.patch !== v.patch && !c.patchDirty) return undefined;
    if (c.patchDirty) {
      if (v.prerelease !== '' || c.con.prerelease !== '')
        return comparePrerelease(v.prerelease, c.con.prerelease) !== 0 ? undefined : eqMsg;
      return eqMsg;
    }
  }
  return compareVersions(v, c.con) === 0 ? eqMsg : undefined;
};

const greaterThan: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  const msg = `${v} is less than or equal to ${c.orig}`;
  if (!c.dirty) return compareVersions(v, c.con) === 1 ? undefined : msg;
  if (v.major > c.con.major) return undefined;
  if (v.major < c.con.major) return msg;
  if (c.minorDirty) return msg;
  if (c.patchDirty) return v.minor > c.con.minor ? undefined : msg;
  return compareVersions(v, c.con) === 1 ? undefined : msg;
};

const lessThan: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  return compareVersions(v, c.con) < 0 ? undefined : `${v} is greater than or equal to ${c.orig}`;
};

const greaterThanEqual: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  return compareVersions(v, c.con) >= 0 ? undefined : `${v} is less than ${c.orig}`;
};

const lessThanEqual: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  const msg = `${v} is greater than ${c.orig}`;
  if (!c.dirty) return compareVersions(v, c.con) <= 0 ? undefined : msg;
  if (v.major > c.con.major) return msg;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return msg;
  return undefined;
};

const caret: Op = (v, c, pre) => {
  if (v.prerelease !== '' && !pre) return preErr(v);
  if (compareVersions(v, c.con) < 0) return `${v} is less than ${c.orig}`;
  if (c.con.major > 0n || c.minorDirty)
    return v.major === c.con.major ? undefined : `${v} does not have same major version as ${c.orig}`;
  if (c.con.major === 0n && v.major > 0n) return `${v} does not have same major version as ${c.orig}`;
  if (c.con.minor > 0n || c.patchDirty) {
    return v.minor === c.con.minor
      ? undefined
      : `${v} does not have same minor version as ${c.orig}. Expected minor versions to match when constraint major version is 0`;
  }
  if (c.con.minor === 0n && v.minor > 0n) return `${v} does not have same minor version as ${c.orig}`;
  return c.con.patch === v.patch
    ? undefined
    : `${v} does not equal ${c.orig}. Expect version and constraint to equal when major and minor versions are 0`;
};

const opTable: Record<string, Op> = {
  '': tildeOrEqual,
  '=': tildeOrEqual,
  '!=': notEqual,
  '>': greaterThan,
  '<': lessThan,
  '>=': greaterThanEqual,
  '=>': greaterThanEqual,
  '<=': lessThanEqual,
  '=<': lessThanEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
};

function parseOne(text: string): Constraint {
  if (text.length === 0) {
    return {
      con: parseStrictVersion('0.0.0'),
      orig: text,
      op: '',
      dirty: true,
      minorDirty: false,
      patchDirty: false,
    };
  }
  const m = constraintRe.exec(text);
  if (!m) throw new SemverError('IMPROPER_CONSTRAINT', `improper constraint: ${text}`);
  const major = m[3]!;
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let ver = m[2]!;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('CONSTRAINT_PARSER', 'constraint parser error');
  }
  return { con, orig: m[2]!, op: m[1]!, dirty, minorDirty, patchDirty };
}

/** Rewrites `A - B` hyphen ranges to `>= A, <= B` (textually, as the Go library does). */
function rewriteRange(text: string): string {
  let out = text;
  for (const m of text.matchAll(rangeRe)) {
    out = out.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  }
  return out;
}

export class Constraints {
  /** Set to accept prerelease versions even when the constraint names none. */
  includePrerelease = false;

  constructor(
    private readonly groups: readonly Constraint[][],
    private readonly groupHasPre: readonly boolean[],
  ) {}

  /** Whether `v` satisfies any OR-group (all constraints of that group). */
  check(v: Version): boolean {
    return this.groups.some((g, i) =>
      g.every((c) => opTable[c.op]!(v, c, this.includePrerelease || this.groupHasPre[i]!) === undefined),
    );
  }

  /** Like check, and the reasons when it does not hold (Masterminds `Validate`). */
  validate(v: Version): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    let preReported = false;
    for (const [i, g] of this.groups.entries()) {
      const pre = this.includePrerelease || this.groupHasPre[i]!;
      let ok = true;
      for (const c of g) {
        if (!pre && v.prerelease !== '') {
          if (!preReported) {
            reasons.push(preErr(v));
            preReported = true;
          }
          ok = false;
        } else {
          const why = opTable[c.op]!(v, c, pre);
          if (why !== undefined) {
            reasons.push(why);
            ok = false;
          }
        }
      }
      if (ok) return { ok: true, reasons: [] };
    }
    return { ok: false, reasons };
  }

  toString(): string {
    return this.groups.map((g) => g.map((c) => c.op + c.orig).join(' ')).join(' || ');
  }
}

/** Masterminds `NewConstraint`. Throws SemverError(`IMPROPER_CONSTRAINT`) on bad syntax. */
export function parseConstraint(text: string): Constraints {
  const rewritten = rewriteRange(text);
  const groups: Constraint[][] = [];
  const hasPre: boolean[] = [];
  for (const or of rewritten.split('||')) {
    if (!validRe.test(or)) throw new SemverError('IMPROPER_CONSTRAINT', `improper constraint: ${or}`);
    const found = [...or.matchAll(findRe)].map((m) => m[0]);
    const parts = found.length > 0 ? found : [or];
    const group = parts.map(parseOne);
    hasPre.push(group.some((c) => c.con.prerelease !== ''));
    groups.push(group);
  }
  return new Constraints(groups, hasPre);
}
