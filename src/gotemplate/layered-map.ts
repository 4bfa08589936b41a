/**
 * A string-keyed map with O(1) snapshots, for TemplateSet.clone(): helm's `tpl` clones the whole
 * namespace (hundreds of templates and functions) on every call, so a clone must not copy.
 *
 * Writes go to a small own map; reads fall back to a chain of frozen layers. snapshot() freezes
 * the own map into a new layer (when it holds anything) that this map and its clone then share.
 * The chain is flattened once it grows deep, so lookups stay a few Map.get calls.
 */

interface Layer<V> {
  readonly map: ReadonlyMap<string, V>;
  readonly parent: Layer<V> | null;
  readonly depth: number;
}

const MAX_DEPTH = 6;

export class LayeredMap<V> {
  private own = new Map<string, V>();

  constructor(private base: Layer<V> | null = null) {}

  get(key: string): V | undefined {
    const v = this.own.get(key);
    if (v !== undefined) return v;
    for (let l = this.base; l !== null; l = l.parent) {
      const w = l.map.get(key);
      if (w !== undefined) return w;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.own.set(key, value);
  }

  /** Keys in first-insertion order (as a copied Map would keep them). */
  keys(): string[] {
    const layers: ReadonlyMap<string, V>[] = [this.own];
    for (let l = this.base; l !== null; l = l.parent) layers.push(l.map);
    const seen = new Set<string>();
    for (let i = layers.length - 1; i >= 0; i--) for (const k of layers[i]!.keys()) seen.add(k);
    return [...seen];
  }

  /** A copy that shares this map's current content; later writes to either stay private. */
  clone(): LayeredMap<V> {
    if (this.own.size > 0) {
      const depth = this.base === null ? 1 : this.base.depth + 1;
      this.base =
        depth > MAX_DEPTH ? flatten(this.own, this.base) : { map: this.own, parent: this.base, depth };
      this.own = new Map();
    }
    return new LayeredMap(this.base);
  }
}

function flatten<V>(own: Map<string, V>, base: Layer<V> | null): Layer<V> {
  const chain: ReadonlyMap<string, V>[] = [own];
  for (let l = base; l !== null; l = l.parent) chain.push(l.map);
  const map = new Map<string, V>();
  for (let i = chain.length - 1; i >= 0; i--) for (const [k, v] of chain[i]!) map.set(k, v);
  return { map, parent: null, depth: 1 };
}
