/**
 * A client for the OCI distribution API, as helm's registry client uses it for charts:
 * helm's media types, the token dance (`WWW-Authenticate: Bearer realm=…` or Basic),
 * credentials from helm's Docker-style config file, tag listing, pull and push.
 */
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { marshalJson } from '../encoding/index.js';
import { sha256Hex } from './cache.js';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite, jsonStruct } from './fs-util.js';
import { type HttpResponse, request, type TlsOptions } from './http.js';
import { credentialsKey } from './oci-ref.js';

export const CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const PROV_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';
export const LEGACY_CHART_LAYER_MEDIA_TYPE = 'application/tar+gzip';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

export interface OciClientOptions extends TlsOptions {
  plainHttp?: boolean;
  username?: string;
  password?: string;
  /** helm's registry config (Docker config.json format). */
  registryConfig?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  [k: string]: unknown;
}

export function readDockerConfig(path: string | undefined): DockerConfig {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DockerConfig;
  } catch {
    return {};
  }
}

export function storedCredentials(
  path: string | undefined,
  host: string,
): { username: string; password: string } | undefined {
  const auths = readDockerConfig(path).auths ?? {};
  const e = auths[credentialsKey(host)] ?? auths[host] ?? auths[`https://${host}`];
  if (!e) return undefined;
  if (e.auth) {
    const dec = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = dec.indexOf(':');
    return { username: dec.slice(0, i), password: dec.slice(i + 1) };
  }
  if (e.username !== undefined) return { username: e.username, password: e.password ?? '' };
  return undefined;
}

function parseChallenge(h: string): { scheme: string; params: Record<string, string> } {
  const sp = h.indexOf(' ');
  const scheme = (sp < 0 ? h : h.slice(0, sp)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of h.slice(sp + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
  return { scheme, params };
}

export class OciClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly registry: string,
    private readonly opts: OciClientOptions = {},
  ) {}

  private base(): string {
    return `${this.opts.plainHttp ? 'http' : 'https'}://${this.registry}`;
  }

  private creds(): { username: string; password: string } | undefined {
    if (this.opts.username || this.opts.password) {
      return { username: this.opts.username ?? '', password: this.opts.password ?? '' };
    }
    return storedCredentials(this.opts.registryConfig, this.registry);
  }

  /** One API call with authentication; `scope` names the repository access for tokens. */
  async call(
    method: string,
    path: string,
    scope: string,
    extra: { accept?: string; body?: Uint8Array; headers?: Record<string, string>; absolute?: boolean } = {},
  ): Promise<HttpResponse> {
    const url = extra.absolute ? path : `${this.base()}${path}`;
    const send = (auth?: string) =>
      request(method, url, {
        ...this.opts,
        auth,
        accept: extra.accept,
        body: extra.body,
        headers: extra.headers,
        maxBytes: 200 * 1024 * 1024,
      }).catch((err) => {
        throw new RepoError('REPO_UNREACHABLE', `registry ${this.registry}: ${messageOf(err)}`, {
          cause: err,
        });
      });
    let res = await send(this.tokens.get(scope));
    if (res.status !== 401) return res;
    const challenge = String(res.headers['www-authenticate'] ?? '');
    const { scheme, params } = parseChallenge(challenge);
    const c = this.creds();
    if (scheme === 'basic') {
      if (!c) throw this.authError(res, 'no credentials (run "bosun helm registry login")');
      const auth = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
      this.tokens.set(scope, auth);
      res = await send(auth);
    } else if (scheme === 'bearer' && params.realm) {
      const t = new URL(params.realm);
      if (params.service) t.searchParams.set('service', params.service);
      const sc = params.scope ?? scope;
      if (sc) t.searchParams.set('scope', sc);
      const tokRes = await request('GET', t.toString(), {
        ...this.opts,
        auth: c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` : undefined,
      });
      if (tokRes.status !== 200) throw this.authError(tokRes, 'the token service refused the credentials');
      const body = JSON.parse(tokRes.body.toString('utf8')) as { token?: string; access_token?: string };
      const auth = `Bearer ${body.token ?? body.access_token ?? ''}`;
      this.tokens.set(scope, auth);
      res = await send(auth);
    }
    return res;
  }

  private authError(res: HttpResponse, why: string): RepoError {
    return new RepoError(
      'OCI_AUTH',
      `authenticating to registry "${this.registry}" failed: ${res.status} ${STATUS_CODES[res.status] ?? ''}: ${why}`,
    );
  }

  private check(res: HttpResponse, what: string): HttpResponse {
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 401 || res.status === 403) {
      throw new RepoError(
        'OCI_AUTH',
        `${what}: ${res.status} ${STATUS_CODES[res.status]} from registry "${this.registry}"; log in with "bosun helm registry login ${this.registry}" or pass --username/--password`,
      );
    }
    let detail = '';
    try {
      const e = JSON.parse(res.body.toString('utf8')) as { errors?: { message?: string }[] };
      detail = e.errors?.map((x) => x.message).join('; ') ?? '';
    } catch {
      // not JSON
    }
    throw new RepoError(
      'OCI_ERROR',
      `${what}: ${res.status} ${STATUS_CODES[res.status] ?? ''}${detail ? `: ${detail}` : ''}`,
    );
  }

  /** `GET /v2/` — used by login to check credentials. */
  async ping(): Promise<void> {
    this.check(await this.call('GET', '/v2/', ''), `pinging registry ${this.registry}`);
  }

  /** Tags of a repository (all pages). */
  async tags(repository: string): Promise<string[]> {
    const scope = `repository:${repository}:pull`;
    const out: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list`;
    while (next) {
      const res = this.check(
        await this.call('GET', next, scope),
        `listing tags of ${this.registry}/${repository}`,
      );
      const body = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      out.push(...(body.tags ?? []));
      const link = String(res.headers.link ?? '');
      const m = /<([^>]+)>/.exec(link);
      next = m ? m[1] : undefined;
    }
    return out;
  }

  /** The manifest (and its digest) for a tag or digest. */
  async manifest(
    repository: string,
    reference: string,
  ): Promise<{ manifest: Manifest; digest: string; raw: Buffer }> {
    const res = this.check(
      await this.call('GET', `/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull`, {
        accept: [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST].join(', '),
      }),
      `${this.registry}/${repository}:${reference}: not found`,
    );
    const digest = `sha256:${sha256Hex(res.body)}`;
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RepoError(
        'DIGEST_MISMATCH',
        `refusing ${this.registry}/${repository}@${reference}: the registry sent a manifest whose digest is ${digest}`,
      );
    }
    return { manifest: JSON.parse(res.body.toString('utf8')) as Manifest, digest, raw: res.body };
  }

  /** A blob, verified against its digest. */
  async blob(repository: string, d: Descriptor): Promise<Buffer> {
    const res = this.check(
      await this.call('GET', `/v2/${repository}/blobs/${d.digest}`, `repository:${repository}:pull`),
      `fetching blob ${d.digest}`,
    );
    const actual = `sha256:${sha256Hex(res.body)}`;
    if (actual !== d.digest) {
      throw new RepoError(
        'DIGEST_MISMATCH',
        `refusing blob from ${this.registry}/${repository}: expected digest ${d.digest}, got ${actual}`,
      );
    }
    return res.body;
  }

  /** Uploads a blob unless the registry has it already. */
  async pushBlob(repository: string, data: Uint8Array, digest: string): Promise<void> {
    const scope = `repository:${repository}:pull,push`;
    const head = await this.call('HEAD', `/v2/${repository}/blobs/${digest}`, scope);
    if (head.status === 200) return;
    const start = this.check(
      await this.call('POST', `/v2/${repository}/blobs/uploads/`, scope, { body: new Uint8Array(0) }),
      `starting upload to ${this.registry}/${repository}`,
    );
    const loc = String(start.headers.location ?? '');
    const u = new URL(loc, this.base());
    u.searchParams.set('digest', digest);
    this.check(
      await this.call('PUT', u.toString(), scope, {
        body: data,
        absolute: true,
        headers: { 'Content-Type': 'application/octet-stream' },
      }),
      `uploading blob ${digest}`,
    );
  }

  async putManifest(
    repository: string,
    reference: string,
    data: Uint8Array,
    mediaType = OCI_MANIFEST,
  ): Promise<void> {
    this.check(
      await this.call(
        'PUT',
        `/v2/${repository}/manifests/${reference}`,
        `repository:${repository}:pull,push`,
        {
          body: data,
          headers: { 'Content-Type': mediaType },
        },
      ),
      `pushing manifest ${this.registry}/${repository}:${reference}`,
    );
  }
}

/** Stores login credentials the way helm (oras) does in its Docker-style config file. */
export async function saveCredentials(
  path: string,
  host: string,
  username: string,
  password: string,
): Promise<void> {
  const cfg = readDockerConfig(path);
  cfg.auths = cfg.auths ?? {};
  cfg.auths[credentialsKey(host)] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  await atomicWrite(path, JSON.stringify(cfg, null, '\t'), 0o600);
}

/** Removes stored credentials; false when there were none. */
export async function removeCredentials(path: string, host: string): Promise<boolean> {
  const cfg = readDockerConfig(path);
  const key = credentialsKey(host);
  if (!cfg.auths || !(key in cfg.auths)) return false;
  delete cfg.auths[key];
  await atomicWrite(path, JSON.stringify(cfg, null, '\t'), 0o600);
  return true;
}

/** The manifest as oras writes it (ocispec.Manifest: struct field order, annotations a map). */
export function manifestJson(m: Manifest): string {
  const desc = (d: Descriptor) => jsonStruct({ mediaType: d.mediaType, digest: d.digest, size: d.size });
  const o: Record<string, unknown> = { schemaVersion: m.schemaVersion };
  if (m.mediaType) o.mediaType = m.mediaType;
  o.config = desc(m.config);
  o.layers = m.layers.map(desc);
  if (m.annotations && Object.keys(m.annotations).length) o.annotations = m.annotations;
  return marshalJson(jsonStruct(o));
}
