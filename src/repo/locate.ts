/**
 * Chart references → local files, for every command that takes a chart: `./dir`, `./x.tgz`,
 * `repo/chart` (through the cached index), `https://…/x.tgz`, `oci://…` (with `--version`
 * or `@sha256:`), or a chart name with `--repo URL`. Downloads go through the shared chart
 * cache and are checked against the digest the index or registry gives.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ChartCache, normalizeDigest } from './cache.js';
import { messageOf, RepoError } from './errors.js';
import { type AuthOptions, type GetOptions, httpGet, resolveReferenceUrl } from './http.js';
import { loadCachedIndex } from './index-cache.js';
import { type ChartVersion, getChartVersion, parseIndex, type WarnFn } from './index-file.js';
import { isOci } from './oci-ref.js';
import { type HelmPaths, helmPaths } from './paths.js';
import { ociPull } from './registry.js';
import { loadRepoFile, type RepoEntry } from './repo-file.js';

export interface LocateOptions extends AuthOptions {
  version?: string;
  repoURL?: string;
  passCredentialsAll?: boolean;
  plainHttp?: boolean;
  devel?: boolean;
  /** helm's files; default from the environment. */
  paths?: HelmPaths;
  signal?: AbortSignal;
  warn?: WarnFn;
}

export interface Located {
  /** Local path of a chart folder or archive (cache entries end in `.chart`, as in helm). */
  path: string;
  /** File name helm would save a download as (`<chart>-<version>.tgz`), if downloaded. */
  fileName?: string;
  /** Lines to print (e.g. OCI "Pulled:/Digest:"). */
  output: string;
  /** The archive bytes when downloaded. */
  data?: Buffer;
}

function versionOf(o: LocateOptions): string {
  return o.version || (o.devel ? '>0.0.0-0' : '');
}

function tlsOf(o: LocateOptions | RepoEntry): GetOptions {
  return {
    caFile: o.caFile || undefined,
    certFile: o.certFile || undefined,
    keyFile: o.keyFile || undefined,
    insecureSkipTLSVerify: !!o.insecureSkipTLSVerify,
  };
}

async function download(
  url: string,
  digest: string | undefined,
  get: GetOptions,
  cache: ChartCache,
  label: string,
): Promise<{ path: string; data: Buffer }> {
  const hit = digest ? cache.get(digest) : undefined;
  if (hit) return hit;
  const data = await httpGet(url, { ...get, accept: 'application/gzip,application/octet-stream' });
  const path = await cache.put(data, normalizeDigest(digest) ? digest : undefined, label);
  return { path, data };
}

/** How to fetch from `--repo URL` with the user's credentials. */
function urlGet(o: LocateOptions): GetOptions {
  return {
    ...tlsOf(o),
    username: o.username,
    password: o.password,
    credentialsUrl: o.repoURL,
    passCredentialsAll: o.passCredentialsAll,
    signal: o.signal,
  };
}

/** Finds `name` in the index at `repoURL` (helm's FindChartInRepoURL) without naming the repo. */
async function findInRepoUrl(name: string, o: LocateOptions): Promise<ChartVersion> {
  const indexUrl = resolveReferenceUrl(o.repoURL!, 'index.yaml');
  let text: Buffer;
  try {
    text = await httpGet(indexUrl, urlGet(o));
  } catch (err) {
    throw new RepoError(
      err instanceof RepoError ? err.code : 'REPO_UNREACHABLE',
      `looks like "${o.repoURL}" is not a valid chart repository or cannot be reached: ${messageOf(err)}`,
      { cause: err },
    );
  }
  const index = parseIndex(text, o.repoURL!, o.warn);
  return getChartVersion(index, name, versionOf(o), `repository ${o.repoURL}`);
}

/** The repository whose cached index lists `url` as a chart download (helm's scanReposForURL). */
function ownerOf(url: string, repos: RepoEntry[], paths: HelmPaths): RepoEntry | undefined {
  for (const r of repos) {
    let idx: ReturnType<typeof loadCachedIndex>;
    try {
      idx = loadCachedIndex(paths.repositoryCache, r.name);
    } catch {
      continue;
    }
    for (const vs of idx.entries.values()) {
      for (const v of vs) if (v.urls.some((u) => resolveReferenceUrl(r.url, u) === url)) return r;
    }
  }
  return undefined;
}

function entryGet(r: RepoEntry, o: LocateOptions): GetOptions {
  return {
    ...tlsOf(r),
    username: r.username || o.username,
    password: r.password || o.password,
    credentialsUrl: r.url,
    passCredentialsAll: r.passCredentialsAll,
    signal: o.signal,
  };
}

const base = (u: string) => decodeURIComponent(new URL(u).pathname.split('/').pop() ?? 'chart.tgz');

/** Resolves and fetches a chart reference; see the module doc. */
export async function locate(ref: string, o: LocateOptions = {}): Promise<Located> {
  const paths = o.paths ?? helmPaths();
  const cache = new ChartCache(paths.contentCache);
  if (!o.repoURL && !isOci(ref) && existsSync(ref)) {
    return { path: resolve(ref), output: '' };
  }
  if (!o.repoURL && (ref.startsWith('.') || ref.startsWith('/'))) {
    throw new RepoError('CHART_NOT_FOUND', `path "${ref}" not found`);
  }
  if (isOci(ref)) {
    const r = await ociPull(ref, versionOf(o), {
      ...tlsOf(o),
      plainHttp: o.plainHttp,
      username: o.username,
      password: o.password,
      registryConfig: paths.registryConfig,
      signal: o.signal,
    });
    const path = await cache.put(r.data, r.chartDigest, ref);
    return { path, fileName: r.fileName, output: r.output, data: r.data };
  }
  if (o.repoURL) {
    const cv = await findInRepoUrl(ref, o);
    if (cv.urls.length === 0)
      throw new RepoError('CHART_NOT_FOUND', `chart "${ref}" has no downloadable URLs`);
    const url = resolveReferenceUrl(o.repoURL, cv.urls[0]!);
    const d = await download(url, cv.digest, urlGet(o), cache, `${ref} from ${o.repoURL}`);
    return { ...d, fileName: base(url), output: '' };
  }
  const rf = await loadRepoFile(paths.repositoryConfig);
  if (/^https?:\/\//.test(ref)) {
    const owner = ownerOf(ref, rf.repositories, paths);
    const get: GetOptions = owner
      ? entryGet(owner, o)
      : { ...tlsOf(o), username: o.username, password: o.password, credentialsUrl: ref, signal: o.signal };
    const d = await download(ref, undefined, get, cache, ref);
    return { ...d, fileName: base(ref), output: '' };
  }
  const slash = ref.indexOf('/');
  if (slash <= 0) {
    throw new RepoError(
      'CHART_REF_INVALID',
      `non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`,
    );
  }
  const repoName = ref.slice(0, slash);
  const chartName = ref.slice(slash + 1);
  const entry = rf.repositories.find((r) => r.name === repoName);
  if (!entry) {
    const known = rf.repositories.map((r) => r.name);
    throw new RepoError(
      'REPO_NOT_FOUND',
      `repo ${repoName} not found${known.length ? ` (configured: ${known.join(', ')})` : ''}; add it with "bosun helm repo add ${repoName} URL"`,
    );
  }
  let index: ReturnType<typeof loadCachedIndex>;
  try {
    index = loadCachedIndex(paths.repositoryCache, repoName, o.warn);
  } catch (err) {
    throw new RepoError(
      err instanceof RepoError ? err.code : 'INDEX_MISSING',
      `no cached repo found. (try 'bosun helm repo update'): ${messageOf(err)}`,
      { cause: err },
    );
  }
  const cv = getChartVersion(
    index,
    chartName,
    versionOf(o),
    `the "${repoName}" repository (try 'bosun helm repo update')`,
  );
  if (cv.urls.length === 0) throw new RepoError('CHART_NOT_FOUND', `chart "${ref}" has no downloadable URLs`);
  const url = resolveReferenceUrl(entry.url, cv.urls[0]!);
  const d = await download(
    url,
    cv.digest,
    entryGet(entry, o),
    cache,
    `chart "${ref}" version ${cv.metadata.Version} (${url})`,
  );
  return { ...d, fileName: base(url), output: '' };
}

/** What other commands call: the local path of a chart folder or archive for `ref`. */
export async function locateChart(ref: string, o: LocateOptions = {}): Promise<string> {
  return (await locate(ref, o)).path;
}
