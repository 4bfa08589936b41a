/**
 * go-yaml v2's decoding of a node tree into interface{} values, followed by sigs.k8s.io/yaml's
 * conversion to JSON-able values: ints and floats become float64 (`number`), map keys become
 * strings (bools "true"/"false", floats formatted as float32), `<<` merges, aliases expand.
 */
import { formatFloatG, type GoMap } from './go-values.js';
import type { YNode } from './yaml-parser.js';
import { type Resolved, resolvePlain } from './yaml-resolve.js';

/** A decoding error: Go's message (after "error converting YAML to JSON: ") and the node's line. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const LONG = 'tag:yaml.org,2002:';
const RESOLVABLE = new Set(['str', 'bool', 'int', 'float', 'null', 'timestamp']);

function shortTag(tag: string): string {
  return tag.startsWith(LONG) ? `!!${tag.slice(LONG.length)}` : tag;
}

function fail(message: string, n: YNode): never {
  throw new DecodeError(message, n.line + 1);
}

/** go-yaml's resolve() for a scalar node. */
function resolveNode(n: YNode): Resolved {
  if (n.tag === '' && !n.implicit) return { tag: 'str', value: n.value };
  if (n.tag === '' || n.tag === '!')
    return n.tag === '' ? resolvePlain(n.value) : { tag: 'str', value: n.value };
  const t = n.tag.startsWith(LONG) ? n.tag.slice(LONG.length) : undefined;
  if (t === 'binary') {
    const clean = n.value.replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
      fail('yaml: !!binary value contains invalid base64 data', n);
    return { tag: 'str', value: Buffer.from(clean, 'base64').toString('latin1') };
  }
  if (t === undefined || !RESOLVABLE.has(t)) return { tag: 'str', value: n.value };
  if (t === 'str') return { tag: 'str', value: n.value };
  const r = resolvePlain(n.value);
  const rtag = r.tag === 'merge' ? 'str' : r.tag;
  if (rtag === t) return r;
  if (t === 'float' && r.tag === 'int') return { tag: 'float', value: Number(r.value) };
  return fail(`yaml: cannot decode !!${rtag} \`${n.value}\` as a ${shortTag(n.tag)}`, n);
}

function jsonScalar(r: Resolved, n: YNode): unknown {
  switch (r.tag) {
    case 'int':
      return Number(r.value);
    case 'float':
      if (!Number.isFinite(r.value)) fail(`json: unsupported value: ${formatFloatG(r.value)}`, n);
      return r.value;
    case 'bool':
      return r.value;
    case 'null':
      return null;
    default:
      return r.value;
  }
}

/** Go's %+#v of a decoded value, for the unsupported-key message (scalars exactly). */
function goSyntax(n: YNode): string {
  const t = n.kind === 'alias' ? n.target! : n;
  if (t.kind === 'scalar') {
    const r = resolveNode(t);
    switch (r.tag) {
      case 'null':
        return '<nil>';
      case 'int':
        return r.value.toString();
      case 'float':
        return formatFloatG(r.value);
      case 'bool':
        return String(r.value);
      default:
        return JSON.stringify(r.value);
    }
  }
  return t.kind === 'seq' ? '[]interface {}{…}' : 'map[interface {}]interface {}{…}';
}

/** Go's %#v of go-yaml's decoded value of a node (for "invalid map key"). */
function goSharpV(n: YNode): string {
  const t = n.kind === 'alias' ? n.target! : n;
  if (t.kind === 'scalar') {
    const r = resolveNode(t);
    if (r.tag === 'null') return 'interface {}(nil)';
    return goSyntax(t);
  }
  if (t.kind === 'seq') return `[]interface {}{${t.children.map(goSharpV).join(', ')}}`;
  const pairs: [string, string][] = [];
  for (let i = 0; i < t.children.length; i += 2)
    pairs.push([goSharpV(t.children[i]!), goSharpV(t.children[i + 1]!)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `map[interface {}]interface {}{${pairs.map(([k, v]) => `${k}:${v}`).join(', ')}}`;
}

function keyString(k: YNode, v: YNode): string {
  const t = k.kind === 'alias' ? k.target! : k;
  if (t.kind !== 'scalar') fail(`yaml: invalid map key: ${goSharpV(t)}`, k);
  const r = resolveNode(t);
  switch (r.tag) {
    case 'int':
      if (r.unsigned && r.value > 2n ** 63n - 1n)
        fail(`unsupported map key of type: uint64, key: 0x${r.value.toString(16)}, value: ${goSyntax(v)}`, k);
      return r.value.toString();
    case 'float': {
      const s = formatFloatG(r.value, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'null':
      return fail(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(v)}`, k);
    default:
      return r.value;
  }
}

function setKey(m: GoMap, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

function isMerge(k: YNode): boolean {
  return k.kind === 'scalar' && k.value === '<<' && (k.implicit || k.tag === `${LONG}merge`);
}

export class Decoder {
  private readonly expanding = new Set<YNode>();

  decode(n: YNode): unknown {
    switch (n.kind) {
      case 'alias': {
        if (this.expanding.has(n)) fail(`yaml: anchor '${n.value}' value contains itself`, n);
        this.expanding.add(n);
        try {
          return this.decode(n.target!);
        } finally {
          this.expanding.delete(n);
        }
      }
      case 'scalar':
        return jsonScalar(resolveNode(n), n);
      case 'seq':
        return n.children.map((c) => this.decode(c));
      case 'map': {
        const out: GoMap = {};
        this.fill(n, out);
        return out;
      }
    }
  }

  private fill(n: YNode, out: GoMap): void {
    const c = n.children;
    for (let i = 0; i < c.length; i += 2) {
      const k = c[i]!;
      const v = c[i + 1]!;
      if (isMerge(k)) {
        this.merge(v, out);
        continue;
      }
      const key = keyString(k, v);
      setKey(out, key, this.decode(v));
    }
  }

  private merge(v: YNode, out: GoMap): void {
    const wantMap = (): never => fail('yaml: map merge requires map or sequence of maps as the value', v);
    const mergeOne = (x: YNode): void => {
      const t = x.kind === 'alias' ? x.target! : x;
      if (t.kind !== 'map') wantMap();
      const m = this.decode(x) as GoMap;
      for (const k of Object.keys(m)) setKey(out, k, m[k]);
    };
    if (v.kind === 'map' || v.kind === 'alias') mergeOne(v);
    else if (v.kind === 'seq') {
      for (const x of v.children) if ((x.kind === 'alias' ? x.target!.kind : x.kind) !== 'map') wantMap();
      for (let i = v.children.length - 1; i >= 0; i--) mergeOne(v.children[i]!);
    } else wantMap();
  }
}
