/**
 * Word-case conversions as Sprig gets them from huandu/xstrings v1.5 (`snakecase`,
 * `kebabcase`, `camelcase` = ToPascalCase) and Masterminds/goutils (`swapcase`, `untitle`).
 */
import {
  isLetter,
  isLower,
  isNumber,
  isPunct,
  isSpace,
  isTitle,
  isUpper,
  toLowerRune,
  toTitleRune,
  toUpperRune,
} from './gostrings.js';

const isConnector = (r: string): boolean => r === '-' || r === '_' || isSpace(r.codePointAt(0)!);

/** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const c = r.codePointAt(0)!;
  if (c < 0x3400) return true;
  if (c >= 0x4e00 && c <= 0x9fcc) return false;
  if (c >= 0x3400 && c <= 0x4d85) return false;
  if (c >= 0x20000 && c <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToPascalCase: words split at `-`, `_` and spaces, each capitalised, all-caps words lowered. */
export function toPascalCase(str: string): string {
  const runes = [...str];
  if (runes.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  // Leading connectors are kept.
  for (; i < runes.length; i++) {
    r0 = runes[i]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      i++;
      break;
    }
    out += r0;
  }
  if (i >= runes.length) {
    // Only connectors, or a single rune after them: xstrings writes the last rune (again).
    return out + r0;
  }
  for (; i < runes.length; i++) {
    const r1 = r0;
    r0 = runes[i]!;
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

enum W {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

interface Word {
  t: W;
  word: string[];
  rest: string[];
}

function nextWord(s: string[]): Word {
  if (s.length === 0) return { t: W.Invalid, word: [], rest: [] };
  const r = s[0]!;
  let n = 1;
  const take = (pred: (x: string) => boolean): void => {
    while (n < s.length && pred(s[n]!)) n++;
  };
  let t: W;
  if (isConnector(r)) {
    t = W.Connector;
    take(isConnector);
  } else if (isPunct(r)) {
    t = W.Punct;
    take(isPunct);
  } else if (isUpper(r)) {
    t = W.Upper;
    if (n < s.length) {
      const r2 = s[n]!;
      if (isUpper(r2)) {
        take(isUpper);
        // "HTTPStatus" splits into "HTTP" and "Status".
        if (n < s.length && isAlphabet(s[n]!)) n--;
      } else if (isAlphabet(r2)) {
        take((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    t = W.Alphabet;
    take((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    t = W.Number;
    take(isNumber);
  } else {
    t = W.Other;
    take((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  }
  return { t, word: s.slice(0, n), rest: s.slice(n) };
}

function lowerWord(t: W, word: string[], connector: string): string {
  if (t !== W.Upper && t !== W.Connector) return word.join('');
  return word.map((r) => (isConnector(r) ? connector : isUpper(r) ? toLowerRune(r) : r)).join('');
}

/** xstrings' camelCaseToLowerCase behind ToSnakeCase ('_') and ToKebabCase ('-'). */
export function toDelimitedLower(str: string, connector: string): string {
  if (str === '') return '';
  let out = '';
  let { t, word, rest } = nextWord([...str]);
  while (rest.length > 0) {
    if (t !== W.Connector) out += lowerWord(t, word, connector);
    const prev = t;
    const last = word;
    ({ t, word, rest } = nextWord(rest));
    if (prev === W.Number) {
      while (t === W.Alphabet || t === W.Number) {
        out += lowerWord(t, word, connector);
        ({ t, word, rest } = nextWord(rest));
      }
      if (t !== W.Invalid && t !== W.Punct && t !== W.Connector) out += connector;
    } else if (prev === W.Connector) {
      out += lowerWord(prev, last, connector);
    } else if (prev === W.Punct) {
      // nothing
    } else {
      if (t !== W.Number) {
        if (t !== W.Connector && t !== W.Punct) out += connector;
        continue;
      }
      if (rest.length === 0) continue;
      const num = word;
      ({ t, word, rest } = nextWord(rest));
      // A number followed by something other than letters belongs to the previous word ("Bld4Floor").
      if (t !== W.Alphabet) {
        out += lowerWord(W.Number, num, connector);
        if (t !== W.Connector && t !== W.Punct) out += connector;
        continue;
      }
      // Letters after a number start a new word with it ("HTTP2xx" → "http_2xx").
      out += connector + lowerWord(W.Number, num, connector);
      while (t === W.Alphabet || t === W.Number) {
        out += lowerWord(t, word, connector);
        ({ t, word, rest } = nextWord(rest));
      }
      if (t !== W.Invalid && t !== W.Connector && t !== W.Punct) out += connector;
    }
  }
  return out + lowerWord(t, word, connector);
}

/** goutils.SwapCase: upper/title → lower; lower → title after whitespace, else upper. */
export function swapCase(str: string): string {
  let out = '';
  let whitespace = true;
  for (const ch of str) {
    if (isUpper(ch) || isTitle(ch)) {
      out += toLowerRune(ch);
      whitespace = false;
    } else if (isLower(ch)) {
      out += whitespace ? toTitleRune(ch) : toUpperRune(ch);
      whitespace = false;
    } else {
      out += ch;
      whitespace = isSpace(ch.codePointAt(0)!);
    }
  }
  return out;
}

/** goutils.Uncapitalize: lower-cases the first rune of each whitespace-separated word. */
export function uncapitalize(str: string): string {
  let out = '';
  let next = true;
  for (const ch of str) {
    if (isSpace(ch.codePointAt(0)!)) {
      next = true;
      out += ch;
    } else if (next) {
      out += toLowerRune(ch);
      next = false;
    } else {
      out += ch;
    }
  }
  return out;
}
