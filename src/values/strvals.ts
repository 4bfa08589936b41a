/**
 * helm's strvals grammar: `--set`, `--set-string`, `--set-file` and `--set-json` lines.
 *
 *   name1=value1,name2.sub=value2,list[0]=a,list[1].x=b,arr={a,b,c},esc=a\,b
 *
 * Keys split on `.`, `[i]` indexes lists (nested `[i][j]` too, up to index 65536), `{a,b}` is a
 * list value, a backslash escapes the next character. `--set` types values (true/false/null
 * case-insensitively, int64 for integers without a leading zero, else string); `--set-string`
 * keeps strings; `--set-file` reads each value through a callback; `--set-json` decodes each
 * value as JSON. Error texts are helm's, including the recovered Go panics
 * ("unable to parse key: interface conversion: ...").
 */
import { decodeGoJsonPrefix } from '../encoding/index.js';
import type { GoMap } from '../gotemplate/index.js';
import { goQuote, goQuoteRunes } from './go-quote.js';
import { KeyParser } from './strvals-keys.js';
import {
  EOF,
  type Err,
  isSpace,
  NOT_LIST,
  type RunesValueReader,
  StrvalsError,
  set,
  setIndex,
  typedVal,
} from './strvals-shared.js';

export {
  MAX_INDEX,
  MAX_NESTED_NAME_LEVEL,
  type RunesValueReader,
  StrvalsError,
  typedVal,
} from './strvals-shared.js';

type Mode =
  | { kind: 'typed'; asString: boolean }
  | { kind: 'reader'; reader: RunesValueReader }
  | { kind: 'json' };

class Parser extends KeyParser {
  constructor(
    line: string,
    private readonly data: GoMap,
    private readonly mode: Mode,
  ) {
    super(line);
  }

  parse(): void {
    for (;;) {
      const err = this.key(this.data, 0);
      if (err === undefined) continue;
      if (err === EOF) return;
      if (err === NOT_LIST) throw new StrvalsError('not a list');
      throw err;
    }
  }

  private read(): string | undefined {
    if (this.pos >= this.runes.length) return undefined;
    return this.runes[this.pos++];
  }

  private unread(): void {
    this.pos--;
  }

  /** runesUntil: reads up to a stop rune, resolving backslash escapes. */
  protected until(stop: string): [string[], string | undefined, Err] {
    const v: string[] = [];
    for (;;) {
      const r = this.read();
      if (r === undefined) return [v, undefined, EOF];
      if (stop.includes(r)) return [v, r, undefined];
      if (r === '\\') {
        const next = this.read();
        if (next === undefined) return [v, undefined, EOF];
        v.push(next);
      } else {
        v.push(r);
      }
    }
  }

  private readValue(rs: string[]): [unknown, Err] {
    const s = rs.join('');
    if (this.mode.kind === 'typed') return [typedVal(s, this.mode.asString), undefined];
    if (this.mode.kind === 'reader') {
      try {
        return [this.mode.reader(s), undefined];
      } catch (e) {
        return [null, new StrvalsError(e instanceof Error ? e.message : String(e))];
      }
    }
    throw new Error('internal: JSON values are not read as runes');
  }

  protected keyInner(data: GoMap, level: number): Err {
    const [k, last, err] = this.until('=[,.');
    const ks = k.join('');
    if (err !== undefined) {
      if (k.length === 0) return err;
      return new StrvalsError(`key ${goQuote(ks)} has no value`);
    }
    switch (last) {
      case '[':
        return this.nestedList(data, ks, level);
      case '=': {
        if (this.mode.kind === 'json')
          return this.jsonValue((v) => {
            set(data, ks, v);
            return undefined;
          });
        const [vl, e] = this.valList();
        if (e === undefined) {
          set(data, ks, vl);
          return undefined;
        }
        if (e === EOF) {
          set(data, ks, '');
          return e;
        }
        if (e === NOT_LIST) {
          const [rs, e2] = this.val();
          if (e2 !== undefined && e2 !== EOF) return e2;
          const [v, e3] = this.readValue(rs);
          set(data, ks, v);
          return e3;
        }
        return e;
      }
      case ',':
        set(data, ks, '');
        return new StrvalsError(`key ${goQuote(ks)} has no value (cannot end with ,)`);
      default:
        // '.'
        return this.nestedMap(data, ks, level);
    }
  }

  /** `--set-json`: an empty value is null, else one JSON value, then optional blanks and a comma. */
  private jsonValue(store: (v: unknown) => Err): Err {
    if (this.emptyVal()) return store(null);
    // The decoder works in UTF-16 offsets, the parser in runes.
    let offset = 0;
    for (let k = 0; k < this.pos; k++) offset += this.runes[k]!.length;
    let decoded: { value: unknown; end: number };
    try {
      decoded = decodeGoJsonPrefix(this.runes.join(''), offset);
    } catch (e) {
      return new StrvalsError((e as Error).message);
    }
    const e = store(decoded.value);
    if (e !== undefined) return e;
    while (offset < decoded.end) offset += this.runes[this.pos++]!.length;
    this.emptyVal();
    return undefined;
  }

  protected listItem(list: unknown[], i: number, level: number): [unknown[], Err] {
    if (i < 0) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const [k, last, err] = this.until('[.=');
    if (k.length > 0)
      return [list, new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(k)}`)];
    if (err !== undefined) return [list, err];
    switch (last) {
      case '=': {
        if (this.mode.kind === 'json') {
          let out = list;
          const e = this.jsonValue((v) => {
            const [l, se] = setIndex(list, i, v);
            out = l;
            return se;
          });
          return [out, e];
        }
        const [vl, e] = this.valList();
        if (e === undefined) return setIndex(list, i, vl);
        if (e === EOF) return setIndex(list, i, '');
        if (e === NOT_LIST) {
          const [rs, e2] = this.val();
          if (e2 !== undefined && e2 !== EOF) return [list, e2];
          const [v, e3] = this.readValue(rs);
          if (e3 !== undefined) return [list, e3];
          return setIndex(list, i, v);
        }
        return [list, e];
      }
      case '[':
        return this.listItemList(list, i, level);
      default:
        // '.'
        return this.listItemMap(list, i, level);
    }
  }

  /** Consumes blanks up to a comma or the end (true: the value is empty) or stops before anything else. */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.read();
      if (r === undefined) return true;
      if (r === ',') return true;
      if (!isSpace(r)) {
        this.unread();
        return false;
      }
    }
  }

  private val(): [string[], Err] {
    const [v, , err] = this.until(',');
    return [v, err];
  }

  private valList(): [unknown[], Err] {
    const r = this.read();
    if (r === undefined) return [[], EOF];
    if (r !== '{') {
      this.unread();
      return [[], NOT_LIST];
    }
    const list: unknown[] = [];
    for (;;) {
      const [rs, last, err] = this.until(',}');
      if (err !== undefined)
        return [list, err === EOF ? new StrvalsError("list must terminate with '}'") : err];
      if (last === '}') {
        const n = this.read();
        if (n !== undefined && n !== ',') this.unread();
        const [v, e] = this.readValue(rs);
        list.push(v);
        return [list, e];
      }
      const [v, e] = this.readValue(rs);
      if (e !== undefined) return [list, e];
      list.push(v);
    }
  }
}

/** `--set`: parses a set line into `into` (typed values), returning `into`. */
export function parseSet(line: string, into: GoMap = {}): GoMap {
  new Parser(line, into, { kind: 'typed', asString: false }).parse();
  return into;
}

/** `--set-string`: like parseSet, every value a string. */
export function parseSetString(line: string, into: GoMap = {}): GoMap {
  new Parser(line, into, { kind: 'typed', asString: true }).parse();
  return into;
}

/** `--set-file`: each value is a path handed to `readFile`, whose result (a string) is set. */
export function parseSetFile(line: string, into: GoMap, readFile: RunesValueReader): GoMap {
  new Parser(line, into, { kind: 'reader', reader: readFile }).parse();
  return into;
}

/** `--set-json` in its `key=<json>[,key=<json>…]` form. */
export function parseSetJson(line: string, into: GoMap = {}): GoMap {
  new Parser(line, into, { kind: 'json' }).parse();
  return into;
}
