/**
 * Kubernetes label selectors (k8s.io/apimachinery labels.Parse) over release labels, for
 * `list -l`: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, comma-separated
 * (all must hold).
 */

export class SelectorError extends Error {
  readonly code = 'ESELECTOR';
}

type Requirement = (labels: Record<string, string>) => boolean;

const keyRe = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function terms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim());
}

function checkKey(k: string, sel: string): string {
  if (!keyRe.test(k) || k.length > 317)
    throw new SelectorError(`unable to parse requirement: invalid label key "${k}" in selector "${sel}"`);
  return k;
}

function checkValue(v: string, sel: string): string {
  if (!valueRe.test(v) || v.length > 63)
    throw new SelectorError(`unable to parse requirement: invalid label value: "${v}" in selector "${sel}"`);
  return v;
}

export function parseSelector(selector: string): Requirement {
  const reqs: Requirement[] = [];
  if (selector.trim() === '') return () => true;
  for (const t of terms(selector)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(t))) {
      const k = checkKey(m[1]!, selector);
      const v = checkValue(m[3]!, selector);
      const neg = m[2] === '!=';
      reqs.push((l) => (neg ? l[k] !== v : l[k] === v));
    } else if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(t))) {
      const k = checkKey(m[1]!, selector);
      const vs = new Set(m[3]!.split(',').map((v) => checkValue(v.trim(), selector)));
      const neg = m[2] === 'notin';
      reqs.push((l) => (neg ? !(k in l) || !vs.has(l[k]!) : k in l && vs.has(l[k]!)));
    } else if ((m = /^!\s*(\S+)$/.exec(t))) {
      const k = checkKey(m[1]!, selector);
      reqs.push((l) => !(k in l));
    } else if (/^\S+$/.test(t)) {
      const k = checkKey(t, selector);
      reqs.push((l) => k in l);
    } else {
      throw new SelectorError(
        `unable to parse requirement: found '${t}', expected: identifier in selector "${selector}"`,
      );
    }
  }
  return (labels) => reqs.every((r) => r(labels));
}
