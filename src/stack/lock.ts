/**
 * `releases.lock`: the exact chart version (and digest when known) each release resolved to, so
 * that later runs — and other environments — install exactly those. Written by `bosun deps`;
 * read by every run: a release whose chart and constraint match its lock entry uses the pinned
 * version; one whose state changed since is reported as out of date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseYaml, toYaml } from '../encoding/index.js';
import { isMap } from '../gotemplate/index.js';
import { StackError } from './errors.js';
import type { ChartResolver } from './ops.js';
import type { Selection, Stack } from './stack.js';

export interface LockEntry {
  readonly id: string;
  readonly chart: string;
  /** The version/constraint the state file asked for ('' when none). */
  readonly constraint: string;
  readonly version: string;
  readonly digest?: string | undefined;
}

export interface LockFile {
  readonly version: 1;
  readonly environment: string;
  readonly generated: string;
  readonly releases: readonly LockEntry[];
}

export function lockPathFor(stack: Stack): string {
  return join(dirname(stack.file.path), 'releases.lock');
}

export function readLock(path: string): LockFile | null {
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'), { filename: path });
  } catch (err) {
    throw new StackError(
      'ELOCK',
      `${path} cannot be read: ${(err as Error).message}; delete it and run "bosun deps"`,
      { cause: err },
    );
  }
  if (!isMap(data) || data.version !== 1 || !Array.isArray(data.releases)) {
    throw new StackError(
      'ELOCK',
      `${path} is not a bosun lock file (version 1); delete it and run "bosun deps"`,
    );
  }
  return data as unknown as LockFile;
}

export function writeLock(path: string, lock: LockFile): void {
  writeFileSync(
    path,
    `# Written by "bosun deps"; commit it. Chart versions pinned per release.\n${toYaml(lock)}`,
  );
}

/** The pinned version for a release, or undefined (no entry, or the state changed since: `stale`). */
export function pinnedVersion(
  lock: LockFile | null,
  id: string,
  chart: string,
  constraint: string | undefined,
): { version?: string; stale?: boolean } {
  const e = lock?.releases.find((r) => r.id === id);
  if (!e) return {};
  if (e.chart !== chart || e.constraint !== (constraint ?? '')) return { stale: true };
  return { version: e.version };
}

/** Resolves every selected release's chart version; entries of unselected releases are kept. */
export async function resolveLock(
  stack: Stack,
  selection: Selection,
  resolver: ChartResolver,
  opts: { signal: AbortSignal; now: () => Date; previous: LockFile | null },
): Promise<LockFile> {
  const entries = new Map((opts.previous?.releases ?? []).map((e) => [e.id, e]));
  for (const id of selection.ids) {
    const spec = stack.byId.get(id)!;
    const r = await resolver.resolve(spec.chart, spec.version, {
      signal: opts.signal,
      baseDir: spec.baseDir,
    });
    entries.set(id, {
      id,
      chart: spec.chart,
      constraint: spec.version ?? '',
      version: r.version,
      ...(r.digest ? { digest: r.digest } : {}),
    });
  }
  const order = new Map(stack.graph.order.map((id, i) => [id, i]));
  return {
    version: 1,
    environment: stack.environment.name,
    generated: opts.now().toISOString(),
    releases: [...entries.values()]
      .filter((e) => order.has(e.id))
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!),
  };
}
