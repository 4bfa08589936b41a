/**
 * From a release manifest to Kubernetes objects, with helm's ownership metadata, and the
 * adoption rules: an existing object may join a release only if it already belongs to it
 * (or with --take-ownership).
 */
import { parseYaml } from '../encoding/index.js';
import { isMap } from '../gotemplate/index.js';
import type { KubeClient, KubeObject, ObjectRef } from '../kube/index.js';

export const managedByLabel = 'app.kubernetes.io/managed-by';
export const releaseNameAnnotation = 'meta.helm.sh/release-name';
export const releaseNamespaceAnnotation = 'meta.helm.sh/release-namespace';

export class ResourceError extends Error {
  readonly code: string;
  constructor(message: string, code = 'ERESOURCE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResourceError';
    this.code = code;
  }
}

/**
 * The documents of a manifest as Kubernetes' YAML reader cuts them (what helm's kube client
 * decodes): a line starting with `---` and holding nothing else but a comment ends a document,
 * and each document keeps its lines verbatim — so a block scalar that ends a document of a
 * release manifest keeps its final newline, and one ending a hook's manifest does not.
 */
function kubeDocuments(text: string): string[] {
  const docs: string[] = [];
  let current = '';
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        if (current !== '') docs.push(current);
        current = '';
        continue;
      }
    }
    current += line;
  }
  if (current !== '') docs.push(current);
  return docs;
}

/** Parses a manifest (documents with `# Source:` comments) into objects, in order. */
export function manifestObjects(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of kubeDocuments(manifest)) {
    const obj = parseYaml(doc);
    if (obj === null || obj === undefined) continue;
    if (!isMap(obj)) throw new ResourceError(`manifest document is not an object: ${doc.slice(0, 80)}`);
    if (Array.isArray((obj as { items?: unknown }).items) && String(obj.kind ?? '').endsWith('List')) {
      for (const item of (obj as { items: unknown[] }).items)
        if (isMap(item)) out.push(item as unknown as KubeObject);
      continue;
    }
    out.push(obj as unknown as KubeObject);
  }
  return out;
}

/** Adds helm's ownership label and annotations (setMetadataVisitor). */
export function withOwnership(obj: KubeObject, release: string, namespace: string): KubeObject {
  const meta = { ...(obj.metadata ?? {}) } as NonNullable<KubeObject['metadata']>;
  meta.labels = { ...(meta.labels ?? {}), [managedByLabel]: 'Helm' };
  meta.annotations = {
    ...(meta.annotations ?? {}),
    [releaseNameAnnotation]: release,
    [releaseNamespaceAnnotation]: namespace,
  };
  return { ...obj, metadata: meta };
}

export function refOfObject(obj: KubeObject, defaultNamespace: string): ObjectRef {
  return {
    apiVersion: String(obj.apiVersion ?? ''),
    kind: String(obj.kind ?? ''),
    name: String(obj.metadata?.name ?? ''),
    namespace: String(obj.metadata?.namespace ?? defaultNamespace),
  };
}

export function refKey(r: ObjectRef): string {
  return `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** Why an existing object cannot be adopted by the release, or undefined when it can. */
export function ownershipProblem(
  existing: KubeObject,
  release: string,
  namespace: string,
): string | undefined {
  const labels = existing.metadata?.labels ?? {};
  const ann = existing.metadata?.annotations ?? {};
  const problems: string[] = [];
  if (labels[managedByLabel] !== 'Helm') {
    problems.push(
      labels[managedByLabel] === undefined
        ? `label validation error: missing key "${managedByLabel}": must be set to "Helm"`
        : `label validation error: key "${managedByLabel}" must equal "Helm": current value is "${labels[managedByLabel]}"`,
    );
  }
  for (const [key, want] of [
    [releaseNameAnnotation, release],
    [releaseNamespaceAnnotation, namespace],
  ] as const) {
    if (ann[key] === undefined)
      problems.push(`annotation validation error: missing key "${key}": must be set to "${want}"`);
    else if (ann[key] !== want)
      problems.push(
        `annotation validation error: key "${key}" must equal "${want}": current value is "${ann[key]}"`,
      );
  }
  return problems.length ? `invalid ownership metadata; ${problems.join('; ')}` : undefined;
}

/**
 * helm's existingResourceConflict: objects that already exist must belong to this release.
 * Returns the objects that exist (to be updated rather than created).
 */
export async function checkExisting(
  kube: KubeClient,
  objects: readonly KubeObject[],
  release: string,
  namespace: string,
  opts: { takeOwnership?: boolean; signal?: AbortSignal } = {},
): Promise<KubeObject[]> {
  // Read the live objects a few at a time (an install of many objects otherwise pays one
  // round trip each), then judge them in manifest order so the first conflict is reported.
  const lives: (KubeObject | undefined)[] = new Array(objects.length);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const i = next++;
      lives[i] = await kube.get(
        refOfObject(objects[i]!, namespace),
        opts.signal ? { signal: opts.signal } : {},
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, objects.length) }, worker));
  const existing: KubeObject[] = [];
  for (let i = 0; i < objects.length; i++) {
    const live = lives[i];
    if (!live) continue;
    existing.push(live);
    if (opts.takeOwnership) continue;
    const ref = refOfObject(objects[i]!, namespace);
    const problem = ownershipProblem(live, release, namespace);
    if (problem) {
      const ns = objects[i]!.metadata?.namespace;
      const where = ns ? ` in namespace "${ns}"` : '';
      throw new ResourceError(
        `unable to continue with install: ${ref.kind} "${ref.name}"${where} exists and cannot be imported into the current release: ${problem}`,
        'EOWNERSHIP',
      );
    }
  }
  return existing;
}

/**
 * Gives every namespaced object without a namespace the release's namespace (helm does this
 * through the REST mapping), leaving cluster-scoped objects alone. An unknown kind is left as
 * it is: applying it reports the missing kind.
 */
export async function inNamespace(
  kube: KubeClient,
  objects: readonly KubeObject[],
  namespace: string,
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const o of objects) {
    if (o.metadata?.namespace) {
      out.push(o);
      continue;
    }
    let namespaced: boolean;
    try {
      namespaced = (await kube.mapping(String(o.apiVersion), String(o.kind), signal)).namespaced;
    } catch {
      out.push(o);
      continue;
    }
    out.push(namespaced ? { ...o, metadata: { ...o.metadata, namespace } } : o);
  }
  return out;
}
