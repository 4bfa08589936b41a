/**
 * The stack lease: at most one run converges a stack (per environment) at a time. The lease is a
 * small record in the cluster (through `ReleaseOps.readRecord/writeRecord`, a ConfigMap for the
 * real adapter) holding who holds it, since when, and when it was last renewed. The holder renews
 * it every third of its duration while it runs; a holder that died stops renewing, and once
 * `renewed-at + duration` has passed anyone may take it over. `force` takes a live lease (the
 * caller warns). Writes are compare-and-swap, so two runs racing for a free lease cannot both win.
 */
import { createHash, randomUUID } from 'node:crypto';
import { StackError } from './errors.js';
import { RecordConflictError, type RecordRef, type ReleaseOps } from './ops.js';
import type { Stack } from './stack.js';

export interface LeaseHolder {
  /** `user@host pid N`. */
  readonly holder: string;
  readonly acquiredAt: string;
  readonly renewedAt: string;
  readonly durationSeconds: number;
  readonly command: string;
}

export interface LeaseOptions {
  readonly ops: ReleaseOps;
  readonly ref: RecordRef;
  readonly holder: string;
  readonly command: string;
  /** Default 60 s. */
  readonly durationSeconds?: number;
  readonly now?: () => Date;
  /** Take the lease even when someone else holds it. */
  readonly force?: boolean;
  readonly warn?: (message: string) => void;
  readonly signal: AbortSignal;
}

export interface StackLease {
  readonly ref: RecordRef;
  /** Renews once now (the timer does it on its own). */
  renew(): Promise<void>;
  /**
   * Stops renewing and deletes the lease if it is still ours: the delete is a compare-and-swap on
   * the version read (a resourceVersion precondition), so a lease someone took over meanwhile is
   * never removed.
   */
  release(): Promise<void>;
}

/** The lease record's name for a stack and environment (a ConfigMap name: ≤ 63, [a-z0-9-]). */
export function leaseRefFor(
  stack: Stack,
  opts: { namespace?: string | undefined; kubeContext?: string | undefined } = {},
): RecordRef {
  const first = stack.releases[0];
  const namespace = opts.namespace ?? first?.namespace ?? 'default';
  const id = stackIdentity(stack);
  const slug = `${id}-${stack.environment.name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const hash = createHash('sha256').update(`${id}\0${stack.environment.name}`).digest('hex').slice(0, 8);
  const name = `bosun-lock-${slug.slice(0, 40)}-${hash}`.replace(/-+/g, '-');
  return { namespace, name, kubeContext: opts.kubeContext };
}

/**
 * A stack is named by `--stack-name` when given, else by the folder of its state file and the
 * file's name (stable across checkouts into folders of the same name).
 */
export function stackIdentity(stack: Stack): string {
  if (stack.name) return stack.name;
  const parts = stack.file.path.split(/[\\/]/);
  const file = parts.at(-1) ?? 'releases.yaml';
  const dir = parts.at(-2) ?? '';
  return `${dir}/${file.replace(/\.gotmpl$/, '')}`;
}

function toRecord(h: LeaseHolder, token: string): Record<string, string> {
  return {
    holder: h.holder,
    token,
    acquiredAt: h.acquiredAt,
    renewedAt: h.renewedAt,
    durationSeconds: String(h.durationSeconds),
    command: h.command,
  };
}

function fromRecord(d: Readonly<Record<string, string>>): LeaseHolder & { token: string } {
  return {
    holder: d.holder ?? 'unknown',
    token: d.token ?? '',
    acquiredAt: d.acquiredAt ?? '',
    renewedAt: d.renewedAt ?? d.acquiredAt ?? '',
    durationSeconds: Number(d.durationSeconds ?? '60') || 60,
    command: d.command ?? '',
  };
}

function expired(h: LeaseHolder, now: Date): boolean {
  const renewed = Date.parse(h.renewedAt);
  return !Number.isFinite(renewed) || renewed + h.durationSeconds * 1000 <= now.getTime();
}

/** Takes the stack's lease or refuses (ELOCKED) naming the holder and since when. */
export async function acquireStackLease(opts: LeaseOptions): Promise<StackLease> {
  const now = opts.now ?? (() => new Date());
  const duration = opts.durationSeconds ?? 60;
  const token = randomUUID();
  const where = `${opts.ref.namespace}/${opts.ref.name}`;
  const call = { signal: opts.signal };
  for (let attempt = 0; ; attempt++) {
    const cur = await opts.ops.readRecord(opts.ref, call);
    const t = now().toISOString();
    const mine: LeaseHolder = {
      holder: opts.holder,
      acquiredAt: t,
      renewedAt: t,
      durationSeconds: duration,
      command: opts.command,
    };
    if (cur) {
      const h = fromRecord(cur.data);
      if (!expired(h, now())) {
        if (!opts.force) {
          throw new StackError(
            'ELOCKED',
            `the stack is locked by ${h.holder} (${h.command || 'a run'}) since ${h.acquiredAt}, last renewed ${h.renewedAt}; ` +
              `it expires ${h.durationSeconds}s after its last renewal if that run died (lease ${where}). ` +
              'Use --force-unlock only if you are sure that run is gone.',
          );
        }
        opts.warn?.(
          `--force-unlock: taking the stack lock ${where} from ${h.holder} (held since ${h.acquiredAt}); if that run is still alive, both runs now change the stack`,
        );
      } else {
        opts.warn?.(`the stack lock held by ${h.holder} since ${h.acquiredAt} expired; taking it over`);
      }
    }
    try {
      await opts.ops.writeRecord(opts.ref, toRecord(mine, token), cur?.version ?? null, call);
      break;
    } catch (err) {
      if (err instanceof RecordConflictError && attempt < 3) continue;
      throw err;
    }
  }
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  const renewOnce = async () => {
    if (stopped) return;
    const cur = await opts.ops.readRecord(opts.ref, { signal: AbortSignal.timeout(10_000) });
    if (!cur || fromRecord(cur.data).token !== token) {
      stopped = true;
      opts.warn?.(
        `the stack lock ${where} was taken by someone else (--force-unlock?) while this run held it`,
      );
      return;
    }
    const h = fromRecord(cur.data);
    await opts.ops.writeRecord(
      opts.ref,
      toRecord({ ...h, renewedAt: now().toISOString() }, token),
      cur.version,
      { signal: AbortSignal.timeout(10_000) },
    );
  };
  const renew = () => {
    chain = chain.then(renewOnce).catch((err: unknown) => {
      opts.warn?.(`could not renew the stack lock ${where}: ${(err as Error).message}`);
    });
    return chain;
  };
  const timer = setInterval(() => void renew(), Math.max(1, (duration * 1000) / 3));
  timer.unref?.();
  return {
    ref: opts.ref,
    renew,
    async release() {
      clearInterval(timer);
      await chain;
      if (stopped) return;
      stopped = true;
      const cur = await opts.ops.readRecord(opts.ref, { signal: AbortSignal.timeout(10_000) });
      if (cur && fromRecord(cur.data).token === token)
        await opts.ops.deleteRecord(opts.ref, cur.version, { signal: AbortSignal.timeout(10_000) });
    },
  };
}

/** Runs `fn` holding the stack lease; releases it afterwards, whatever happens. */
export async function withStackLease<T>(opts: LeaseOptions, fn: () => Promise<T>): Promise<T> {
  const lease = await acquireStackLease(opts);
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}

/** `user@host pid N`, from the environment given by the caller. */
export function describeHolder(info: {
  user: string | undefined;
  host: string;
  pid: number;
  ci?: string | undefined;
}): string {
  return `${info.user ?? 'unknown'}@${info.host} pid ${info.pid}${info.ci ? ` (${info.ci})` : ''}`;
}
