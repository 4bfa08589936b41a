/**
 * JSON merge patch (RFC 7386) and JSON patch (RFC 6902) on plain JSON values.
 */
import { ApiError } from './errors.js';

export const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescapeToken(tok: string): string {
  return tok.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError(422, 'Invalid', `JSON pointer must start with "/": ${path}`);
  return path.slice(1).split('/').map(unescapeToken);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

function fail(msg: string): never {
  throw new ApiError(422, 'Invalid', msg);
}

function parentOf(doc: any, toks: string[], op: string): { parent: any; key: string } {
  let cur = doc;
  for (const t of toks.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined)
      fail(
        `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${toks.join('/')}"`,
      );
  }
  return { parent: cur, key: toks[toks.length - 1]! };
}

function getAt(doc: any, toks: string[]): any {
  let cur = doc;
  for (const t of toks) {
    if (Array.isArray(cur)) cur = cur[t === '-' ? cur.length : Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json patch must be an array of operations');
  let doc: any = clone(target);
  for (const op of ops as any[]) {
    const toks = pointer(String(op.path ?? ''));
    const remove = (d: any, ts: string[]) => {
      const { parent, key } = parentOf(d, ts, op.op);
      if (Array.isArray(parent)) {
        const i = Number(key);
        if (!(i >= 0 && i < parent.length))
          fail(`remove operation does not apply: doc is missing path: "${op.path}"`);
        return parent.splice(i, 1)[0];
      }
      if (!isObj(parent) || !Object.hasOwn(parent, key))
        fail(`remove operation does not apply: doc is missing path: "${op.path}"`);
      const v = parent[key];
      delete parent[key];
      return v;
    };
    const add = (d: any, ts: string[], value: unknown) => {
      if (ts.length === 0) return value;
      const { parent, key } = parentOf(d, ts, op.op);
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (!(i >= 0 && i <= parent.length))
          fail(`add operation does not apply: index out of range: "${op.path}"`);
        parent.splice(i, 0, value);
      } else if (isObj(parent)) parent[key] = value;
      else fail(`add operation does not apply: doc is missing path: "${op.path}"`);
      return d;
    };
    switch (op.op) {
      case 'add':
        doc = add(doc, toks, clone(op.value));
        break;
      case 'remove':
        remove(doc, toks);
        break;
      case 'replace': {
        if (toks.length === 0) {
          doc = clone(op.value);
          break;
        }
        if (getAt(doc, toks) === undefined)
          fail(`replace operation does not apply: doc is missing key: ${op.path}`);
        const { parent, key } = parentOf(doc, toks, op.op);
        if (Array.isArray(parent)) parent[Number(key)] = clone(op.value);
        else parent[key] = clone(op.value);
        break;
      }
      case 'move': {
        const v = remove(doc, pointer(String(op.from)));
        doc = add(doc, toks, v);
        break;
      }
      case 'copy': {
        const v = getAt(doc, pointer(String(op.from)));
        if (v === undefined) fail(`copy operation does not apply: doc is missing from path: ${op.from}`);
        doc = add(doc, toks, clone(v));
        break;
      }
      case 'test': {
        const v = getAt(doc, toks);
        if (!deepEqual(v, op.value)) fail(`the server rejected our request due to an error in our request`);
        break;
      }
      default:
        throw new ApiError(400, 'BadRequest', `Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
