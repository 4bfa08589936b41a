/**
 * Secrets and ConfigMaps as storage's narrow ports want them (storage/port.ts is the contract):
 * get → undefined on 404, delete → false on 404, create → KubeApiError with reason
 * AlreadyExists on 409. Core v1 paths need no discovery. Structurally typed: kube does not
 * import storage; the conformance tests check the ports with `satisfies`.
 */
import { isNotFoundError } from './errors.js';
import type { Transport } from './transport.js';
import type { ObjectMeta } from './types.js';

interface CoreObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

const metadataAccept = [
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
  'application/json;as=Table;g=meta.k8s.io;v=v1',
  'application/json',
].join(', ');

interface CallOptions {
  signal?: AbortSignal;
}

class CoreObjectClient<T extends CoreObject> {
  constructor(
    private readonly transport: Transport,
    private readonly resource: 'secrets' | 'configmaps',
    private readonly kind: 'Secret' | 'ConfigMap',
  ) {}

  private path(namespace: string, name?: string): string {
    const base = namespace
      ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${this.resource}`
      : `/api/v1/${this.resource}`;
    return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
  }

  async get(namespace: string, name: string, opts: CallOptions = {}): Promise<T | undefined> {
    try {
      return await this.transport.request<T>({
        method: 'GET',
        path: this.path(namespace, name),
        signal: opts.signal,
      });
    } catch (e) {
      if (isNotFoundError(e)) return undefined;
      throw e;
    }
  }

  async list(namespace: string, labelSelector: string, opts: CallOptions = {}): Promise<T[]> {
    const l = await this.transport.request<{ items?: T[] }>({
      method: 'GET',
      path: this.path(namespace),
      query: { labelSelector: labelSelector || undefined },
      signal: opts.signal,
    });
    return (l.items ?? []).map((o) => ({ ...o, apiVersion: 'v1', kind: this.kind }));
  }

  /**
   * Only the metadata of the matching objects (names, labels): a fraction of the bytes of a full
   * list. Asks for a PartialObjectMetadataList, else a Table with metadata rows, else a plain list.
   */
  async listMetadata(
    namespace: string,
    labelSelector: string,
    opts: CallOptions = {},
  ): Promise<{ metadata: ObjectMeta }[]> {
    const l = await this.transport.request<{
      kind?: string;
      items?: { metadata: ObjectMeta }[];
      rows?: { object?: { metadata: ObjectMeta } }[];
    }>({
      method: 'GET',
      path: this.path(namespace),
      query: { labelSelector: labelSelector || undefined, includeObject: 'Metadata' },
      accept: metadataAccept,
      signal: opts.signal,
    });
    if (l.kind === 'Table')
      return (l.rows ?? []).flatMap((r) => (r.object?.metadata ? [{ metadata: r.object.metadata }] : []));
    return (l.items ?? []).map((o) => ({ metadata: o.metadata }));
  }

  create(namespace: string, obj: T, opts: CallOptions = {}): Promise<T> {
    return this.transport.request<T>({
      method: 'POST',
      path: this.path(namespace),
      body: obj,
      signal: opts.signal,
    });
  }

  update(namespace: string, obj: T, opts: CallOptions = {}): Promise<T> {
    return this.transport.request<T>({
      method: 'PUT',
      path: this.path(namespace, obj.metadata.name),
      body: obj,
      signal: opts.signal,
    });
  }

  async delete(namespace: string, name: string, opts: CallOptions = {}): Promise<boolean> {
    try {
      await this.transport.request({
        method: 'DELETE',
        path: this.path(namespace, name),
        signal: opts.signal,
      });
      return true;
    } catch (e) {
      if (isNotFoundError(e)) return false;
      throw e;
    }
  }
}

export interface SecretLike extends CoreObject {
  type?: string;
  /** base64 values. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
export interface ConfigMapLike extends CoreObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export class SecretsClient extends CoreObjectClient<SecretLike> {
  constructor(transport: Transport) {
    super(transport, 'secrets', 'Secret');
  }
}

export class ConfigMapsClient extends CoreObjectClient<ConfigMapLike> {
  constructor(transport: Transport) {
    super(transport, 'configmaps', 'ConfigMap');
  }
}
