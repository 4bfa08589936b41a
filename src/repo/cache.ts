/**
 * The chart cache shared by every command, by the orchestrator and by helm itself: helm's
 * content cache layout (`<root>/<first byte hex>/<sha256 hex>.chart`). Entries are written to
 * a temp file and renamed into place, so concurrent bosun (or helm) processes never read a
 * partial chart; a read re-checks the digest, so a corrupted entry is dropped, never used.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RepoError } from './errors.js';
import { atomicWrite } from './fs-util.js';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:abc…` or `abc…` → `abc…` (lowercase), or undefined when it is not a sha256 digest. */
export function normalizeDigest(d: string | undefined): string | undefined {
  if (!d) return undefined;
  const hex = (d.includes(':') ? d.slice(d.indexOf(':') + 1) : d).toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export class ChartCache {
  constructor(readonly root: string) {}

  pathFor(digest: string, kind: '.chart' | '.prov' = '.chart'): string {
    return join(this.root, digest.slice(0, 2), `${digest}${kind}`);
  }

  /** The cached archive with this sha256, verified; undefined when absent or corrupt. */
  get(digest: string): { path: string; data: Buffer } | undefined {
    const hex = normalizeDigest(digest);
    if (!hex) return undefined;
    const path = this.pathFor(hex);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    if (data.length === 0 || sha256Hex(data) !== hex) {
      rmSync(path, { force: true });
      return undefined;
    }
    return { path, data };
  }

  /**
   * Stores `data`; when `expected` is given the content must hash to it (DIGEST_MISMATCH
   * otherwise, and nothing is stored). Returns the cache path.
   */
  async put(data: Uint8Array, expected?: string, label = 'chart'): Promise<string> {
    const actual = sha256Hex(data);
    const want = normalizeDigest(expected);
    if (expected && want !== actual) {
      throw new RepoError(
        'DIGEST_MISMATCH',
        `refusing ${label}: its sha256 digest is ${actual} but the repository index says ${expected}; the download is corrupted or was tampered with`,
      );
    }
    const path = this.pathFor(actual);
    await atomicWrite(path, data);
    return path;
  }
}
