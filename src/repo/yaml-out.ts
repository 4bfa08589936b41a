/**
 * A small go-yaml v2 block emitter, for the files helm writes through sigs.k8s.io/yaml
 * (repositories.yaml, index.yaml, Chart.lock, Chart.yaml in a package, `-o yaml` listings):
 * keys in go-yaml's order, sequences not indented under their key, strings plain when they
 * read back as the same string, else single- or double-quoted, multi-line strings as literal
 * blocks, and long plain or quoted strings folded at column 80 as go-yaml folds them.
 *
 * TODO(encoding toYaml export): switch to the encoding module's emitter once its index exports it.
 */

export type YamlValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | readonly YamlValue[]
  | { readonly [k: string]: YamlValue };

const BEST_WIDTH = 80;

/** go-yaml v2's key order: letters after digits, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

export function sortedKeys(o: object): string[] {
  return Object.keys(o).sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

const BOOLS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' '),
);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT_RE = /^[-+]?(0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|0)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** Whether a plain scalar with this text would read back as something other than this string. */
function readsAsOther(s: string): boolean {
  return (
    NULLS.has(s) ||
    BOOLS.has(s) ||
    INT_RE.test(s) ||
    FLOAT_RE.test(s) ||
    SPECIAL_FLOAT.test(s) ||
    BASE60.test(s) ||
    TIMESTAMP.test(s) ||
    s === '<<'
  );
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const isBreakCp = (c: string | undefined) =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankZ = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreakCp(c);

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  blockPlain: boolean;
  single: boolean;
  block: boolean;
  multiline: boolean;
}

function analyze(s: string): Analysis {
  if (s === '') return { blockPlain: true, single: true, block: false, multiline: false };
  const cs = [...s];
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const followedByWs = isBlankZ(cs[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':') && followedByWs) blockIndicators = true;
      else if (c === '-' && followedByWs) blockIndicators = true;
    } else if (c === ':' && followedByWs) blockIndicators = true;
    else if (c === '#' && precededByWs) blockIndicators = true;
    const cp = c.codePointAt(0)!;
    if (!isPrintable(cp) || cp === 0xfeff) special = true;
    if (isBreakCp(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === cs.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cs.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankZ(c);
  }
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    single = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockIndicators) blockPlain = false;
  return { blockPlain, single, block, multiline: lineBreaks };
}

function chooseStyle(s: string, simpleKey: boolean): Style {
  const a = analyze(s);
  let style: Style = readsAsOther(s) ? 'double' : s.includes('\n') ? 'literal' : 'plain';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s === '' && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Writes scalars with go-yaml's folding, tracking the output column. */
class Writer {
  out = '';
  column = 0;

  put(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }
  indent(n: number): void {
    this.out += `\n${' '.repeat(n)}`;
    this.column = n;
  }
  newline(): void {
    this.out += '\n';
    this.column = 0;
  }

  scalar(s: string, indent: number, simpleKey: boolean): void {
    const style = chooseStyle(s, simpleKey);
    const cs = [...s];
    const breaks = !simpleKey;
    if (style === 'plain') {
      let spaces = false;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        if (c === ' ') {
          if (breaks && !spaces && this.column > BEST_WIDTH && cs[i + 1] !== ' ') this.indent(indent);
          else this.put(c);
          spaces = true;
        } else {
          this.put(c);
          spaces = false;
        }
      }
    } else if (style === 'single') {
      this.put("'");
      let spaces = false;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        if (c === ' ') {
          if (
            breaks &&
            !spaces &&
            this.column > BEST_WIDTH &&
            i !== 0 &&
            i !== cs.length - 1 &&
            cs[i + 1] !== ' '
          )
            this.indent(indent);
          else this.put(c);
          spaces = true;
        } else {
          this.put(c === "'" ? "''" : c);
          spaces = false;
        }
      }
      this.put("'");
    } else if (style === 'double') {
      this.put('"');
      let spaces = false;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        const cp = c.codePointAt(0)!;
        if (!isPrintable(cp) || cp === 0xfeff || isBreakCp(c) || c === '"' || c === '\\') {
          const e = ESCAPES[c];
          if (e !== undefined) this.put(`\\${e}`);
          else if (cp <= 0xff) this.put(`\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`);
          else if (cp <= 0xffff) this.put(`\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`);
          else this.put(`\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`);
          spaces = false;
        } else if (c === ' ') {
          if (breaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cs.length - 1) {
            this.indent(indent);
            if (cs[i + 1] === ' ') this.put('\\');
          } else this.put(c);
          spaces = true;
        } else {
          this.put(c);
          spaces = false;
        }
      }
      this.put('"');
    } else {
      let chomp = '';
      if (!s.endsWith('\n')) chomp = '-';
      else if (s === '\n' || s.endsWith('\n\n')) chomp = '+';
      const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
      this.put(`|${hint}${chomp}`);
      const body = s.endsWith('\n') ? s.slice(0, -1) : s;
      for (const line of body.split('\n')) {
        if (line === '') this.newline();
        else {
          this.indent(indent);
          this.put(line);
        }
      }
    }
  }
}

function isMapping(v: YamlValue): v is { readonly [k: string]: YamlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: YamlValue): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  return undefined;
}

function emitNode(w: Writer, v: YamlValue, indent: number, inSeq: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      w.put(' []');
      return;
    }
    // A sequence under a mapping key is not indented; one inside a sequence starts inline.
    for (const [i, item] of v.entries()) {
      if (!(inSeq && i === 0)) w.indent(indent);
      w.put('-');
      emitItem(w, item, indent + 2);
    }
    return;
  }
  if (isMapping(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) {
      w.put(' {}');
      return;
    }
    for (const [i, k] of keys.entries()) {
      if (!(inSeq && i === 0)) w.indent(indent);
      w.scalar(k, indent, true);
      w.put(':');
      emitValue(w, v[k] as YamlValue, indent);
    }
  }
}

/** The value of `key:` at `indent`. */
function emitValue(w: Writer, v: YamlValue, indent: number): void {
  if (Array.isArray(v)) {
    if (v.length === 0) w.put(' []');
    else emitNode(w, v, indent, false);
  } else if (isMapping(v)) {
    if (Object.keys(v).length === 0) w.put(' {}');
    else emitNode(w, v, indent + 2, false);
  } else {
    w.put(' ');
    const t = scalarText(v);
    if (t !== undefined) w.put(t);
    else w.scalar(v as string, indent + 2, false);
  }
}

/** The item after `- ` whose content starts at `indent`. */
function emitItem(w: Writer, v: YamlValue, indent: number): void {
  if ((Array.isArray(v) && v.length > 0) || (isMapping(v) && Object.keys(v).length > 0)) {
    w.put(' ');
    emitNode(w, v, indent, true);
  } else if (Array.isArray(v)) w.put(' []');
  else if (isMapping(v)) w.put(' {}');
  else {
    w.put(' ');
    const t = scalarText(v);
    if (t !== undefined) w.put(t);
    else w.scalar(v as string, indent, false);
  }
}

/** The document go-yaml v2 writes for `v` (ends with a line break). */
export function toYaml(v: YamlValue): string {
  const w = new Writer();
  if (Array.isArray(v) && v.length > 0) {
    emitNode(w, v, 0, true);
  } else if (isMapping(v) && Object.keys(v).length > 0) {
    emitNode(w, v, 0, true);
  } else if (Array.isArray(v)) return '[]\n';
  else if (isMapping(v)) return '{}\n';
  else {
    const t = scalarText(v);
    if (t !== undefined) return `${t}\n`;
    w.scalar(v as string, 0, false);
  }
  return `${w.out}\n`;
}
