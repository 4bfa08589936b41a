/**
 * Where helm keeps its files (pkg/helmpath + pkg/cli/environment.go): `HELM_*_HOME` wins,
 * else `XDG_*_HOME` + `/helm`, else `~/.config|.cache|.local/share` + `/helm`; the specific
 * files can be moved with `HELM_REPOSITORY_CONFIG`, `HELM_REPOSITORY_CACHE`,
 * `HELM_REGISTRY_CONFIG` and `HELM_CONTENT_CACHE`. Using the same places lets helm and bosun
 * share one machine's setup.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HelmPaths {
  /** repositories.yaml */
  readonly repositoryConfig: string;
  /** the folder of `<name>-index.yaml` and `<name>-charts.txt` */
  readonly repositoryCache: string;
  /** the Docker-style credentials file for OCI registries */
  readonly registryConfig: string;
  /** the chart cache keyed by sha256 digest (`<xx>/<hex>.chart`), shared with helm */
  readonly contentCache: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function base(env: Env, helmVar: string, xdgVar: string, fallback: string[], elem: string): string {
  const h = env[helmVar];
  if (h) return join(h, elem);
  const x = env[xdgVar] || join(env.HOME || homedir(), ...fallback);
  return join(x, 'helm', elem);
}

export function helmPaths(env: Env = process.env): HelmPaths {
  const config = (e: string) => base(env, 'HELM_CONFIG_HOME', 'XDG_CONFIG_HOME', ['.config'], e);
  const cache = (e: string) => base(env, 'HELM_CACHE_HOME', 'XDG_CACHE_HOME', ['.cache'], e);
  return {
    repositoryConfig: env.HELM_REPOSITORY_CONFIG || config('repositories.yaml'),
    repositoryCache: env.HELM_REPOSITORY_CACHE || cache('repository'),
    registryConfig: env.HELM_REGISTRY_CONFIG || config('registry/config.json'),
    contentCache: env.HELM_CONTENT_CACHE || cache('content'),
  };
}

/** `<name>-index.yaml` (helmpath.CacheIndexFile). */
export function cacheIndexFile(name: string): string {
  return name === '' ? 'index.yaml' : `${name}-index.yaml`;
}

/** `<name>-charts.txt` (helmpath.CacheChartsFile). */
export function cacheChartsFile(name: string): string {
  return name === '' ? 'charts.txt' : `${name}-charts.txt`;
}
