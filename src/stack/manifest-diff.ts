/**
 * Diffing a release: the rendered manifest against the live revision's, resource by resource
 * (matched by apiVersion group, kind, namespace and name), plus the user-supplied values. Secret
 * `data`/`stringData` values are masked unless asked otherwise; a changed secret value still
 * shows as a changed line.
 */
import { parseYaml, toYaml } from '../encoding/index.js';
import { type GoMap, isMap } from '../gotemplate/index.js';
import { splitManifests } from '../release/index.js';
import { unifiedDiff } from './unified-diff.js';

export interface ManifestResource {
  /** `group/Kind/namespace/name` (group '' for the core API). */
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The document as rendered, without the `# Source:` line. */
  readonly text: string;
  /** The parsed object (null when the document does not parse). */
  readonly object: GoMap | null;
}

export type ResourceChangeKind = 'added' | 'removed' | 'modified';

export interface ResourceChange {
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly change: ResourceChangeKind;
  /** Unified hunks (redacted unless showSecrets). */
  readonly diff: string;
}

export interface ReleaseDiff {
  readonly id: string;
  readonly resources: readonly ResourceChange[];
  /** Unified hunks of the values (toYaml) — '' when equal. */
  readonly values: string;
  readonly changed: boolean;
}

export interface DiffOptions {
  readonly context?: number;
  readonly showSecrets?: boolean;
}

export function parseManifest(manifest: string, defaultNamespace: string): ManifestResource[] {
  const out: ManifestResource[] = [];
  const seen = new Map<string, number>();
  for (const doc of splitManifests(manifest)) {
    const text = `${doc
      .split('\n')
      .filter((l) => !l.startsWith('# Source: '))
      .join('\n')
      .trim()}\n`;
    if (text.trim() === '') continue;
    let object: GoMap | null = null;
    try {
      const v = parseYaml(text);
      object = isMap(v) ? v : null;
    } catch {
      object = null;
    }
    if (object === null && text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#')))
      continue;
    const apiVersion = String(object?.apiVersion ?? '');
    const kind = String(object?.kind ?? '');
    const meta = isMap(object?.metadata) ? (object!.metadata as GoMap) : {};
    const name = String(meta.name ?? '');
    const namespace = String(meta.namespace ?? defaultNamespace);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    let key = `${group}/${kind}/${namespace}/${name}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > 0) key += `#${n}`;
    out.push({ key, apiVersion, kind, namespace, name, text, object });
  }
  return out;
}

function isSecret(r: ManifestResource): boolean {
  return r.kind === 'Secret' && r.apiVersion === 'v1' && r.object !== null;
}

/** Masks secret values; a key whose value differs on the other side is marked so that it shows. */
function maskSecret(obj: GoMap, other: GoMap | null, side: 'before' | 'after'): string {
  const copy: GoMap = { ...obj };
  for (const field of ['data', 'stringData']) {
    const m = obj[field];
    if (!isMap(m)) continue;
    const o = isMap(other?.[field]) ? (other![field] as GoMap) : {};
    const masked: GoMap = {};
    for (const k of Object.keys(m)) {
      const same = Object.hasOwn(o, k) && o[k] === m[k];
      masked[k] = same || !Object.hasOwn(o, k) ? '(redacted)' : `(redacted, ${side})`;
    }
    copy[field] = masked;
  }
  return toYaml(copy);
}

function bodies(
  before: ManifestResource | undefined,
  after: ManifestResource | undefined,
  showSecrets: boolean,
): [string, string] {
  const secret = (before && isSecret(before)) || (after && isSecret(after));
  if (!secret || showSecrets) return [before?.text ?? '', after?.text ?? ''];
  return [
    before ? maskSecret(before.object!, after?.object ?? null, 'before') : '',
    after ? maskSecret(after.object!, before?.object ?? null, 'after') : '',
  ];
}

/** Keys whose values are masked in values diffs unless secrets are shown. */
const sensitiveKey = /pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential/i;

/** A copy of `values` with sensitive leaves masked (marked when they differ from `other`'s). */
export function maskValues(values: GoMap, other: unknown, side: 'before' | 'after'): GoMap {
  const walk = (v: unknown, o: unknown, sensitive: boolean): unknown => {
    if (isMap(v)) {
      const out: GoMap = {};
      for (const k of Object.keys(v))
        out[k] = walk(v[k], isMap(o) ? o[k] : undefined, sensitive || sensitiveKey.test(k));
      return out;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, Array.isArray(o) ? o[i] : undefined, sensitive));
    if (!sensitive || v === null || v === undefined || v === '') return v;
    return o === v ? '(redacted)' : `(redacted, ${side})`;
  };
  return walk(values, other, false) as GoMap;
}

export function diffRelease(
  id: string,
  namespace: string,
  live: { manifest: string; values: GoMap } | null,
  desired: { manifest: string; values: GoMap } | null,
  opts: DiffOptions = {},
): ReleaseDiff {
  const context = opts.context ?? 3;
  const before = parseManifest(live?.manifest ?? '', namespace);
  const after = parseManifest(desired?.manifest ?? '', namespace);
  const beforeByKey = new Map(before.map((r) => [r.key, r]));
  const afterByKey = new Map(after.map((r) => [r.key, r]));
  const resources: ResourceChange[] = [];
  const push = (b: ManifestResource | undefined, a: ManifestResource | undefined): void => {
    if (b && a && b.text === a.text) return;
    const r = (a ?? b)!;
    const [x, y] = bodies(b, a, opts.showSecrets ?? false);
    resources.push({
      key: r.key,
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      change: !b ? 'added' : !a ? 'removed' : 'modified',
      diff:
        unifiedDiff(x, y, context) ||
        unifiedDiff(b?.text ?? '', a?.text ?? '', 0).replace(/^([-+]).*$/gm, '$1(redacted)'),
    });
  };
  for (const a of after) push(beforeByKey.get(a.key), a);
  for (const b of before) if (!afterByKey.has(b.key)) push(b, undefined);
  const reveal = opts.showSecrets ?? false;
  const valuesBefore = live
    ? toYaml(reveal ? live.values : maskValues(live.values, desired?.values, 'before'))
    : '';
  const valuesAfter = desired
    ? toYaml(reveal ? desired.values : maskValues(desired.values, live?.values, 'after'))
    : '';
  const vb = valuesBefore === '{}\n' ? '' : valuesBefore;
  const va = valuesAfter === '{}\n' ? '' : valuesAfter;
  const valuesDiff = unifiedDiff(vb, va, context);
  return { id, resources, values: valuesDiff, changed: resources.length > 0 || valuesDiff !== '' };
}
