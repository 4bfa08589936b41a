/**
 * Splitting rendered templates into manifests and hooks, as helm's releaseutil does
 * (SplitManifests, SortManifests): files in path order, documents in file order, hooks
 * recognised by the `helm.sh/hook` annotation, then a stable sort by kind.
 */
import { parseYaml } from '../encoding/index.js';
import {
  type Hook,
  HookAnnotation,
  HookDeleteAnnotation,
  type HookEvent,
  HookOutputLogAnnotation,
  HookWeightAnnotation,
  parseHookEvent,
} from './hook.js';
import { sortByKind } from './kind-order.js';

/** The few fields helm reads from every manifest. */
export interface SimpleHead {
  apiVersion: string;
  kind: string;
  metadata?: { name: string; annotations?: Record<string, string> | null };
}

export interface Manifest {
  /** The template path, e.g. `mychart/templates/deployment.yaml`. */
  name: string;
  content: string;
  head: SimpleHead;
}

/** A rendered document that does not parse as YAML or has the wrong field types. */
export class ManifestParseError extends Error {
  readonly code = 'EMANIFEST';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`YAML parse error on ${path}: ${message}`, options);
    this.name = 'ManifestParseError';
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Go: (?:^|\s*\n)---\s*  where \s is [\t\n\f\r ].
const separator = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;
const goSpace = /^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g;

/** Go's strings.TrimSpace (Unicode white space). */
export function trimSpace(s: string): string {
  return s.replace(goSpace, '');
}

/** Splits a multi-document template output into trimmed, non-empty documents, in order. */
export function splitManifests(text: string): string[] {
  return trimSpace(text)
    .split(separator)
    .filter((d) => d !== '')
    .map(trimSpace);
}

function stringField(obj: Record<string, unknown>, key: string, where: string, path: string): string {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw new ManifestParseError(
      path,
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where} of type string`,
    );
  }
  return v;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return 'string';
}

/** Reads the head of one document as sigs.k8s.io/yaml would unmarshal it into helm's SimpleHead. */
export function parseHead(doc: string, path: string): SimpleHead {
  let parsed: unknown;
  try {
    parsed = parseYaml(doc);
  } catch (err) {
    throw new ManifestParseError(path, (err as Error).message, { cause: err });
  }
  if (parsed === null || parsed === undefined) return { apiVersion: '', kind: '' };
  if (!isMap(parsed)) {
    throw new ManifestParseError(
      path,
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(parsed)} into Go value of type util.SimpleHead`,
    );
  }
  const head: SimpleHead = {
    apiVersion: stringField(parsed, 'apiVersion', 'SimpleHead.apiVersion', path),
    kind: stringField(parsed, 'kind', 'SimpleHead.kind', path),
  };
  const meta = parsed.metadata;
  if (meta !== undefined && meta !== null) {
    if (!isMap(meta)) {
      throw new ManifestParseError(
        path,
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(meta)} into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`,
      );
    }
    const annotations = meta.annotations;
    let ann: Record<string, string> | null = null;
    if (annotations !== undefined && annotations !== null) {
      if (!isMap(annotations)) {
        throw new ManifestParseError(
          path,
          `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(annotations)} into Go struct field .metadata.annotations of type map[string]string`,
        );
      }
      ann = {};
      for (const [k, v] of Object.entries(annotations)) {
        if (v !== null && typeof v !== 'string') {
          throw new ManifestParseError(
            path,
            `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field .metadata.annotations of type string`,
          );
        }
        ann[k] = v ?? '';
      }
    }
    head.metadata = { name: stringField(meta, 'name', '.metadata.name', path), annotations: ann };
  }
  return head;
}

export interface SortedManifests {
  hooks: Hook[];
  manifests: Manifest[];
}

/** Go's strconv.Atoi on a hook weight; anything invalid is 0. */
function hookWeight(s: string | undefined): number {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return 0;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : 0;
}

function annotationList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((p) => p.trim().toLowerCase());
}

/**
 * Sorts rendered files (path → content) into hooks and manifests, both ordered by kind.
 * Partials (`_*`) and empty files are skipped; hooks with an unknown event are dropped as helm does.
 */
export function sortManifests(files: ReadonlyMap<string, string>, order: readonly string[]): SortedManifests {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const content = files.get(path)!;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.startsWith('_') || trimSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      const head = parseHead(doc, path);
      const annotations = head.metadata?.annotations;
      const hookValue = annotations?.[HookAnnotation];
      if (!annotations || Object.keys(annotations).length === 0 || hookValue === undefined) {
        manifests.push({ name: path, content: doc, head });
        continue;
      }
      const events: HookEvent[] = [];
      let unknown = false;
      for (const name of annotationList(hookValue)) {
        const e = parseHookEvent(name);
        if (!e) {
          unknown = true;
          break;
        }
        events.push(e);
      }
      if (unknown) continue;
      hooks.push({
        name: head.metadata?.name ?? '',
        kind: head.kind,
        path,
        manifest: doc,
        events,
        last_run: { phase: '' },
        weight: hookWeight(annotations[HookWeightAnnotation]),
        delete_policies: annotationList(annotations[HookDeleteAnnotation]),
        output_log_policies: annotationList(annotations[HookOutputLogAnnotation]),
      });
    }
  }
  return {
    hooks: sortByKind(hooks, (h) => h.kind, order),
    manifests: sortByKind(manifests, (m) => m.head.kind, order),
  };
}
