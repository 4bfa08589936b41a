/**
 * Label selectors (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`)
 * and field selectors (`path=value`, `path==value`, `path!=value`, comma-joined) as the API
 * server parses them.
 */
import { ApiError } from './errors.js';

export type Matcher = (obj: Record<string, any>) => boolean;

interface Requirement {
  key: string;
  op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt';
  values: string[];
}

function splitTopLevel(s: string): string[] {
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
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(part: string): Requirement {
  let m = /^!\s*([^\s!=<>(),]+)$/.exec(part);
  if (m) return { key: m[1]!, op: '!exists', values: [] };
  m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
  if (m) return { key: m[1]!, op: m[2] as 'in', values: m[3]!.split(',').map((v) => v.trim()) };
  m = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s,()]*)$/.exec(part);
  if (m) {
    const op = m[2] === '!=' ? 'ne' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : 'eq';
    if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(m[3]!)) {
      throw new ApiError(
        400,
        'BadRequest',
        `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
    return { key: m[1]!, op, values: [m[3]!] };
  }
  m = /^([^\s!=<>(),]+)$/.exec(part);
  if (m) return { key: m[1]!, op: 'exists', values: [] };
  throw new ApiError(
    400,
    'BadRequest',
    `unable to parse requirement: found '${part}', expected: a label selector requirement`,
  );
}

function test(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const v = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case 'eq':
      return has && v === req.values[0];
    case 'ne':
      return !has || v !== req.values[0];
    case 'in':
      return has && req.values.includes(v!);
    case 'notin':
      return !has || !req.values.includes(v!);
    case 'gt':
      return has && /^-?\d+$/.test(v!) && Number(v) > Number(req.values[0]);
    case 'lt':
      return has && /^-?\d+$/.test(v!) && Number(v) < Number(req.values[0]);
  }
}

export function parseLabelSelector(s: string | null | undefined): Matcher | undefined {
  if (!s?.trim()) return undefined;
  const reqs = splitTopLevel(s).map(parseRequirement);
  return (obj) => {
    const labels = obj.metadata?.labels ?? {};
    return reqs.every((r) => test(r, labels));
  };
}

/** Matches a structured `LabelSelector` (`matchLabels` + `matchExpressions`) against labels. */
export function matchesLabelSelector(sel: any, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const op =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!exists';
    if (!test({ key: e.key, op, values: e.values ?? [] }, l)) return false;
  }
  return true;
}

function fieldValue(obj: Record<string, any>, path: string): string {
  let cur: any = obj;
  for (const p of path.split('.')) cur = cur?.[p];
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

export function parseFieldSelector(s: string | null | undefined): Matcher | undefined {
  if (!s?.trim()) return undefined;
  const reqs = s.split(',').map((part) => {
    const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new ApiError(400, 'BadRequest', `invalid selector: '${s}'; can't understand '${part}'`);
    return { path: m[1]!, neg: m[2] === '!=', value: m[3]! };
  });
  return (obj) => reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.neg);
}
