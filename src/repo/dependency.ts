/**
 * `helm dependency list|update|build`: resolve Chart.yaml dependencies (`https://` repository
 * URLs, `@name`/`alias:name` for configured repositories, `oci://`, `file://` folders, or
 * nothing = already in `charts/`), write `Chart.lock` with helm's digest (sha256 of the JSON
 * of [requested, locked]), and fetch the archives into `charts/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseConstraint, parseStrictVersion, parseVersion } from '../semver/index.js';
import { readChartArchive } from './archive.js';
import { ChartCache } from './cache.js';
import { type LoadedChart, loadChartFiles, loadChartPath, readChartDir } from './chart-files.js';
import { messageOf, RepoError } from './errors.js';
import { goJson, goTime } from './fs-util.js';
import { httpGet, resolveReferenceUrl } from './http.js';
import { loadCachedIndex } from './index-cache.js';
import { type ChartVersion, getChartVersion, type IndexFile, parseIndex } from './index-file.js';
import { type Dependency, dependencyJson } from './metadata.js';
import { OciClient } from './oci.js';
import { isOci, parseOciRef } from './oci-ref.js';
import { chartArchive } from './package.js';
import { type HelmPaths, helmPaths } from './paths.js';
import { ociPull, semverTags } from './registry.js';
import { loadRepoFile, type RepoEntry } from './repo-file.js';
import { formatUpdateResult, updateRepos } from './repos.js';
import { formatTable } from './table.js';
import { toYaml } from './yaml-out.js';

export interface DependencyOptions {
  paths?: HelmPaths;
  skipRefresh?: boolean;
  plainHttp?: boolean;
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTLSVerify?: boolean;
  /** Where progress lines go (helm prints them to stdout). */
  out?: (text: string) => void;
  now?: () => Date;
}

/** helm's HashReq. */
export function hashReq(req: readonly Dependency[], lock: readonly Dependency[]): string {
  const data = goJson([req.map(dependencyJson), lock.map(dependencyJson)]);
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');
const urlEqual = (a: string, b: string) => trimSlash(a) === trimSlash(b);

function localPath(repo: string, chartPath: string): string {
  let p = repo.slice('file://'.length);
  if (!isAbsolute(p)) p = join(chartPath, p);
  if (!existsSync(p)) throw new RepoError('DEPENDENCY_ERROR', `directory ${p} not found`);
  return p;
}

function satisfies(constraint: string | undefined, version: string | undefined): boolean {
  try {
    return parseConstraint(constraint || '*').check(parseVersion(version ?? ''));
  } catch {
    return false;
  }
}

// ---- list ------------------------------------------------------------------------------------

function statusOf(chartPath: string, dep: Dependency, parent: LoadedChart): string {
  const dir = join(chartPath, 'charts');
  const archives = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.startsWith(`${dep.name}-`) && f.endsWith('.tgz'))
    : [];
  const check = (file: string): string => {
    let c: LoadedChart;
    try {
      c = loadChartPath(join(dir, file));
    } catch {
      return 'corrupt';
    }
    if (c.metadata.name !== dep.name) return 'misnamed';
    if (c.metadata.version !== dep.version) {
      try {
        parseConstraint(dep.version ?? '');
        parseVersion(c.metadata.version ?? '');
      } catch {
        return 'invalid version';
      }
      if (!satisfies(dep.version, c.metadata.version)) return 'wrong version';
    }
    return 'ok';
  };
  if (archives.length === 1) return check(archives[0]!);
  if (archives.length > 1) {
    const found = archives.filter((a) => {
      try {
        parseStrictVersion(a.slice(dep.name.length + 1, -4));
        return true;
      } catch {
        return false;
      }
    });
    if (found.length === 1) return check(found[0]!);
    if (found.length > 1) return 'too many matches';
  }
  const sub = [...parent.subcharts].reverse().find((s) => s.metadata.name === dep.name);
  if (!sub) return 'missing';
  if (sub.metadata.version !== dep.version) {
    try {
      parseConstraint(dep.version ?? '');
      parseVersion(sub.metadata.version ?? '');
    } catch {
      return 'invalid version';
    }
    if (!satisfies(dep.version, sub.metadata.version)) return 'wrong version';
  }
  return 'unpacked';
}

/** `helm dependency list`: returns what helm prints. */
export function dependencyList(chartPath: string, maxColWidth = 80): string {
  const c = loadChartPath(chartPath);
  const deps = c.metadata.dependencies;
  if (!deps) return `WARNING: no dependencies at ${join(chartPath, 'charts')}\n`;
  const rows = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS']];
  for (const d of deps) rows.push([d.name, d.version ?? '', d.repository, statusOf(chartPath, d, c)]);
  let out = `${formatTable(rows, maxColWidth)}\n`;
  const dir = join(chartPath, 'charts');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (!statSync(p).isDirectory() && !f.endsWith('.tgz')) continue;
      let name: string | undefined;
      try {
        name = loadChartPath(p).metadata.name;
      } catch {
        out += `WARNING: "${p}" is not a chart.\n`;
        continue;
      }
      if (!deps.some((d) => d.name === name)) out += `WARNING: "${p}" is not in Chart.yaml.\n`;
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
    if (!d.repository || d.repository.startsWith('file://') || isOci(d.repository)) {
      if (d.repository.startsWith('file://')) localPath(d.repository, ctx.chartPath);
      continue;
    }
    const alias = d.repository.startsWith('@')
      ? d.repository.slice(1)
      : d.repository.startsWith('alias:')
        ? d.repository.slice(6)
        : undefined;
    const byAlias = alias !== undefined ? ctx.repos.find((r) => r.name === alias) : undefined;
    if (byAlias) {
      d.repository = byAlias.url;
      continue;
    }
    if (ctx.repos.some((r) => urlEqual(r.url, d.repository))) continue;
    if (alias === undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(d.repository)) continue;
    missing.push(d.repository);
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
      parseConstraint(d.version ?? '');
    } catch (err) {
      throw new RepoError(
        'DEPENDENCY_ERROR',
        `dependency "${d.name}" has an invalid version/constraint format: ${messageOf(err)}`,
      );
    }
    const miss = () =>
      missing.push(`"${d.name}" (repository "${d.repository}", version "${d.version ?? ''}")`);
    if (!d.repository) {
      locked.push({ name: d.name, repository: '', version: d.version });
      continue;
    }
    if (d.repository.startsWith('file://')) {
      const c = loadChartPath(localPath(d.repository, ctx.chartPath));
      if (!satisfies(d.version, c.metadata.version)) miss();
      else locked.push({ name: d.name, repository: d.repository, version: c.metadata.version });
      continue;
    }
    if (isOci(d.repository)) {
      let version: string | undefined;
      try {
        parseVersion(d.version ?? '');
        version = d.version;
      } catch {
        const ref = parseOciRef(`${trimSlash(d.repository)}/${d.name}`);
        const tags = await semverTags(new OciClient(ref.registry, ociOpts(ctx)), ref.repository);
        version = tags.find((t) => satisfies(d.version, t));
      }
      if (version === undefined) miss();
      else locked.push({ name: d.name, repository: d.repository, version });
      continue;
    }
    const { index } = await indexFor(d.repository, ctx);
    const vs = index.entries.get(d.name);
    if (!vs) throw new RepoError('CHART_NOT_FOUND', `${d.name} chart not found in repo ${d.repository}`);
    const hit = vs.find((v) => v.full().urls.length > 0 && satisfies(d.version, v.version));
    if (!hit) {
      miss();
      missing[missing.length - 1] += ` — available: ${vs
        .map((v) => v.version)
        .slice(0, 10)
        .join(', ')}`;
    } else locked.push({ name: d.name, repository: d.repository, version: hit.version });
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
      if (!d.repository) {
        ctx.print(
          `Dependency ${d.name} did not declare a repository. Assuming it exists in the charts directory\n`,
        );
        const c = loadChartPath(join(dest, d.name));
        if (!satisfies(d.version, c.metadata.version)) {
          throw new RepoError(
            'DEPENDENCY_ERROR',
            `dependency ${d.name} at version ${c.metadata.version} does not satisfy the constraint ${d.version}`,
          );
        }
        continue;
      }
      if (d.repository.startsWith('file://')) {
        const c = loadChartFiles(readChartDir(localPath(d.repository, ctx.chartPath)), d.repository);
        await writeFile(join(tmp, `${c.metadata.name}-${c.metadata.version}.tgz`), chartArchive(c));
        continue;
      }
      if (isOci(d.repository)) {
        const ref = `${trimSlash(d.repository)}/${d.name}:${d.version}`;
        if (seen.has(ref)) continue;
        ctx.print(`Downloading ${d.name} from repo ${d.repository}\n`);
        const r = await ociPull(ref, '', ociOpts(ctx));
        await cache.put(r.data, r.chartDigest, ref);
        await writeFile(join(tmp, r.fileName), r.data);
        seen.add(ref);
        continue;
      }
      const { index, entry } = await indexFor(d.repository, ctx);
      let cv: ChartVersion;
      try {
        cv = getChartVersion(index, d.name, d.version ?? '', d.repository);
      } catch (err) {
        throw new RepoError('DEPENDENCY_ERROR', `could not find ${d.name}: ${messageOf(err)}`, {
          cause: err,
        });
      }
      const url = resolveReferenceUrl(d.repository, cv.urls[0] ?? '');
      if (seen.has(url)) {
        ctx.print(`Already downloaded ${d.name} from repo ${d.repository}\n`);
        continue;
      }
      ctx.print(`Downloading ${d.name} from repo ${d.repository}\n`);
      let data = cv.digest ? cache.get(cv.digest)?.data : undefined;
      if (!data) {
        data = await httpGet(url, {
          username: entry?.username || ctx.o.username,
          password: entry?.password || ctx.o.password,
          credentialsUrl: entry?.url ?? d.repository,
          passCredentialsAll: entry?.passCredentialsAll,
          caFile: entry?.caFile || ctx.o.caFile,
          certFile: entry?.certFile || ctx.o.certFile,
          keyFile: entry?.keyFile || ctx.o.keyFile,
          insecureSkipTLSVerify: entry?.insecureSkipTLSVerify || ctx.o.insecureSkipTLSVerify,
        });
        await cache.put(data, cv.digest, `${d.name} ${cv.metadata.Version} from ${url}`);
      }
      await writeFile(join(tmp, basename(new URL(url).pathname)), data);
      seen.add(url);
    }
    // Move into charts/, then drop archives that are no longer wanted (never local ones).
    const fresh = new Set(readdirSync(tmp));
    for (const f of fresh) {
      try {
        readChartArchive(readFileSync(join(tmp, f)), f);
      } catch (err) {
        ctx.print(`Could not verify ${join(tmp, f)} for moving: ${messageOf(err)} (Skipping)`);
        continue;
      }
      await rename(join(tmp, f), join(dest, f));
    }
    ctx.print('Deleting outdated charts\n');
    const local = new Set(deps.filter((d) => !d.repository).map((d) => d.name));
    for (const f of readdirSync(dest)) {
      const p = join(dest, f);
      if (fresh.has(f) || statSync(p).isDirectory()) continue;
      let name: string | undefined;
      try {
        name = loadChartPath(p).metadata.name;
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
    dependencies: lock.dependencies.map(dependencyJson),
  } as never);
}

/** `helm dependency update`. */
export async function dependencyUpdate(chartPath: string, o: DependencyOptions = {}): Promise<void> {
  const ctx = await makeCtx(chartPath, o);
  const c = loadChartPath(ctx.chartPath);
  const req = c.metadata.dependencies;
  if (!req) return;
  resolveRepoNames(req, ctx);
  await refresh(ctx);
  const locked = await resolveLock(req, ctx);
  await downloadAll(
    locked.map((d) => ({ ...d })),
    ctx,
  );
  const digest = hashReq(req, locked);
  if (c.lock && c.lock.digest === digest) return;
  const lockFile = c.metadata.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
  const now = (o.now ?? (() => new Date()))();
  await writeFile(
    join(ctx.chartPath, lockFile),
    lockYaml({ generated: goTime(now), digest, dependencies: locked }),
  );
}

/** `helm dependency build`: fetch what Chart.lock pins (update when there is no lock). */
export async function dependencyBuild(chartPath: string, o: DependencyOptions = {}): Promise<void> {
  const ctx = await makeCtx(chartPath, o);
  const c = loadChartPath(ctx.chartPath);
  if (!c.lock) return dependencyUpdate(chartPath, o);
  const req = c.metadata.dependencies ?? [];
  resolveRepoNames(req, ctx);
  if (hashReq(req, c.lock.dependencies) !== c.lock.digest) {
    throw new RepoError(
      'LOCK_OUT_OF_SYNC',
      'the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies ("bosun helm dependency update")',
    );
  }
  await refresh(ctx);
  await downloadAll(c.lock.dependencies, ctx);
}
