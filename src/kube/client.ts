/**
 * KubeClient: everything bosun asks of a cluster, over one kubeconfig context — discovery and
 * REST mapping (cached per client), server-side apply, create, replace, patch, get, list, delete,
 * watch-driven readiness waits, and the Secret/ConfigMap ports the release storage uses.
 */
import { type KubeConfigOptions, type ResolvedKubeConfig, resolveKubeConfig } from './config.js';
import { ConfigMapsClient, SecretsClient } from './core-ports.js';
import { upgradeManagedFields } from './csa-upgrade.js';
import { Discovery, groupVersionPath, type RestMapping, type ServerVersion } from './discovery.js';
import { isConflictError, isNotFoundError, KubeApiError, KubeBatchError } from './errors.js';
import { type RetryPolicy, Transport } from './transport.js';
import { type KubeObject, type ObjectRef, refString } from './types.js';
import { type ResourceProgress, type WaitOptions, waitForDeleted, waitForReady } from './wait.js';
import { collectionPath, type WatchCallback, watchObjects } from './watch.js';

/** The field manager helm 4 applies with (cmd/helm sets kube.ManagedFieldsManager = "helm"). */
export const helmFieldManager = 'helm';

export interface KubeClientOptions extends KubeConfigOptions {
  retry?: Partial<RetryPolicy>;
  /** Objects of one kind handled at once in apply/create/delete (default 8). */
  concurrency?: number;
}

export interface ApplyOptions {
  /** Default `helm`, so helm 4 and bosun own the same fields and can take turns. */
  fieldManager?: string;
  /** Take fields owned by other managers instead of failing with a 409 conflict. */
  force?: boolean;
  dryRun?: boolean;
  /** `Strict` (helm's default), `Warn` or `Ignore`. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /**
   * How the failures of several objects are joined in the KubeBatchError message: helm 4's
   * Update (upgrade, rollback) joins with `" && "` (the default), its Create (install) with a
   * newline.
   */
  errorSeparator?: string;
  signal?: AbortSignal;
}

export interface AppliedObject {
  object: KubeObject;
  /** The server created it (HTTP 201) rather than updating an existing one. */
  created: boolean;
}

export interface DeleteOptions {
  /** helm's default is Background. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  signal?: AbortSignal;
}

export interface DeleteResult {
  deleted: ObjectRef[];
  /** Already gone: not an error (as in helm). */
  notFound: ObjectRef[];
}

export interface ListOptions {
  /** Default: the client's namespace for namespaced kinds; `''` = all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
}

export interface Capabilities {
  kubeVersion: { version: string; major: string; minor: string };
  apiVersions: string[];
}

export type { ResourceProgress, WaitOptions };

/** Runs `fn` over items with at most `n` at once, keeping result order; collects failures. */
async function pool<T, R>(
  items: readonly T[],
  n: number,
  fn: (t: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/**
 * A failed server-side apply worded as helm 4's patchResourceServerSide words it: a conflict
 * names the object and its group/version/kind (`conflict occurred while applying object
 * ns/name apps/v1, Kind=Deployment: Apply failed with 1 conflict: …`), a 415 says the server
 * lacks server-side apply. The error stays a KubeApiError with the same status and details.
 */
function applyError(e: unknown, mapping: RestMapping, namespace: string, name: string): unknown {
  if (!(e instanceof KubeApiError)) return e;
  const gvk = `${mapping.group}/${mapping.version}, Kind=${mapping.kind}`;
  let message: string;
  if (e.statusCode === 415) message = `server-side apply not available on the server: ${e.message}`;
  else if (e.statusCode === 409)
    message = `conflict occurred while applying object ${namespace}/${name} ${gvk}: ${e.message}`;
  else return e;
  return new KubeApiError(e.statusCode, e.reason, message, e.details, e.request);
}

export class KubeClient {
  readonly transport: Transport;
  readonly discovery: Discovery;
  /** The namespace used when an object or call names none. */
  readonly namespace: string;
  readonly context: string;
  private readonly concurrency: number;

  constructor(
    readonly config: ResolvedKubeConfig,
    opts: Omit<KubeClientOptions, keyof KubeConfigOptions> = {},
  ) {
    this.transport = new Transport(config, opts.retry);
    this.discovery = new Discovery(this.transport);
    this.namespace = config.namespace;
    this.context = config.context;
    this.concurrency = opts.concurrency ?? 8;
  }

  /** A client for `--kubeconfig`/KUBECONFIG/~/.kube/config, `--kube-context` and `-n`. */
  static fromKubeconfig(opts: KubeClientOptions = {}): KubeClient {
    return new KubeClient(resolveKubeConfig(opts), opts);
  }

  get server(): string {
    return this.transport.server.href;
  }

  /** Closes idle connections (the process can then exit promptly). */
  close(): void {
    this.transport.close();
  }

  serverVersion(signal?: AbortSignal): Promise<ServerVersion> {
    return this.discovery.serverVersion(signal);
  }

  /** What helm's getCapabilities reads from discovery (fresh, as helm invalidates first). */
  async capabilities(signal?: AbortSignal): Promise<Capabilities> {
    this.discovery.invalidate();
    const v = await this.discovery.serverVersion(signal);
    return {
      kubeVersion: { version: v.gitVersion, major: v.major, minor: v.minor },
      apiVersions: await this.discovery.apiVersions(signal),
    };
  }

  mapping(apiVersion: string, kind: string, signal?: AbortSignal): Promise<RestMapping> {
    return this.discovery.mapping(apiVersion, kind, signal);
  }

  /** The URL path of one object, and its mapping; fills the default namespace. */
  async locate(
    ref: ObjectRef,
    signal?: AbortSignal,
  ): Promise<{ mapping: RestMapping; namespace: string; path: string }> {
    const mapping = await this.mapping(ref.apiVersion, ref.kind, signal);
    const namespace = mapping.namespaced ? ref.namespace || this.namespace : '';
    return {
      mapping,
      namespace,
      path: `${collectionPath(mapping, namespace)}/${encodeURIComponent(ref.name)}`,
    };
  }

  /** The body as sent: namespace filled for namespaced kinds, dropped for cluster-scoped ones. */
  private normalise(obj: KubeObject, mapping: RestMapping, namespace: string): KubeObject {
    const metadata = { ...obj.metadata };
    if (mapping.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    return { ...obj, metadata };
  }

  /**
   * Runs `fn` over objects in order, kind by kind (consecutive objects of one kind at once, as
   * helm batches them) and throws KubeBatchError when any failed. By default it stops after the
   * first kind with a failure; with `keepGoing` every kind is still tried, in order (helm 4
   * applies every object of a release and reports all failures).
   */
  private async batch<T extends { kind: string }, R>(
    verb: string,
    objs: readonly T[],
    fn: (o: T) => Promise<R>,
    name: (o: T) => string,
    opts: { keepGoing?: boolean; bare?: boolean; separator?: string; signal?: AbortSignal } = {},
  ): Promise<R[]> {
    const results: R[] = [];
    const errors: { ref: string; error: Error }[] = [];
    for (let i = 0; i < objs.length; ) {
      let j = i;
      while (j < objs.length && objs[j]!.kind === objs[i]!.kind) j++;
      const group = objs.slice(i, j);
      const settled = await pool(group, this.concurrency, fn);
      settled.forEach((s, k) => {
        if (s.status === 'fulfilled') results.push(s.value);
        else errors.push({ ref: name(group[k]!), error: s.reason as Error });
      });
      // An abort is not an object's failure: stop at once.
      if (errors.length && (!opts.keepGoing || opts.signal?.aborted)) break;
      i = j;
    }
    if (errors.length) {
      if (errors.length === 1 && objs.length === 1) throw errors[0]!.error;
      throw new KubeBatchError(verb, errors, results.length, opts);
    }
    return results;
  }

  /**
   * Server-side apply of every object, in order (the caller sorts by kind, so CRDs and
   * namespaces go first). Like helm 4, every object is tried even when some fail; the failures
   * are reported together (KubeBatchError, each conflict worded as helm words it).
   */
  apply(objects: readonly KubeObject[], opts: ApplyOptions = {}): Promise<AppliedObject[]> {
    return this.batch(
      'apply',
      objects,
      (o) => this.applyOne(o, opts),
      (o) => refString({ ...o, name: o.metadata.name, namespace: o.metadata.namespace }),
      { keepGoing: true, bare: true, separator: opts.errorSeparator ?? ' && ', signal: opts.signal },
    );
  }

  async applyOne(obj: KubeObject, opts: ApplyOptions = {}): Promise<AppliedObject> {
    const { mapping, namespace, path } = await this.locate(
      { ...obj, name: obj.metadata.name, namespace: obj.metadata.namespace },
      opts.signal,
    );
    try {
      const res = await this.transport.requestWithStatus<KubeObject>({
        method: 'PATCH',
        path,
        query: {
          fieldManager: opts.fieldManager ?? helmFieldManager,
          force: opts.force ?? false,
          fieldValidation: opts.fieldValidation ?? 'Strict',
          dryRun: opts.dryRun ? 'All' : undefined,
        },
        body: this.normalise(obj, mapping, namespace),
        contentType: 'application/apply-patch+yaml',
        idempotent: true,
        signal: opts.signal,
      });
      return { object: res.body, created: res.status === 201 };
    } catch (e) {
      throw applyError(e, mapping, namespace, obj.metadata.name);
    }
  }

  /**
   * Hands the fields `fieldManager` owns through client-side apply (operation Update) to its
   * server-side apply entry, as helm 4 does before its first server-side apply over a release
   * that was applied client-side (helm 3). Resolves whether the object was changed; missing
   * objects are skipped. The patch is guarded by the resourceVersion and retried on conflict.
   */
  async upgradeClientSideFieldManager(
    ref: ObjectRef,
    opts: { fieldManager?: string; signal?: AbortSignal } = {},
  ): Promise<boolean> {
    const manager = opts.fieldManager ?? helmFieldManager;
    for (let attempt = 0; ; attempt++) {
      const live = await this.get(ref, opts);
      if (!live) return false;
      const entries = (live.metadata.managedFields ?? []) as Parameters<typeof upgradeManagedFields>[0];
      const upgraded = upgradeManagedFields(entries, manager);
      if (!upgraded) return false;
      try {
        await this.patch(
          ref,
          [
            { op: 'test', path: '/metadata/resourceVersion', value: live.metadata.resourceVersion },
            { op: 'replace', path: '/metadata/managedFields', value: upgraded },
          ],
          { type: 'json', fieldManager: manager, signal: opts.signal },
        );
        return true;
      } catch (e) {
        if (attempt >= 4 || !(isConflictError(e) || (e as { statusCode?: number }).statusCode === 422))
          throw e;
      }
    }
  }

  /** Plain create (POST); fails with AlreadyExists when the name is taken. */
  create(objects: readonly KubeObject[], opts: Omit<ApplyOptions, 'force'> = {}): Promise<KubeObject[]> {
    return this.batch(
      'create',
      objects,
      async (obj) => {
        const mapping = await this.mapping(obj.apiVersion, obj.kind, opts.signal);
        const namespace = mapping.namespaced ? obj.metadata.namespace || this.namespace : '';
        return this.transport.request<KubeObject>({
          method: 'POST',
          path: collectionPath(mapping, namespace),
          query: {
            fieldManager: opts.fieldManager ?? helmFieldManager,
            dryRun: opts.dryRun ? 'All' : undefined,
          },
          body: this.normalise(obj, mapping, namespace),
          signal: opts.signal,
        });
      },
      (o) => refString({ ...o, name: o.metadata.name, namespace: o.metadata.namespace }),
    );
  }

  /** PUT: replaces the whole object (helm's --force-replace); the resourceVersion is taken from the live one. */
  async replace(obj: KubeObject, opts: Omit<ApplyOptions, 'force'> = {}): Promise<KubeObject> {
    const { mapping, namespace, path } = await this.locate(
      { ...obj, name: obj.metadata.name, namespace: obj.metadata.namespace },
      opts.signal,
    );
    const live = await this.transport.request<KubeObject>({ method: 'GET', path, signal: opts.signal });
    const body = this.normalise(obj, mapping, namespace);
    body.metadata = { ...body.metadata, resourceVersion: live.metadata.resourceVersion };
    return this.transport.request<KubeObject>({
      method: 'PUT',
      path,
      query: { fieldManager: opts.fieldManager ?? helmFieldManager, dryRun: opts.dryRun ? 'All' : undefined },
      body,
      signal: opts.signal,
    });
  }

  /** A merge, strategic-merge or JSON patch of one object. */
  async patch(
    ref: ObjectRef,
    patch: unknown,
    opts: { type?: 'merge' | 'strategic' | 'json'; fieldManager?: string; signal?: AbortSignal } = {},
  ): Promise<KubeObject> {
    const { path } = await this.locate(ref, opts.signal);
    const contentType = {
      merge: 'application/merge-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      json: 'application/json-patch+json',
    }[opts.type ?? 'merge'];
    return this.transport.request<KubeObject>({
      method: 'PATCH',
      path,
      query: { fieldManager: opts.fieldManager ?? helmFieldManager },
      body: patch,
      contentType,
      signal: opts.signal,
    });
  }

  /** One object, or undefined when it does not exist. */
  async get(ref: ObjectRef, opts: { signal?: AbortSignal } = {}): Promise<KubeObject | undefined> {
    const { path } = await this.locate(ref, opts.signal);
    try {
      return await this.transport.request<KubeObject>({ method: 'GET', path, signal: opts.signal });
    } catch (e) {
      if (isNotFoundError(e)) return undefined;
      throw e;
    }
  }

  /** Objects of one kind; each item gets its apiVersion and kind (lists omit them). */
  async list(apiVersion: string, kind: string, opts: ListOptions = {}): Promise<KubeObject[]> {
    const mapping = await this.mapping(apiVersion, kind, opts.signal);
    const ns = opts.namespace ?? this.namespace;
    const list = await this.transport.request<{ items?: KubeObject[] }>({
      method: 'GET',
      path: collectionPath(mapping, ns),
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
      signal: opts.signal,
    });
    return (list.items ?? []).map((o) => ({ ...o, apiVersion: mapping.apiVersion, kind: mapping.kind }));
  }

  /** Deletes objects (missing ones are reported, not failed); throws KubeBatchError on failures. */
  async delete(refs: readonly ObjectRef[], opts: DeleteOptions = {}): Promise<DeleteResult> {
    const result: DeleteResult = { deleted: [], notFound: [] };
    await this.batch(
      'delete',
      refs,
      async (ref) => {
        const { path } = await this.locate(ref, opts.signal);
        try {
          await this.transport.request({
            method: 'DELETE',
            path,
            body: {
              kind: 'DeleteOptions',
              apiVersion: 'v1',
              propagationPolicy: opts.propagationPolicy ?? 'Background',
            },
            signal: opts.signal,
          });
          result.deleted.push(ref);
        } catch (e) {
          if (!isNotFoundError(e)) throw e;
          result.notFound.push(ref);
        }
      },
      refString,
    );
    return result;
  }

  /** Watches objects of one kind (list + watch, reconnecting) until the signal aborts. */
  async watch(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; names?: string[]; labelSelector?: string; signal: AbortSignal },
    onChange: WatchCallback,
  ): Promise<void> {
    const mapping = await this.mapping(apiVersion, kind, opts.signal);
    await watchObjects(
      this.transport,
      {
        mapping,
        namespace: opts.namespace ?? this.namespace,
        names: new Set(opts.names ?? []),
        labelSelector: opts.labelSelector,
      },
      opts.signal,
      onChange,
    );
  }

  /**
   * Waits until every object is ready (kstatus rules; see StatusMode), emitting progress.
   * Throws WaitError (code EWAITTIMEOUT / EWAITFAILED) naming what is not ready; rethrows the
   * signal's reason when the caller aborted.
   */
  waitReady(objects: readonly (KubeObject | ObjectRef)[], opts: WaitOptions = {}): Promise<void> {
    const refs = objects.map((o) =>
      'metadata' in o
        ? {
            apiVersion: o.apiVersion,
            kind: o.kind,
            name: o.metadata.name,
            namespace: o.metadata.namespace,
            paused: o.kind === 'Deployment' && (o as { spec?: { paused?: boolean } }).spec?.paused === true,
          }
        : o,
    );
    return waitForReady(this.transport, this.discovery, refs, this.namespace, opts);
  }

  /** Waits until every object is gone; WaitDeleteError on timeout. */
  waitDeleted(
    refs: readonly ObjectRef[],
    opts: Omit<WaitOptions, 'waitForJobs' | 'hooks' | 'loadBalancerIngress' | 'now'> = {},
  ): Promise<void> {
    return waitForDeleted(this.transport, this.discovery, refs, this.namespace, opts);
  }

  /** A pod's log, whole (`kubectl logs POD`); KubeApiError NotFound when there is no such pod. */
  podLogs(namespace: string, name: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
    return this.transport.requestText({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`,
      signal: opts.signal,
    });
  }

  /** The SecretsPort of release storage (see storage/port.ts for the contract). */
  secrets(): SecretsClient {
    return new SecretsClient(this.transport);
  }

  /** The ConfigMapsPort of release storage. */
  configMaps(): ConfigMapsClient {
    return new ConfigMapsClient(this.transport);
  }

  /** Whether a namespace exists. */
  async namespaceExists(name: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.get({ apiVersion: 'v1', kind: 'Namespace', name }, { signal })) !== undefined;
  }
}

export { groupVersionPath };
