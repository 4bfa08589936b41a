/**
 * YAML → Go values with sigs.k8s.io/yaml semantics: go-yaml v2 reads the document (YAML 1.1
 * scalars, `<<` merges, aliases), then the result goes through JSON, so every number becomes a
 * float64 (`number`), non-string keys take their string form, and NaN/Inf are errors.
 *
 * Structure and positions come from the `yaml` package (failsafe schema, so it resolves nothing);
 * plain scalars are resolved here with go-yaml v2's rules (yaml-resolve.ts). Errors carry Go's
 * text: `error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context`.
 */
import {
  Alias,
  Composer,
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  Scalar,
} from 'yaml';
import { formatFloatG, type GoMap } from './go-values.js';
import { ignoredError, libyamlError, readerError } from './yaml-errors.js';
import { type Resolved, resolvePlain } from './yaml-resolve.js';

export interface YamlParseOptions {
  /** Shown in messages of callers; kept on the error. */
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

/** Raised inside the conversion with the text after "yaml: " or the JSON message. */
class ConvertError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const LONG = 'tag:yaml.org,2002:';

function shortTag(tag: string): string {
  return tag.startsWith(LONG) ? `!!${tag.slice(LONG.length)}` : tag;
}

/** go-yaml's resolve() for a scalar with an explicit tag. */
function resolveTagged(tag: string, text: string, offset: number): Resolved {
  const t = tag.startsWith(LONG) ? tag.slice(LONG.length) : undefined;
  if (t === undefined || !['str', 'bool', 'int', 'float', 'null', 'timestamp', 'binary'].includes(t))
    return { tag: 'str', value: text };
  if (t === 'str') return { tag: 'str', value: text };
  if (t === 'binary') {
    const clean = text.replace(/[\s]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
      throw new ConvertError('yaml: !!binary value contains invalid base64 data', offset);
    return { tag: 'str', value: Buffer.from(clean, 'base64').toString('latin1') };
  }
  // Quoted or plain, a tagged value resolves like a plain one, then must match the tag.
  const r = resolvePlain(text);
  const rtag = r.tag === 'merge' ? 'str' : r.tag;
  if (rtag === t) return r;
  if (t === 'float' && r.tag === 'int') return { tag: 'float', value: Number(r.value) };
  if (t === 'timestamp' && rtag === 'str') {
    // go-yaml tries the timestamp layouts only for plain or !!timestamp values; resolvePlain did.
  }
  throw new ConvertError(`yaml: cannot decode !!${rtag} \`${text}\` as a ${shortTag(tag)}`, offset);
}

interface Ctx {
  anchors: Map<string, Node>;
  /** Aliases being expanded (go-yaml refuses an anchor that contains itself). */
  expanding: Set<Node>;
}

type GoYaml = null | boolean | string | number | bigint | GoYaml[] | GoMap;

function scalarValue(n: Scalar, ctx: Ctx): Resolved {
  void ctx;
  const text = typeof n.value === 'string' ? n.value : String(n.source ?? n.value ?? '');
  const offset = n.range?.[0] ?? 0;
  if (n.tag && n.tag !== '!') return resolveTagged(n.tag, text, offset);
  if (n.type === Scalar.PLAIN && n.tag === undefined) return resolvePlain(text);
  return { tag: 'str', value: text };
}

/** The JSON form of a resolved scalar (as sigs.k8s.io/yaml's round trip through JSON leaves it). */
function jsonScalar(r: Resolved, offset: number): GoYaml {
  switch (r.tag) {
    case 'int':
      return Number(r.value);
    case 'float':
      if (!Number.isFinite(r.value))
        throw new ConvertError(`json: unsupported value: ${formatFloatG(r.value)}`, offset);
      return r.value;
    case 'bool':
      return r.value;
    case 'null':
      return null;
    default:
      return r.value;
  }
}

/** The string a map key becomes (sigs.k8s.io/yaml convertToJSONableObject). */
function keyString(r: Resolved, offset: number, value: () => string): string {
  switch (r.tag) {
    case 'int':
      return r.unsigned && r.value > 2n ** 63n - 1n ? unsupportedKey(r, offset, value()) : r.value.toString();
    case 'float': {
      const s = formatFloatG(r.value, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'null':
      return unsupportedKey(r, offset, value());
    default:
      return r.value;
  }
}

function unsupportedKey(r: Resolved, offset: number, value = '<nil>'): never {
  if (r.tag === 'null')
    throw new ConvertError(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${value}`, offset);
  throw new ConvertError(
    `unsupported map key of type: uint64, key: 0x${(r.value as bigint).toString(16)}, value: ${value}`,
    offset,
  );
}

function setKey(m: GoMap, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

function deref(n: Node, ctx: Ctx): Node {
  if (n instanceof Alias) {
    const target = ctx.anchors.get(n.source);
    if (!target) throw new ConvertError(`yaml: unknown anchor '${n.source}' referenced`, n.range?.[0] ?? 0);
    return target;
  }
  return n;
}

function record(n: Node, ctx: Ctx): void {
  if (n.anchor) ctx.anchors.set(n.anchor, n);
}

function convert(n: Node | null, ctx: Ctx): GoYaml {
  if (n === null) return null;
  if (n instanceof Alias) {
    const target = deref(n, ctx);
    if (ctx.expanding.has(target))
      throw new ConvertError(`yaml: anchor '${n.source}' value contains itself`, n.range?.[0] ?? 0);
    ctx.expanding.add(target);
    try {
      return convertNode(target, ctx, false);
    } finally {
      ctx.expanding.delete(target);
    }
  }
  return convertNode(n, ctx, true);
}

function convertNode(n: Node, ctx: Ctx, first: boolean): GoYaml {
  if (first) record(n, ctx);
  const offset = n.range?.[0] ?? 0;
  if (isScalar(n)) return jsonScalar(scalarValue(n, ctx), offset);
  if (isSeq(n)) return n.items.map((x) => convert(x as Node | null, ctx));
  if (isMap(n)) {
    const out: GoMap = {};
    fillMap(n.items as { key: Node | null; value: Node | null }[], out, ctx, first);
    return out;
  }
  return null;
}

function isMergeKey(k: Node | null): boolean {
  return (
    k !== null &&
    isScalar(k) &&
    k.value === '<<' &&
    ((k.type === Scalar.PLAIN && k.tag === undefined) || k.tag === 'tag:yaml.org,2002:merge')
  );
}

function fillMap(
  items: { key: Node | null; value: Node | null }[],
  out: GoMap,
  ctx: Ctx,
  first: boolean,
): void {
  for (const { key, value } of items) {
    if (isMergeKey(key)) {
      if (first) record(key!, ctx);
      merge(value, out, ctx);
      continue;
    }
    const k = mapKey(key, ctx, value);
    setKey(out, k, convert(value, ctx));
  }
}

/** Go's %+#v of a decoded value, for the unsupported-key message (scalars exactly). */
function goSyntax(n: Node | null, ctx: Ctx): string {
  if (n === null) return '<nil>';
  const t = deref(n, ctx);
  if (isScalar(t)) {
    const r = scalarValue(t, ctx);
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
  return isSeq(t) ? '[]interface {}{…}' : 'map[interface {}]interface {}{…}';
}

function mapKey(key: Node | null, ctx: Ctx, value: Node | null): string {
  const describe = () => goSyntax(value, ctx);
  if (key === null) return unsupportedKey({ tag: 'null', value: null }, 0, describe());
  const k = deref(key, ctx);
  if (!(key instanceof Alias)) record(key, ctx);
  const offset = key.range?.[0] ?? 0;
  if (isScalar(k)) return keyString(scalarValue(k, ctx), offset, describe);
  throw new ConvertError(
    `yaml: invalid map key: ${isSeq(k) ? '[]interface {}' : 'map[interface {}]interface {}'}`,
    offset,
  );
}

function mergeSource(n: Node | null, ctx: Ctx): Node {
  const wantMap = (): never => {
    throw new ConvertError(
      'yaml: map merge requires map or sequence of maps as the value',
      n?.range?.[0] ?? 0,
    );
  };
  if (n === null) return wantMap();
  const t = deref(n, ctx);
  if (!isMap(t)) return wantMap();
  return n;
}

function merge(value: Node | null, out: GoMap, ctx: Ctx): void {
  const target = value === null ? null : deref(value, ctx);
  if (target !== null && isSeq(target) && !(value instanceof Alias)) {
    record(value!, ctx);
    const items = target.items as (Node | null)[];
    for (const it of items) mergeSource(it, ctx);
    for (let i = items.length - 1; i >= 0; i--) Object.assign(out, convert(items[i]!, ctx) as GoMap);
    return;
  }
  mergeSource(value, ctx);
  const m = convert(value, ctx) as GoMap;
  for (const k of Object.keys(m)) setKey(out, k, m[k]);
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const lc = new LineCounter();
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1))
    lc.addNewLine(i + 1);
  const p = lc.linePos(offset);
  return { line: Math.max(p.line, 1), column: p.col };
}

function syntaxError(text: string, doc: Document.Parsed, opts: YamlParseOptions): YamlSyntaxError {
  const err = doc.errors.find((e) => !ignoredError(e.code, e.message))!;
  const mapped = libyamlError(err.code, err.message, text, err.pos[0]);
  const { column } = lineCol(text, err.pos[0]);
  return new YamlSyntaxError(`${CONVERT}yaml: ${mapped.message}`, opts.filename, mapped.physicalLine, column);
}

function checkReader(text: string, opts: YamlParseOptions): void {
  const r = readerError(text);
  if (r) throw new YamlSyntaxError(`${CONVERT}yaml: ${r}`, opts.filename, 1, 1);
}

function* documents(text: string): Generator<Document.Parsed> {
  const composer = new Composer({
    schema: 'failsafe',
    version: '1.1',
    uniqueKeys: false,
    merge: false,
    strict: false,
  });
  yield* composer.compose(new Parser().parse(text));
}

/** All documents of a YAML stream, each as sigs.k8s.io/yaml.Unmarshal would give it. */
export function parseYamlAll(text: string, opts: YamlParseOptions = {}): unknown[] {
  checkReader(text, opts);
  const out: unknown[] = [];
  for (const doc of documents(text)) out.push(convertOne(text, doc, opts));
  return out;
}

function convertOne(text: string, doc: Document.Parsed, opts: YamlParseOptions): unknown {
  if (doc.errors.some((e) => !ignoredError(e.code, e.message))) throw syntaxError(text, doc, opts);
  const ctx: Ctx = { anchors: new Map(), expanding: new Set() };
  try {
    return convert((doc.contents as Node | null) ?? null, ctx);
  } catch (e) {
    if (!(e instanceof ConvertError)) throw e;
    const { line, column } = lineCol(text, e.offset);
    throw new YamlSyntaxError(`${CONVERT}${e.message}`, opts.filename, line, column);
  }
}

/**
 * The first document of a YAML stream (null for an empty one), as sigs.k8s.io/yaml.Unmarshal
 * into an interface{} gives it. Like go-yaml, later documents are not read.
 */
export function parseYaml(text: string, opts: YamlParseOptions = {}): unknown {
  checkReader(text, opts);
  for (const doc of documents(text)) return convertOne(text, doc, opts);
  return null;
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
