/**
 * A fast reader for the block YAML that go-yaml writes (repository index files run to tens
 * of megabytes; the general parser is too slow for them). It understands block mappings and
 * sequences, plain/quoted scalars folded over several lines, literal blocks and empty flow
 * collections, and gives values as sigs.k8s.io/yaml would (booleans, null, numbers).
 * Anything else — anchors, tags, flow content, complex keys — makes it give up (returns
 * undefined) so the caller falls back to the full parser.
 */

class Bail extends Error {}

const BOOL_TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y']);
const BOOL_FALSE = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N']);
const NUM = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function plainValue(s: string): unknown {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (BOOL_TRUE.has(s)) return true;
  if (BOOL_FALSE.has(s)) return false;
  if (NUM.test(s)) return Number(s);
  if (/^(0x|0o|0b|[-+]?\.(inf|nan))/i.test(s) || /^\d[\d_]*(:[0-5]?\d)+/.test(s)) throw new Bail();
  const c = s[0]!;
  if ('&*!|>%@`{['.includes(c)) throw new Bail();
  return s;
}

const ESC: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

class Reader {
  i = 0;
  constructor(readonly lines: string[]) {}

  indentOf(line: string): number {
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (line[n] === '\t') throw new Bail();
    return n;
  }

  /** Skips blank and comment lines; returns the index of the next content line. */
  next(): number {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      let k = 0;
      while (l.charCodeAt(k) === 32) k++;
      if (k === l.length || l.charCodeAt(k) === 35) this.i++;
      else break;
    }
    return this.i;
  }

  node(indent: number): unknown {
    const at = this.next();
    if (at >= this.lines.length) return null;
    const line = this.lines[at]!;
    const ind = this.indentOf(line);
    if (ind < indent) return null;
    const body = line.slice(ind);
    if (body === '-' || body.startsWith('- ')) return this.seq(ind);
    return this.map(ind);
  }

  seq(ind: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const at = this.next();
      if (at >= this.lines.length) break;
      const line = this.lines[at]!;
      const li = this.indentOf(line);
      const body = line.slice(li);
      if (li !== ind || !(body === '-' || body.startsWith('- '))) {
        if (li > ind) throw new Bail();
        break;
      }
      const rest = body === '-' ? '' : body.slice(2).trimStart();
      const restIndent = ind + body.length - rest.length;
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        out.push(this.node(ind + 1));
      } else if (rest.startsWith('- ') || rest === '-') {
        throw new Bail();
      } else if (this.keyOf(rest)) {
        // "- key: value": a mapping whose first key sits on the dash line.
        this.lines[at] = ' '.repeat(restIndent) + rest;
        out.push(this.map(restIndent));
      } else {
        out.push(this.scalar(rest, ind, at));
      }
    }
    return out;
  }

  keyOf(s: string): { key: string; rest: string } | undefined {
    let key: string;
    let after: number;
    if (s[0] === '"' || s[0] === "'") {
      const q = s[0];
      let j = 1;
      while (j < s.length) {
        if (q === '"' && s[j] === '\\') j += 2;
        else if (s[j] === q) {
          if (q === "'" && s[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      if (j >= s.length) return undefined;
      if (s[j + 1] !== ':' || !(s[j + 2] === undefined || s[j + 2] === ' ')) return undefined;
      key = q === '"' ? this.dq(s.slice(1, j)) : s.slice(1, j).replaceAll("''", "'");
      after = j + 2;
    } else {
      const m = /^([^\s#'"?&*!|>%@`{}[\],][^:#]*?|[^\s#'"?&*!|>%@`{}[\],])\s*:(?: |$)/.exec(s);
      if (!m) return undefined;
      key = m[1]!;
      after = m[0].length;
    }
    return { key, rest: s.slice(after).trim() };
  }

  map(ind: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const at = this.next();
      if (at >= this.lines.length) break;
      const line = this.lines[at]!;
      const li = this.indentOf(line);
      if (li < ind) break;
      if (li > ind) throw new Bail();
      const body = line.slice(li);
      if (body.startsWith('- ') || body === '-') break;
      const kv = this.keyOf(body);
      if (!kv) throw new Bail();
      if (kv.key === '<<') throw new Bail();
      const rest = kv.rest;
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        const n = this.next();
        if (n < this.lines.length) {
          const nl = this.lines[n]!;
          const ni = this.indentOf(nl);
          const nb = nl.slice(ni);
          if (ni > ind) out[kv.key] = this.node(ni);
          else if (ni === ind && (nb.startsWith('- ') || nb === '-')) out[kv.key] = this.seq(ind);
          else out[kv.key] = null;
        } else out[kv.key] = null;
      } else {
        out[kv.key] = this.scalar(rest, ind, at);
      }
    }
    return out;
  }

  /** The scalar starting with `first` on line `at`; continuation lines are more indented than `ind`. */
  scalar(first: string, ind: number, at: number): unknown {
    this.i = at + 1;
    if (first === '[]') return [];
    if (first === '{}') return {};
    const c = first[0]!;
    if (c === '|') return this.literal(first, ind);
    if (c === '>' || c === '[' || c === '{' || c === '&' || c === '*' || c === '!') throw new Bail();
    if (c === '"' || c === "'") {
      let text = first;
      while (!this.closed(text, c)) {
        if (this.i >= this.lines.length) throw new Bail();
        text += `\n${this.lines[this.i++]}`;
      }
      const end = this.closeAt(text, c);
      const tail = text.slice(end + 1).trim();
      if (tail !== '' && !tail.startsWith('#')) throw new Bail();
      const inner = this.fold(text.slice(1, end));
      return c === '"' ? this.dq(inner) : inner.replaceAll("''", "'");
    }
    // plain, maybe folded over more-indented lines
    let text = first.replace(/\s+#.*$/, '');
    const parts = [text];
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      const t = l.trim();
      if (t === '') {
        parts.push('');
        this.i++;
        continue;
      }
      if (this.indentOf(l) <= ind || t.startsWith('#')) break;
      if (/(^|\s)#/.test(t) || /:(\s|$)/.test(t)) throw new Bail();
      parts.push(t);
      this.i++;
    }
    while (parts.length > 1 && parts[parts.length - 1] === '') {
      parts.pop();
      this.i--;
      while (this.i > at + 1 && this.lines[this.i - 1]!.trim() === '') this.i--;
      this.next();
      break;
    }
    text = this.joinFolded(parts);
    return plainValue(text);
  }

  joinFolded(parts: string[]): string {
    let out = parts[0]!;
    let blanks = 0;
    for (const p of parts.slice(1)) {
      if (p === '') {
        blanks++;
        continue;
      }
      out += blanks > 0 ? '\n'.repeat(blanks) + p : ` ${p}`;
      blanks = 0;
    }
    return out;
  }

  fold(s: string): string {
    if (!s.includes('\n')) return s;
    const lines = s.split('\n');
    const parts = [lines[0]!.replace(/[ \t]+$/, ''), ...lines.slice(1).map((l) => l.trim())];
    let out = parts[0]!;
    let blanks = 0;
    for (let k = 1; k < parts.length; k++) {
      const p = parts[k]!;
      if (p === '' && k < parts.length - 1) {
        blanks++;
        continue;
      }
      if (out.endsWith('\\') && !out.endsWith('\\\\')) out = out.slice(0, -1) + p;
      else out += blanks > 0 ? '\n'.repeat(blanks) + p : ` ${p}`;
      blanks = 0;
    }
    return out;
  }

  closeAt(s: string, q: string): number {
    let j = 1;
    while (j < s.length) {
      if (q === '"' && s[j] === '\\') j += 2;
      else if (s[j] === q) {
        if (q === "'" && s[j + 1] === "'") j += 2;
        else return j;
      } else j++;
    }
    return -1;
  }

  closed(s: string, q: string): boolean {
    return this.closeAt(s, q) !== -1;
  }

  dq(s: string): string {
    if (!s.includes('\\')) return s;
    return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
      if (e.length > 1) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
      const r = ESC[e];
      if (r === undefined) throw new Bail();
      return r;
    });
  }

  literal(header: string, ind: number): string {
    const m = /^\|([+-]?)(\d?)([+-]?)\s*(#.*)?$/.exec(header);
    if (!m) throw new Bail();
    const chomp = m[1] || m[3] || '';
    const lines: string[] = [];
    let blockIndent = m[2] ? ind + Number(m[2]) : -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      if (l.trim() === '') {
        lines.push('');
        this.i++;
        continue;
      }
      const li = this.indentOf(l);
      if (blockIndent < 0) blockIndent = li;
      if (li < blockIndent || li <= ind) break;
      lines.push(l.slice(blockIndent));
      this.i++;
    }
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      lines.pop();
      trailing++;
    }
    // the empty string after the document's final line break is not a blank line
    if (this.i >= this.lines.length && this.lines[this.lines.length - 1] === '' && trailing > 0) trailing--;
    let text = lines.join('\n');
    if (lines.length === 0) return '';
    if (chomp === '-') return text;
    if (chomp === '+') text += '\n'.repeat(trailing + 1);
    else text += '\n';
    return text;
  }
}

/** The document as sigs.k8s.io/yaml would decode it, or undefined when it is not simple enough. */
export function fastYaml(text: string): unknown {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || lines[start]!.startsWith('#'))) start++;
  if (lines[start] === '---') lines[start] = '';
  if (lines.some((l, k) => k > start && (l === '---' || l === '...'))) return undefined;
  try {
    const r = new Reader(lines);
    const v = r.node(0);
    if (r.next() < lines.length) return undefined;
    return v;
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}
