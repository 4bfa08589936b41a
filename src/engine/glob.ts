/**
 * Glob patterns as `.Files.Glob` matches them (gobwas/glob compiled with '/' as separator):
 * `*` any run of non-separator characters, `**` any run including separators, `?` one
 * non-separator character, `[abc]`, `[a-z]`, `[!abc]`, `{a,b}` alternatives, `\` escapes.
 */

export class GlobSyntaxError extends Error {
  readonly code = 'EGLOB';
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Compiles a glob to an anchored regular expression; throws GlobSyntaxError on a malformed pattern. */
export function compileGlob(pattern: string): RegExp {
  let i = 0;
  const parse = (inBraces: boolean): string => {
    let out = '';
    while (i < pattern.length) {
      const ch = pattern[i]!;
      if (inBraces && (ch === ',' || ch === '}')) return out;
      i++;
      switch (ch) {
        case '\\': {
          if (i >= pattern.length) throw new GlobSyntaxError(`unexpected end of pattern: ${pattern}`);
          out += escapeRegExp(pattern[i++]!);
          break;
        }
        case '*':
          if (pattern[i] === '*') {
            i++;
            out += '[\\s\\S]*';
          } else {
            out += '[^/]*';
          }
          break;
        case '?':
          out += '[^/]';
          break;
        case '[': {
          let negate = false;
          if (pattern[i] === '!') {
            negate = true;
            i++;
          }
          let cls = '';
          let closed = false;
          while (i < pattern.length) {
            const c = pattern[i++]!;
            if (c === ']') {
              closed = true;
              break;
            }
            if (c === '\\' && i < pattern.length) cls += escapeRegExp(pattern[i++]!);
            else if (c === '-' && cls !== '') cls += '-';
            else cls += escapeRegExp(c);
          }
          if (!closed || cls === '')
            throw new GlobSyntaxError(`unexpected end of character class: ${pattern}`);
          out += negate ? `[^/${cls}]` : `[${cls}]`;
          break;
        }
        case '{': {
          const alts: string[] = [];
          for (;;) {
            alts.push(parse(true));
            if (i >= pattern.length) throw new GlobSyntaxError(`unclosed alternatives: ${pattern}`);
            if (pattern[i++] === '}') break;
          }
          out += `(?:${alts.join('|')})`;
          break;
        }
        default:
          out += escapeRegExp(ch);
      }
    }
    if (inBraces) throw new GlobSyntaxError(`unclosed alternatives: ${pattern}`);
    return out;
  };
  return new RegExp(`^${parse(false)}$`, 'u');
}
