/**
 * Decoding Chart.yaml-like YAML into typed structs as helm does with sigs.k8s.io/yaml:
 * YAML → JSON (numbers and booleans headed for a string field become strings), then Go's
 * encoding/json into the struct: keys match field names exactly or case-insensitively, unknown
 * keys are ignored, null leaves a field alone, and a type mismatch is an error such as
 * `json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool`.
 */
import { type GoMap, isMap } from '../gotemplate/index.js';
import { Dependency, Lock, Maintainer, Metadata } from './metadata.js';

export class ChartDecodeError extends Error {
  readonly code = 'ECHART_DECODE';
  constructor(message: string) {
    super(message);
    this.name = 'ChartDecodeError';
  }
}

type FieldType =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'strings' }
  | { t: 'stringMap' }
  | { t: 'any[]' }
  | { t: 'structs'; of: StructSpec };

interface StructSpec {
  /** Go type as errors name it when the struct is the top-level target, e.g. `v2.Metadata`. */
  goType: string;
  /** Struct name in `Go struct field NAME.path` errors. */
  name: string;
  make: () => object;
  /** JSON name → [Go field, type]. */
  fields: Record<string, [string, FieldType]>;
}

const S = { t: 'string' } as const;
const B = { t: 'bool' } as const;

const maintainerSpec: StructSpec = {
  goType: 'v2.Maintainer',
  name: 'Maintainer',
  make: () => new Maintainer(),
  fields: { name: ['Name', S], email: ['Email', S], url: ['URL', S] },
};

const dependencySpec: StructSpec = {
  goType: 'v2.Dependency',
  name: 'Dependency',
  make: () => new Dependency(),
  fields: {
    name: ['Name', S],
    version: ['Version', S],
    repository: ['Repository', S],
    condition: ['Condition', S],
    tags: ['Tags', { t: 'strings' }],
    enabled: ['Enabled', B],
    'import-values': ['ImportValues', { t: 'any[]' }],
    alias: ['Alias', S],
  },
};

export const metadataSpec: StructSpec = {
  goType: 'v2.Metadata',
  name: 'Metadata',
  make: () => new Metadata(),
  fields: {
    name: ['Name', S],
    home: ['Home', S],
    sources: ['Sources', { t: 'strings' }],
    version: ['Version', S],
    description: ['Description', S],
    keywords: ['Keywords', { t: 'strings' }],
    maintainers: ['Maintainers', { t: 'structs', of: maintainerSpec }],
    icon: ['Icon', S],
    apiVersion: ['APIVersion', S],
    condition: ['Condition', S],
    tags: ['Tags', S],
    appVersion: ['AppVersion', S],
    deprecated: ['Deprecated', B],
    annotations: ['Annotations', { t: 'stringMap' }],
    kubeVersion: ['KubeVersion', S],
    dependencies: ['Dependencies', { t: 'structs', of: dependencySpec }],
    type: ['Type', S],
  },
};

/** helm v4's first look at Chart.yaml (loader.chartBase) to pick the chart API version. */
export const chartBaseSpec: StructSpec = {
  goType: 'loader.chartBase',
  name: 'chartBase',
  make: () => ({ APIVersion: '' }),
  fields: { apiVersion: ['APIVersion', S] },
};

export const lockSpec: StructSpec = {
  goType: 'v2.Lock',
  name: 'Lock',
  make: () => new Lock(),
  fields: {
    generated: ['Generated', S],
    digest: ['Digest', S],
    dependencies: ['Dependencies', { t: 'structs', of: dependencySpec }],
  },
};

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const goTypeOf = (ft: FieldType): string => {
  switch (ft.t) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'strings':
      return '[]string';
    case 'stringMap':
      return 'map[string]string';
    case 'any[]':
      return '[]interface {}';
    case 'structs':
      return `[]*${ft.of.goType}`;
  }
};

/** strconv.FormatFloat(f, 'g', -1, 32): shortest float32 digits, exponent form from 1e+06 / 1e-05. */
function formatFloat32G(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const t = Math.fround(f);
  if (t === 0) return Object.is(t, -0) ? '-0' : '0';
  let s = Math.abs(t).toExponential(8);
  for (let p = 0; p <= 8; p++) {
    const c = Math.abs(t).toExponential(p);
    if (Math.fround(Number(c)) === Math.abs(t)) {
      s = c;
      break;
    }
  }
  const [mant, e] = s.split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(e);
  let out: string;
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return t < 0 ? `-${out}` : out;
}

interface Ctx {
  /** Numbers written in the source as floats (with `.`, `e`), so integral ones are still floats. */
  floatLiterals: Set<number>;
}

/** Collects the values of float-looking numeric literals in YAML source text. */
function floatLiteralsOf(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/(?<![\w.])[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9]+)?(?![\w.])/g)) {
    const tok = m[0];
    if (!/[.eE]/.test(tok) || /^[-+]?0x/i.test(tok)) continue;
    const n = Number(tok.replace(/_/g, ''));
    if (Number.isFinite(n)) out.add(n);
  }
  return out;
}

/** sigs.k8s.io/yaml: a scalar headed for a Go string field becomes text. */
function coerceToString(v: unknown, ctx: Ctx): unknown {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isInteger(v) && !ctx.floatLiterals.has(v) && Math.abs(v) < 2 ** 63)
      return BigInt(v).toString();
    return formatFloat32G(v);
  }
  return v;
}

function typeError(
  v: unknown,
  spec: StructSpec | undefined,
  path: string[],
  goType: string,
): ChartDecodeError {
  if (!spec || path.length === 0)
    return new ChartDecodeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
  return new ChartDecodeError(
    `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${spec.name}.${path.join('.')} of type ${goType}`,
  );
}

function decodeField(v: unknown, ft: FieldType, owner: StructSpec, path: string[], ctx: Ctx): unknown {
  switch (ft.t) {
    case 'string': {
      const s = coerceToString(v, ctx);
      if (typeof s !== 'string') throw typeError(v, owner, path, 'string');
      return s;
    }
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, owner, path, 'bool');
      return v;
    case 'strings':
      if (!Array.isArray(v)) throw typeError(v, owner, path, '[]string');
      return v.map((x) => (x === null ? '' : decodeField(x, { t: 'string' }, owner, path, ctx)));
    case 'stringMap': {
      if (!isMap(v)) throw typeError(v, owner, path, 'map[string]string');
      const out: Record<string, string> = {};
      for (const k of Object.keys(v).sort())
        out[k] = v[k] === null ? '' : (decodeField(v[k], { t: 'string' }, owner, path, ctx) as string);
      return out;
    }
    case 'any[]':
      if (!Array.isArray(v)) throw typeError(v, owner, path, '[]interface {}');
      return v;
    case 'structs':
      if (!Array.isArray(v)) throw typeError(v, owner, path, goTypeOf(ft));
      return v.map((x) => {
        if (x === null) return null;
        if (!isMap(x)) throw typeError(x, owner, path, ft.of.goType);
        return decodeStruct(x, ft.of, path, ctx);
      });
  }
}

function decodeStruct(v: GoMap, spec: StructSpec, path: string[], ctx: Ctx, into?: object): object {
  const target = (into ?? spec.make()) as Record<string, unknown>;
  const names = Object.keys(spec.fields);
  // encoding/json sees the keys of a Go map marshalled to JSON: sorted.
  for (const key of Object.keys(v).sort()) {
    const name = names.includes(key) ? key : names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined) continue;
    const val = v[key];
    if (val === null || val === undefined) continue;
    const [goField, ft] = spec.fields[name]!;
    target[goField] = decodeField(val, ft, spec, [...path, name], ctx);
  }
  return target;
}

/**
 * Decodes a parsed YAML document into a fresh struct of `spec` (or into `into`, as helm reads
 * requirements.yaml into an existing Metadata). `source` is the YAML text, used to tell integral
 * floats (`1.0`) from integers when a number becomes a string.
 */
export function decodeYamlStruct<T extends object>(
  doc: unknown,
  spec: StructSpec,
  source: string,
  into?: T,
): T {
  const ctx: Ctx = { floatLiterals: floatLiteralsOf(source) };
  if (doc === null || doc === undefined) return (into ?? spec.make()) as T;
  if (!isMap(doc)) throw typeError(doc, undefined, [], spec.goType);
  return decodeStruct(doc, spec, [], ctx, into) as T;
}
