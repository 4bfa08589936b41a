/**
 * `helm dependency list|update|build`: resolve Chart.yaml dependencies (`https://` repository
 * URLs, `@name`/`alias:name` for configured repositories, `oci://`, `file://` folders, or
 * nothing = already in `charts/`), write `Chart.lock` with helm's digest (sha256 of the JSON
 * of [requested, locked]), and fetch the archives into `charts/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { type Chart, Dependency, loadChart, loadDir } from '../chart/index.js';
import { marshalJson, toYaml } from '../encoding/index.js';
import { parseConstraint, parseStrictVersion, parseVersion } from '../semver/index.js';
import { ChartCache } from './cache.js';
import { messageOf, RepoError } from './errors.js';
import { goTime, jsonStruct } from './fs-util.js';
import { type AuthOptions, httpGet, resolveReferenceUrl } from './http.js';
import { loadCachedIndex } from './index-cache.js';
import { type ChartVersion, getChartVersion, type IndexFile, parseIndex } from './index-file.js';
import { OciClient } from './oci.js';
import { isOci, parseOciRef } from './oci-ref.js';
import { chartArchive } from './package.js';
import { type HelmPaths, helmPaths } from './paths.js';
import { ociPull, semverTags } from './registry.js';
import { loadRepoFile, type RepoEntry } from './repo-file.js';
import { formatUpdateResult, updateRepos } from './repos.js';
import { formatTable } from './table.js';

export interface DependencyOptions extends AuthOptions {
  paths?: HelmPaths;
  skipRefresh?: boolean;
  plainHttp?: boolean;
  /** Where progress lines go (helm prints them to stdout). */
  out?: (text: string) => void;
  now?: () => Date;
}

const dependencyStruct = (d: Dependency) => jsonStruct(d.toJSONValue());

/** helm's HashReq: sha256 of json.Marshal([requested, locked]). */
export function hashReq(req: readonly Dependency[], lock: readonly Dependency[]): string {
  const data = marshalJson([req.map(dependencyStruct), lock.map(dependencyStruct)]);
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A chart's dependency list (validation has refused null entries). */
const depsOf = (c: Chart): Dependency[] | null => c.metadata.Dependencies as Dependency[] | null;

/** A locked dependency: name, repository, version. */
function lockedDep(name: string, repository: string, version: string): Dependency {
  const d = new Dependency();
  d.Name = name;
  d.Repository = repository;
  d.Version = version;
  return d;
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');
const urlEqual = (a: string, b: string) => trimSlash(a) === trimSlash(b);

function localPath(repo: string, chartPath: string): string {
  let p = repo.slice('file://'.length);
  if (!isAbsolute(p)) p = join(chartPath, p);
  if (!existsSync(p)) throw new RepoError('DEPENDENCY_ERROR', `directory ${p} not found`);
  return p;
}

function satisfies(constraint: string, version: string): boolean {
  try {
    return parseConstraint(constraint || '*').check(parseVersion(version));
  } catch {
    return false;
  }
}

// ---- list ------------------------------------------------------------------------------------

function statusOf(chartPath: string, dep: Dependency, parent: Chart): string {
  const dir = join(chartPath, 'charts');
  const archives = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.startsWith(`${dep.Name}-`) && f.endsWith('.tgz'))
    : [];
  const check = (file: string): string => {
    let c: Chart;
    try {
      c = loadChart(join(dir, file));
    } catch {
      return 'corrupt';
    }
    if (c.name !== dep.Name) return 'misnamed';
    if (c.metadata.Version !== dep.Version) {
      try {
        parseConstraint(dep.Version);
        parseVersion(c.metadata.Version);
      } catch {
        return 'invalid version';
      }
      if (!satisfies(dep.Version, c.metadata.Version)) return 'wrong version';
    }
    return 'ok';
  };
  if (archives.length === 1) return check(archives[0]!);
  if (archives.length > 1) {
    const found = archives.filter((a) => {
      try {
        parseStrictVersion(a.slice(dep.Name.length + 1, -4));
        return true;
      } catch {
        return false;
      }
    });
    if (found.length === 1) return check(found[0]!);
    if (found.length > 1) return 'too many matches';
  }
  const sub = [...parent.dependencies].reverse().find((s) => s.name === dep.Name);
  if (!sub) return 'missing';
  if (sub.metadata.Version !== dep.Version) {
    try {
      parseConstraint(dep.Version);
      parseVersion(sub.metadata.Version);
    } catch {
      return 'invalid version';
    }
    if (!satisfies(dep.Version, sub.metadata.Version)) return 'wrong version';
  }
  return 'unpacked';
}

/** `helm dependency list`: returns what helm prints. */
export function dependencyList(chartPath: string, maxColWidth = 80): string {
  const c = loadChart(chartPath);
  const deps = depsOf(c);
  if (!deps) return `WARNING: no dependencies at ${join(chartPath, 'charts')}\n`;
  const rows = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS']];
  for (const d of deps) rows.push([d.Name, d.Version, d.Repository, statusOf(chartPath, d, c)]);
  let out = `${formatTable(rows, maxColWidth)}\n`;
  const dir = join(chartPath, 'charts');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (!statSync(p).isDirectory() && !f.endsWith('.tgz')) continue;
      let name: string | undefined;
      try {
        name = loadChart(p).name;
      } catch {
        out += `WARNING: "${p}" is not a chart.\n`;
        continue;
      }
      if (!deps.some((d) => d.Name === name)) out += `WARNING: "${p}" is not in Chart.yaml.\n`;
    }
  }
  return out;
}

// ---- resolve ---------------------------------------------------------------------------------

interface Ctx {
  chartPath: string;
  paths: HelmPaths;
  repos: RepoEntry[];
  o: DependencyOptions;
  print: (s: string) => void;
  /** Indexes of repository URLs not in repositories.yaml, fetched for this run. */
  adhoc: Map<string, IndexFile>;
}

/** helm's resolveRepoNames: rewrites `@name` to the URL; every URL must be usable. */
function resolveRepoNames(deps: Dependency[], ctx: Ctx): void {
  const missing: string[] = [];
  for (const d of deps) {
    if (!d.Repository || d.Repository.startsWith('file://') || isOci(d.Repository)) {
      if (d.Repository.startsWith('file://')) localPath(d.Repository, ctx.chartPath);
      continue;
    }
    const alias = d.Repository.startsWith('@')
      ? d.Repository.slice(1)
      : d.Repository.startsWith('alias:')
        ? d.Repository.slice(6)
        : undefined;
    const byAlias = alias !== undefined ? ctx.repos.find((r) => r.name === alias) : undefined;
    if (byAlias) {
      d.Repository = byAlias.url;
      continue;
    }
    if (ctx.repos.some((r) => urlEqual(r.url, d.Repository))) continue;
    if (alias === undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(d.Repository)) continue;
    missing.push(d.Repository);
  }
  if (missing.length > 0) {
    let msg = `no repository definition for ${missing.join(', ')}. Please add them via 'bosun helm repo add'`;
    if (missing.some((r) => !r.includes('//') && !r.startsWith('@') && !r.startsWith('alias:'))) {
      msg +=
        '\nNote that repositories must be URLs or aliases. For example, to refer to the "example"\nrepository, use "https://charts.example.com/" or "@example" instead of\n"example". Don\'t forget to add the repo, too (\'bosun helm repo add\').';
    }
    throw new RepoError('DEPENDENCY_ERROR', msg);
  }
}

async function indexFor(url: string, ctx: Ctx): Promise<{ index: IndexFile; entry?: RepoEntry }> {
  const entry = ctx.repos.find((r) => urlEqual(r.url, url));
  if (entry) return { index: loadCachedIndex(ctx.paths.repositoryCache, entry.name), entry };
  let index = ctx.adhoc.get(trimSlash(url));
  if (!index) {
    const body = await httpGet(resolveReferenceUrl(url, 'index.yaml'), {
      username: ctx.o.username,
      password: ctx.o.password,
      credentialsUrl: url,
      caFile: ctx.o.caFile,
      certFile: ctx.o.certFile,
      keyFile: ctx.o.keyFile,
      insecureSkipTLSVerify: ctx.o.insecureSkipTLSVerify,
    });
    index = parseIndex(body, url);
    ctx.adhoc.set(trimSlash(url), index);
    ctx.print(`...Successfully got an update from the "${url}" chart repository\n`);
  }
  return { index };
}

async function resolveLock(req: Dependency[], ctx: Ctx): Promise<Dependency[]> {
  const locked: Dependency[] = [];
  const missing: string[] = [];
  for (const d of req) {
    try {
      parseConstraint(d.Version);
    } catch (err) {
      throw new RepoError(
        'DEPENDENCY_ERROR',
        `dependency "${d.Name}" has an invalid version/constraint format: ${messageOf(err)}`,
      );
    }
    const miss = () => missing.push(`"${d.Name}" (repository "${d.Repository}", version "${d.Version}")`);
    if (!d.Repository) {
      locked.push(lockedDep(d.Name, '', d.Version));
      continue;
    }
    if (d.Repository.startsWith('file://')) {
      const c = loadChart(localPath(d.Repository, ctx.chartPath));
      if (!satisfies(d.Version, c.metadata.Version)) miss();
      else locked.push(lockedDep(d.Name, d.Repository, c.metadata.Version));
      continue;
    }
    if (isOci(d.Repository)) {
      let version: string | undefined;
      try {
        parseVersion(d.Version);
        version = d.Version;
      } catch {
        const ref = parseOciRef(`${trimSlash(d.Repository)}/${d.Name}`);
        const tags = await semverTags(new OciClient(ref.registry, ociOpts(ctx)), ref.repository);
        version = tags.find((t) => satisfies(d.Version, t));
      }
      if (version === undefined) miss();
      else locked.push(lockedDep(d.Name, d.Repository, version));
      continue;
    }
    const { index } = await indexFor(d.Repository, ctx);
    const vs = index.entries.get(d.Name);
    if (!vs) throw new RepoError('CHART_NOT_FOUND', `${d.Name} chart not found in repo ${d.Repository}`);
    const hit = vs.find((v) => v.urls.length > 0 && satisfies(d.Version, v.version));
    if (!hit) {
      miss();
      missing[missing.length - 1] += ` — available: ${vs
        .map((v) => v.version)
        .slice(0, 10)
        .join(', ')}`;
    } else locked.push(lockedDep(d.Name, d.Repository, hit.version));
  }
  if (missing.length > 0) {
    throw new RepoError(
      'CHART_VERSION_NOT_FOUND',
      `can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`,
    );
  }
  return locked;
}

function ociOpts(ctx: Ctx) {
  return {
    plainHttp: ctx.o.plainHttp,
    username: ctx.o.username,
    password: ctx.o.password,
    caFile: ctx.o.caFile,
    certFile: ctx.o.certFile,
    keyFile: ctx.o.keyFile,
    insecureSkipTLSVerify: ctx.o.insecureSkipTLSVerify,
    registryConfig: ctx.paths.registryConfig,
  };
}

// ---- download --------------------------------------------------------------------------------

async function downloadAll(deps: Dependency[], ctx: Ctx): Promise<void> {
  const dest = join(ctx.chartPath, 'charts');
  const tmp = join(ctx.chartPath, `tmpcharts-${process.pid}`);
  await mkdir(dest, { recursive: true });
  await mkdir(tmp, { recursive: true });
  const cache = new ChartCache(ctx.paths.contentCache);
  try {
    ctx.print(`Saving ${deps.length} charts\n`);
    const seen = new Set<string>();
    for (const d of deps) {
      if (!d.Repository) {
        ctx.print(
          `Dependency ${d.Name} did not declare a repository. Assuming it exists in the charts directory\n`,
        );
        const c = loadChart(join(dest, d.Name));
        if (!satisfies(d.Version, c.metadata.Version)) {
          throw new RepoError(
            'DEPENDENCY_ERROR',
            `dependency ${d.Name} at version ${c.metadata.Version} does not satisfy the constraint ${d.Version}`,
          );
        }
        continue;
      }
      if (d.Repository.startsWith('file://')) {
        const c = loadDir(localPath(d.Repository, ctx.chartPath));
        await writeFile(join(tmp, `${c.name}-${c.metadata.Version}.tgz`), chartArchive(c));
        continue;
      }
      if (isOci(d.Repository)) {
        const ref = `${trimSlash(d.Repository)}/${d.Name}:${d.Version}`;
        if (seen.has(ref)) continue;
        ctx.print(`Downloading ${d.Name} from repo ${d.Repository}\n`);
        const r = await ociPull(ref, '', ociOpts(ctx));
        await cache.put(r.data, r.chartDigest, ref);
        await writeFile(join(tmp, r.fileName), r.data);
        seen.add(ref);
        continue;
      }
      const { index, entry } = await indexFor(d.Repository, ctx);
      let cv: ChartVersion;
      try {
        cv = getChartVersion(index, d.Name, d.Version, d.Repository);
      } catch (err) {
        throw new RepoError('DEPENDENCY_ERROR', `could not find ${d.Name}: ${messageOf(err)}`, {
          cause: err,
        });
      }
      const url = resolveReferenceUrl(d.Repository, cv.urls[0] ?? '');
      if (seen.has(url)) {
        ctx.print(`Already downloaded ${d.Name} from repo ${d.Repository}\n`);
        continue;
      }
      ctx.print(`Downloading ${d.Name} from repo ${d.Repository}\n`);
      let data = cv.digest ? cache.get(cv.digest)?.data : undefined;
      if (!data) {
        data = await httpGet(url, {
          username: entry?.username || ctx.o.username,
          password: entry?.password || ctx.o.password,
          credentialsUrl: entry?.url ?? d.Repository,
          passCredentialsAll: entry?.passCredentialsAll,
          caFile: entry?.caFile || ctx.o.caFile,
          certFile: entry?.certFile || ctx.o.certFile,
          keyFile: entry?.keyFile || ctx.o.keyFile,
          insecureSkipTLSVerify: entry?.insecureSkipTLSVerify || ctx.o.insecureSkipTLSVerify,
        });
        await cache.put(data, cv.digest, `${d.Name} ${cv.metadata.Version} from ${url}`);
      }
      await writeFile(join(tmp, basename(new URL(url).pathname)), data);
      seen.add(url);
    }
    // Move into charts/, then drop archives that are no longer wanted (never local ones).
    const fresh = new Set(readdirSync(tmp));
    for (const f of fresh) {
      try {
        loadChart(join(tmp, f));
      } catch (err) {
        ctx.print(`Could not verify ${join(tmp, f)} for moving: ${messageOf(err)} (Skipping)`);
        continue;
      }
      await rename(join(tmp, f), join(dest, f));
    }
    ctx.print('Deleting outdated charts\n');
    const local = new Set(deps.filter((d) => !d.Repository).map((d) => d.Name));
    for (const f of readdirSync(dest)) {
      const p = join(dest, f);
      if (fresh.has(f) || statSync(p).isDirectory()) continue;
      let name: string | undefined;
      try {
        name = loadChart(p).name;
      } catch (err) {
        ctx.print(`Could not verify ${p} for deletion: ${messageOf(err)} (Skipping)\n`);
        continue;
      }
      if (name && local.has(name)) continue;
      await rm(p, { force: true });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function makeCtx(chartPath: string, o: DependencyOptions): Promise<Ctx> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(chartPath);
  } catch {
    throw new RepoError('CHART_NOT_FOUND', `could not find ${chartPath}: no such file or directory`);
  }
  if (!st.isDirectory()) throw new RepoError('CHART_INVALID', 'only unpacked charts can be updated');
  const paths = o.paths ?? helmPaths();
  const rf = await loadRepoFile(paths.repositoryConfig);
  return {
    chartPath: resolve(chartPath),
    paths,
    repos: rf.repositories,
    o,
    print: o.out ?? (() => {}),
    adhoc: new Map(),
  };
}

async function refresh(ctx: Ctx): Promise<void> {
  if (ctx.o.skipRefresh || ctx.repos.length === 0) return;
  ctx.print('Hang tight while we grab the latest from your chart repositories...\n');
  await updateRepos(
    [],
    { repositoryConfig: ctx.paths.repositoryConfig, repositoryCache: ctx.paths.repositoryCache },
    (r) => ctx.print(formatUpdateResult(r)),
  );
  ctx.print('Update Complete. ⎈Happy Helming!⎈\n');
}

function lockYaml(lock: { generated: string; digest: string; dependencies: Dependency[] }): string {
  return toYaml({
    generated: lock.generated,
    digest: lock.digest,
    dependencies: lock.dependencies.map((d) => d.toJSONValue()),
  });
}

/** `helm dependency update`. */
export async function dependencyUpdate(chartPath: string, o: DependencyOptions = {}): Promise<void> {
  const ctx = await makeCtx(chartPath, o);
  const c = loadChart(ctx.chartPath);
  const req = depsOf(c);
  if (!req) return;
  resolveRepoNames(req, ctx);
  await refresh(ctx);
  const locked = await resolveLock(req, ctx);
  await downloadAll(
    locked.map((d) => d.clone()),
    ctx,
  );
  const digest = hashReq(req, locked);
  if (c.lock && c.lock.Digest === digest) return;
  const lockFile = c.metadata.APIVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
  const now = (o.now ?? (() => new Date()))();
  await writeFile(
    join(ctx.chartPath, lockFile),
    lockYaml({ generated: goTime(now), digest, dependencies: locked }),
  );
}

/** `helm dependency build`: fetch what Chart.lock pins (update when there is no lock). */
export async function dependencyBuild(chartPath: string, o: DependencyOptions = {}): Promise<void> {
  const ctx = await makeCtx(chartPath, o);
  const c = loadChart(ctx.chartPath);
  if (!c.lock) return dependencyUpdate(chartPath, o);
  const req = depsOf(c) ?? [];
  const lockDeps = (c.lock.Dependencies ?? []) as Dependency[];
  resolveRepoNames(req, ctx);
  if (hashReq(req, lockDeps) !== c.lock.Digest) {
    throw new RepoError(
      'LOCK_OUT_OF_SYNC',
      'the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies ("bosun helm dependency update")',
    );
  }
  await refresh(ctx);
  await downloadAll(lockDeps, ctx);
}
