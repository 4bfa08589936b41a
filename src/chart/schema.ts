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
import type { ErrorObject } from 'ajv';
import AjvDraft7 from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { type GoMap, isMap } from '../gotemplate/index.js';
import { formatFloatGo, schemaFormats } from './schema-format.js';

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

function makeAjv(schema: unknown): { ajv: AjvLike; draft: number } {
  const id = isMap(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  const common = { allErrors: true, strict: false, verbose: true, logger: false as const };
  if (/draft-0[4-7]/.test(id)) {
    const Ctor = (AjvDraft7 as unknown as { default?: unknown }).default ?? AjvDraft7;
    const ajv = new (Ctor as new (o: object) => AjvLike & { addFormat(n: string, f: unknown): void })({
      ...common,
      validateFormats: true,
    });
    for (const [name, check] of Object.entries(schemaFormats)) ajv.addFormat(name, check);
    return { ajv, draft: 7 };
  }
  const Ctor = /2019-09/.test(id) ? Ajv2019 : Ajv2020;
  const C = ((Ctor as unknown as { default?: unknown }).default ?? Ctor) as new (o: object) => AjvLike;
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

/** santhosh-tekuri's quote: Go %q with `"` unescaped and `'` escaped, in single quotes. */
function quote(s: string): string {
  const q = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${q}'`;
}

function display(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v) || isMap(v)) return 'value';
  if (typeof v === 'number') return formatFloatGo(v, false);
  return String(v);
}

function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const typeOrder = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

function escapePtr(tok: string): string {
  return tok.replace(/~/g, '~0').replace(/\//g, '~1');
}

function ptrTokens(p: string): string[] {
  if (p === '' || p === '#') return [];
  return p
    .replace(/^#?\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const printNum = (n: number): string => formatFloatGo(n, true);

/** A leaf message: helm's text for one failed keyword. */
interface Leaf {
  kind: 'leaf';
  keyword: string;
  instance: string;
  message: string;
  /** Items merged into one message (required, additionalProperties, …). */
  merge?: { key: string; items: string[]; render: (items: string[]) => string };
}
interface Frame {
  kind: 'frame';
  instance: string;
  entries: Entry[];
  children: Map<string, Frame>;
}
interface Group {
  kind: 'group';
  keyword: 'allOf' | 'anyOf' | 'oneOf';
  instance: string;
  message: string;
  branches: Map<number, Frame>;
}
type Entry = Leaf | Frame | Group;

const rank: Record<string, number> = {
  'false schema': 0,
  type: 1,
  const: 2,
  enum: 3,
  format: 4,
  $ref: 5,
  minProperties: 10,
  maxProperties: 11,
  required: 12,
  dependencies: 13,
  frame: 14,
  additionalProperties: 15,
  propertyNames: 16,
  dependentRequired: 17,
  minItems: 20,
  maxItems: 21,
  uniqueItems: 22,
  additionalItems: 23,
  contains: 24,
  minLength: 30,
  maxLength: 31,
  pattern: 32,
  minimum: 40,
  maximum: 41,
  exclusiveMinimum: 42,
  exclusiveMaximum: 43,
  multipleOf: 44,
  not: 50,
  allOf: 51,
  anyOf: 52,
  oneOf: 53,
  unevaluatedProperties: 60,
  unevaluatedItems: 61,
};

function newFrame(instance: string): Frame {
  return { kind: 'frame', instance, entries: [], children: new Map() };
}

function leafFor(e: ErrorObject, instance: string): Leaf | undefined {
  const p = e.params as Record<string, unknown>;
  const data = e.data as unknown;
  const mk = (message: string): Leaf => ({ kind: 'leaf', keyword: e.keyword, instance, message });
  switch (e.keyword) {
    case 'type': {
      const t = (e.parentSchema as { type?: unknown } | undefined)?.type ?? p.type;
      const want = (Array.isArray(t) ? t : String(t).split(',')).map(String);
      want.sort((a, b) => typeOrder.indexOf(a) - typeOrder.indexOf(b));
      return mk(`got ${jsonTypeOf(data)}, want ${want.join(' or ')}`);
    }
    case 'enum': {
      const want = p.allowedValues as unknown[];
      if (want.some((x) => Array.isArray(x) || isMap(x))) return mk("'enum' failed");
      if (want.length === 1) return mk(`value must be ${display(want[0])}`);
      return mk(`value must be one of ${want.map(display).join(', ')}`);
    }
    case 'const': {
      const want = p.allowedValue;
      if (Array.isArray(want) || isMap(want)) return mk("'const' failed");
      return mk(`value must be ${display(want)}`);
    }
    case 'format':
      return mk(`${display(data)} is not valid ${quote(String(p.format))}`);
    case 'required':
      return {
        ...mk(''),
        merge: {
          key: 'required',
          items: [String(p.missingProperty)],
          render: (items) =>
            items.length === 1
              ? `missing property ${quote(items[0]!)}`
              : `missing properties ${items.map(quote).join(', ')}`,
        },
      };
    case 'additionalProperties':
      return {
        ...mk(''),
        merge: {
          key: 'additionalProperties',
          items: [String(p.additionalProperty)],
          render: (items) => `additional properties ${items.map(quote).join(', ')} not allowed`,
        },
      };
    case 'dependencies':
    case 'dependentRequired': {
      const prop = String(p.property);
      return {
        ...mk(''),
        merge: {
          key: `${e.keyword}:${prop}`,
          items: [String(p.missingProperty)],
          render: (items) => `properties ${items.map(quote).join(', ')} required, if ${quote(prop)} exists`,
        },
      };
    }
    case 'minProperties':
    case 'maxProperties':
      return mk(
        `${e.keyword}: got ${printNum(Object.keys(data as object).length)}, want ${printNum(Number(p.limit))}`,
      );
    case 'minItems':
    case 'maxItems':
      return mk(
        `${e.keyword}: got ${printNum((data as unknown[]).length)}, want ${printNum(Number(p.limit))}`,
      );
    case 'minLength':
    case 'maxLength':
      return mk(
        `${e.keyword}: got ${printNum(Array.from(String(data)).length)}, want ${printNum(Number(p.limit))}`,
      );
    case 'uniqueItems':
      return mk(
        `items at ${Math.min(Number(p.i), Number(p.j))} and ${Math.max(Number(p.i), Number(p.j))} are equal`,
      );
    case 'additionalItems':
      return mk(`last ${(data as unknown[]).length - Number(p.limit)} additionalItem(s) not allowed`);
    case 'pattern':
      return mk(`${quote(String(data))} does not match pattern ${quote(String(p.pattern))}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return mk(`${e.keyword}: got ${printNum(Number(data))}, want ${printNum(Number(p.limit))}`);
    case 'multipleOf':
      return mk(`multipleOf: got ${printNum(Number(data))}, want ${printNum(Number(p.multipleOf))}`);
    case 'not':
      return mk("'not' failed");
    case 'false schema':
      return mk('false schema');
    case 'contains': {
      const min = p.minContains === undefined ? undefined : Number(p.minContains);
      if (min !== undefined && min !== 1)
        return mk(`min ${min} items required to match contains schema, but none matched`);
      return mk('no items match contains schema');
    }
    case 'propertyNames':
      return mk(`invalid propertyName ${quote(String(p.propertyName))}`);
    default:
      return mk(e.message ?? e.keyword);
  }
}

const valSteps = new Set([
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
]);

/** Places one ajv error into the frame tree rooted at `root`. */
function place(root: Frame, e: ErrorObject): void {
  const inst = ptrTokens(e.instancePath);
  const seg = ptrTokens(e.schemaPath);
  let keyword = e.keyword;
  // The keyword ends the schema path; the rest are applicator steps.
  const path = seg.slice(0, Math.max(0, seg.length - 1));
  let frame = root;
  let ii = 0;
  let curInst = '';
  const child = (key: string, instance: string): Frame => {
    let f = frame.children.get(key);
    if (!f) {
      f = newFrame(instance);
      frame.children.set(key, f);
      frame.entries.push(f);
    }
    return f;
  };
  const toVal = (schemaKey: string): boolean => {
    const tok = inst[ii];
    if (tok === undefined) return false;
    ii++;
    curInst += `/${escapePtr(tok)}`;
    frame = child(`${schemaKey}|${curInst}`, curInst);
    return true;
  };
  let k = 0;
  let restarted = false;
  while (k < path.length) {
    const s = path[k]!;
    if ((s === 'properties' || s === 'patternProperties') && k + 1 < path.length) {
      if (!toVal(`${s}/${path[k + 1]}`)) break;
      k += 2;
    } else if ((s === 'items' || s === 'prefixItems') && k + 1 < path.length && /^\d+$/.test(path[k + 1]!)) {
      if (!toVal(s)) break;
      k += 2;
    } else if (s === 'items' || valSteps.has(s)) {
      if (!toVal(s)) break;
      k += 1;
    } else if ((s === 'allOf' || s === 'anyOf' || s === 'oneOf') && k + 1 < path.length) {
      const idx = Number(path[k + 1]);
      let g = frame.entries.find((x): x is Group => x.kind === 'group' && x.keyword === s);
      if (!g) {
        g = {
          kind: 'group',
          keyword: s,
          instance: curInst,
          message: groupMessage(s, undefined),
          branches: new Map(),
        };
        frame.entries.push(g);
      }
      let b = g.branches.get(idx);
      if (!b) {
        b = newFrame(curInst);
        g.branches.set(idx, b);
      }
      frame = b;
      k += 2;
    } else if (
      s === 'not' ||
      s === 'if' ||
      s === 'then' ||
      s === 'else' ||
      s === 'dependentSchemas' ||
      s === 'dependencies'
    ) {
      k += s === 'dependentSchemas' || s === 'dependencies' ? 2 : 1;
    } else {
      restarted = true;
      break;
    }
  }
  if (restarted || ii < inst.length) {
    while (ii < inst.length) toVal('ref');
  }
  if (keyword === 'if') return;
  if (keyword === 'anyOf' || keyword === 'oneOf') {
    const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
    if (keyword === 'oneOf' && Array.isArray(passing)) {
      frame.entries.push({
        kind: 'leaf',
        keyword,
        instance: curInst,
        message: groupMessage('oneOf', passing),
      });
      return;
    }
    let g = frame.entries.find((x): x is Group => x.kind === 'group' && x.keyword === keyword);
    if (!g) {
      g = {
        kind: 'group',
        keyword,
        instance: curInst,
        message: groupMessage(keyword, undefined),
        branches: new Map(),
      };
      frame.entries.push(g);
    }
    return;
  }
  if (keyword === 'unevaluatedProperties' || keyword === 'unevaluatedItems') {
    const p = e.params as { unevaluatedProperty?: string; len?: number };
    const tok = p.unevaluatedProperty;
    if (tok !== undefined) {
      const at = `${curInst}/${escapePtr(tok)}`;
      child(`uneval|${at}`, at).entries.push({
        kind: 'leaf',
        keyword: 'false schema',
        instance: at,
        message: 'false schema',
      });
      return;
    }
    keyword = 'false schema';
  }
  const leaf = leafFor({ ...e, keyword }, curInst);
  if (!leaf) return;
  if (leaf.merge) {
    const existing = frame.entries.find(
      (x): x is Leaf => x.kind === 'leaf' && x.merge?.key === leaf.merge!.key,
    );
    if (existing) {
      existing.merge!.items.push(...leaf.merge.items);
      return;
    }
  }
  frame.entries.push(leaf);
}

function groupMessage(keyword: string, passing: number[] | undefined): string {
  if (keyword === 'oneOf')
    return passing
      ? `'oneOf' failed, subschemas ${passing[0]}, ${passing[1]} matched`
      : "'oneOf' failed, none matched";
  return `'${keyword}' failed`;
}

function entryRank(e: Entry): number {
  if (e.kind === 'frame') return rank.frame!;
  return rank[e.keyword] ?? 70;
}

/** The entries of a frame after santhosh's short-circuits, in its keyword order. */
function effective(f: Frame): Entry[] {
  for (const kw of ['false schema', 'type', 'const', 'enum', 'format']) {
    const hit = f.entries.find((x) => x.kind === 'leaf' && x.keyword === kw);
    if (hit) return [hit];
  }
  return f.entries
    .filter((x) => x.kind !== 'frame' || hasErrors(x))
    .sort((a, b) => entryRank(a) - entryRank(b));
}

function hasErrors(f: Frame): boolean {
  return f.entries.some((x) => x.kind !== 'frame' || hasErrors(x));
}

function lineFor(instance: string, message: string): string {
  return `at ${quote(instance)}: ${message}`;
}

function render(e: Entry, indent: number, out: string[]): void {
  const pad = `${'  '.repeat(indent - 1)}- `;
  if (e.kind === 'leaf') {
    out.push(pad + lineFor(e.instance, e.merge ? e.merge.render(e.merge.items) : e.message));
    return;
  }
  if (e.kind === 'group') {
    out.push(pad + lineFor(e.instance, e.message));
    for (const idx of [...e.branches.keys()].sort((a, b) => a - b))
      render(e.branches.get(idx)!, indent + 1, out);
    return;
  }
  const items = effective(e);
  if (items.length === 1) {
    render(items[0]!, indent, out);
    return;
  }
  out.push(pad + lineFor(e.instance, 'validation failed'));
  for (const x of items) render(x, indent + 1, out);
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
  for (const err of validate.errors ?? []) place(root, err);
  const out: string[] = [];
  for (const e of effective(root)) render(e, 1, out);
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
