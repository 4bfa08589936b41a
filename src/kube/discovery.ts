/**
 * Discovery and REST mapping, cached for the life of a client (one command run): kind →
 * resource and scope per group/version. Also the server version and API version set that helm
 * turns into `.Capabilities`.
 *
 * Like client-go, `/api` and `/apis` are asked for aggregated discovery first
 * (`apidiscovery.k8s.io` v2, then v2beta1, then plain JSON): a server that answers with an
 * `APIGroupDiscoveryList` has described every resource in those two responses. An older server
 * answers with the legacy `APIVersions`/`APIGroupList`, and the resources of each group/version
 * are then fetched one by one, lazily. A kind that is missing (a CRD installed a moment ago) is
 * looked up once more against fresh discovery before NoKindMatchError.
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
  /** `deployments`, or `deployments/scale` for a subresource. */
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}
interface ApiResourceList {
  groupVersion: string;
  resources: ApiResource[];
}

/** The Accept header client-go's discovery sends to `/api` and `/apis`: v2, v2beta1, legacy. */
export const discoveryAccept = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

/** The aggregated document (`apidiscovery.k8s.io/v2` or `v2beta1`), only the fields used here. */
interface AggregatedList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: { kind?: string };
        scope?: string;
        verbs?: string[];
        subresources?: { subresource: string; responseKind?: { kind?: string }; verbs?: string[] }[];
      }[];
    }[];
  }[];
}

/** What `/api` and `/apis` told: the group/versions in order, and their resources if aggregated. */
interface Root {
  groupVersions: string[];
  /** Every group/version's resources (aggregated discovery); undefined for a legacy server. */
  lists?: Map<string, ApiResourceList>;
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

function isAggregated(doc: unknown): doc is AggregatedList {
  const d = doc as { kind?: unknown; apiVersion?: unknown } | undefined;
  return (
    d?.kind === 'APIGroupDiscoveryList' &&
    (d.apiVersion === 'apidiscovery.k8s.io/v2' || d.apiVersion === 'apidiscovery.k8s.io/v2beta1')
  );
}

/**
 * The resource lists an aggregated document stands for, as the legacy per-group-version
 * documents would list them (subresources as `parent/sub` with their response kind). A stale
 * group/version (its aggregated API server did not answer) is known but has no resources.
 */
function fromAggregated(doc: AggregatedList, out: Root & { lists: Map<string, ApiResourceList> }): void {
  for (const item of doc.items ?? []) {
    const group = item.metadata?.name ?? '';
    for (const v of item.versions ?? []) {
      const gv = group ? `${group}/${v.version}` : v.version;
      out.groupVersions.push(gv);
      if (v.freshness === 'Stale') continue;
      const resources: ApiResource[] = [];
      for (const r of v.resources ?? []) {
        const namespaced = r.scope === 'Namespaced';
        if (r.responseKind?.kind)
          resources.push({ name: r.resource, namespaced, kind: r.responseKind.kind, verbs: r.verbs });
        for (const s of r.subresources ?? []) {
          if (!s.responseKind?.kind) continue;
          resources.push({
            name: `${r.resource}/${s.subresource}`,
            namespaced,
            kind: s.responseKind.kind,
            verbs: s.verbs,
          });
        }
      }
      out.lists.set(gv, { groupVersion: gv, resources });
    }
  }
}

export class Discovery {
  /** Per group/version documents of a legacy server. */
  private readonly lists = new Map<string, Promise<ApiResourceList | undefined>>();
  private root?: Promise<Root>;
  private version?: Promise<ServerVersion>;

  constructor(private readonly transport: Transport) {}

  /** Forgets everything (helm invalidates before reading capabilities). */
  invalidate(): void {
    this.lists.clear();
    this.root = undefined;
    this.version = undefined;
  }

  serverVersion(signal?: AbortSignal): Promise<ServerVersion> {
    this.version ??= this.transport.request<ServerVersion>({ method: 'GET', path: '/version', signal });
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  /** `/api` and `/apis` (two requests, at once), aggregated when the server offers it. */
  private fetchRoot(signal?: AbortSignal): Promise<Root> {
    const get = (path: string) =>
      this.transport.request<unknown>({ method: 'GET', path, accept: discoveryAccept, signal });
    const p = Promise.all([get('/api'), get('/apis')]).then(([core, groups]): Root => {
      if (isAggregated(core) && isAggregated(groups)) {
        const root = { groupVersions: [] as string[], lists: new Map<string, ApiResourceList>() };
        fromAggregated(core, root);
        fromAggregated(groups, root);
        return root;
      }
      // A legacy server: APIVersions and APIGroupList (either may also come as aggregated).
      const coreVersions = isAggregated(core)
        ? (core.items ?? []).flatMap((i) => (i.versions ?? []).map((v) => v.version))
        : ((core as { versions?: string[] }).versions ?? []);
      const groupVersions = isAggregated(groups)
        ? (groups.items ?? []).flatMap((i) =>
            (i.versions ?? []).map((v) => `${i.metadata?.name ?? ''}/${v.version}`),
          )
        : ((groups as { groups?: { versions?: { groupVersion: string }[] }[] }).groups ?? []).flatMap((g) =>
            (g.versions ?? []).map((v) => v.groupVersion),
          );
      return { groupVersions: [...coreVersions, ...groupVersions] };
    });
    p.catch(() => {
      if (this.root === p) this.root = undefined;
    });
    return p;
  }

  private rootDoc(signal?: AbortSignal): Promise<Root> {
    this.root ??= this.fetchRoot(signal);
    return this.root;
  }

  /** One group/version's document of a legacy server (undefined when it is not served). */
  private legacyList(
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

  /** The resource of `kind` in `apiVersion`, from cached discovery (`fresh`: refetched first). */
  private async lookup(
    apiVersion: string,
    kind: string,
    signal: AbortSignal | undefined,
    fresh: boolean,
  ): Promise<ApiResource | undefined> {
    const seen = this.rootDoc(signal);
    let root = await seen;
    if (!root.lists) return Discovery.find(await this.legacyList(apiVersion, signal, fresh), kind);
    if (fresh) {
      // Concurrent misses share one refetch: only the document this lookup read is replaced.
      if (this.root === seen || this.root === undefined) this.root = this.fetchRoot(signal);
      root = await this.root;
    }
    return Discovery.find(root.lists?.get(apiVersion), kind);
  }

  /** How to reach objects of `kind` in `apiVersion`; NoKindMatchError when the server lacks it. */
  async mapping(apiVersion: string, kind: string, signal?: AbortSignal): Promise<RestMapping> {
    const r =
      (await this.lookup(apiVersion, kind, signal, false)) ??
      (await this.lookup(apiVersion, kind, signal, true));
    if (!r) throw new NoKindMatchError(apiVersion, kind);
    const { group, version } = splitApiVersion(apiVersion);
    return { group, version, apiVersion, kind, resource: r.name, namespaced: r.namespaced };
  }

  /**
   * Every `group/version` and `group/version/Kind` the server serves, sorted — what helm's
   * GetVersionSet gives `.Capabilities.APIVersions`.
   */
  async apiVersions(signal?: AbortSignal): Promise<string[]> {
    const root = await this.rootDoc(signal);
    const set = new Set<string>(root.groupVersions);
    const lists = root.lists
      ? [...root.lists.values()]
      : await Promise.all(root.groupVersions.map((gv) => this.legacyList(gv, signal).catch(() => undefined)));
    for (const l of lists) for (const r of l?.resources ?? []) set.add(`${l!.groupVersion}/${r.kind}`);
    return [...set].sort();
  }
}
