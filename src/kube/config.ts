/**
 * Kubeconfig resolution as kubectl (client-go's clientcmd) does it: `--kubeconfig FILE` alone if
 * given; else every file of KUBECONFIG (path-list, duplicates and missing files skipped) merged
 * in order — the first file to define a cluster, user or context name wins (the whole entry), and
 * so does the first `current-context`; else `~/.kube/config`. Relative paths in a file
 * (certificate-authority, client-certificate, client-key, tokenFile, an exec command containing
 * a `/`) are resolved against the directory of the file that defined them. `--kube-context` picks
 * another context; the namespace is `-n`, else the context's, else `default`.
 * The credentials themselves are applied per request by auth.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseYaml } from '../encoding/index.js';
import { KubeConfigError } from './errors.js';

export interface KubeConfigOptions {
  /** `--kubeconfig`: this file only. */
  kubeconfig?: string;
  /** `--kube-context`. */
  context?: string;
  /** `-n/--namespace`. */
  namespace?: string;
  /** The environment to read KUBECONFIG from (default process.env). */
  env?: Record<string, string | undefined>;
  /** The home directory for `~/.kube/config` (default os.homedir()). */
  home?: string;
  /** Where a pod's service-account credentials are mounted (default /var/run/secrets/kubernetes.io/serviceaccount). */
  serviceAccountDir?: string;
}

/** A kubeconfig `clusters[].cluster`, paths made absolute. */
export interface KubeCluster {
  name: string;
  server: string;
  certificateAuthority?: string;
  certificateAuthorityData?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** `extensions[name=client.authentication.k8s.io/exec].extension`, given to exec plugins. */
  execExtension?: unknown;
  /** The file that defined it. */
  file: string;
}

/** A kubeconfig `users[].user.exec`. */
export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

/** A kubeconfig `users[].user`, paths made absolute. */
export interface KubeUser {
  name: string;
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: Buffer;
  clientKey?: string;
  clientKeyData?: Buffer;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  authProvider?: { name: string; config: Record<string, string> };
  /** `as`, `as-uid`, `as-groups`, `as-user-extra`: impersonation headers. */
  impersonate?: { user?: string; uid?: string; groups: string[]; extra: Record<string, string[]> };
  file: string;
}

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  file: string;
}

/** One parsed kubeconfig file (or a merge of several). */
export interface KubeConfigFile {
  clusters: Map<string, KubeCluster>;
  users: Map<string, KubeUser>;
  contexts: Map<string, KubeContext>;
  currentContext: string;
}

export interface ResolvedKubeConfig {
  context: string;
  cluster: KubeCluster;
  user: KubeUser | null;
  /** The namespace commands act in when they are not told another one. */
  namespace: string;
  /** Whether the namespace came from `-n` (true) or the context/default (false). */
  namespaceExplicit: boolean;
  /** The files that were read, in merge order. */
  files: string[];
}

type Obj = Record<string, unknown>;

/** Reads one field with a type check; errors name the file and the field's place. */
class Reader {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly o: Obj,
  ) {}
  private fail(key: string, want: string): never {
    throw new KubeConfigError(
      `error loading config file ${JSON.stringify(this.file)}: ${this.where}.${key} must be ${want}`,
    );
  }
  str(key: string): string | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(key, 'a string');
    return v === '' ? undefined : v;
  }
  bool(key: string): boolean {
    const v = this.o[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') this.fail(key, 'a boolean');
    return v;
  }
  list(key: string): unknown[] {
    const v = this.o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(key, 'a list');
    return v;
  }
  map(key: string): Obj | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(key, 'a map');
    return v as Obj;
  }
  strings(key: string): string[] {
    return this.list(key).map((x, i) => {
      if (typeof x !== 'string') this.fail(`${key}[${i}]`, 'a string');
      return x;
    });
  }
  base64(key: string): Buffer | undefined {
    const s = this.str(key);
    if (s === undefined) return undefined;
    const clean = s.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) this.fail(key, 'base64 data');
    return Buffer.from(clean, 'base64');
  }
  sub(key: string, where = `${this.where}.${key}`): Reader {
    return new Reader(this.file, where, this.map(key) ?? {});
  }
}

/** A relative path in a kubeconfig is relative to the directory of its file (client-go). */
function abs(file: string, p: string | undefined): string | undefined {
  return p === undefined || isAbsolute(p) ? p : resolve(dirname(file), p);
}

function namedEntries(r: Reader, key: string, inner: string): { name: string; body: Reader }[] {
  const seen = new Set<string>();
  return r.list(key).map((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new KubeConfigError(
        `error loading config file ${JSON.stringify(r.file)}: ${key}[${i}] must be a map`,
      );
    }
    const e = new Reader(r.file, `${key}[${i}]`, raw as Obj);
    const name = e.str('name') ?? '';
    if (seen.has(name)) {
      throw new KubeConfigError(
        `error loading config file ${JSON.stringify(r.file)}: duplicate name ${JSON.stringify(name)} in ${key}`,
      );
    }
    seen.add(name);
    return { name, body: e.sub(inner, `${key}[${JSON.stringify(name)}].${inner}`) };
  });
}

function readExec(file: string, r: Reader): ExecConfig {
  const command = r.str('command') ?? '';
  const mode = r.str('interactiveMode');
  if (mode !== undefined && mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new KubeConfigError(
      `error loading config file ${JSON.stringify(file)}: ${r.where}.interactiveMode must be Never, IfAvailable or Always`,
    );
  }
  return {
    apiVersion: r.str('apiVersion') ?? '',
    // A bare name is looked up on PATH; only a command with a separator is a path (client-go).
    command: command.includes('/') ? abs(file, command)! : command,
    args: r.strings('args'),
    env: r.list('env').map((x, i) => {
      const e = new Reader(file, `${r.where}.env[${i}]`, (x ?? {}) as Obj);
      return { name: e.str('name') ?? '', value: e.str('value') ?? '' };
    }),
    installHint: r.str('installHint'),
    provideClusterInfo: r.bool('provideClusterInfo'),
    interactiveMode: mode as ExecConfig['interactiveMode'],
  };
}

/** Parses kubeconfig text; `file` names it in errors and anchors its relative paths. */
export function parseKubeConfig(text: string, file: string): KubeConfigFile {
  let doc: unknown;
  try {
    doc = text.trim() === '' ? {} : parseYaml(text, { filename: file });
  } catch (e) {
    throw new KubeConfigError(`error loading config file ${JSON.stringify(file)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new KubeConfigError(
      `error loading config file ${JSON.stringify(file)}: not a kubeconfig (not a map)`,
    );
  }
  const top = new Reader(file, 'config', doc as Obj);
  const out: KubeConfigFile = {
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: top.str('current-context') ?? '',
  };
  for (const { name, body: c } of namedEntries(top, 'clusters', 'cluster')) {
    const exec = c
      .list('extensions')
      .find((x) => (x as Obj | null)?.name === 'client.authentication.k8s.io/exec') as Obj | undefined;
    out.clusters.set(name, {
      name,
      server: c.str('server') ?? '',
      certificateAuthority: abs(file, c.str('certificate-authority')),
      certificateAuthorityData: c.base64('certificate-authority-data'),
      insecureSkipTlsVerify: c.bool('insecure-skip-tls-verify'),
      tlsServerName: c.str('tls-server-name'),
      proxyUrl: c.str('proxy-url'),
      execExtension: exec?.extension,
      file,
    });
  }
  for (const { name, body: u } of namedEntries(top, 'users', 'user')) {
    const ap = u.map('auth-provider') ? u.sub('auth-provider') : undefined;
    const extra = u.map('as-user-extra') ?? {};
    const impersonate = {
      user: u.str('as'),
      uid: u.str('as-uid'),
      groups: u.strings('as-groups'),
      extra: Object.fromEntries(Object.keys(extra).map((k) => [k, u.sub('as-user-extra').strings(k)])),
    };
    out.users.set(name, {
      name,
      token: u.str('token'),
      tokenFile: abs(file, u.str('tokenFile')),
      clientCertificate: abs(file, u.str('client-certificate')),
      clientCertificateData: u.base64('client-certificate-data'),
      clientKey: abs(file, u.str('client-key')),
      clientKeyData: u.base64('client-key-data'),
      username: u.str('username'),
      password: u.str('password'),
      exec: u.map('exec') ? readExec(file, u.sub('exec')) : undefined,
      authProvider: ap && {
        name: ap.str('name') ?? '',
        config: Object.fromEntries(
          Object.entries(ap.map('config') ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
        ),
      },
      impersonate:
        impersonate.user || impersonate.uid || impersonate.groups.length || Object.keys(extra).length
          ? impersonate
          : undefined,
      file,
    });
  }
  for (const { name, body: c } of namedEntries(top, 'contexts', 'context')) {
    out.contexts.set(name, {
      name,
      cluster: c.str('cluster') ?? '',
      user: c.str('user') ?? '',
      namespace: c.str('namespace'),
      file,
    });
  }
  return out;
}

/** Reads and parses one kubeconfig file. */
export function loadKubeConfigFile(file: string): KubeConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KubeConfigError(`error loading config file ${JSON.stringify(file)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseKubeConfig(text, resolve(file));
}

/** The files kubectl would read, in order. */
export function kubeconfigFiles(opts: KubeConfigOptions = {}): string[] {
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) {
      throw new KubeConfigError(`stat ${opts.kubeconfig}: no such file or directory`);
    }
    return [opts.kubeconfig];
  }
  const env = opts.env ?? process.env;
  const list = env.KUBECONFIG;
  if (list) {
    const seen = new Set<string>();
    return list.split(delimiter).filter((f) => f !== '' && !seen.has(f) && seen.add(f) && existsSync(f));
  }
  const home = join(opts.home ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/** Merges configs with kubectl's rule: the first definition of every name wins, and the first current-context. */
export function mergeKubeConfigs(configs: KubeConfigFile[]): KubeConfigFile {
  const out: KubeConfigFile = {
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: '',
  };
  for (const c of configs) {
    for (const [k, v] of c.clusters) if (!out.clusters.has(k)) out.clusters.set(k, v);
    for (const [k, v] of c.users) if (!out.users.has(k)) out.users.set(k, v);
    for (const [k, v] of c.contexts) if (!out.contexts.has(k)) out.contexts.set(k, v);
    if (!out.currentContext && c.currentContext) out.currentContext = c.currentContext;
  }
  return out;
}

function validate(cluster: KubeCluster, user: KubeUser | null): void {
  const c = JSON.stringify(cluster.name);
  if (!cluster.server) throw new KubeConfigError(`cluster ${c} has no server (${cluster.file})`);
  try {
    new URL(cluster.server);
  } catch {
    throw new KubeConfigError(
      `cluster ${c} has an invalid server URL ${JSON.stringify(cluster.server)} (${cluster.file})`,
    );
  }
  if (cluster.insecureSkipTlsVerify && (cluster.certificateAuthority || cluster.certificateAuthorityData)) {
    throw new KubeConfigError(
      `cluster ${c}: specifying a root certificates file with the insecure flag is not allowed (${cluster.file})`,
    );
  }
  if (!user) return;
  const u = JSON.stringify(user.name);
  const methods = [
    ...(user.token || user.tokenFile ? ['token'] : []),
    ...(user.username || user.password ? ['basicAuth'] : []),
  ];
  if (methods.length > 1) {
    throw new KubeConfigError(
      `more than one authentication method found for ${u}; found [${methods.join(' ')}], only one is allowed (${user.file})`,
    );
  }
  const cert = user.clientCertificate || user.clientCertificateData;
  const key = user.clientKey || user.clientKeyData;
  if (cert && !key) {
    throw new KubeConfigError(
      `client-key-data or client-key must be specified for ${u} to use the clientCert authentication method (${user.file})`,
    );
  }
  if (key && !cert) {
    throw new KubeConfigError(
      `client-cert-data or client-cert must be specified for ${u} to use the clientCert authentication method (${user.file})`,
    );
  }
  if (user.exec) {
    const where = `for ${u} to use exec authentication plugin (${user.file})`;
    if (user.authProvider) {
      throw new KubeConfigError(
        `authProvider cannot be provided in combination with an exec plugin for ${u}`,
      );
    }
    if (!user.exec.command) throw new KubeConfigError(`command must be specified ${where}`);
    if (!user.exec.apiVersion) throw new KubeConfigError(`apiVersion must be specified ${where}`);
    if (user.exec.env.some((e) => !e.name))
      throw new KubeConfigError(`env variable name must be specified ${where}`);
    if (user.exec.apiVersion === 'client.authentication.k8s.io/v1' && !user.exec.interactiveMode) {
      throw new KubeConfigError(`interactiveMode must be specified ${where}`);
    }
  }
}

/**
 * Inside a pod with nothing configured: the service account, as client-go's InClusterConfig
 * (KUBERNETES_SERVICE_HOST/PORT, the mounted token — re-read — and CA; the namespace is `-n`,
 * else POD_NAMESPACE, else the mounted `namespace` file, else `default`). Null when not in a pod.
 */
export function inClusterConfig(opts: KubeConfigOptions = {}): ResolvedKubeConfig | null {
  const env = opts.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const dir = opts.serviceAccountDir ?? '/var/run/secrets/kubernetes.io/serviceaccount';
  const tokenFile = join(dir, 'token');
  if (!host || !port || !existsSync(tokenFile)) return null;
  const file = '(in-cluster)';
  const ca = join(dir, 'ca.crt');
  let namespace = opts.namespace || env.POD_NAMESPACE;
  if (!namespace) {
    try {
      namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim();
    } catch {
      // not mounted
    }
  }
  return {
    context: '',
    cluster: {
      name: 'in-cluster',
      server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
      certificateAuthority: existsSync(ca) ? ca : undefined,
      insecureSkipTlsVerify: false,
      file,
    },
    user: { name: 'in-cluster', tokenFile, file },
    namespace: namespace || 'default',
    namespaceExplicit: Boolean(opts.namespace),
    files: [],
  };
}

/** Resolves the kubeconfig, context, cluster and namespace a command will use. */
export function resolveKubeConfig(opts: KubeConfigOptions = {}): ResolvedKubeConfig {
  const files = kubeconfigFiles(opts);
  const kc = mergeKubeConfigs(files.map(loadKubeConfigFile));
  if (!opts.kubeconfig && kc.clusters.size === 0 && kc.contexts.size === 0 && kc.users.size === 0) {
    const pod = inClusterConfig(opts);
    if (pod) return pod;
  }
  const context = opts.context || kc.currentContext;
  if (!context) {
    throw new KubeConfigError(
      files.length === 0
        ? 'no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config'
        : `no current context is set in ${files.join(', ')}; pass --kube-context`,
    );
  }
  const ctx = kc.contexts.get(context);
  if (!ctx) throw new KubeConfigError(`context ${JSON.stringify(context)} does not exist`);
  const cluster = kc.clusters.get(ctx.cluster);
  if (!cluster) {
    throw new KubeConfigError(
      `cluster ${JSON.stringify(ctx.cluster)} of context ${JSON.stringify(context)} does not exist`,
    );
  }
  // client-go: a context naming a user that is not defined authenticates as nobody.
  const user = kc.users.get(ctx.user) ?? null;
  validate(cluster, user);
  return {
    context,
    cluster,
    user,
    namespace: opts.namespace || ctx.namespace || 'default',
    namespaceExplicit: Boolean(opts.namespace),
    files,
  };
}
