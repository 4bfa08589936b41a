/**
 * The dependency graph of a stack: `needs` resolved to release ids, checked for unknown names
 * and cycles, and laid out in levels (a release's level is one more than the highest level of
 * what it needs). Pure data.
 */
import { NeedsCycleError, type SourcePos, StackError } from './errors.js';
import { didYouMean } from './suggest.js';

export interface GraphNode {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** `needs` as written, and where (for messages). */
  readonly needs: readonly string[];
  readonly pos?: SourcePos | undefined;
}

export interface StackGraph {
  /** Ids in a topological order: by level, then declaration order. */
  readonly order: readonly string[];
  readonly level: ReadonlyMap<string, number>;
  /** id → ids it needs. */
  readonly needs: ReadonlyMap<string, readonly string[]>;
  /** id → ids that need it. */
  readonly neededBy: ReadonlyMap<string, readonly string[]>;
}

/** Resolves one `needs` entry (`[namespace/]name`) against the declared releases. */
export function resolveNeed(from: GraphNode, need: string, byId: ReadonlyMap<string, GraphNode>): string {
  const parts = need.split('/');
  // helmfile also accepts kubecontext/namespace/name; the context part does not change identity here.
  const [ns, name] = parts.length >= 2 ? [parts.at(-2)!, parts.at(-1)!] : [undefined, parts[0]!];
  if (ns !== undefined) {
    const id = `${ns}/${name}`;
    if (byId.has(id)) return id;
  } else {
    const same = `${from.namespace}/${name}`;
    if (byId.has(same)) return same;
    const any = [...byId.values()].filter((n) => n.name === name);
    if (any.length === 1) return any[0]!.id;
    if (any.length > 1) {
      throw new StackError(
        'ENEEDS_UNKNOWN',
        `release "${from.id}" needs "${need}", which is ambiguous: ${any.map((n) => `"${n.id}"`).join(', ')}; write it as namespace/name`,
        { pos: from.pos },
      );
    }
  }
  const candidates = [...byId.keys()];
  throw new StackError(
    'ENEEDS_UNKNOWN',
    `release "${from.id}" needs "${need}", which is not declared in the state file${didYouMean(need, candidates)}`,
    { pos: from.pos },
  );
}

export function buildGraph(nodes: readonly GraphNode[]): StackGraph {
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) byId.set(n.id, n);
  const needs = new Map<string, string[]>();
  const neededBy = new Map<string, string[]>();
  for (const n of nodes) neededBy.set(n.id, []);
  for (const n of nodes) {
    const resolved = [...new Set(n.needs.map((need) => resolveNeed(n, need, byId)))];
    needs.set(n.id, resolved);
    for (const d of resolved) neededBy.get(d)!.push(n.id);
  }
  // Depth-first search: white (absent) → grey (on the path) → black (done).
  const state = new Map<string, 'grey' | 'black'>();
  const level = new Map<string, number>();
  const path: string[] = [];
  const visit = (id: string): number => {
    const s = state.get(id);
    if (s === 'black') return level.get(id)!;
    if (s === 'grey') throw new NeedsCycleError([...path.slice(path.indexOf(id)), id]);
    state.set(id, 'grey');
    path.push(id);
    let l = 0;
    for (const d of needs.get(id)!) l = Math.max(l, visit(d) + 1);
    path.pop();
    state.set(id, 'black');
    level.set(id, l);
    return l;
  };
  for (const n of nodes) visit(n.id);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const order = nodes
    .map((n) => n.id)
    .sort((a, b) => level.get(a)! - level.get(b)! || index.get(a)! - index.get(b)!);
  return { order, level, needs, neededBy };
}

/** Every id that `ids` need, transitively (ids themselves excluded). */
export function transitiveNeeds(graph: StackGraph, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    for (const d of graph.needs.get(stack.pop()!) ?? []) {
      if (!out.has(d)) {
        out.add(d);
        stack.push(d);
      }
    }
  }
  return out;
}
