/**
 * Go's path/filepath.Match on slash paths: `*` matches any run of non-`/` characters, `?` one
 * non-`/` character, `[...]` a class (`^` negates, ranges, `\` escapes), `\` escapes outside
 * classes. A malformed pattern is an error ("syntax error in pattern"), as in Go.
 */

export class BadPatternError extends Error {
  readonly code = 'EBADPATTERN';
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/** Splits a pattern into its leading star flag, chunk and rest (Go's scanChunk). */
function scanChunk(pattern: string): { star: boolean; chunk: string; rest: string } {
  let star = false;
  let p = pattern;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

function getEsc(chunk: string[], i: number): [string, number] {
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') throw new BadPatternError();
  let ch = chunk[i]!;
  if (ch === '\\') {
    i++;
    if (i >= chunk.length) throw new BadPatternError();
    ch = chunk[i]!;
  }
  i++;
  if (i >= chunk.length) throw new BadPatternError();
  return [ch, i];
}

/** Matches `chunk` at the start of `s`; returns the rest of s, or null. Throws on a bad chunk. */
function matchChunk(chunkStr: string, sStr: string): string | null {
  const chunk = Array.from(chunkStr);
  const s = Array.from(sStr);
  let si = 0;
  let failed = false;
  let i = 0;
  while (i < chunk.length) {
    if (!failed && si >= s.length) failed = true;
    switch (chunk[i]) {
      case '[': {
        let r = '';
        if (!failed) r = s[si++]!;
        i++;
        let negated = false;
        if (i < chunk.length && chunk[i] === '^') {
          negated = true;
          i++;
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (i < chunk.length && chunk[i] === ']' && nrange > 0) {
            i++;
            break;
          }
          let lo: string;
          [lo, i] = getEsc(chunk, i);
          let hi = lo;
          if (chunk[i] === '-') {
            [hi, i] = getEsc(chunk, i + 1);
          }
          if (lo.codePointAt(0)! <= r.codePointAt(0)! && r.codePointAt(0)! <= hi.codePointAt(0)!)
            match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[si] === '/') failed = true;
          si++;
        }
        i++;
        break;
      default:
        if (chunk[i] === '\\') {
          i++;
          if (i >= chunk.length) throw new BadPatternError();
        }
        if (!failed) {
          if (chunk[i] !== s[si]) failed = true;
          si++;
        }
        i++;
    }
  }
  if (failed) return null;
  return s.slice(si).join('');
}

/** filepath.Match(pattern, name). */
export function goMatch(pattern: string, name: string): boolean {
  let p = pattern;
  let n = name;
  outer: while (p.length > 0) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk === '') return !n.includes('/');
    const t = matchChunk(chunk, n);
    if (t !== null && (t.length === 0 || p.length > 0)) {
      n = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < n.length && n[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, n.slice(i + 1));
        if (t2 !== null) {
          if (p.length === 0 && t2.length > 0) continue;
          n = t2;
          continue outer;
        }
      }
    }
    // Before returning false with no error, check that the remainder of the pattern is well formed.
    while (p.length > 0) {
      const next = scanChunk(p);
      p = next.rest;
      matchChunk(next.chunk, '');
    }
    return false;
  }
  return n.length === 0;
}
