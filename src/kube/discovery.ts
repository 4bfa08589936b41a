/**
 * Discovery and REST mapping, cached for the life of a client (one command run): kind →
 * resource and scope per group/version, fetched lazily and refetched once when a kind is missing
 * (a CRD installed a moment ago). Also the server version and API version set that helm turns
 * into `.Capabilities`.
 */
import { KubeApiError, NoKindMatchError } from './errors.js';
import type { Transport } from './transport.js';

export interface RestMapping {
  group: string;
  version: string;
  /** `v1` or `group/version`. */
  apiVersion: string;
  kind: string;
  /** The plural resource name in URLs, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  [k: string]: unknown;
}

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}
interface ApiResourceList {
  groupVersion: string;
  resources: ApiResource[];
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export class Discovery {
  private readonly lists = new Map<string, Promise<ApiResourceList | undefined>>();
  private version?: Promise<ServerVersion>;

  constructor(private readonly transport: Transport) {}

  /** Forgets everything (helm invalidates before reading capabilities). */
  invalidate(): void {
    this.lists.clear();
    this.version = undefined;
  }

  serverVersion(signal?: AbortSignal): Promise<ServerVersion> {
    this.version ??= this.transport.request<ServerVersion>({ method: 'GET', path: '/version', signal });
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  private resourceList(
    apiVersion: string,
    signal?: AbortSignal,
    fresh = false,
  ): Promise<ApiResourceList | undefined> {
    let p = fresh ? undefined : this.lists.get(apiVersion);
    if (!p) {
      p = this.transport
        .request<ApiResourceList>({ method: 'GET', path: groupVersionPath(apiVersion), signal })
        .catch((e) => {
          if (e instanceof KubeApiError && e.statusCode === 404) return undefined;
          this.lists.delete(apiVersion);
          throw e;
        });
      this.lists.set(apiVersion, p);
    }
    return p;
  }

  private static find(list: ApiResourceList | undefined, kind: string): ApiResource | undefined {
    return list?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
  }

  /** How to reach objects of `kind` in `apiVersion`; NoKindMatchError when the server lacks it. */
  async mapping(apiVersion: string, kind: string, signal?: AbortSignal): Promise<RestMapping> {
    let r = Discovery.find(await this.resourceList(apiVersion, signal), kind);
    if (!r) r = Discovery.find(await this.resourceList(apiVersion, signal, true), kind);
    if (!r) throw new NoKindMatchError(apiVersion, kind);
    const { group, version } = splitApiVersion(apiVersion);
    return { group, version, apiVersion, kind, resource: r.name, namespaced: r.namespaced };
  }

  /**
   * Every `group/version` and `group/version/Kind` the server serves, sorted — what helm's
   * GetVersionSet gives `.Capabilities.APIVersions`.
   */
  async apiVersions(signal?: AbortSignal): Promise<string[]> {
    const core = await this.transport.request<{ versions: string[] }>({
      method: 'GET',
      path: '/api',
      signal,
    });
    const groups = await this.transport.request<{ groups: { versions: { groupVersion: string }[] }[] }>({
      method: 'GET',
      path: '/apis',
      signal,
    });
    const gvs = [...core.versions, ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    const set = new Set<string>(gvs);
    const lists = await Promise.all(gvs.map((gv) => this.resourceList(gv, signal).catch(() => undefined)));
    for (const l of lists) for (const r of l?.resources ?? []) set.add(`${l!.groupVersion}/${r.kind}`);
    return [...set].sort();
  }
}
