/**
 * The texts of helm's schema errors (santhosh-tekuri/jsonschema v6 as helm v4 prints them):
 * one message per failed keyword, quoting and number printing included.
 */
import type { ErrorObject } from 'ajv';
import { isMap } from '../gotemplate/index.js';
import { formatFloatGo, schemaFormats } from './schema-format.js';
import type { Leaf } from './schema-tree.js';

/** santhosh-tekuri's quote: Go %q with `"` unescaped and `'` escaped, in single quotes. */
export function quote(s: string): string {
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

export function escapePtr(tok: string): string {
  return tok.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function ptrTokens(p: string): string[] {
  if (p === '' || p === '#') return [];
  return p
    .replace(/^#?\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const printNum = (n: number): string => formatFloatGo(n, true);
const printInt = (n: number): string => formatFloatGo(n, true, true);

export function leafFor(e: ErrorObject, instance: string): Leaf | undefined {
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
    case 'format': {
      const why = schemaFormats[String(p.format)]?.(String(data));
      return mk(`${display(data)} is not valid ${String(p.format)}${why === undefined ? '' : `: ${why}`}`);
    }
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
        `${e.keyword}: got ${printInt(Object.keys(data as object).length)}, want ${printInt(Number(p.limit))}`,
      );
    case 'minItems':
    case 'maxItems':
      return mk(
        `${e.keyword}: got ${printInt((data as unknown[]).length)}, want ${printInt(Number(p.limit))}`,
      );
    case 'minLength':
    case 'maxLength':
      return mk(
        `${e.keyword}: got ${printInt(Array.from(String(data)).length)}, want ${printInt(Number(p.limit))}`,
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

export function groupMessage(keyword: string, passing: number[] | undefined): string {
  if (keyword === 'oneOf')
    return passing
      ? `'oneOf' failed, subschemas ${passing[0]}, ${passing[1]} matched`
      : "'oneOf' failed, none matched";
  return `'${keyword}' failed`;
}
