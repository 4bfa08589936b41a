/**
 * Kubeconfig resolution as kubectl does it: `--kubeconfig FILE` alone if given; else every file
 * of KUBECONFIG (path-list, missing files skipped) merged in order — the first file to define a
 * cluster, user or context name wins, and so does the first `current-context`; else
 * `~/.kube/config`. `--kube-context` picks another context; the namespace is `-n`, else the
 * context's, else `default`. Authentication (token, client certificates, exec plugins, …) is
 * @kubernetes/client-node's KubeConfig.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
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
}

export interface ResolvedKubeConfig {
  /** client-node's config with the chosen context current. */
  kc: KubeConfig;
  context: string;
  cluster: Cluster;
  user: User | null;
  /** The namespace commands act in when they are not told another one. */
  namespace: string;
  /** Whether the namespace came from `-n` (true) or the context/default (false). */
  namespaceExplicit: boolean;
  /** The files that were read, in merge order. */
  files: string[];
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new KubeConfigError(`error loading config file ${JSON.stringify(file)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return kc;
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

/** Merges configs with kubectl's rule: the first definition of every name wins. */
export function mergeKubeConfigs(configs: KubeConfig[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = '';
  for (const c of configs) {
    for (const x of c.clusters ?? []) if (!clusters.has(x.name)) clusters.set(x.name, x);
    for (const x of c.users ?? []) if (!users.has(x.name)) users.set(x.name, x);
    for (const x of c.contexts ?? []) if (!contexts.has(x.name)) contexts.set(x.name, x);
    if (!current && c.currentContext) current = c.currentContext;
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: current,
  });
  return kc;
}

/** Resolves the kubeconfig, context, cluster and namespace a command will use. */
export function resolveKubeConfig(opts: KubeConfigOptions = {}): ResolvedKubeConfig {
  const files = kubeconfigFiles(opts);
  const kc = mergeKubeConfigs(files.map(loadFile));
  const context = opts.context || kc.currentContext;
  if (!context) {
    throw new KubeConfigError(
      files.length === 0
        ? 'no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config'
        : `no current context is set in ${files.join(', ')}; pass --kube-context`,
    );
  }
  const ctx = kc.getContextObject(context);
  if (!ctx) throw new KubeConfigError(`context ${JSON.stringify(context)} does not exist`);
  kc.setCurrentContext(context);
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster) {
    throw new KubeConfigError(
      `cluster ${JSON.stringify(ctx.cluster)} of context ${JSON.stringify(context)} does not exist`,
    );
  }
  if (!cluster.server) throw new KubeConfigError(`cluster ${JSON.stringify(ctx.cluster)} has no server`);
  return {
    kc,
    context,
    cluster,
    user: kc.getUser(ctx.user),
    namespace: opts.namespace || ctx.namespace || 'default',
    namespaceExplicit: Boolean(opts.namespace),
    files,
  };
}
