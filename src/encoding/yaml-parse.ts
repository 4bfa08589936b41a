/**
 * YAML → Go values with sigs.k8s.io/yaml semantics.
 * INTERIM implementation on top of the `yaml` package; being replaced by an exact one.
 */
import { parseAllDocuments } from 'yaml';

export interface YamlParseOptions {
  /** Shown in error messages. */
  filename?: string;
}

/** A YAML syntax error with its location (1-based line and column). */
export class YamlSyntaxError extends Error {
  readonly code = 'EYAML';
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file ? `${file}:${line}:${column}: ` : ''}${message}`);
    this.name = 'YamlSyntaxError';
  }
}

function toGo(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toGo);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = toGo(x);
    return o;
  }
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) o[k] = toGo(x);
    return o;
  }
  return v;
}

/** All documents of a YAML stream. */
export function parseYamlAll(text: string, opts: YamlParseOptions = {}): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((d) => {
    const err = d.errors[0];
    if (err) {
      const [line, column] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [1, 1];
      throw new YamlSyntaxError(err.message.split('\n')[0]!, opts.filename, line, column);
    }
    return toGo(d.toJS({ maxAliasCount: 10_000 }));
  });
}

/** The first document of a YAML stream (null for an empty one). */
export function parseYaml(text: string, opts: YamlParseOptions = {}): unknown {
  return parseYamlAll(text, opts)[0] ?? null;
}
