import { describe, expect, test } from 'vitest';
import { sprigFuncs } from './index.js';

/** Sprig v3.3 genericMap, minus what other modules provide (crypto/encoding/random/network) and env/expandenv. */
const sprigNames =
  `hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate
htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev abbrevboth trunc trim upper
lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace initials swapcase snakecase camelcase
kebabcase wrap wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent replace plural toString atoi
int64 int float64 seq toDecimal split splitList splitn toStrings until untilStep add1 add sub div mod mul add1f addf
subf divf mulf biggest max min maxf minf ceil floor round join sortAlpha default empty coalesce all any compact
mustCompact ternary deepCopy mustDeepCopy typeOf typeIs typeIsLike kindOf kindIs deepEqual base dir clean ext isAbs
osBase osClean osDir osExt osIsAbs tuple list dict get set unset hasKey pluck keys pick omit merge mergeOverwrite
mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend mustPrepend first mustFirst rest mustRest
last mustLast initial mustInitial reverse mustReverse uniq mustUniq without mustWithout has mustHas slice mustSlice
concat dig chunk mustChunk semver semverCompare fail regexMatch mustRegexMatch regexFindAll mustRegexFindAll
regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral
regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin`
    .split(/\s+/)
    .filter(Boolean);

describe('sprigFuncs', () => {
  const funcs = sprigFuncs({ now: () => new Date(0) });

  test('provides exactly Sprig’s non-crypto functions', () => {
    expect([...funcs.keys()].sort()).toEqual([...sprigNames].sort());
  });

  // [name, Go parameters as declared, variadic]
  test.for([
    ['trunc', ['int', 'string'], undefined],
    ['indent', ['int', 'string'], undefined],
    ['default', ['any'], 'any'],
    ['round', ['any', 'int'], 'float64'],
    ['seq', [], 'int'],
    ['pluck', ['string'], 'map'],
    ['ternary', ['any', 'any', 'bool'], undefined],
    ['dig', [], 'any'],
  ] as const)('%s declares Go parameter types', ([name, params, variadic]) => {
    const f = funcs.get(name)!;
    expect(f.params).toEqual(params);
    expect(f.variadic).toBe(variadic);
  });

  test('now reads the injected clock', () => {
    const t = funcs.get('now')!.fn() as { Unix(): bigint };
    expect(t.Unix()).toBe(0n);
  });
});
