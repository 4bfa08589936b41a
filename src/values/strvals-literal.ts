/**
 * `--set-literal`: helm's literal strvals parser. Keys split on `.` and `[i]` as for `--set`,
 * but there are no backslash escapes and no commas: the value is everything after the first
 * `=`, kept as a string.
 */
import type { GoMap } from '../gotemplate/index.js';
import { goQuote, goQuoteRunes } from './go-quote.js';
import { KeyParser } from './strvals-keys.js';
import { EOF, type Err, StrvalsError, set, setIndex } from './strvals-shared.js';

class LiteralParser extends KeyParser {
  constructor(
    line: string,
    private readonly data: GoMap,
  ) {
    super(line);
  }

  parse(): void {
    for (;;) {
      const err = this.key(this.data, 0);
      if (err === undefined) continue;
      if (err === EOF) return;
      throw err;
    }
  }

  /** runesUntilLiteral: no escapes. */
  protected until(stop: string): [string[], string | undefined, Err] {
    const v: string[] = [];
    while (this.pos < this.runes.length) {
      const r = this.runes[this.pos++]!;
      if (stop.includes(r)) return [v, r, undefined];
      v.push(r);
    }
    return [v, undefined, EOF];
  }

  protected keyInner(data: GoMap, level: number): Err {
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
    if (last === '.') return this.nestedMap(data, ks, level);
    return this.nestedList(data, ks, level);
  }

  protected listItem(list: unknown[], i: number, level: number): [unknown[], Err] {
    if (i < 0) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const [key, last, err] = this.until('[.=');
    if (key.length > 0)
      return [list, new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(key)}`)];
    if (err !== undefined) return [list, err];
    if (last === '=') return setIndex(list, i, this.until('')[0].join(''));
    if (last === '.') return this.listItemMap(list, i, level);
    return this.listItemList(list, i, level);
  }
}

/** `--set-literal`: sets one key to the literal string after `=`. */
export function parseSetLiteral(line: string, into: GoMap = {}): GoMap {
  new LiteralParser(line, into).parse();
  return into;
}
