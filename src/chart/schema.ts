/**
 * values.schema.json validation over a chart and every subchart (helm's ValidateAgainstSchema),
 * using ajv, with errors printed the way helm v4 prints santhosh-tekuri/jsonschema v6 errors:
 *
 *   web:
 *   - at '/replicas': got string, want integer
 *   - at '/image': validation failed
 *     - at '/image/tag': value must be one of 'a', 'b'
 *     - at '/image': additional properties 'foo' not allowed
 *
 * A schema without `$schema` is draft 2020-12 (that library's default); draft-07 and 2019-09
 * are recognised by `$schema`. Formats are checked only for drafts before 2019, as helm does.
 * Sibling order follows the values' key order (helm's is Go map order, i.e. random).
 */
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { type GoMap, isMap } from '../gotemplate/index.js';
import { schemaFormats } from './schema-format.js';
import { evalFrame, newFrame, place, printErr } from './schema-tree.js';

export class SchemaValidationError extends Error {
  readonly code = 'ESCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaValidationError';
  }
}

/** What schema validation needs from a chart (the `Chart` class satisfies it). */
export interface SchemaChart {
  readonly name: string;
  readonly schema: Uint8Array | null;
  readonly dependencies: readonly SchemaChart[];
}

type AjvLike = { compile(schema: unknown): { (data: unknown): boolean; errors?: ErrorObject[] | null } };

/**
 * ajv (CommonJS, ~100 files) is loaded on first validation only: most commands never meet a
 * values.schema.json, and a synchronous require keeps validation synchronous.
 */
const requireCjs = createRequire(import.meta.url);
function ajvClass(entry: 'ajv' | 'ajv/dist/2019.js' | 'ajv/dist/2020.js'): unknown {
  const mod = requireCjs(entry) as { default?: unknown };
  return mod.default ?? mod;
}

function makeAjv(schema: unknown): { ajv: AjvLike; draft: number } {
  const id = isMap(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  // `code.optimize: false` skips ajv's clean-up pass over the generated validator: same checks and
  // errors, and a faster compile (each process compiles each schema once).
  const common = {
    allErrors: true,
    strict: false,
    verbose: true,
    logger: false as const,
    code: { optimize: false },
  };
  if (/draft-0[4-7]/.test(id)) {
    const Ctor = ajvClass('ajv');
    const ajv = new (Ctor as new (o: object) => AjvLike & { addFormat(n: string, f: unknown): void })({
      ...common,
      validateFormats: true,
    });
    for (const [name, check] of Object.entries(schemaFormats))
      ajv.addFormat(name, (x: string) => check(x) === undefined);
    return { ajv, draft: 7 };
  }
  const C = ajvClass(/2019-09/.test(id) ? 'ajv/dist/2019.js' : 'ajv/dist/2020.js') as new (
    o: object,
  ) => AjvLike;
  return { ajv: new C({ ...common, validateFormats: false }), draft: /2019-09/.test(id) ? 2019 : 2020 };
}

/** Values as JSON data: int64 (bigint) becomes a number. */
function toJsonData(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonData);
  if (v instanceof Uint8Array) return Array.from(v);
  if (isMap(v)) {
    const o: GoMap = {};
    for (const k of Object.keys(v))
      Object.defineProperty(o, k, {
        value: toJsonData(v[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return o;
  }
  return v === undefined ? null : v;
}

/**
 * ValidateAgainstSingleSchema: undefined when `values` satisfy `schema`, else helm's error lines
 * (each `- at …`), ending with a newline.
 */
export function validateAgainstSingleSchema(values: GoMap, schemaBytes: Uint8Array): string | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(new TextDecoder().decode(schemaBytes));
  } catch (e) {
    return `${(e as Error).message}\n`;
  }
  let validate: ReturnType<AjvLike['compile']>;
  try {
    validate = makeAjv(schema).ajv.compile(schema);
  } catch (e) {
    return `jsonschema schema compilation failed: ${(e as Error).message}\n`;
  }
  if (validate(toJsonData(values))) return undefined;
  const root = newFrame('');
  for (const err of validate.errors ?? []) place(root, schema, err);
  const top = evalFrame(root);
  if (!top) return undefined;
  const out: string[] = [];
  for (const e of top.kind === 'group' ? top.causes : [top]) printErr(e, 1, out);
  return `${out.join('\n')}\n`;
}

/**
 * ValidateAgainstSchema: the chart's schema against `values`, then each subchart's schema
 * against `values[<subchart name>]`. Throws SchemaValidationError with helm's full message.
 */
export function validateValuesAgainstSchema(chart: SchemaChart, values: GoMap): void {
  const msg = schemaErrors(chart, values);
  if (msg !== '')
    throw new SchemaValidationError(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${msg}`,
    );
}

/** The per-chart error text helm accumulates (empty when every schema passes). */
export function schemaErrors(chart: SchemaChart, values: GoMap): string {
  let sb = '';
  if (chart.schema) {
    const err = validateAgainstSingleSchema(values, chart.schema);
    if (err !== undefined) sb += `${chart.name}:\n${err}`;
  }
  for (const sub of chart.dependencies) {
    if (!Object.hasOwn(values, sub.name)) continue;
    const raw = values[sub.name];
    if (raw === null || raw === undefined) continue;
    if (!isMap(raw)) {
      sb += `${sub.name}:\ninvalid type for values: expected object (map), got ${goType(raw)}\n`;
      continue;
    }
    sb += schemaErrors(sub, raw);
  }
  return sb;
}

function goType(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  return Array.isArray(v) ? '[]interface {}' : 'interface {}';
}
