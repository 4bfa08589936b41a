/**
 * `--set-literal`: helm's literal strvals parser. Keys split on `.` and `[i]` as for `--set`,
 * but there are no backslash escapes and no commas: the value is everything after the first
 * `=`, kept as a string.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { goQuote, goQuoteRunes } from './go-quote.js';
import { getKey, hasKey } from './map-util.js';
import {
  assertList,
  assertMap,
  atoi,
  EOF,
  type Err,
  indexError,
  MAX_NESTED_NAME_LEVEL,
  Panic,
  StrvalsError,
  set,
  setIndex,
} from './strvals-shared.js';

class LiteralParser {
  private pos = 0;
  private readonly runes: string[];

  constructor(
    line: string,
    private readonly data: GoMap,
  ) {
    this.runes = Array.from(line);
  }

  parse(): void {
    for (;;) {
      const err = this.key(this.data, 0);
      if (err === undefined) continue;
      if (err === EOF) return;
      throw err;
    }
  }

  private until(stop: string): [string[], string | undefined, Err] {
    const v: string[] = [];
    while (this.pos < this.runes.length) {
      const r = this.runes[this.pos++]!;
      if (stop.includes(r)) return [v, r, undefined];
      v.push(r);
    }
    return [v, undefined, EOF];
  }

  private key(data: GoMap, level: number): Err {
    try {
      return this.keyInner(data, level);
    } catch (e) {
      if (e instanceof Panic) return new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyInner(data: GoMap, level: number): Err {
    const [key, last, err] = this.until('=[.');
    const ks = key.join('');
    if (err !== undefined) {
      if (key.length === 0) return err;
      return new StrvalsError(`key ${goQuote(ks)} has no value`);
    }
    if (last === '=') {
      set(data, ks, this.until('')[0].join(''));
      return undefined;
    }
    if (last === '.') {
      const next = level + 1;
      if (next > MAX_NESTED_NAME_LEVEL)
        return new StrvalsError(
          `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
        );
      let inner: GoMap = {};
      if (hasKey(data, ks)) inner = assertMap(getKey(data, ks));
      const e = this.key(inner, next);
      const size = Object.keys(inner).length;
      if (e === undefined && size === 0) return new StrvalsError(`key map ${goQuote(ks)} has no value`);
      if (size !== 0) set(data, ks, inner);
      return e;
    }
    // '['
    const [i, ierr] = this.keyIndex();
    if (ierr !== undefined) return indexError(ierr);
    let list: unknown[] = [];
    if (hasKey(data, ks)) list = assertList(getKey(data, ks));
    const [out, e] = this.listItem(list, i, level);
    set(data, ks, out);
    return e;
  }

  private keyIndex(): [number, Err] {
    const [v, , err] = this.until(']');
    if (err !== undefined) return [0, err];
    const n = atoi(v.join(''));
    if (n instanceof StrvalsError) return [0, n];
    return [n, undefined];
  }

  private listItem(list: unknown[], i: number, level: number): [unknown[], Err] {
    if (i < 0) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const [key, last, err] = this.until('[.=');
    if (key.length > 0)
      return [list, new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(key)}`)];
    if (err !== undefined) return [list, err];
    if (last === '=') return setIndex(list, i, this.until('')[0].join(''));
    if (last === '.') {
      let inner: GoMap = {};
      if (list.length > i) {
        if (isMap(list[i])) inner = list[i] as GoMap;
        else list[i] = inner;
      }
      const e = this.key(inner, level);
      if (e !== undefined) return [list, e];
      return setIndex(list, i, inner);
    }
    const [nextI, ierr] = this.keyIndex();
    if (ierr !== undefined) return [list, indexError(ierr)];
    let crt: unknown[] = [];
    if (list.length > i && list[i] !== null && list[i] !== undefined) crt = assertList(list[i]);
    const [list2, e] = this.listItem(crt, nextI, level);
    if (e !== undefined) return [list, e];
    return setIndex(list, i, list2);
  }
}

/** `--set-literal`: sets one key to the literal string after `=`. */
export function parseSetLiteral(line: string, into: GoMap = {}): GoMap {
  new LiteralParser(line, into).parse();
  return into;
}
