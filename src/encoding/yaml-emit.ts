/**
 * A YAML writer that reproduces go-yaml's emitter (libyaml's emitterc.go) byte for byte for the
 * node shapes Go values produce: block mappings and sequences, `{}`/`[]` for empty ones, and
 * scalars in plain, single-quoted, double-quoted or literal style, folded at the line width.
 *
 * The input is already typed and ordered (see to-yaml.ts); this file only decides layout.
 */
import { needsQuotesForType } from './yaml-resolve.js';

/** A scalar written as is in plain style (numbers, booleans, null). */
export class YamlPlain {
  constructor(readonly text: string) {}
}

/** A mapping whose entries are already in output order. */
export class YamlMap {
  constructor(readonly entries: [YamlNode, YamlNode][]) {}
}

export type YamlNode = string | YamlPlain | YamlNode[] | YamlMap;

/** Differences between the go-yaml versions' emitters. */
export interface EmitterFlavor {
  /** Indent per level (best_indent). */
  indent: number;
  /** Line width for folding (best_width); Infinity for none. */
  width: number;
  /** v3 indents a block sequence inside a mapping; v2 does not (`key:\n- a`). */
  indentSequenceInMapping: boolean;
  /** How a string scalar is requested: go-yaml v2 stringv or v3's rules. */
  stringStyle: (s: string) => Style;
  /** v3 lets a multi-line string with tabs be a literal block; v2 double-quotes it. */
  tabsAllowBlock: boolean;
}

export type Style = 'plain' | 'single' | 'double' | 'literal';

/** go-yaml v2's stringv: literal for multi-line, plain if it would read back as a string, else double. */
export function v2StringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal';
  return needsQuotesForType(s) ? 'double' : 'plain';
}

export const V2_FLAVOR: EmitterFlavor = {
  indent: 2,
  width: 80,
  indentSequenceInMapping: false,
  stringStyle: v2StringStyle,
  tabsAllowBlock: false,
};

/** go-yaml v3's Encoder with SetIndent(2), as helm's toYamlPretty uses it: no folding. */
export const V3_FLAVOR: EmitterFlavor = {
  indent: 2,
  width: Number.POSITIVE_INFINITY,
  indentSequenceInMapping: true,
  // v3 resolves fewer words, but quotes the YAML 1.1 booleans anyway (isOldBool): the same set.
  stringStyle: v2StringStyle,
  tabsAllowBlock: true,
};

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlankZ(c: number | undefined): boolean {
  return c === undefined || c === 0x20 || c === 0x09 || isBreak(c) || c === 0;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

/** yaml_emitter_analyze_scalar. */
function analyze(cp: number[], tabsAllowBlock = false): Analysis {
  if (cp.length === 0)
    return { multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const n = cp.length;
  if (
    n >= 3 &&
    ((cp[0] === 0x2d && cp[1] === 0x2d && cp[2] === 0x2d) ||
      (cp[0] === 0x2e && cp[1] === 0x2e && cp[2] === 0x2e))
  ) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  for (let i = 0; i < n; i++) {
    const c = cp[i]!;
    const followedByWs = i + 1 >= n || cp[i + 1] === 0x20 || cp[i + 1] === 0x09;
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowInd = true;
          blockInd = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowInd = true;
          if (followedByWs) blockInd = true;
          break;
        case 0x2d: // -
          if (followedByWs) {
            flowInd = true;
            blockInd = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowInd = true;
          break;
        case 0x3a:
          flowInd = true;
          if (followedByWs) blockInd = true;
          break;
        case 0x23:
          if (precededByWs) {
            flowInd = true;
            blockInd = true;
          }
          break;
      }
    }
    if (c === 0x09 && tabsAllowBlock) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankZ(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || tabs || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const HEXU = '0123456789ABCDEF';

/** Writes one YAML document the way go-yaml's emitter lays it out. */
export class YamlEmitter {
  private out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;

  constructor(private readonly flavor: EmitterFlavor) {}

  /** The document for one root node, ending with a line break. */
  document(root: YamlNode): string {
    this.node(root, false);
    this.writeIndent();
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.flavor.indent : 0;
    else if (!indentless) this.indent += this.flavor.indent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    ind: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out += ind;
    this.column += ind.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private node(n: YamlNode, mappingContext: boolean, simpleKey = false): void {
    if (Array.isArray(n)) this.sequence(n, mappingContext);
    else if (n instanceof YamlMap) this.mapping(n);
    else this.scalar(n, simpleKey);
  }

  private sequence(items: YamlNode[], mappingContext: boolean): void {
    if (items.length === 0 || this.flowLevel > 0) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      // Only empty collections are written in flow style here.
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      return;
    }
    const indentless = mappingContext && !this.indention && !this.flavor.indentSequenceInMapping;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false);
    }
    this.popIndent();
  }

  private mapping(m: YamlMap): void {
    if (m.entries.length === 0 || this.flowLevel > 0) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of m.entries) {
      this.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, true, false);
    }
    this.popIndent();
  }

  private isSimpleKey(k: YamlNode): boolean {
    if (Array.isArray(k)) return k.length === 0;
    if (k instanceof YamlMap) return k.entries.length === 0;
    const text = typeof k === 'string' ? k : k.text;
    if (analyze(codePoints(text)).multiline) return false;
    return utf8Length(text) <= 128;
  }

  private scalar(n: string | YamlPlain, simpleKey: boolean): void {
    const text = typeof n === 'string' ? n : n.text;
    const requested: Style = typeof n === 'string' ? this.flavor.stringStyle(n) : 'plain';
    const cp = codePoints(text);
    const a = analyze(cp, this.flavor.tabsAllowBlock);
    let style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (cp.length === 0 && (this.flowLevel > 0 || simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.single) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    // Fast path: a plain scalar too short to reach the fold width is written as is.
    if (style === 'plain' && this.column + 1 + cp.length <= this.flavor.width) {
      if (!this.whitespace) this.put(' ');
      this.out += text;
      this.column += cp.length;
      this.whitespace = false;
      this.indention = false;
      this.popIndent();
      return;
    }
    switch (style) {
      case 'plain':
        this.writePlain(cp, allowBreaks);
        break;
      case 'single':
        this.writeSingle(cp, allowBreaks);
        break;
      case 'double':
        this.writeDouble(cp, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(cp);
        break;
    }
    this.popIndent();
  }

  private writeChar(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  /** write_break: a line break character copied from the value. */
  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.writeChar(c);
      this.column = 0;
    }
  }

  private writePlain(cp: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    const width = this.flavor.width;
    for (let i = 0; i < cp.length; i++) {
      const c = cp[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > width && cp[i + 1] !== 0x20) this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(cp: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const width = this.flavor.width;
    for (let i = 0; i < cp.length; i++) {
      const c = cp[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > width && i > 0 && i < cp.length - 1 && cp[i + 1] !== 0x20)
          this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(cp: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    const width = this.flavor.width;
    // go-yaml tests for a BOM at the start of the value at every position (a quirk kept here).
    const bom = cp[0] === 0xfeff;
    for (let i = 0; i < cp.length; i++) {
      const c = cp[i]!;
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        this.escape(c);
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > width && i > 0 && i < cp.length - 1) {
          this.writeIndent();
          if (cp[i + 1] === 0x20) this.put('\\');
        } else this.writeChar(c);
        spaces = true;
      } else {
        this.writeChar(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private escape(v: number): void {
    const simple: Record<number, string> = {
      0: '0',
      7: 'a',
      8: 'b',
      9: 't',
      10: 'n',
      11: 'v',
      12: 'f',
      13: 'r',
      27: 'e',
      34: '"',
      92: '\\',
      133: 'N',
      160: '_',
      8232: 'L',
      8233: 'P',
    };
    const s = simple[v];
    if (s !== undefined) {
      this.put(s);
      return;
    }
    let w: number;
    if (v <= 0xff) {
      this.put('x');
      w = 2;
    } else if (v <= 0xffff) {
      this.put('u');
      w = 4;
    } else {
      this.put('U');
      w = 8;
    }
    for (let k = (w - 1) * 4; k >= 0; k -= 4) this.put(HEXU[(v >> k) & 15]!);
  }

  private writeLiteral(cp: number[]): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: an explicit indentation indicator when the text starts with a space or
    // a break, and the chomping indicator from the trailing breaks.
    if (cp.length > 0 && (cp[0] === 0x20 || isBreak(cp[0]!)))
      this.writeIndicator(String(this.flavor.indent), false, false, false);
    let chomp = '';
    if (cp.length === 0) chomp = '-';
    else {
      const last = cp.length - 1;
      if (!isBreak(cp[last]!)) chomp = '-';
      else if (last === 0) chomp = '+';
      else if (isBreak(cp[last - 1]!)) chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cp) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Emits one document with the given flavor. */
export function emitYaml(root: YamlNode, flavor: EmitterFlavor = V2_FLAVOR): string {
  return new YamlEmitter(flavor).document(root);
}
