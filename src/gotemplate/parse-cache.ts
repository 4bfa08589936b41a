/**
 * Parsed texts that can be added to many TemplateSets: `parseTree(name, text)` parses once
 * (without checking functions, like Go's SkipFuncCheck) and `TemplateSet.addTree` validates the
 * handle against the set's functions. `ParseCache` keeps handles by (name, text), bounded, so
 * `TemplateSet.parse` of a text seen before (the same chart rendered again, or helm's `tpl`
 * called on the same string) costs a lookup.
 *
 * Parse trees are immutable once built, so sharing them between sets is safe.
 */
import { TemplateParseError } from './errors.js';
import { type ParsedText, parseText } from './parser.js';

const DEFAULT_KEYWORDS = { breakOK: true, continueOK: true };

/**
 * An opaque, reusable parse of one text (see TemplateSet.addTree). When the text does not parse,
 * the handle records that, and addTree reports the error exactly as TemplateSet.parse would.
 */
export class ParsedTree {
  /** @internal The parse, or undefined when it failed. */
  readonly result: ParsedText | undefined;

  /** @internal Use parseTree(). */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    try {
      this.result = parseText(name, text, undefined, DEFAULT_KEYWORDS);
    } catch (e) {
      if (!(e instanceof TemplateParseError)) throw e;
      this.result = undefined;
    }
  }
}

/** Parses `text` as template `name` once, for adding to many TemplateSets with `addTree`. */
export function parseTree(name: string, text: string): ParsedTree {
  return new ParsedTree(name, text);
}

/** A bounded cache of ParsedTrees by (name, text), least recently used evicted first. */
export class ParseCache {
  private readonly byName = new Map<string, Map<string, ParsedTree>>();
  private readonly lru = new Set<ParsedTree>();

  /** `maxEntries`: how many texts to keep (each holds its text and trees). */
  constructor(readonly maxEntries = 1024) {}

  get size(): number {
    return this.lru.size;
  }

  /** The parse of (name, text), parsing it on a miss. */
  get(name: string, text: string): ParsedTree {
    let texts = this.byName.get(name);
    const hit = texts?.get(text);
    if (hit !== undefined) {
      this.lru.delete(hit);
      this.lru.add(hit);
      return hit;
    }
    const tree = new ParsedTree(name, text);
    if (tree.result === undefined || this.maxEntries <= 0) return tree;
    if (this.lru.size >= this.maxEntries) this.evictOldest();
    if (texts === undefined) {
      texts = new Map();
      this.byName.set(name, texts);
    }
    texts.set(text, tree);
    this.lru.add(tree);
    return tree;
  }

  clear(): void {
    this.byName.clear();
    this.lru.clear();
  }

  private evictOldest(): void {
    const oldest = this.lru.values().next().value as ParsedTree;
    this.lru.delete(oldest);
    const texts = this.byName.get(oldest.name)!;
    texts.delete(oldest.text);
    if (texts.size === 0) this.byName.delete(oldest.name);
  }
}
