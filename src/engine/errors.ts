/**
 * Helm's presentation of template errors (pkg/engine/engine.go cleanupParseError and
 * reformatExecErrorMsg): parse errors become `parse error at (FILE:LINE): MSG`; `required` and
 * `fail` become `execution error at (FILE:LINE:COL): MSG`; other execution errors are laid out
 * one location per nesting level (include, tpl), as helm 4 prints them.
 */

/** A render failure, with helm's message. `code` is stable for callers. */
export class RenderError extends Error {
  readonly code: string;
  constructor(
    message: string,
    code: 'ETEMPLATE_PARSE' | 'ETEMPLATE_EXEC' | 'ERENDER',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RenderError';
    this.code = code;
  }
}

const warnStart = 'HELM_ERR_START';
const warnEnd = 'HELM_ERR_END';
const warnRegex = new RegExp(`${warnStart}([\\s\\S]*)${warnEnd}`);

/** Marks a `required`/`fail` message so the engine can show it on its own. */
export function warnWrap(msg: string): string {
  return warnStart + msg + warnEnd;
}

export function cleanupParseError(filename: string, err: Error): RenderError {
  const tokens = err.message.split(': ');
  if (tokens.length === 1)
    return new RenderError(`parse error in (${filename}): ${err.message}`, 'ETEMPLATE_PARSE', { cause: err });
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`, 'ETEMPLATE_PARSE', {
    cause: err,
  });
}

interface Traceable {
  location: string;
  message: string;
  executedFunction: string;
}

function traceableString(t: Traceable): string {
  let s = '';
  if (t.location !== '') s += `${t.location}\n  `;
  if (t.executedFunction !== '') s += `${t.executedFunction}\n    `;
  if (t.message !== '') s += `${t.message}\n`;
  return s;
}

function cutAtTemplate(msg: string): string {
  const cut = msg.indexOf(' template:');
  return cut === -1 ? msg : msg.slice(0, cut);
}

function parseExecErrorString(s: string): Traceable | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return { location: '', message: s, executedFunction: '' };
  const idx = rest.indexOf(': executing ');
  if (idx !== -1) {
    const name = rest.slice(0, idx);
    const after = rest.slice(idx + ': executing '.length);
    if (after.startsWith('"')) {
      const endQuote = after.indexOf('"', 1);
      if (endQuote !== -1) {
        const fn = after.slice(1, endQuote);
        const afterFunc = after.slice(endQuote + 1);
        if (afterFunc.startsWith(' at <')) {
          const afterAt = afterFunc.slice(' at <'.length);
          const endLoc = afterAt.indexOf('>: ');
          if (endLoc !== -1) {
            return {
              location: name,
              message: cutAtTemplate(afterAt.slice(endLoc + 3)),
              executedFunction: `executing "${fn}" at <${afterAt.slice(0, endLoc)}>:`,
            };
          }
        }
      }
    }
    return undefined;
  }
  const sep = rest.lastIndexOf(': ');
  if (sep === -1) return undefined;
  return { location: rest.slice(0, sep), message: cutAtTemplate(rest.slice(sep + 2)), executedFunction: '' };
}

/** The messages of an error and its causes, as Go's errors.Unwrap chain would show them. */
function messageChain(err: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = err;
  while (cur instanceof Error) {
    out.push(cur.message);
    cur = cur.cause;
  }
  return out;
}

export function reformatExecError(filename: string, err: Error): RenderError {
  const tokens = splitN(err.message, ': ', 3);
  if (tokens.length !== 3) {
    return new RenderError(`execution error in (${filename}): ${err.message}`, 'ETEMPLATE_EXEC', {
      cause: err,
    });
  }
  const warn = warnRegex.exec(tokens[2]!);
  if (warn)
    return new RenderError(`execution error at (${tokens[1]}): ${warn[1]}`, 'ETEMPLATE_EXEC', { cause: err });
  const locations: Traceable[] = [];
  for (const msg of messageChain(err)) {
    const t = parseExecErrorString(msg);
    if (!t) return new RenderError(err.message, 'ETEMPLATE_EXEC', { cause: err });
    const last = locations[locations.length - 1];
    if (
      !last ||
      last.location !== t.location ||
      last.message !== t.message ||
      last.executedFunction !== t.executedFunction
    ) {
      locations.push(t);
    }
  }
  return new RenderError(locations.map(traceableString).join('').trim(), 'ETEMPLATE_EXEC', { cause: err });
}

/** Go's strings.SplitN. */
export function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i === -1) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}
