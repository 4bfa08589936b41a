/**
 * client-go credential plugins (`users[].user.exec`, client.authentication.k8s.io/v1 and
 * v1beta1): runs the command with its args and env plus KUBERNETES_EXEC_INFO (the cluster's
 * details when `provideClusterInfo`), reads the ExecCredential it prints, and keeps the
 * credential until its `expirationTimestamp` (or for good when it has none). A 401 answered to
 * the current credential drops it so the next request runs the plugin again.
 */
import { spawn } from 'node:child_process';
import type { ExecConfig, KubeCluster } from './config.js';
import { KubeAuthError } from './errors.js';

const supportedVersions = new Set([
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
]);

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** ms since the epoch; undefined = does not expire. */
  expiresAt?: number;
}

export interface ExecOptions {
  env?: Record<string, string | undefined>;
  now?: () => number;
  /** Where the plugin's stderr goes (default: this process's stderr, as kubectl does). */
  onStderr?: (chunk: Buffer) => void;
  /** Whether standard input is a terminal the plugin could prompt on (default process.stdin.isTTY). */
  interactive?: boolean;
}

/** The `spec.cluster` of KUBERNETES_EXEC_INFO, as client-go fills it from the rest config. */
function clusterInfo(cluster: KubeCluster, caData: Buffer | undefined): Record<string, unknown> {
  const c: Record<string, unknown> = { server: cluster.server };
  if (cluster.tlsServerName) c['tls-server-name'] = cluster.tlsServerName;
  if (cluster.insecureSkipTlsVerify) c['insecure-skip-tls-verify'] = true;
  if (caData) c['certificate-authority-data'] = caData.toString('base64');
  if (cluster.proxyUrl) c['proxy-url'] = cluster.proxyUrl;
  if (cluster.execExtension !== undefined) c.config = cluster.execExtension;
  return c;
}

export class ExecAuthenticator {
  private cached: ExecCredential | undefined;
  private running: Promise<ExecCredential> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: KubeCluster,
    private readonly caData: () => Buffer | undefined,
    private readonly opts: ExecOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    if (!supportedVersions.has(exec.apiVersion)) {
      throw new KubeAuthError(`exec plugin: invalid apiVersion ${JSON.stringify(exec.apiVersion)}`);
    }
  }

  /** The current credential, running the plugin when there is none or it has expired. */
  async credential(): Promise<ExecCredential> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || this.now() < c.expiresAt)) return c;
    if (!this.running) {
      this.running = this.run().then(
        (cred) => {
          this.cached = cred;
          this.running = undefined;
          return cred;
        },
        (e) => {
          this.running = undefined;
          throw e;
        },
      );
    }
    return this.running;
  }

  /** The server refused `used`: forget it if it is still the cached one. True if a new one will be fetched. */
  invalidate(used: ExecCredential): boolean {
    if (this.cached !== used) return this.cached !== undefined || this.running !== undefined;
    this.cached = undefined;
    return true;
  }

  private interactive(): boolean {
    const tty = this.opts.interactive ?? Boolean(process.stdin.isTTY);
    const mode = this.exec.interactiveMode ?? 'IfAvailable';
    if (mode === 'Always' && !tty) {
      throw new KubeAuthError(
        `exec plugin ${this.exec.command} cannot be run: interactiveMode is Always but standard input is not a terminal`,
      );
    }
    return mode !== 'Never' && tty;
  }

  private run(): Promise<ExecCredential> {
    const x = this.exec;
    const interactive = this.interactive();
    const spec: Record<string, unknown> = { interactive };
    if (x.provideClusterInfo) spec.cluster = clusterInfo(this.cluster, this.caData());
    const env: Record<string, string | undefined> = { ...(this.opts.env ?? process.env) };
    for (const e of x.env) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({ kind: 'ExecCredential', apiVersion: x.apiVersion, spec });
    const onStderr = this.opts.onStderr ?? ((b: Buffer) => process.stderr.write(b));
    return new Promise<ExecCredential>((resolve, reject) => {
      const child = spawn(x.command, x.args, {
        env,
        stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => {
        err = (err + b.toString('utf8')).slice(-2000);
        onStderr(b);
      });
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') {
          const hint =
            '\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\n' +
            'To learn more about this feature, consult the documentation available at:\n' +
            '      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins' +
            (x.installHint ? `\n\n${x.installHint}` : '');
          reject(new KubeAuthError(`exec: executable ${x.command} not found${hint}`, { cause: e }));
        } else {
          reject(
            new KubeAuthError(`exec: executable ${x.command} could not be run: ${e.message}`, { cause: e }),
          );
        }
      });
      child.on('close', (code, signal) => {
        if (code !== 0) {
          const why = signal ? `was killed by ${signal}` : `failed with exit code ${code}`;
          const tail = err.trim() ? `: ${err.trim()}` : '';
          reject(new KubeAuthError(`exec: executable ${x.command} ${why}${tail}`));
          return;
        }
        try {
          resolve(this.parse(Buffer.concat(out).toString('utf8')));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  private parse(stdout: string): ExecCredential {
    const fail = (m: string): never => {
      throw new KubeAuthError(`exec plugin ${this.exec.command}: ${m}`);
    };
    let doc: unknown;
    try {
      doc = JSON.parse(stdout);
    } catch (e) {
      return fail(`decoding stdout: ${(e as Error).message}`);
    }
    const d = (doc ?? {}) as {
      kind?: unknown;
      apiVersion?: unknown;
      status?: Record<string, unknown> | null;
    };
    if (d.kind !== 'ExecCredential') fail(`returned kind ${JSON.stringify(d.kind)}, want "ExecCredential"`);
    if (d.apiVersion !== this.exec.apiVersion) {
      fail(
        `is configured to use API version ${this.exec.apiVersion}, plugin returned version ${String(d.apiVersion)}`,
      );
    }
    const s = d.status;
    if (!s || typeof s !== 'object') return fail("didn't return a status field");
    const str = (k: string) => (typeof s[k] === 'string' && s[k] !== '' ? (s[k] as string) : undefined);
    const cred: ExecCredential = {
      token: str('token'),
      clientCertificateData: str('clientCertificateData'),
      clientKeyData: str('clientKeyData'),
    };
    if (!cred.token && !cred.clientCertificateData && !cred.clientKeyData) {
      fail("didn't return a token or cert/key pair");
    }
    if (Boolean(cred.clientCertificateData) !== Boolean(cred.clientKeyData)) {
      fail('returned only certificate or key, not both');
    }
    const exp = str('expirationTimestamp');
    if (exp) {
      const t = Date.parse(exp);
      if (Number.isNaN(t)) fail(`returned an invalid expirationTimestamp ${JSON.stringify(exp)}`);
      cred.expiresAt = t;
    }
    return cred;
  }
}
