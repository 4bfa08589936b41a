/**
 * Validation of the state file against schema/releases.schema.json (ajv, draft 2020-12), with
 * every problem located at file:line:column through the `yaml` package's document and
 * LineCounter, and said in words: the path, what was expected, and a close key when a key is
 * unknown.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { type Document, isMap, isPair, isScalar, type LineCounter, type Node } from 'yaml';
import { type SchemaProblem, StateSchemaError } from './errors.js';
import { didYouMean } from './suggest.js';

export const STATE_SCHEMA_URL = new URL('../../schema/releases.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process: the schema is a constant file shipped with bosun.
  if (!compiled) {
    const schema = JSON.parse(readFileSync(STATE_SCHEMA_URL, 'utf8')) as object;
    const Ctor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (
      o: object,
    ) => { compile(s: object): ValidateFunction };
    compiled = new Ctor({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true }).compile(
      schema,
    );
  }
  return compiled;
}

/** Where a document's text sits in the file (a part after `---` starts at a later line). */
export interface DocLocation {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Added to every line (the part's first line − 1). */
  readonly lineOffset: number;
  /** Set when the text was rendered from a template: positions refer to the rendered text. */
  readonly rendered?: boolean;
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function nodeAt(doc: Document, path: readonly string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (!node || typeof node !== 'object' || !('items' in node)) return undefined;
    const items = (node as { items: unknown[] }).items;
    if (isMap(node)) {
      const pair = items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      node = isPair(pair) ? pair.value : undefined;
    } else {
      node = items[Number(seg)];
    }
  }
  return node as Node | undefined;
}

function keyNode(doc: Document, path: readonly string[], key: string): Node | undefined {
  const parent = nodeAt(doc, path);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair?.key as Node | undefined;
}

function locate(loc: DocLocation, node: Node | undefined | null): { line: number; column: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 0, column: 0 };
  const p = loc.lineCounter.linePos(offset);
  return { line: p.line + loc.lineOffset, column: p.col };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let cur = data;
  for (const seg of path) cur = (cur as Record<string, unknown> | undefined)?.[seg];
  return cur;
}

function describe(e: ErrorObject, data: unknown, path: readonly string[]): string {
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as
    | { description?: string; properties?: object; enum?: unknown[] }
    | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent?.properties ?? {});
      const hint = didYouMean(key, allowed);
      return `unknown key "${key}"${hint || `; expected one of: ${allowed.join(', ')}`}`;
    }
    case 'required':
      return `missing required key "${String(params.missingProperty)}"`;
    case 'type':
      return `expected ${String(params.type).replace(',', ' or ')}, got ${typeName(valueAt(data, path))}`;
    case 'enum':
      return `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(valueAt(data, path))}`;
    case 'oneOf':
      return `does not match any allowed form${parent?.description ? `: ${parent.description}` : ''}`;
    case 'pattern':
      return `${JSON.stringify(valueAt(data, path))} does not match ${String(params.pattern)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Validates parsed state data; throws StateSchemaError listing every problem with its place. */
export function validateState(data: unknown, loc: DocLocation): void {
  const validate = validator();
  if (validate(data)) return;
  let errors = validate.errors ?? [];
  // A oneOf failure explains itself; drop the noise from inside its branches.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  errors = errors.filter(
    (e) =>
      e.keyword === 'oneOf' ||
      !oneOfs.some(
        (o) =>
          e.instancePath.startsWith(o.instancePath) &&
          e.schemaPath.startsWith(o.schemaPath.replace(/oneOf$/, 'oneOf/')),
      ),
  );
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const e of errors) {
    const path = e.instancePath.split('/').slice(1).map(unescapePointer);
    const node =
      e.keyword === 'additionalProperties'
        ? keyNode(loc.doc, path, String((e.params as { additionalProperty: string }).additionalProperty))
        : nodeAt(loc.doc, path);
    const where = locate(loc, node ?? nodeAt(loc.doc, path.slice(0, -1)));
    const message = describe(e, data, path);
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pointer =
      e.keyword === 'additionalProperties'
        ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`
        : e.instancePath;
    problems.push({
      pos: { file: loc.rendered ? `${loc.file} (rendered)` : loc.file, ...where },
      path: pointer,
      schemaPath: e.schemaPath,
      message,
    });
  }
  problems.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
  throw new StateSchemaError(problems.slice(0, 20));
}
