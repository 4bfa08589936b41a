/**
 * The `repo` verbs: add, remove, list, update and downloading a repository's index into the
 * cache (`<cache>/<name>-index.yaml` and `<name>-charts.txt`, like helm). Updates of several
 * repositories run concurrently and one failure does not stop the others.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite } from './fs-util.js';
import { httpGet, resolveReferenceUrl } from './http.js';
import { writeIndexTwin } from './index-cache.js';
import { parseIndex, type WarnFn } from './index-file.js';
import { cacheChartsFile, cacheIndexFile } from './paths.js';
import { entriesEqual, loadRepoFile, newEntry, type RepoEntry, updateRepoFile } from './repo-file.js';

export interface RepoContext {
  repositoryConfig: string;
  repositoryCache: string;
  signal?: AbortSignal;
  warn?: WarnFn;
  timeoutMs?: number;
}

const DEPRECATED: Record<string, string> = {
  '//kubernetes-charts.storage.googleapis.com': 'https://charts.helm.sh/stable',
  '//kubernetes-charts-incubator.storage.googleapis.com': 'https://charts.helm.sh/incubator',
};

/** Hint appended to auth failures, naming what fixes them. */
function authHint(err: unknown, name: string): string {
  return err instanceof RepoError && err.code === 'REPO_AUTH'
    ? ` (repository "${name}" needs credentials: pass --username and --password, or check them)`
    : '';
}

/**
 * Downloads `entry`'s index.yaml, checks it parses, and stores it in the cache atomically.
 * Returns the cache path of the index.
 */
export async function downloadIndexFile(entry: RepoEntry, ctx: RepoContext): Promise<string> {
  const indexUrl = resolveReferenceUrl(entry.url, 'index.yaml');
  const body = await httpGet(indexUrl, {
    username: entry.username,
    password: entry.password,
    credentialsUrl: entry.url,
    passCredentialsAll: entry.passCredentialsAll,
    caFile: entry.caFile,
    certFile: entry.certFile,
    keyFile: entry.keyFile,
    insecureSkipTLSVerify: entry.insecureSkipTLSVerify,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
  });
  const index = parseIndex(body, entry.url, ctx.warn);
  const names = [...index.entries.keys()].map((n) => `${n}\n`).join('');
  await atomicWrite(join(ctx.repositoryCache, cacheChartsFile(entry.name)), names);
  const file = join(ctx.repositoryCache, cacheIndexFile(entry.name));
  await atomicWrite(file, body);
  // the compact twin now, so the first search after an update does not read the YAML again
  writeIndexTwin(ctx.repositoryCache, entry.name, index);
  return file;
}

export interface AddRepoOptions extends Partial<RepoEntry> {
  name: string;
  url: string;
  forceUpdate?: boolean;
  allowDeprecatedRepos?: boolean;
}

/** `helm repo add`: returns the line helm prints. */
export async function addRepo(o: AddRepoOptions, ctx: RepoContext): Promise<string> {
  if (!o.allowDeprecatedRepos) {
    for (const [old, replacement] of Object.entries(DEPRECATED)) {
      if (o.url.includes(old))
        throw new RepoError(
          'INVALID_ARGUMENT',
          `repo "${o.url}" is no longer available; try "${replacement}" instead`,
        );
    }
  }
  const { forceUpdate, allowDeprecatedRepos: _a, ...fields } = o;
  const entry = newEntry(fields);
  if (entry.name.includes('/')) {
    throw new RepoError(
      'REPO_INVALID_NAME',
      `repository name (${entry.name}) contains '/', please specify a different name without '/'`,
    );
  }
  return updateRepoFile(ctx.repositoryConfig, async (f) => {
    const existing = f.repositories.find((r) => r.name === entry.name);
    if (!forceUpdate && existing) {
      if (!entriesEqual(existing, entry)) {
        throw new RepoError(
          'REPO_EXISTS',
          `repository name (${entry.name}) already exists, please specify a different name`,
        );
      }
      return {
        write: false,
        result: `"${entry.name}" already exists with the same configuration, skipping\n`,
      };
    }
    try {
      await downloadIndexFile(entry, ctx);
    } catch (err) {
      const code = err instanceof RepoError && err.code !== 'HTTP_ERROR' ? err.code : 'REPO_UNREACHABLE';
      throw new RepoError(
        code,
        `looks like "${entry.url}" is not a valid chart repository or cannot be reached: ${messageOf(err)}${authHint(err, entry.name)}`,
        { cause: err },
      );
    }
    const i = f.repositories.findIndex((r) => r.name === entry.name);
    if (i >= 0) f.repositories[i] = entry;
    else f.repositories.push(entry);
    return { write: true, result: `"${entry.name}" has been added to your repositories\n` };
  });
}

/** `helm repo remove`: returns what helm prints. */
export async function removeRepos(names: readonly string[], ctx: RepoContext): Promise<string> {
  return updateRepoFile(ctx.repositoryConfig, async (f) => {
    if (!f.exists || f.repositories.length === 0)
      throw new RepoError('REPO_NO_REPOSITORIES', 'no repositories configured');
    let out = '';
    for (const name of names) {
      const i = f.repositories.findIndex((r) => r.name === name);
      if (i < 0) {
        throw new RepoError('REPO_NOT_FOUND', `no repo named "${name}" found`);
      }
      f.repositories.splice(i, 1);
      await rm(join(ctx.repositoryCache, cacheChartsFile(name)), { force: true });
      await rm(join(ctx.repositoryCache, cacheIndexFile(name)), { force: true });
      out += `"${name}" has been removed from your repositories\n`;
    }
    return { write: true, result: out };
  });
}

export interface RepoUpdateResult {
  name: string;
  url: string;
  error?: RepoError | Error;
}

/**
 * `helm repo update`: refreshes the named repositories (all when `names` is empty)
 * concurrently, each once. `onResult` hears each outcome as it happens. Never throws for a
 * single repository; the caller decides what failures mean.
 */
export async function updateRepos(
  names: readonly string[],
  ctx: RepoContext,
  onResult: (r: RepoUpdateResult) => void = () => {},
): Promise<RepoUpdateResult[]> {
  const f = await loadRepoFile(ctx.repositoryConfig);
  if (f.repositories.length === 0) {
    throw new RepoError('REPO_NO_REPOSITORIES', 'no repositories found. You must add one before updating');
  }
  for (const n of names) {
    if (!f.repositories.some((r) => r.name === n)) {
      throw new RepoError(
        'REPO_NOT_FOUND',
        `no repositories found matching '${n}'.  Nothing will be updated`,
      );
    }
  }
  const chosen = f.repositories.filter((r) => names.length === 0 || names.includes(r.name));
  const seen = new Set<string>();
  const unique = chosen.filter((r) => {
    if (seen.has(r.name)) return false;
    seen.add(r.name);
    return true;
  });
  return Promise.all(
    unique.map(async (entry) => {
      let result: RepoUpdateResult;
      try {
        await downloadIndexFile(entry, ctx);
        result = { name: entry.name, url: entry.url };
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        if (err instanceof RepoError && err.code === 'REPO_AUTH') e.message += authHint(err, entry.name);
        result = { name: entry.name, url: entry.url, error: e };
      }
      onResult(result);
      return result;
    }),
  );
}

/** The text `helm repo update` prints for one result. */
export function formatUpdateResult(r: RepoUpdateResult): string {
  return r.error
    ? `...Unable to get an update from the "${r.name}" chart repository (${r.url}):\n\t${r.error.message}\n`
    : `...Successfully got an update from the "${r.name}" chart repository\n`;
}

/** Reads a repository's cached index text (for tests and tools). */
export function readCachedIndex(name: string, ctx: RepoContext): string {
  return readFileSync(join(ctx.repositoryCache, cacheIndexFile(name)), 'utf8');
}
