/**
 * Who holds a `pending-*` record: while an install, upgrade or rollback runs, its record carries
 * three labels naming the host, the process id and when the operation's lease runs out. When a
 * process dies mid-operation the record stays pending; `recover` uses these labels to tell a
 * stale record (dead process, or lease run out) from one a live process still holds. The labels
 * are dropped when the record reaches a final status. helm ignores them (they are ordinary
 * release labels to it).
 */
import { hostname } from 'node:os';
import type { Release } from '../release/index.js';

export const leaseHostLabel = 'bosun.dev/lease-host';
export const leasePidLabel = 'bosun.dev/lease-pid';
export const leaseExpiresLabel = 'bosun.dev/lease-expires';
const leaseLabels = [leaseHostLabel, leasePidLabel, leaseExpiresLabel];

export interface Holder {
  readonly host: string;
  readonly pid: number;
}

export interface Lease extends Holder {
  /** Seconds since the epoch after which the holder is no longer expected to be working. */
  readonly expires: number;
}

/** A label value (63 characters of [A-Za-z0-9._-], alphanumeric at both ends). */
function labelValue(s: string): string {
  const v = s
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return v || 'unknown';
}

export function currentHolder(): Holder {
  return { host: labelValue(hostname()), pid: process.pid };
}

/**
 * How long an operation may legitimately keep its record pending: hooks and the wait each get
 * the timeout, so twice the timeout plus a margin for applying.
 */
export function leaseSeconds(timeoutMs: number): number {
  return Math.ceil((2 * timeoutMs) / 1000) + 60;
}

export function holdLease(rel: Release, holder: Holder, now: Date, timeoutMs: number): void {
  rel.labels = {
    ...rel.labels,
    [leaseHostLabel]: holder.host,
    [leasePidLabel]: String(holder.pid),
    [leaseExpiresLabel]: String(Math.floor(now.getTime() / 1000) + leaseSeconds(timeoutMs)),
  };
}

export function dropLease(rel: Release): void {
  if (!rel.labels) return;
  if (!leaseLabels.some((k) => k in rel.labels)) return;
  const labels = { ...rel.labels };
  for (const k of leaseLabels) delete labels[k];
  rel.labels = labels;
}

export function leaseOf(rel: Release): Lease | undefined {
  const l = rel.labels ?? {};
  const pid = Number(l[leasePidLabel]);
  const expires = Number(l[leaseExpiresLabel]);
  if (!l[leaseHostLabel] || !Number.isInteger(pid) || !Number.isFinite(expires)) return undefined;
  return { host: l[leaseHostLabel], pid, expires };
}

/** Whether a process with this id runs on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
