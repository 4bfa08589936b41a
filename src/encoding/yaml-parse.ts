/**
 * YAML → Go values with sigs.k8s.io/yaml semantics: go-yaml v2 reads the document (YAML 1.1
 * scalars, `<<` merges, aliases), then the result goes through JSON, so every number becomes a
 * float64 (`number`), non-string keys take their string form, and NaN/Inf are errors.
 *
 * The scanner and parser reproduce libyaml (yaml-scanner.ts, yaml-parser.ts), so the same
 * documents are accepted and errors read as helm's:
 * `error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context`.
 */

import type { GoMap } from './go-values.js';
import { DecodeError, Decoder } from './yaml-decode.js';
import { YamlParser } from './yaml-parser.js';
import { LibyamlError } from './yaml-scanner.js';

export interface YamlParseOptions {
  /** Kept on errors, for callers' messages. */
  filename?: string;
}

/**
 * A YAML document that cannot be read, with Go's message (what helm prints after its own
 * prefix) and the 1-based line and column of the problem.
 */
export class YamlSyntaxError extends Error {
  readonly code = 'EYAML';
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

const CONVERT = 'error converting YAML to JSON: ';

/** Characters libyaml's reader refuses. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g;

/** libyaml decodes its input in chunks ahead of the scanner; a bad character there fails first. */
const READ_AHEAD = 1024;

function readerCheck(text: string, upTo: number, opts: YamlParseOptions): void {
  FORBIDDEN.lastIndex = 0;
  const m = FORBIDDEN.exec(text);
  if (m && m.index <= upTo + READ_AHEAD)
    throw new YamlSyntaxError(`${CONVERT}yaml: control characters are not allowed`, opts.filename, 1, 1);
}

/** go-yaml's "yaml: line N: problem" for a scanner or parser error. */
function libyamlMessage(e: LibyamlError): string {
  let line = 0;
  if (e.problemMark.line !== 0) line = e.problemMark.line + (e.kind === 'scanner' ? 1 : 0);
  else if (e.contextMark && e.contextMark.line !== 0) line = e.contextMark.line;
  return `yaml: ${line !== 0 ? `line ${line}: ` : ''}${e.problem}`;
}

function wrap(e: unknown, text: string, p: YamlParser, opts: YamlParseOptions): never {
  if (e instanceof LibyamlError) {
    readerCheck(text, p.scanner.offset, opts);
    throw new YamlSyntaxError(
      `${CONVERT}${libyamlMessage(e)}`,
      opts.filename,
      e.problemMark.line + 1,
      e.problemMark.column + 1,
    );
  }
  if (e instanceof DecodeError) throw new YamlSyntaxError(`${CONVERT}${e.message}`, opts.filename, e.line, 1);
  throw e;
}

/** All documents of a YAML stream, each as sigs.k8s.io/yaml.Unmarshal would give it. */
export function parseYamlAll(text: string, opts: YamlParseOptions = {}): unknown[] {
  const p = new YamlParser(text);
  const out: unknown[] = [];
  try {
    for (;;) {
      const root = p.nextDocument();
      if (root === undefined) break;
      out.push(new Decoder().decode(root));
    }
  } catch (e) {
    wrap(e, text, p, opts);
  }
  readerCheck(text, text.length, opts);
  return out;
}

/**
 * The first document of a YAML stream (null for an empty one), as sigs.k8s.io/yaml.Unmarshal
 * into an interface{} gives it. Like go-yaml, the rest of the stream is not read.
 */
export function parseYaml(text: string, opts: YamlParseOptions = {}): unknown {
  const p = new YamlParser(text);
  let v: unknown = null;
  try {
    const root = p.nextDocument();
    if (root !== undefined) {
      readerCheck(text, p.scanner.offset, opts);
      v = new Decoder().decode(root);
    }
  } catch (e) {
    wrap(e, text, p, opts);
  }
  readerCheck(text, p.scanner.offset, opts);
  return v;
}

const JSON_KIND: Record<string, string> = { string: 'string', number: 'number', boolean: 'bool' };

/**
 * sigs.k8s.io/yaml.Unmarshal into a map[string]interface{} (helm's values files, fromYaml):
 * an empty document is an empty map; any other non-mapping is Go's JSON type error.
 */
export function parseYamlMap(text: string, opts: YamlParseOptions = {}): GoMap {
  const v = parseYaml(text, opts);
  if (v === null || v === undefined) return {};
  if (typeof v === 'object' && !Array.isArray(v)) return v as GoMap;
  const kind = Array.isArray(v) ? 'array' : JSON_KIND[typeof v]!;
  throw new YamlSyntaxError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    opts.filename,
    1,
    1,
  );
}

/** sigs.k8s.io/yaml.Unmarshal into a []interface{} (fromYamlArray). */
export function parseYamlArray(text: string, opts: YamlParseOptions = {}): unknown[] {
  const v = parseYaml(text, opts);
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  const kind = typeof v === 'object' ? 'object' : JSON_KIND[typeof v]!;
  throw new YamlSyntaxError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type []interface {}`,
    opts.filename,
    1,
    1,
  );
}
