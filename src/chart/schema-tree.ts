/**
 * Rebuilding helm's error tree from ajv's flat error list. helm's validator nests errors by
 * evaluation: each schema applied at an instance location reports nothing, its single error,
 * or "validation failed" with its errors as causes; a `$ref` unwraps such a group; allOf/anyOf/
 * oneOf list their failing branches. ajv reports every failed keyword with its instance path and
 * schema path, so each error is routed back through the schema (properties, items, $ref,
 * combinators) to the evaluation that produced it.
 */
import type { ErrorObject } from 'ajv';
import { isMap } from '../gotemplate/index.js';
import { escapePtr, groupMessage, leafFor, ptrTokens, quote } from './schema-messages.js';

/** A leaf message: helm's text for one failed keyword. */
export interface Leaf {
  kind: 'leaf';
  keyword: string;
  instance: string;
  message: string;
  /** Items merged into one message (required, additionalProperties, …). */
  merge?: { key: string; items: string[]; render: (items: string[]) => string };
  /** Errors explaining this one (contains: each item's; propertyNames: the name's). */
  causes?: Map<string, Entry>;
  /** Identity for merging with ajv's own error of the same keyword. */
  key?: string;
}
/** One schema applied at one instance location (santhosh's validator run). */
export interface Frame {
  kind: 'frame';
  instance: string;
  rank: number;
  entries: Entry[];
  keyed: Map<string, Entry>;
}
/** `$ref` followed at an instance location. */
interface RefNode {
  kind: 'ref';
  keyword: '$ref';
  instance: string;
  frame: Frame;
}
/** allOf/anyOf/oneOf at an instance location; one frame per failing subschema. */
interface Group {
  kind: 'group';
  keyword: 'allOf' | 'anyOf' | 'oneOf';
  instance: string;
  message: string;
  branches: Map<number, Frame>;
}
type Entry = Leaf | Frame | RefNode | Group;

export const rank: Record<string, number> = {
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
  properties: 14,
  additionalProperties: 15,
  propertyNames: 16,
  dependentRequired: 17,
  minItems: 20,
  maxItems: 21,
  uniqueItems: 22,
  items: 23,
  additionalItems: 24,
  contains: 25,
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

export function newFrame(instance: string, r = rank.properties!): Frame {
  return { kind: 'frame', instance, rank: r, entries: [], keyed: new Map() };
}

type Step =
  | { t: 'val'; token: string; key: string; rank: number }
  | { t: 'contains'; token: string }
  | { t: 'ref'; target: string }
  | { t: 'group'; kw: 'allOf' | 'anyOf' | 'oneOf'; index: number }
  | { t: 'self' };

/** The schema at a local JSON pointer (`#/$defs/x`), or undefined. */
function resolvePointer(root: unknown, ptr: string): unknown {
  if (ptr === '#' || ptr === '') return root;
  if (!ptr.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const tok of ptrTokens(ptr)) {
    const t = decodeURIComponent(tok);
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isMap(cur)) cur = Object.hasOwn(cur, t) ? cur[t] : undefined;
    else return undefined;
  }
  return cur;
}

/**
 * How the validator reached the schema at `target` for the instance `inst`: the applicator
 * steps from the root (properties, items, $ref, allOf/anyOf/oneOf branches…), found by walking
 * the schema itself because ajv's schemaPath restarts inside a `$ref`.
 */
function findRoute(
  root: unknown,
  sch: unknown,
  loc: string,
  inst: string[],
  ii: number,
  target: { loc: string; keyword: string },
  depth: number,
): Step[] | null {
  // ajv's schemaPath restarts inside a $ref (relative to the referenced schema), so a location
  // matches by suffix, and only where the failing keyword is actually written.
  if (ii === inst.length) {
    const suffix = target.loc.slice(1);
    const here = loc === target.loc || (suffix !== '' && loc.endsWith(suffix)) || suffix === '';
    const hasKeyword =
      target.keyword === 'false schema' ? sch === false : isMap(sch) && Object.hasOwn(sch, target.keyword);
    if (here && hasKeyword) return [];
  }
  if (depth > 64 || !isMap(sch)) return null;
  const tryStep = (step: Step, sub: unknown, subLoc: string, nextIi: number): Step[] | null => {
    const r = findRoute(root, sub, subLoc, inst, nextIi, target, depth + 1);
    return r ? [step, ...r] : null;
  };
  const esc = (k: string) => escapePtr(k);
  if (ii < inst.length) {
    const tok = inst[ii]!;
    let matched = false;
    if (isMap(sch.properties) && Object.hasOwn(sch.properties, tok)) {
      matched = true;
      const r = tryStep(
        { t: 'val', token: tok, key: `properties/${tok}`, rank: rank.properties! },
        sch.properties[tok],
        `${loc}/properties/${esc(tok)}`,
        ii + 1,
      );
      if (r) return r;
    }
    if (isMap(sch.patternProperties)) {
      for (const re of Object.keys(sch.patternProperties)) {
        let ok = false;
        try {
          ok = new RegExp(re, 'u').test(tok);
        } catch {}
        if (!ok) continue;
        matched = true;
        const r = tryStep(
          { t: 'val', token: tok, key: `pattern/${re}`, rank: rank.properties! },
          sch.patternProperties[re],
          `${loc}/patternProperties/${esc(re)}`,
          ii + 1,
        );
        if (r) return r;
      }
    }
    if (!matched && sch.additionalProperties !== undefined && typeof sch.additionalProperties !== 'boolean') {
      const r = tryStep(
        { t: 'val', token: tok, key: 'additionalProperties', rank: rank.properties! },
        sch.additionalProperties,
        `${loc}/additionalProperties`,
        ii + 1,
      );
      if (r) return r;
    }
    if (/^\d+$/.test(tok)) {
      const i = Number(tok);
      if (Array.isArray(sch.prefixItems) && i < sch.prefixItems.length) {
        const r = tryStep(
          { t: 'val', token: tok, key: 'items', rank: rank.items! },
          sch.prefixItems[i],
          `${loc}/prefixItems/${i}`,
          ii + 1,
        );
        if (r) return r;
      } else if (Array.isArray(sch.items)) {
        if (i < sch.items.length) {
          const r = tryStep(
            { t: 'val', token: tok, key: 'items', rank: rank.items! },
            sch.items[i],
            `${loc}/items/${i}`,
            ii + 1,
          );
          if (r) return r;
        } else if (isMap(sch.additionalItems)) {
          const r = tryStep(
            { t: 'val', token: tok, key: 'additionalItems', rank: rank.additionalItems! },
            sch.additionalItems,
            `${loc}/additionalItems`,
            ii + 1,
          );
          if (r) return r;
        }
      } else if (sch.items !== undefined) {
        const r = tryStep(
          { t: 'val', token: tok, key: 'items', rank: rank.items! },
          sch.items,
          `${loc}/items`,
          ii + 1,
        );
        if (r) return r;
      }
      if (sch.contains !== undefined) {
        const r = tryStep({ t: 'contains', token: tok }, sch.contains, `${loc}/contains`, ii + 1);
        if (r) return r;
      }
    }
  }
  if (typeof sch.$ref === 'string') {
    const sub = resolvePointer(root, sch.$ref);
    if (sub !== undefined) {
      const r = tryStep({ t: 'ref', target: sch.$ref }, sub, sch.$ref === '#' ? '#' : sch.$ref, ii);
      if (r) return r;
    }
  }
  for (const kw of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = sch[kw];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) {
      const r = tryStep({ t: 'group', kw, index: i }, sub, `${loc}/${kw}/${i}`, ii);
      if (r) return r;
    }
  }
  for (const kw of ['then', 'else', 'not']) {
    if (sch[kw] === undefined) continue;
    const r = tryStep({ t: 'self' }, sch[kw], `${loc}/${kw}`, ii);
    if (r) return r;
  }
  for (const kw of ['dependentSchemas', 'dependencies']) {
    const deps = sch[kw];
    if (!isMap(deps)) continue;
    for (const p of Object.keys(deps)) {
      if (!isMap(deps[p])) continue;
      const r = tryStep({ t: 'self' }, deps[p], `${loc}/${kw}/${esc(p)}`, ii);
      if (r) return r;
    }
  }
  return null;
}

/** The leaf of `keyword` (identified by `key`) in a frame, created with `message` if absent. */
function keyedLeaf(frame: Frame, key: string, keyword: string, instance: string, message: string): Leaf {
  let leaf = frame.entries.find((x): x is Leaf => x.kind === 'leaf' && x.key === key);
  if (!leaf) {
    leaf = { kind: 'leaf', keyword, instance, message, key, causes: new Map() };
    frame.entries.push(leaf);
  }
  return leaf;
}

/** Places one ajv error into the evaluation tree rooted at `root`. */
export function place(rootFrame: Frame, schema: unknown, e: ErrorObject): void {
  const inst = ptrTokens(e.instancePath);
  let keyword = e.keyword;
  let target = e.schemaPath.slice(0, Math.max(1, e.schemaPath.lastIndexOf('/')));
  if (keyword === 'false schema') target = e.schemaPath;
  const propertyName = e.propertyName ?? (e.params as { propertyName?: string }).propertyName;
  const inPropertyNames =
    propertyName !== undefined && keyword !== 'propertyNames' && e.schemaPath.includes('/propertyNames');
  if (inPropertyNames) target = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/propertyNames'));
  let steps = findRoute(
    schema,
    schema,
    '#',
    inst,
    0,
    { loc: target, keyword: inPropertyNames ? 'propertyNames' : keyword },
    0,
  );
  if (!steps)
    steps = inst.map((token) => ({ t: 'val', token, key: 'unknown', rank: rank.properties! }) as Step);
  let frame = rootFrame;
  let curInst = '';
  for (const step of steps) {
    if (step.t === 'val') {
      curInst += `/${escapePtr(step.token)}`;
      const key = `val|${step.key}|${curInst}`;
      let f = frame.keyed.get(key) as Frame | undefined;
      if (!f) {
        f = newFrame(curInst, step.rank);
        frame.keyed.set(key, f);
        frame.entries.push(f);
      }
      frame = f;
    } else if (step.t === 'contains') {
      curInst += `/${escapePtr(step.token)}`;
      const leaf = keyedLeaf(frame, 'contains', 'contains', frame.instance, 'no items match contains schema');
      let f = leaf.causes!.get(curInst) as Frame | undefined;
      if (!f) {
        f = newFrame(curInst);
        leaf.causes!.set(curInst, f);
      }
      frame = f;
    } else if (step.t === 'ref') {
      const key = `ref|${step.target}`;
      let r = frame.keyed.get(key) as RefNode | undefined;
      if (!r) {
        r = { kind: 'ref', keyword: '$ref', instance: curInst, frame: newFrame(curInst) };
        frame.keyed.set(key, r);
        frame.entries.push(r);
      }
      frame = r.frame;
    } else if (step.t === 'group') {
      frame =
        groupOf(frame, step.kw, curInst).branches.get(step.index) ??
        addBranch(groupOf(frame, step.kw, curInst), step.index, curInst);
    }
  }
  if (keyword === 'if') return;
  if (propertyName !== undefined && (inPropertyNames || keyword === 'propertyNames')) {
    const leaf = keyedLeaf(
      frame,
      `propertyNames:${propertyName}`,
      'propertyNames',
      '',
      `invalid propertyName ${quote(propertyName)}`,
    );
    if (inPropertyNames) {
      const cause = leafFor({ ...e, data: propertyName }, '');
      if (cause) leaf.causes!.set(`${leaf.causes!.size}`, cause);
    }
    return;
  }
  if (
    keyword === 'items' &&
    typeof (e.params as { limit?: unknown }).limit === 'number' &&
    Array.isArray(e.data)
  ) {
    // 2020-12 `items: false` after prefixItems; helm's library numbers these items from 0.
    const extra = (e.data as unknown[]).length - (e.params as { limit: number }).limit;
    for (let k = 0; k < extra; k++) {
      const at = `${curInst}/${k}`;
      const f = newFrame(at, rank.items);
      f.entries.push({ kind: 'leaf', keyword: 'false schema', instance: at, message: 'false schema' });
      frame.entries.push(f);
    }
    return;
  }
  if (keyword === 'contains') {
    const leaf = keyedLeaf(frame, 'contains', 'contains', curInst, 'no items match contains schema');
    const min = (e.params as { minContains?: number }).minContains;
    if (min !== undefined && min !== 1)
      leaf.message = `min ${min} items required to match contains schema, but none matched`;
    return;
  }
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
    groupOf(frame, keyword, curInst);
    return;
  }
  if (keyword === 'unevaluatedProperties' || keyword === 'unevaluatedItems') {
    const p = e.params as { unevaluatedProperty?: string };
    if (p.unevaluatedProperty !== undefined) {
      const at = `${curInst}/${escapePtr(p.unevaluatedProperty)}`;
      const f = newFrame(at, rank[keyword]);
      f.entries.push({ kind: 'leaf', keyword: 'false schema', instance: at, message: 'false schema' });
      frame.entries.push(f);
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

function groupOf(frame: Frame, kw: 'allOf' | 'anyOf' | 'oneOf', instance: string): Group {
  const key = `group|${kw}`;
  let g = frame.keyed.get(key) as Group | undefined;
  if (!g) {
    g = { kind: 'group', keyword: kw, instance, message: groupMessage(kw, undefined), branches: new Map() };
    frame.keyed.set(key, g);
    frame.entries.push(g);
  }
  return g;
}

function addBranch(g: Group, index: number, instance: string): Frame {
  const f = newFrame(instance);
  g.branches.set(index, f);
  return f;
}

/** An error as santhosh-tekuri's ValidationError: a message at a location, with causes. */
export interface VErr {
  kind: 'group' | 'ref' | 'other';
  instance: string;
  message: string;
  causes: VErr[];
}

function entryRank(e: Entry): number {
  if (e.kind === 'frame') return e.rank;
  return rank[e.keyword] ?? 70;
}

/** validate(): no error, the single error, or a "validation failed" group of the frame's errors. */
export function evalFrame(f: Frame): VErr | null {
  let entries = f.entries;
  for (const kw of ['false schema', 'type', 'const', 'enum', 'format']) {
    const hit = entries.find((x) => x.kind === 'leaf' && x.keyword === kw);
    if (hit) {
      entries = [hit];
      break;
    }
  }
  const errs = [...entries]
    .sort((a, b) => entryRank(a) - entryRank(b))
    .map(evalEntry)
    .filter((x): x is VErr => x !== null);
  if (errs.length === 0) return null;
  if (errs.length === 1) return errs[0]!;
  return { kind: 'group', instance: f.instance, message: 'validation failed', causes: errs };
}

function evalEntry(e: Entry): VErr | null {
  switch (e.kind) {
    case 'leaf': {
      const causes = [...(e.causes?.values() ?? [])].map(evalEntry).filter((x): x is VErr => x !== null);
      return {
        kind: 'other',
        instance: e.instance,
        message: e.merge ? e.merge.render(e.merge.items) : e.message,
        causes,
      };
    }
    case 'frame':
      return evalFrame(e);
    case 'ref': {
      const inner = evalFrame(e.frame);
      if (!inner) return null;
      return {
        kind: 'ref',
        instance: e.instance,
        message: 'validation failed',
        causes: inner.kind === 'group' ? inner.causes : [inner],
      };
    }
    case 'group': {
      const causes = [...e.branches.keys()]
        .sort((a, b) => a - b)
        .map((i) => evalFrame(e.branches.get(i)!))
        .filter((x): x is VErr => x !== null);
      return { kind: 'other', instance: e.instance, message: e.message, causes };
    }
  }
}

export function printErr(e: VErr, indent: number, out: string[]): void {
  if (e.kind === 'ref' && e.causes.length === 1) {
    printErr(e.causes[0]!, indent, out);
    return;
  }
  out.push(`${'  '.repeat(indent - 1)}- at ${quote(e.instance)}: ${e.message}`);
  for (const c of e.causes) printErr(c, indent + 1, out);
}
