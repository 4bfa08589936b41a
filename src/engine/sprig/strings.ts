/**
 * Sprig's string functions (strings.go and the string entries of functions.go), with Go's
 * byte-oriented semantics where Sprig has them (`trunc`, `substr`, `abbrev`, `wrap` count bytes).
 */
import { swapCase, toDelimitedLower, toPascalCase, uncapitalize } from './casing.js';
import { type FuncMap, formatV, func, goQuote, isNil } from './go.js';
import {
  byteLen,
  byteSlice,
  bytesAsChars,
  charsAsBytes,
  goSplit,
  goSplitN,
  goTitle,
  goToLower,
  goToUpper,
  isSpace,
  replaceAll,
  strval,
  trimCutset,
  trimSpace,
} from './gostrings.js';
import { toStrings } from './lists.js';

const num = (n: bigint): number => Number(BigInt.asIntN(64, n));

/** Go's strings.Repeat, with its panic for a negative count. */
export function repeat(s: string, count: number): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  return s.repeat(count);
}

/** goutils.AbbreviateFull (byte offsets); errors are swallowed by Sprig's callers. */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) return '';
  const len = byteLen(str);
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return byteSlice(str, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return '...' + abbreviateFull(byteSlice(str, offset), 0, maxWidth - 3);
  return '...' + byteSlice(str, len - (maxWidth - 3));
}

/** goutils.WrapCustom over bytes. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const s = bytesAsChars(str);
  const nl = bytesAsChars(newLine);
  const len = s.length;
  let offset = 0;
  let out = '';
  while (len - offset > wrapLength) {
    if (s[offset] === ' ') {
      offset++;
      continue;
    }
    const end = Math.min(wrapLength + offset + 1, len);
    const space = s.slice(offset, end).lastIndexOf(' ') + offset;
    if (space >= offset) {
      out += s.slice(offset, space) + nl;
      offset = space + 1;
    } else if (wrapLongWords) {
      out += s.slice(offset, wrapLength + offset) + nl;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = s.slice(e).indexOf(' ');
      if (idx === -1) {
        out += s.slice(offset);
        offset = len;
      } else {
        out += s.slice(offset, idx + e) + nl;
        offset = idx + e + 1;
      }
    }
  }
  return charsAsBytes(out + s.slice(offset));
}

/** goutils.Initials: the first byte of every whitespace-separated word (bytes, not runes). */
function initials(str: string): string {
  let out = '';
  let gap = true;
  for (const ch of bytesAsChars(str)) {
    if (isSpace(ch.charCodeAt(0))) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: byte-wise; the string is unchanged when it has no whitespace. */
function deleteWhiteSpace(str: string): string {
  const bytes = bytesAsChars(str);
  let out = '';
  for (const ch of bytes) if (!isSpace(ch.charCodeAt(0))) out += ch;
  return out.length === bytes.length ? str : out;
}

function trunc(c: number, s: string): string {
  const len = byteLen(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return byteSlice(s, 0, end);
  if (end < 0 || end > byteLen(s)) return byteSlice(s, start);
  return byteSlice(s, start, end);
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', `\n${pad}`);
}

function splitMap(parts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  parts.forEach((p, i) => {
    out[`_${i}`] = p;
  });
  return out;
}

/** Sprig's seq: like GNU seq with 1, 2 (start end) or 3 (start step end) arguments. */
export function seq(params: number[]): string {
  const untilStep = (start: number, stop: number, step: number): number[] => {
    const v: number[] = [];
    if (stop < start) {
      if (step >= 0) return v;
      for (let i = start; i > stop; i += step) v.push(i);
      return v;
    }
    if (step <= 0) return v;
    for (let i = start; i < stop; i += step) v.push(i);
    return v;
  };
  let r: number[];
  switch (params.length) {
    case 1: {
      const end = params[0]!;
      const inc = end < 1 ? -1 : 1;
      r = untilStep(1, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params as [number, number];
      const step = end < start ? -1 : 1;
      r = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params as [number, number, number];
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      r = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return r.join(' ');
}

export function stringFuncs(): FuncMap {
  const s1 = (fn: (s: string) => unknown) => func(['string'], fn);
  const s2 = (fn: (a: string, b: string) => unknown) => func(['string', 'string'], fn);
  return new Map([
    ['hello', func([], () => 'Hello!')],
    [
      'fail',
      func(['string'], (msg: string) => {
        throw new Error(msg);
      }),
    ],
    [
      'abbrev',
      func(['int', 'string'], (w: bigint, s: string) => (num(w) < 4 ? s : abbreviateFull(s, 0, num(w)))),
    ],
    [
      'abbrevboth',
      func(['int', 'int', 'string'], (l: bigint, r: bigint, s: string) => {
        const left = num(l);
        const right = num(r);
        if (right < 4 || (left > 0 && right < 7)) return s;
        return abbreviateFull(s, left, right);
      }),
    ],
    ['trunc', func(['int', 'string'], (c: bigint, s: string) => trunc(num(c), s))],
    ['trim', s1(trimSpace)],
    ['upper', s1(goToUpper)],
    ['lower', s1(goToLower)],
    ['title', s1(goTitle)],
    ['untitle', s1(uncapitalize)],
    [
      'substr',
      func(['int', 'int', 'string'], (a: bigint, b: bigint, s: string) => substr(num(a), num(b), s)),
    ],
    ['repeat', func(['int', 'string'], (c: bigint, s: string) => repeat(s, num(c)))],
    ['trimall', s2((a, b) => trimCutset(b, a))],
    ['trimAll', s2((a, b) => trimCutset(b, a))],
    ['trimSuffix', s2((a, b) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b))],
    ['trimPrefix', s2((a, b) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b))],
    ['nospace', s1(deleteWhiteSpace)],
    ['initials', s1(initials)],
    ['swapcase', s1(swapCase)],
    ['snakecase', s1((s) => toDelimitedLower(s, '_'))],
    ['camelcase', s1(toPascalCase)],
    ['kebabcase', s1((s) => toDelimitedLower(s, '-'))],
    ['wrap', func(['int', 'string'], (l: bigint, s: string) => wrapCustom(s, num(l), '', false))],
    [
      'wrapWith',
      func(['int', 'string', 'string'], (l: bigint, sep: string, s: string) =>
        wrapCustom(s, num(l), sep, true),
      ),
    ],
    ['contains', s2((sub, s) => s.includes(sub))],
    ['hasPrefix', s2((p, s) => s.startsWith(p))],
    ['hasSuffix', s2((p, s) => s.endsWith(p))],
    [
      'quote',
      func(
        [],
        (...xs: unknown[]) =>
          xs
            .filter((x) => !isNil(x))
            .map((x) => goQuote(strval(x)))
            .join(' '),
        'any',
      ),
    ],
    [
      'squote',
      func(
        [],
        (...xs: unknown[]) =>
          xs
            .filter((x) => !isNil(x))
            .map((x) => `'${formatV(x)}'`)
            .join(' '),
        'any',
      ),
    ],
    [
      'cat',
      func(
        [],
        (...xs: unknown[]) =>
          xs
            .filter((x) => !isNil(x))
            .map(formatV)
            .join(' '),
        'any',
      ),
    ],
    ['indent', func(['int', 'string'], (n: bigint, v: string) => indent(num(n), v))],
    ['nindent', func(['int', 'string'], (n: bigint, v: string) => `\n${indent(num(n), v)}`)],
    [
      'replace',
      func(['string', 'string', 'string'], (o: string, n: string, s: string) => replaceAll(s, o, n)),
    ],
    [
      'plural',
      func(['string', 'string', 'int'], (one: string, many: string, c: bigint) => (c === 1n ? one : many)),
    ],
    ['toString', func(['any'], strval)],
    ['split', s2((sep, s) => splitMap(goSplit(s, sep)))],
    ['splitList', s2((sep, s) => goSplit(s, sep))],
    [
      'splitn',
      func(['string', 'int', 'string'], (sep: string, n: bigint, s: string) =>
        splitMap(goSplitN(s, sep, num(n))),
      ),
    ],
    ['toStrings', func(['any'], toStrings)],
    ['join', func(['string', 'any'], (sep: string, v: unknown) => toStrings(v).join(sep))],
    ['seq', func([], (...ps: bigint[]) => seq(ps.map(num)), 'int')],
  ]);
}
