/**
 * Release selectors, as helmfile's `-l`: `key=value` and `key!=value` terms joined by commas are
 * AND-ed within one selector; several selectors are OR-ed. Every release carries the implicit
 * labels `name`, `namespace` and `chart`.
 */
import { StackError } from './errors.js';

export interface SelectorTerm {
  readonly key: string;
  readonly value: string;
  readonly negate: boolean;
}

export type Selector = readonly SelectorTerm[];

export function parseSelector(text: string): Selector {
  const terms: SelectorTerm[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    const m = /^([A-Za-z0-9_./-]+)\s*(!=|==|=)\s*(.*)$/.exec(t);
    if (!m) {
      throw new StackError(
        'ESELECTOR',
        `malformed selector "${text}": each term must be key=value or key!=value (e.g. -l tier=backend,name!=db)`,
      );
    }
    terms.push({ key: m[1]!, value: m[3]!.trim(), negate: m[2] === '!=' });
  }
  if (terms.length === 0) throw new StackError('ESELECTOR', `empty selector "${text}"`);
  return terms;
}

export function matchesSelector(labels: Readonly<Record<string, string>>, sel: Selector): boolean {
  return sel.every((t) => ((labels[t.key] ?? '') === t.value) !== t.negate);
}

/** True when any selector matches (no selectors: everything matches). */
export function matchesAny(
  labels: Readonly<Record<string, string>>,
  selectors: readonly Selector[],
): boolean {
  return selectors.length === 0 || selectors.some((s) => matchesSelector(labels, s));
}
