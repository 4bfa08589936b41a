/**
 * File helpers: atomic writes (temp file + rename, so readers and concurrent bosun or helm
 * processes never see half a file) and a small cross-process lock built on O_EXCL.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GoStruct } from '../gotemplate/index.js';

export async function atomicWrite(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, { mode });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Runs `body` while holding `lockPath` (created with O_EXCL). A lock older than `staleMs` is
 * taken over: its holder died. Waits up to `timeoutMs`.
 */
export async function withFileLock<T>(
  lockPath: string,
  body: () => Promise<T>,
  opts: { timeoutMs?: number; staleMs?: number } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const staleMs = opts.staleMs ?? 30_000;
  await mkdir(dirname(lockPath), { recursive: true });
  const start = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > staleMs) unlinkSync(lockPath);
      } catch {
        // gone already
      }
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for lock ${lockPath}`);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
  }
  try {
    return await body();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // removed by a stale-lock takeover
    }
  }
}

/** Go's time.Time JSON form (RFC 3339 with trimmed fractional seconds, UTC). */
export function goTime(d: Date): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const [main, frac] = iso.slice(0, -1).split('.');
  const f = (frac ?? '').replace(/0+$/, '');
  return `${main}${f ? `.${f}` : ''}Z`;
}

/** A Go struct for encoding's json.Marshal: its fields are written in insertion order. */
class JsonFields extends GoStruct {
  readonly goTypeName = 'struct';
}

/**
 * A JSON object that `marshalJson`/`toYaml` write with its keys in this order, as Go writes a
 * struct (plain objects are Go maps, written in key order). Undefined fields are left out.
 */
export function jsonStruct(fields: Record<string, unknown>): object {
  const o = new JsonFields() as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) o[k] = v;
  return o;
}
