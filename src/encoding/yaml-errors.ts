/**
 * Go's (libyaml's) wording and line numbers for YAML syntax errors, derived from what the `yaml`
 * package detected. libyaml reports scanner errors at the problem's line (1-based) and parser
 * errors at the 0-based line of the offending token (one less), and omits "line N: " when that
 * number is 0. The common block-structure mistakes map exactly; rarer ones keep the `yaml`
 * package's description under libyaml's framing.
 */
export interface LibyamlError {
  /** Text after "yaml: ". */
  message: string;
  /** 1-based line of the problem, for the error's position fields. */
  physicalLine: number;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

/** "line N: " as go-yaml writes it for a scanner error (n = 0-based line). */
function scannerAt(n0: number, msg: string): string {
  return n0 === 0 ? msg : `line ${n0 + 1}: ${msg}`;
}

/** … and for a parser error. */
function parserAt(n0: number, msg: string): string {
  return n0 === 0 ? msg : `line ${n0}: ${msg}`;
}

/** The line the stream-end token is on (libyaml moves it to a new line after a partial last line). */
function streamEndLine(text: string): number {
  const ls = lines(text);
  return ls[ls.length - 1] === '' ? ls.length - 1 : ls.length;
}

function isBlankOrComment(l: string): boolean {
  const t = l.trim();
  return t === '' || t.startsWith('#');
}

function indentOf(l: string): number {
  return l.length - l.trimStart().length;
}

/** A block-structure error at 1-based line `at`: a missing `-` or a missing key. */
function blockError(ls: string[], at: number): { message: string; physicalLine: number } {
  let target = at;
  while (target <= ls.length && isBlankOrComment(ls[target - 1] ?? '')) target++;
  if (target > ls.length) target = at;
  let prev = target - 1;
  while (prev >= 1 && isBlankOrComment(ls[prev - 1]!)) prev--;
  const cur = ls[target - 1] ?? '';
  const before = prev >= 1 ? ls[prev - 1]! : '';
  const inSeq = /^\s*- /.test(before) || /^\s*-$/.test(before);
  const msg =
    inSeq && indentOf(before) === indentOf(cur) && !/^\s*-( |$)/.test(cur)
      ? "did not find expected '-' indicator"
      : 'did not find expected key';
  return { message: parserAt(target - 1, msg), physicalLine: target };
}

/** The first ": " (or ":" at the end of a line) at or after `offset`, as a 0-based line. */
function nextMappingColon(text: string, offset: number): number | undefined {
  const re = /:(?=[ \t]|\r?\n|$)/g;
  re.lastIndex = offset;
  const m = re.exec(text);
  return m ? lineOf(text, m.index) - 1 : undefined;
}

/**
 * Errors the `yaml` package reports that go-yaml never sees: go-yaml reads only the first
 * document, so a stray closing bracket after it goes unnoticed.
 */
export function ignoredError(code: string, message: string): boolean {
  return code === 'UNEXPECTED_TOKEN' && /flow-(map|seq)-end token in YAML stream/.test(message);
}

export function libyamlError(code: string, message: string, text: string, offset: number): LibyamlError {
  const line = lineOf(text, offset);
  const ls = lines(text);
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const n0 = nextMappingColon(text, offset) ?? line - 1;
      return {
        message: scannerAt(n0, 'mapping values are not allowed in this context'),
        physicalLine: n0 + 1,
      };
    }
    case 'MULTILINE_IMPLICIT_KEY': {
      const colon = (l: string | undefined) =>
        l !== undefined && /:(?=[ \t]|$)/.test(l) && !/^\s*-( |$)/.test(l);
      const here = ls[line - 1];
      let at: number | undefined;
      if (colon(here)) at = line;
      else if (here !== undefined && !/^\s*-( |$)/.test(here) && colon(ls[line])) at = line + 1;
      if (at !== undefined)
        return {
          message: scannerAt(at - 1, 'mapping values are not allowed in this context'),
          physicalLine: at,
        };
      return blockError(ls, line);
    }
    case 'TAB_AS_INDENT': {
      let n = line;
      while (n <= ls.length && !/^ *\t/.test(ls[n - 1]!)) n++;
      if (n > ls.length) n = line;
      return { message: scannerAt(n - 1, 'found character that cannot start any token'), physicalLine: n };
    }
    case 'BAD_SCALAR_START':
      return {
        message: scannerAt(line - 1, 'found character that cannot start any token'),
        physicalLine: line,
      };
    case 'BAD_DQ_ESCAPE':
      return { message: scannerAt(line - 1, 'found unknown escape character'), physicalLine: line };
    case 'MISSING_CHAR':
      if (/quote/.test(message)) {
        const n0 = lineOf(text, text.length) - 1;
        return { message: scannerAt(n0, 'found unexpected end of stream'), physicalLine: n0 + 1 };
      }
      if (/[\]}]/.test(message)) return flowError(message, text);
      break;
    case 'BAD_INDENT':
      if (/^Flow (sequence|map)/.test(message)) return flowError(message, text);
      return blockError(ls, line);
    case 'UNEXPECTED_TOKEN':
      return blockError(ls, line);
  }
  return {
    message: scannerAt(line - 1, message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')),
    physicalLine: line,
  };
}

function flowError(message: string, text: string): LibyamlError {
  const n0 = streamEndLine(text);
  const close = /sequence|\]/.test(message) ? "']'" : "'}'";
  return { message: parserAt(n0, `did not find expected ',' or ${close}`), physicalLine: n0 + 1 };
}

/** Characters libyaml's reader refuses anywhere in the input. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** The reader's error for the input, if any. */
export function readerError(text: string): string | undefined {
  return FORBIDDEN.test(text) ? 'control characters are not allowed' : undefined;
}
