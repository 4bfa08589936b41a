/**
 * uninstall (helm's Uninstall.Run): `uninstalling`, pre-delete hooks, delete the release's
 * objects in uninstall order (except those annotated `helm.sh/resource-policy: keep`),
 * optionally wait for them to go, post-delete hooks, then purge the history or, with
 * --keep-history, record `uninstalled` and supersede what was deployed.
 */
import { goTime, type Release, sortByKind, UninstallOrder } from '../release/index.js';
import { ReleaseNotFoundError } from '../storage/index.js';
import { type ActionConfig, nowOf } from './config.js';
import { runHooks } from './hooks.js';
import { defaultTimeoutMs } from './install.js';
import { validateReleaseName } from './names.js';
import { setStatus } from './record.js';
import { manifestObjects, refOfObject } from './resources.js';

export interface UninstallOptions {
  readonly keepHistory?: boolean;
  readonly noHooks?: boolean;
  readonly wait?: boolean;
  readonly timeoutMs?: number;
  /** helm's --cascade: background (default), foreground or orphan. */
  readonly cascade?: 'background' | 'foreground' | 'orphan';
  readonly description?: string;
  readonly ignoreNotFound?: boolean;
  readonly signal?: AbortSignal;
}

export interface UninstallResult {
  readonly release?: Release;
  /** Resources kept because of their resource policy, as helm reports them. */
  readonly info: string;
}

export class UninstallError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UninstallError';
    this.code = code;
  }
}

const propagation = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as const;

export async function uninstall(
  cfg: ActionConfig,
  name: string,
  opts: UninstallOptions = {},
): Promise<UninstallResult> {
  const signal = opts.signal;
  const call = signal ? { signal } : undefined;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  try {
    validateReleaseName(name);
  } catch {
    throw new UninstallError(`uninstall: Release name is invalid: ${name}`, 'ERELEASE_NAME');
  }
  // Storage reports a release with no records as ReleaseNotFoundError; here that is "no history".
  const rels = (
    await cfg.storage.history(name, call).catch((err: unknown) => {
      if (err instanceof ReleaseNotFoundError) return [] as Release[];
      throw err;
    })
  ).sort((a, b) => a.version - b.version);
  if (rels.length === 0) {
    if (opts.ignoreNotFound) return { info: '' };
    throw new UninstallError(
      `uninstall: Release not loaded: ${name}: release: not found`,
      'ERELEASE_NOT_FOUND',
    );
  }
  const rel = rels[rels.length - 1]!;
  if (rel.info.status === 'uninstalled') {
    if (!opts.keepHistory) {
      for (const r of rels) await cfg.storage.delete(r.name, r.version, call);
      return { release: rel, info: '' };
    }
    throw new UninstallError(`the release named "${name}" is already deleted`, 'EALREADY_DELETED');
  }
  rel.info.status = 'uninstalling';
  rel.info.deleted = goTime(nowOf(cfg));
  rel.info.description = 'Deletion in progress (or silently failed)';
  const record = (r: Release) => cfg.storage.update(r);
  if (!opts.noHooks) await runHooks(cfg, rel, 'pre-delete', { timeoutMs, record, ...(call ?? {}) });
  await cfg.storage.update(rel, call).catch(() => {});

  cfg.onEvent?.({ type: 'phase', release: name, phase: 'deleting' });
  const objects = sortByKind(manifestObjects(rel.manifest), (o) => String(o.kind), UninstallOrder);
  const kept: string[] = [];
  const toDelete = objects.filter((o) => {
    if (o.metadata?.annotations?.['helm.sh/resource-policy'] === 'keep') {
      kept.push(`[${o.kind}] ${o.metadata?.name}`);
      return false;
    }
    return true;
  });
  const refs = toDelete.map((o) => refOfObject(o, rel.namespace));
  const errs: string[] = [];
  try {
    await cfg.kube.delete(refs, {
      propagationPolicy: propagation[opts.cascade ?? 'background'],
      ...(call ?? {}),
    });
  } catch (err) {
    throw new UninstallError(`failed to delete release: ${name}`, 'EDELETE', { cause: err });
  }
  if (opts.wait) {
    try {
      await cfg.kube.waitDeleted(refs, { timeoutMs, ...(call ?? {}) });
    } catch (err) {
      errs.push((err as Error).message);
    }
  }
  if (!opts.noHooks) {
    try {
      await runHooks(cfg, rel, 'post-delete', { timeoutMs, record, ...(call ?? {}) });
    } catch (err) {
      errs.push((err as Error).message);
    }
  }
  setStatus(rel, 'uninstalled', opts.description || 'Uninstallation complete');
  const info = kept.length
    ? `These resources were kept due to the resource policy:\n${kept.join('\n')}\n`
    : '';
  if (!opts.keepHistory) {
    try {
      for (const r of rels) await cfg.storage.delete(r.name, r.version);
    } catch (err) {
      errs.push(`uninstall: Failed to purge the release: ${(err as Error).message}`);
    }
  } else {
    await cfg.storage.update(rel).catch(() => {});
    for (const r of rels) {
      if (r !== rel && r.info.status === 'deployed') {
        r.info.status = 'superseded';
        await cfg.storage.update(r).catch(() => {});
      }
    }
  }
  if (errs.length > 0) {
    throw new UninstallError(
      `uninstallation completed with ${errs.length} error(s): ${errs.join('; ')}`,
      'EUNINSTALL_PARTIAL',
    );
  }
  return { release: rel, info };
}
