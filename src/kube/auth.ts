/**
 * The credentials and TLS material of one kubeconfig context, as client-go's rest/transport
 * applies them: the cluster's CA (`certificate-authority-data` over `certificate-authority`),
 * `insecure-skip-tls-verify`, `tls-server-name`; the user's bearer token (`tokenFile` re-read
 * at most once a minute and after a 401, `token` the fallback), client certificate and key
 * (data over file), basic auth, exec plugins, a legacy auth-provider's stored token, and
 * impersonation headers. Everything is computed per request so refreshed credentials apply.
 */
import { readFileSync } from 'node:fs';
import type { KubeCluster, KubeUser, ResolvedKubeConfig } from './config.js';
import { KubeAuthError, KubeConfigError } from './errors.js';
import { ExecAuthenticator, type ExecCredential, type ExecOptions } from './exec-credential.js';

/** TLS options for the connection (node's tls.connect names). */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer | string;
  key?: Buffer | string;
  servername?: string;
  rejectUnauthorized?: boolean;
}

export interface RequestAuth {
  headers: Record<string, string | string[]>;
  tls: TlsMaterial;
  /** Changes whenever `tls` does (a rotated exec client certificate): connections must be rebuilt. */
  tlsKey: string;
  /** What was used, for `unauthorized`. */
  exec?: ExecCredential;
  fileToken?: string;
}

export interface AuthOptions extends ExecOptions {}

/** How long a token read from `tokenFile` is used before the file is read again (client-go: 1 minute). */
const tokenFilePeriodMs = 60_000;

function readOrThrow(path: string, what: string, owner: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new KubeConfigError(`unable to read ${what} ${path} for ${owner}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

export class KubeAuth {
  readonly server: URL;
  readonly cluster: KubeCluster;
  readonly user: KubeUser | null;
  private readonly now: () => number;
  private staticTls: TlsMaterial | undefined;
  private staticHeaders: Record<string, string | string[]> | undefined;
  private readonly exec: ExecAuthenticator | undefined;
  private fileToken: { token: string; readAt: number } | undefined;

  constructor(config: Pick<ResolvedKubeConfig, 'cluster' | 'user'>, opts: AuthOptions = {}) {
    this.cluster = config.cluster;
    this.user = config.user;
    this.server = new URL(config.cluster.server);
    this.now = opts.now ?? Date.now;
    const exec = this.user?.exec;
    this.exec = exec ? new ExecAuthenticator(exec, this.cluster, () => this.tlsBase().ca, opts) : undefined;
  }

  get isHttps(): boolean {
    return this.server.protocol === 'https:';
  }

  /** The cluster's CA and the user's static client certificate, read once. */
  private tlsBase(): TlsMaterial {
    if (this.staticTls) return this.staticTls;
    const c = this.cluster;
    const u = this.user;
    const owner = (kind: string, name: string) => `${kind} ${JSON.stringify(name)}`;
    const tls: TlsMaterial = {};
    tls.ca =
      c.certificateAuthorityData ??
      (c.certificateAuthority
        ? readOrThrow(c.certificateAuthority, 'certificate-authority', owner('cluster', c.name))
        : undefined);
    if (c.insecureSkipTlsVerify) tls.rejectUnauthorized = false;
    if (c.tlsServerName) tls.servername = c.tlsServerName;
    if (u) {
      tls.cert =
        u.clientCertificateData ??
        (u.clientCertificate
          ? readOrThrow(u.clientCertificate, 'client-certificate', owner('user', u.name))
          : undefined);
      tls.key =
        u.clientKeyData ??
        (u.clientKey ? readOrThrow(u.clientKey, 'client-key', owner('user', u.name)) : undefined);
    }
    this.staticTls = tls;
    return tls;
  }

  /** Basic auth, an auth-provider's token and impersonation: fixed for the client's life. */
  private baseHeaders(): Record<string, string | string[]> {
    if (this.staticHeaders) return this.staticHeaders;
    const h: Record<string, string | string[]> = {};
    const u = this.user;
    if (u?.username || u?.password) {
      h.Authorization = `Basic ${Buffer.from(`${u.username ?? ''}:${u.password ?? ''}`).toString('base64')}`;
    }
    if (u?.authProvider && !u.token && !u.tokenFile) {
      const cfg = u.authProvider.config;
      const token =
        u.authProvider.name === 'oidc'
          ? cfg['id-token'] || cfg['access-token']
          : cfg['access-token'] || cfg['id-token'];
      if (!token) {
        const plugin: Record<string, string> = { gcp: 'gke-gcloud-auth-plugin', azure: 'kubelogin' };
        const instead = plugin[u.authProvider.name]
          ? `the "${plugin[u.authProvider.name]}" kubectl/client-go credential plugin`
          : 'an exec credential plugin';
        throw new KubeAuthError(
          `the ${JSON.stringify(u.authProvider.name)} auth-provider of user ${JSON.stringify(u.name)} is not supported ` +
            `(it has no stored access-token or id-token); please use ${instead} instead`,
        );
      }
      h.Authorization = `Bearer ${token}`;
    }
    const imp = u?.impersonate;
    if (imp) {
      if (imp.user) h['Impersonate-User'] = imp.user;
      if (imp.uid) h['Impersonate-Uid'] = imp.uid;
      if (imp.groups.length) h['Impersonate-Group'] = imp.groups;
      for (const [k, v] of Object.entries(imp.extra)) h[`Impersonate-Extra-${encodeURIComponent(k)}`] = v;
    }
    this.staticHeaders = h;
    return h;
  }

  private tokenFromFile(force: boolean): string | undefined {
    const u = this.user!;
    const now = this.now();
    if (!force && this.fileToken && now - this.fileToken.readAt < tokenFilePeriodMs)
      return this.fileToken.token;
    try {
      const token = readFileSync(u.tokenFile!, 'utf8').trim();
      if (!token) throw new Error(`read empty token from file ${JSON.stringify(u.tokenFile)}`);
      this.fileToken = { token, readAt: now };
      return token;
    } catch (e) {
      // client-go keeps using the last good token, then the static `token`.
      if (this.fileToken) return this.fileToken.token;
      if (u.token) return u.token;
      throw new KubeAuthError(
        `unable to read tokenFile of user ${JSON.stringify(u.name)}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  }

  /** Headers and TLS material for one request. */
  async forRequest(): Promise<RequestAuth> {
    const base = this.tlsBase();
    const headers = { ...this.baseHeaders() };
    const out: RequestAuth = { headers, tls: base, tlsKey: 'static' };
    const u = this.user;
    if (u?.tokenFile) {
      out.fileToken = this.tokenFromFile(false);
      headers.Authorization = `Bearer ${out.fileToken}`;
    } else if (u?.token) {
      headers.Authorization = `Bearer ${u.token}`;
    }
    if (this.exec) {
      const cred = await this.exec.credential();
      out.exec = cred;
      if (cred.token && !headers.Authorization) headers.Authorization = `Bearer ${cred.token}`;
      if (cred.clientCertificateData && !base.cert) {
        out.tls = { ...base, cert: cred.clientCertificateData, key: cred.clientKeyData };
        out.tlsKey = `exec:${cred.clientCertificateData}`;
      }
    }
    return out;
  }

  /**
   * The server answered 401 to a request made with `used`: drop what may be stale. True when
   * the next attempt will carry different credentials (worth one retry).
   */
  unauthorized(used: RequestAuth): boolean {
    if (used.exec && this.exec) return this.exec.invalidate(used.exec);
    if (used.fileToken !== undefined && this.user?.tokenFile) {
      return this.tokenFromFile(true) !== used.fileToken;
    }
    return false;
  }
}
