/**
 * The user's values from the command line, merged in helm's order (pkg/cli/values MergeValues):
 * every `-f` file in turn, then `--set-json`, `--set`, `--set-string`, `--set-file`,
 * `--set-literal`. Later sources win; maps merge key by key.
 */
import { parseGoJson, parseYamlMap, YamlSyntaxError } from '../encoding/index.js';
import { type GoMap, isMap } from '../gotemplate/index.js';
import { copyMap } from './copy.js';
import { getKey, hasKey, setKey } from './map-util.js';
import { parseSet, parseSetFile, parseSetJson, parseSetString } from './strvals.js';
import { parseSetLiteral } from './strvals-literal.js';

/** A values source that helm refused; `message` is helm's full text ("failed parsing --set data: …"). */
export class ValuesError extends Error {
  readonly code: 'EVALUES_PARSE' | 'EVALUES_SET' | 'EVALUES_READ';
  constructor(code: ValuesError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ValuesError';
    this.code = code;
  }
}

/** loader.MergeMaps: a new map with `b` merged over `a`, recursing where both sides are maps. */
export function mergeMaps(a: GoMap | null | undefined, b: GoMap | null | undefined): GoMap {
  const out = copyMap(a ?? {});
  for (const k of Object.keys(b ?? {})) {
    const v = (b as GoMap)[k];
    if (isMap(v) && hasKey(out, k)) {
      const bv = getKey(out, k);
      if (isMap(bv)) {
        setKey(out, k, mergeMaps(bv, v));
        continue;
      }
    }
    setKey(out, k, v);
  }
  return out;
}

/**
 * The documents of a values file as helm's YAMLReader cuts them: at lines starting with `---`
 * (only blanks or a comment may follow), skipping empty ones. `startLine` is 1-based.
 */
export function splitYamlDocuments(text: string): { text: string; startLine: number }[] {
  const out: { text: string; startLine: number }[] = [];
  const lines = text.split(/(?<=\n)/);
  let buf = '';
  let start = 1;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && !rest.startsWith('#'))
        throw new ValuesError(
          'EVALUES_PARSE',
          `error reading yaml document: invalid Yaml document separator: ${rest}`,
        );
      if (buf.length > 0) out.push({ text: buf, startLine: start });
      buf = '';
      start = i + 2;
      continue;
    }
    if (buf.length === 0) start = i + 1;
    buf += line;
  }
  if (buf.length > 0) out.push({ text: buf, startLine: start });
  return out;
}

/**
 * loader.LoadValues: every document of `text` must be a map (or empty); the documents are
 * merged in order. Errors carry helm's text and, after it, where the problem is
 * (`(at values.yaml:4:3)`). `firstDocumentOnly` is helm v3's reading of `-f` files.
 */
export function loadValues(
  text: string,
  filename?: string,
  opts: { firstDocumentOnly?: boolean } = {},
): GoMap {
  if (opts.firstDocumentOnly) return parseChunk(text, 1, filename, '');
  let values: GoMap = {};
  for (const doc of splitYamlDocuments(text)) {
    values = mergeMaps(
      values,
      parseChunk(doc.text, doc.startLine, filename, 'cannot unmarshal yaml document: '),
    );
  }
  return values;
}

function parseChunk(text: string, startLine: number, filename: string | undefined, prefix: string): GoMap {
  try {
    return parseYamlMap(text, filename === undefined ? {} : { filename });
  } catch (e) {
    if (e instanceof YamlSyntaxError && !e.message.startsWith('error unmarshaling JSON')) {
      const where = `${e.file ?? filename ?? '<values>'}:${e.line + startLine - 1}:${e.column}`;
      throw new ValuesError('EVALUES_PARSE', `${prefix}${e.message} (at ${where})`, { cause: e });
    }
    throw new ValuesError('EVALUES_PARSE', `${prefix}${(e as Error).message}`, { cause: e });
  }
}

export interface ValueFile {
  /** Shown in errors, as helm shows the path given to `-f`. */
  name: string;
  content: string;
}

export interface ValuesOptions {
  /** `-f/--values`, in order. */
  valueFiles?: readonly ValueFile[];
  /** `--set-json`. */
  setJson?: readonly string[];
  /** `--set`. */
  set?: readonly string[];
  /** `--set-string`. */
  setString?: readonly string[];
  /** `--set-file` (`key=path`); `readFile` turns a path into its contents. */
  setFile?: readonly string[];
  /** `--set-literal`. */
  setLiteral?: readonly string[];
  /** Reads a `--set-file` path; throw an Error whose message helm would print ("open x: no such file or directory"). */
  readFile?: (path: string) => string;
  /**
   * helm v3.17 reads only the first YAML document of a `-f` file and has no `--set-json '{…}'`
   * object form; v4 (the default) merges every document and accepts it.
   */
  helm?: 'v3' | 'v4';
}

/** helm's Options.MergeValues over already-read files. */
export function mergeValues(opts: ValuesOptions): GoMap {
  let base: GoMap = {};
  for (const f of opts.valueFiles ?? []) {
    let current: GoMap;
    try {
      current = loadValues(f.content, f.name, { firstDocumentOnly: opts.helm === 'v3' });
    } catch (e) {
      throw new ValuesError('EVALUES_PARSE', `failed to parse ${f.name}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    base = mergeMaps(base, current);
  }
  for (const value of opts.setJson ?? []) {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') && opts.helm !== 'v3') {
      let parsed: unknown;
      try {
        parsed = parseGoJson(trimmed);
      } catch (e) {
        throw new ValuesError('EVALUES_SET', `failed parsing --set-json data JSON: ${value}`, { cause: e });
      }
      base = mergeMaps(base, isMap(parsed) ? parsed : {});
    } else {
      try {
        parseSetJson(value, base);
      } catch (e) {
        throw new ValuesError('EVALUES_SET', `failed parsing --set-json data ${value}`, { cause: e });
      }
    }
  }
  const each = (list: readonly string[] | undefined, flag: string, parse: (line: string) => void): void => {
    for (const value of list ?? []) {
      try {
        parse(value);
      } catch (e) {
        throw new ValuesError('EVALUES_SET', `failed parsing ${flag} data: ${(e as Error).message}`, {
          cause: e,
        });
      }
    }
  };
  each(opts.set, '--set', (v) => parseSet(v, base));
  each(opts.setString, '--set-string', (v) => parseSetString(v, base));
  each(opts.setFile, '--set-file', (v) =>
    parseSetFile(v, base, (path) => {
      if (!opts.readFile) throw new Error(`open ${path}: no file reader configured`);
      return opts.readFile(path);
    }),
  );
  each(opts.setLiteral, '--set-literal', (v) => parseSetLiteral(v, base));
  return base;
}
