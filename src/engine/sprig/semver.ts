/** Sprig's `semver` and `semverCompare`, over src/semver (Masterminds/semver v3). */
import { parseConstraint, parseVersion, type Version } from '../../semver/index.js';
import { type FuncMap, func, GoStruct } from './go.js';

/** A *semver.Version as templates see it: prints as "1.2.3", with the library's methods. */
export class SemverVersion extends GoStruct {
  readonly goTypeName = '*semver.Version';
  readonly #v: Version;

  constructor(v: Version) {
    super();
    this.#v = v;
  }

  get version(): Version {
    return this.#v;
  }

  override goMethods(): readonly string[] {
    return [
      'String',
      'Original',
      'Major',
      'Minor',
      'Patch',
      'Prerelease',
      'Metadata',
      'LessThan',
      'GreaterThan',
      'Equal',
      'Compare',
      'IncPatch',
      'IncMinor',
      'IncMajor',
    ];
  }

  goDeepEqual(other: unknown): boolean {
    return (
      other instanceof SemverVersion &&
      other.#v.toString() === this.#v.toString() &&
      other.#v.original === this.#v.original
    );
  }

  String(): string {
    return this.#v.toString();
  }
  Original(): string {
    return this.#v.original;
  }
  Major(): bigint {
    return this.#v.major;
  }
  Minor(): bigint {
    return this.#v.minor;
  }
  Patch(): bigint {
    return this.#v.patch;
  }
  Prerelease(): string {
    return this.#v.prerelease;
  }
  Metadata(): string {
    return this.#v.metadata;
  }
  LessThan(o: SemverVersion): boolean {
    return this.#v.compare(o.#v) < 0;
  }
  GreaterThan(o: SemverVersion): boolean {
    return this.#v.compare(o.#v) > 0;
  }
  Equal(o: SemverVersion): boolean {
    return this.#v.compare(o.#v) === 0;
  }
  Compare(o: SemverVersion): bigint {
    return BigInt(this.#v.compare(o.#v));
  }
  IncPatch(): SemverVersion {
    return new SemverVersion(this.#v.incPatch());
  }
  IncMinor(): SemverVersion {
    return new SemverVersion(this.#v.incMinor());
  }
  IncMajor(): SemverVersion {
    return new SemverVersion(this.#v.incMajor());
  }
}

export function semverFuncs(): FuncMap {
  return new Map([
    ['semver', func(['string'], (v: string) => new SemverVersion(parseVersion(v)))],
    [
      'semverCompare',
      func(['string', 'string'], (c: string, v: string) => parseConstraint(c).check(parseVersion(v))),
    ],
  ]);
}
