/**
 * `releases.lock`: per environment, the exact chart version and digest each release runs, so
 * that later runs — and, through `bosun promote`, other environments — deploy exactly those.
 *
 * Version 2 keeps one section per environment:
 *
 *     version: 2
 *     environments:
 *       staging:
 *         generated: 2026-11-25T18:00:00.000Z
 *         releases:
 *           - { id: shop/web, name: web, namespace: shop, chart: repo/web, constraint: "^1.2",
 *               version: 1.2.7, digest: "sha256:…", source: live }
 *
 * A version 1 file (one environment, written by older `bosun deps`) is read as the section of
 * its environment and rewritten as version 2 by the next `bosun lock`/`deps`/`promote`.
 *
 * Digests: `sha256:<hex>` is the SHA-256 of the chart archive as served (the same value a
 * repository index lists, and the chart layer digest of an OCI registry); a local chart folder
 * has `files-sha256:<hex>`, the SHA-256 over its files (after .helmignore) in name order, each
 * as `name NUL size NUL bytes`, so that it does not depend on timestamps or tar layout.
 *
 * A release whose chart or constraint changed since its entry was written is "out of date":
 * with the stack's lock policy `error` (the default) resolving it fails naming the release and
 * the command that fixes it; with `warn` the state's version is used and a warning is given.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadChart } from '../chart/index.js';
import { parseYaml, toYaml } from '../encoding/index.js';
import { isMap } from '../gotemplate/index.js';
import { StackError } from './errors.js';
import type { CallOptions, ChartResolver, DesiredRelease, LiveRelease, ReleaseRef } from './ops.js';
import type { Notice } from './values-files.js';

export interface LockEntry {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  /** The version/constraint the state file asked for ('' when none). */
  readonly constraint: string;
  readonly version: string;
  readonly digest?: string | undefined;
  /** `live`: the version deployed when locked; `resolved`: what the constraint resolved to. */
  readonly source?: 'live' | 'resolved' | undefined;
}

export interface EnvironmentLock {
  readonly generated: string;
  /** Set by `bosun promote`: the environment these pins were copied from. */
  readonly promotedFrom?: string | undefined;
  readonly releases: readonly LockEntry[];
}

export interface LockFile {
  readonly version: 2;
  readonly environments: Readonly<Record<string, EnvironmentLock>>;
}

/** `error`: an out-of-date entry fails the run; `warn`: it is reported and the state's version used. */
export type LockPolicy = 'error' | 'warn';

/** A release with its pin: the adapter refuses a fetched chart whose digest differs. */
export interface PinnedRelease extends DesiredRelease {
  readonly pinnedDigest?: string | undefined;
  /** The environment whose section pinned it (for messages). */
  readonly pinnedEnvironment?: string | undefined;
}

/** The digest a release must have, when it is pinned with one. */
export function pinnedDigestOf(rel: DesiredRelease): { digest: string; environment: string } | undefined {
  const p = rel as PinnedRelease;
  return p.pinnedDigest ? { digest: p.pinnedDigest, environment: p.pinnedEnvironment ?? '' } : undefined;
}

/** `sha256:<hex>` of a chart archive's bytes (what a repository index lists). */
export function archiveDigest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The digest of a local chart: an archive's bytes, or a folder's files (see the module doc). */
export function chartPathDigest(path: string): string {
  if (statSync(path).isFile()) return archiveDigest(readFileSync(path));
  const h = createHash('sha256');
  const files = [...loadChart(path).raw].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of files) {
    h.update(`${f.name}\0${f.data.length}\0`);
    h.update(f.data);
  }
  return `files-sha256:${h.digest('hex')}`;
}

export function lockPathForStateFile(stateFilePath: string): string {
  return join(dirname(stateFilePath), 'releases.lock');
}

export function lockPathFor(stack: { readonly file: { readonly path: string } }): string {
  return lockPathForStateFile(stack.file.path);
}

function badLock(path: string, why: string, cause?: unknown): StackError {
  return new StackError(
    'ELOCK',
    `${path} ${why}; delete it and run "bosun lock -e ENVIRONMENT" for each environment`,
    cause === undefined ? {} : { cause },
  );
}

function entryOf(path: string, e: unknown): LockEntry {
  if (!isMap(e) || typeof e.id !== 'string' || typeof e.chart !== 'string' || e.version === undefined)
    throw badLock(path, 'has an entry without id, chart and version');
  const slash = e.id.indexOf('/');
  return {
    id: e.id,
    name: typeof e.name === 'string' ? e.name : e.id.slice(slash + 1),
    namespace: typeof e.namespace === 'string' ? e.namespace : e.id.slice(0, slash),
    chart: e.chart,
    constraint: String(e.constraint ?? ''),
    version: String(e.version),
    ...(typeof e.digest === 'string' ? { digest: e.digest } : {}),
    ...(e.source === 'live' || e.source === 'resolved' ? { source: e.source } : {}),
  };
}

/** Reads releases.lock (version 1 or 2); null when there is none. */
export function readLock(path: string): LockFile | null {
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'), { filename: path });
  } catch (err) {
    throw badLock(path, `cannot be read: ${(err as Error).message}`, err);
  }
  if (isMap(data) && data.version === 1 && Array.isArray(data.releases)) {
    const env = typeof data.environment === 'string' ? data.environment : 'default';
    return {
      version: 2,
      environments: {
        [env]: {
          generated: String(data.generated ?? ''),
          releases: data.releases.map((e) => entryOf(path, e)),
        },
      },
    };
  }
  if (!isMap(data) || data.version !== 2 || !isMap(data.environments))
    throw badLock(path, 'is not a bosun lock file (version 1 or 2)');
  const environments: Record<string, EnvironmentLock> = {};
  for (const [name, s] of Object.entries(data.environments)) {
    if (!isMap(s) || !Array.isArray(s.releases))
      throw badLock(path, `has no releases list for environment "${name}"`);
    environments[name] = {
      generated: String(s.generated ?? ''),
      ...(typeof s.promotedFrom === 'string' ? { promotedFrom: s.promotedFrom } : {}),
      releases: s.releases.map((e) => entryOf(path, e)),
    };
  }
  return { version: 2, environments };
}

export const LOCK_HEADER =
  '# Written by "bosun lock" / "bosun promote"; commit it. Chart versions and digests pinned per environment.\n';

/** The text of a lock file (what writeLock writes; promote diffs it). */
export function formatLock(lock: LockFile): string {
  return `${LOCK_HEADER}${toYaml(lock)}`;
}

export function writeLock(path: string, lock: LockFile): void {
  writeFileSync(path, formatLock(lock));
}

/** The lock with one environment's section replaced. */
export function withSection(lock: LockFile | null, env: string, section: EnvironmentLock): LockFile {
  return { version: 2, environments: { ...(lock?.environments ?? {}), [env]: section } };
}

export interface Pin {
  readonly version?: string;
  readonly digest?: string;
  /** The entry exists but the state's chart or constraint changed since. */
  readonly stale?: boolean;
}

/** The pin of a release in an environment's section (see the module doc for `stale`). */
export function pinnedVersion(
  section: EnvironmentLock | undefined,
  id: string,
  chart: string,
  constraint: string | undefined,
): Pin {
  const e = section?.releases.find((r) => r.id === id);
  if (!e) return {};
  if (e.chart !== chart || e.constraint !== (constraint ?? '')) return { stale: true };
  return { version: e.version, ...(e.digest ? { digest: e.digest } : {}) };
}

/** Applies an environment's pin to a resolved release (the version, and the digest to check). */
export function applyPin(
  rel: DesiredRelease,
  env: string,
  section: EnvironmentLock | undefined,
  policy: LockPolicy,
  notify: (n: Notice) => void,
): PinnedRelease {
  const pin = pinnedVersion(section, rel.id, rel.chart, rel.version);
  if (pin.stale) {
    const e = section!.releases.find((r) => r.id === rel.id)!;
    const what =
      e.chart === rel.chart
        ? `its version changed from "${e.constraint}" to "${rel.version ?? ''}"`
        : `its chart changed from ${e.chart} to ${rel.chart}`;
    const message = `releases.lock is out of date with the state file for release "${rel.id}" in environment "${env}" (${what}); run "bosun lock -e ${env}"`;
    if (policy === 'error') throw new StackError('ELOCK', message);
    notify({ level: 'warn', message });
    return rel;
  }
  if (section && pin.version === undefined && rel.installed)
    notify({
      level: 'warn',
      message: `releases.lock pins nothing for release "${rel.id}" in environment "${env}": using "${rel.version ?? 'the latest version'}"; run "bosun lock -e ${env}" to pin it`,
    });
  if (pin.version === undefined) return rel;
  return {
    ...rel,
    version: pin.version,
    ...(pin.digest ? { pinnedDigest: pin.digest, pinnedEnvironment: env } : {}),
  };
}

/** What `lockEnvironment` needs: the chart resolver, and the live release when pinning what runs. */
export interface LockSource extends ChartResolver {
  getLive?(ref: ReleaseRef, opts: CallOptions): Promise<LiveRelease | null>;
}

export interface LockOptions {
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /** The previous section of this environment: entries of unselected releases are kept. */
  readonly previous: EnvironmentLock | undefined;
  /** Pin the deployed chart version of each release (else: resolve the state's constraint). */
  readonly live: boolean;
  readonly notify?: (n: Notice) => void;
}

/** The releases `lockEnvironment` pins: the selected ones of a stack, in order. */
export interface LockTarget {
  readonly environment: string;
  readonly order: readonly string[];
  readonly releases: readonly Pick<
    DesiredRelease,
    'id' | 'name' | 'namespace' | 'kubeContext' | 'chart' | 'version' | 'baseDir'
  >[];
}

/** Pins every release of `target` (see LockOptions.live); returns the new section. */
export async function lockEnvironment(
  target: LockTarget,
  source: LockSource,
  opts: LockOptions,
): Promise<EnvironmentLock> {
  const entries = new Map((opts.previous?.releases ?? []).map((e) => [e.id, e]));
  for (const spec of target.releases) {
    let version: string | undefined;
    let from: 'live' | 'resolved' = 'resolved';
    if (opts.live && source.getLive) {
      const live = await source.getLive(spec, { signal: opts.signal });
      if (live && live.status !== 'uninstalled' && live.chartVersion) {
        version = live.chartVersion;
        from = 'live';
      } else
        opts.notify?.({
          level: 'warn',
          message: `release "${spec.id}" is not deployed in environment "${target.environment}": pinning the version its state resolves to`,
        });
    }
    const r = await source.resolve(spec.chart, version ?? spec.version, {
      signal: opts.signal,
      baseDir: spec.baseDir,
    });
    if (version !== undefined && r.version !== version)
      throw new StackError(
        'ELOCK',
        `release "${spec.id}" runs ${spec.chart} ${version}, but fetching that version gave ${r.version}; check the chart source`,
      );
    entries.set(spec.id, {
      id: spec.id,
      name: spec.name,
      namespace: spec.namespace,
      chart: spec.chart,
      constraint: spec.version ?? '',
      version: r.version,
      ...(r.digest ? { digest: r.digest } : {}),
      source: from,
    });
  }
  const order = new Map(target.order.map((id, i) => [id, i]));
  return {
    generated: opts.now().toISOString(),
    releases: [...entries.values()]
      .filter((e) => order.has(e.id))
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!),
  };
}
