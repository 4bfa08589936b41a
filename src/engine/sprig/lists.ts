/**
 * Sprig's list functions (list.go). Each has a `must` variant returning Go's error; the plain
 * one panics with the same message — both reach the template as `error calling NAME: MSG`.
 * Lists are never modified in place; results are fresh `[]interface{}` values.
 */
import { toInt64 } from './cast.js';
import { empty } from './empty.js';
import { deepEqual } from './equal.js';
import { compareGoStrings, type FuncMap, func, isNil, kindName } from './go.js';
import { strval } from './gostrings.js';

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** The elements of a Go slice or array value (a []byte yields its bytes as ints). */
function elements(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  return undefined;
}

/** Elements of `list`, or Sprig's "Cannot VERB on type KIND" error (nil panics as reflect does). */
function mustList(list: unknown, what: string): unknown[] {
  if (isNil(list)) throw new Error(NIL_DEREF);
  const els = elements(list);
  if (!els) throw new Error(`${what} ${kindName(list)}`);
  return els;
}

/** Sprig's strslice: a list's non-nil elements as strings; a scalar becomes a one-element list. */
export function toStrings(v: unknown): string[] {
  const els = elements(v);
  if (els) return els.filter((x) => !isNil(x)).map(strval);
  if (isNil(v)) return [];
  return [strval(v)];
}

function sortAlpha(v: unknown): string[] {
  if (elements(v)) return toStrings(v).sort(compareGoStrings);
  return [strval(v)];
}

function chunk(size: number, list: unknown): unknown[][] {
  const els = mustList(list, 'Cannot chunk type');
  const l = els.length;
  const count = Math.floor((l - 1) / size) + 1;
  if (!Number.isFinite(count) || count < 0) throw new Error('runtime error: makeslice: len out of range');
  const out: unknown[][] = [];
  for (let i = 0; i < count; i++) out.push(els.slice(i * size, i * size + size));
  return out;
}

function slice(list: unknown, indices: unknown[]): unknown {
  if (isNil(list)) throw new Error(NIL_DEREF);
  const els = elements(list);
  if (!els) throw new Error(`list should be type of slice or array but ${kindName(list)}`);
  if (els.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? els.length : Number(toInt64(indices[1]));
  if (start < 0 || end < start || end > els.length)
    throw new Error('reflect.Value.Slice: slice index out of bounds');
  return els.slice(start, end);
}

function concat(lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const l of lists) {
    if (isNil(l)) throw new Error(NIL_DEREF);
    const els = elements(l);
    if (!els) throw new Error(`Cannot concat type ${kindName(l)} as list`);
    out.push(...els);
  }
  return out;
}

const inList = (haystack: unknown[], needle: unknown): boolean => haystack.some((h) => deepEqual(needle, h));

/** Registers NAME and mustNAME with the same behaviour (panic vs error is invisible to templates). */
function both(
  m: FuncMap,
  name: string,
  params: Parameters<typeof func>[0],
  fn: (...a: any[]) => unknown,
  variadic?: Parameters<typeof func>[2],
): void {
  const f = func(params, fn, variadic);
  m.set(name, f);
  m.set(`must${name[0]!.toUpperCase()}${name.slice(1)}`, f);
}

export function listFuncs(): FuncMap {
  const m: FuncMap = new Map();
  m.set(
    'list',
    func([], (...v: unknown[]) => v, 'any'),
  );
  m.set(
    'tuple',
    func([], (...v: unknown[]) => v, 'any'),
  );
  const push = func(['any', 'any'], (l: unknown, v: unknown) => [...mustList(l, 'Cannot push on type'), v]);
  for (const n of ['append', 'push', 'mustAppend', 'mustPush']) m.set(n, push);
  both(m, 'prepend', ['any', 'any'], (l: unknown, v: unknown) => [
    v,
    ...mustList(l, 'Cannot prepend on type'),
  ]);
  both(m, 'chunk', ['int', 'any'], (size: bigint, l: unknown) => chunk(Number(size), l));
  both(m, 'first', ['any'], (l: unknown) => {
    const els = mustList(l, 'Cannot find first on type');
    return els.length === 0 ? null : els[0];
  });
  both(m, 'last', ['any'], (l: unknown) => {
    const els = mustList(l, 'Cannot find last on type');
    return els.length === 0 ? null : els[els.length - 1];
  });
  both(m, 'rest', ['any'], (l: unknown) => {
    const els = mustList(l, 'Cannot find rest on type');
    return els.slice(1); // Go returns a nil []interface{}, which prints and compares like []
  });
  both(m, 'initial', ['any'], (l: unknown) => {
    const els = mustList(l, 'Cannot find initial on type');
    return els.slice(0, -1);
  });
  both(m, 'reverse', ['any'], (l: unknown) => [...mustList(l, 'Cannot find reverse on type')].reverse());
  both(m, 'compact', ['any'], (l: unknown) => mustList(l, 'Cannot compact on type').filter((x) => !empty(x)));
  both(m, 'uniq', ['any'], (l: unknown) => {
    const out: unknown[] = [];
    for (const x of mustList(l, 'Cannot find uniq on type')) if (!inList(out, x)) out.push(x);
    return out;
  });
  both(
    m,
    'without',
    ['any'],
    (l: unknown, ...omit: unknown[]) =>
      mustList(l, 'Cannot find without on type').filter((x) => !inList(omit, x)),
    'any',
  );
  both(m, 'has', ['any', 'any'], (needle: unknown, haystack: unknown) => {
    if (isNil(haystack)) return false;
    const els = elements(haystack);
    if (!els) throw new Error(`Cannot find has on type ${kindName(haystack)}`);
    return inList(els, needle);
  });
  both(m, 'slice', ['any'], (l: unknown, ...idx: unknown[]) => slice(l, idx), 'any');
  m.set(
    'concat',
    func([], (...ls: unknown[]) => concat(ls), 'any'),
  );
  m.set('sortAlpha', func(['any'], sortAlpha));
  return m;
}
