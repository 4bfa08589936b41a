/**
 * The key grammar both strvals parsers share (helm restates it in parser.go and
 * literal_parser.go): `name.` opens a nested map, `name[i]` a list, `[i].` and `[i][j]` nest
 * inside a list item, with the same limits, panics and error texts. The parsers differ in how
 * they read up to a stop rune (`until`: escapes or not) and in what follows `=`.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { goQuote } from './go-quote.js';
import { getKey, hasKey } from './map-util.js';
import {
  assertList,
  assertMap,
  atoi,
  type Err,
  indexError,
  MAX_NESTED_NAME_LEVEL,
  Panic,
  StrvalsError,
  set,
  setIndex,
} from './strvals-shared.js';

export abstract class KeyParser {
  protected pos = 0;
  protected readonly runes: string[];

  constructor(line: string) {
    this.runes = Array.from(line);
  }

  /** Reads up to one of the `stop` runes: the runes read, the stop rune, or EOF. */
  protected abstract until(stop: string): [string[], string | undefined, Err];
  /** One `key…=value` entry into `data` at nesting `level`; may throw a Panic. */
  protected abstract keyInner(data: GoMap, level: number): Err;
  /** What follows `[i]` of a list. */
  protected abstract listItem(list: unknown[], i: number, level: number): [unknown[], Err];

  /** keyInner with Go's recovered panics turned into "unable to parse key: …". */
  protected key(data: GoMap, level: number): Err {
    try {
      return this.keyInner(data, level);
    } catch (e) {
      if (e instanceof Panic) return new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  /** The `i]` of an index. */
  protected keyIndex(): [number, Err] {
    const [v, , err] = this.until(']');
    if (err !== undefined) return [0, err];
    const n = atoi(v.join(''));
    if (n instanceof StrvalsError) return [0, n];
    return [n, undefined];
  }

  /** After `name.`: the map under `name`, one level deeper. */
  protected nestedMap(data: GoMap, ks: string, level: number): Err {
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

  /** After `name[`: the list under `name`. */
  protected nestedList(data: GoMap, ks: string, level: number): Err {
    const [i, ierr] = this.keyIndex();
    if (ierr !== undefined) return indexError(ierr);
    let list: unknown[] = [];
    if (hasKey(data, ks)) list = assertList(getKey(data, ks));
    const [out, e] = this.listItem(list, i, level);
    set(data, ks, out);
    return e;
  }

  /** After `[i].`: the map in item i. */
  protected listItemMap(list: unknown[], i: number, level: number): [unknown[], Err] {
    let inner: GoMap = {};
    if (list.length > i) {
      if (isMap(list[i])) inner = list[i] as GoMap;
      else list[i] = inner;
    }
    const e = this.key(inner, level);
    if (e !== undefined) return [list, e];
    return setIndex(list, i, inner);
  }

  /** After `[i][`: the list in item i. */
  protected listItemList(list: unknown[], i: number, level: number): [unknown[], Err] {
    const [nextI, ierr] = this.keyIndex();
    if (ierr !== undefined) return [list, indexError(ierr)];
    let crt: unknown[] = [];
    if (list.length > i && list[i] !== null && list[i] !== undefined) crt = assertList(list[i]);
    const [list2, e] = this.listItem(crt, nextI, level);
    if (e !== undefined) return [list, e];
    return setIndex(list, i, list2);
  }
}
