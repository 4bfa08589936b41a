/**
 * `helm repo index DIR`: an index.yaml for the packaged charts in a folder (and one level of
 * sub-folders), digests as sha256 of each archive, URLs under `--url`, optionally merged
 * into an existing index.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Chart, loadArchive } from '../chart/index.js';
import { sha256Hex } from './cache.js';
import { type ChartVersion, IndexEntry, validationProblem } from './chart-version.js';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite, goTime } from './fs-util.js';
import {
  formatIndexJson,
  formatIndexYaml,
  type IndexFile,
  mergeIndex,
  newIndex,
  parseIndex,
  sortVersions,
} from './index-file.js';

function urlJoin(base: string, ...parts: string[]): string {
  const p = parts.filter((x) => x !== '');
  if (base === '') return p.join('/');
  try {
    const u = new URL(base);
    u.pathname = [u.pathname.replace(/\/+$/, ''), ...p].join('/');
    return u.toString();
  } catch {
    return [base.replace(/\/+$/, ''), ...p].join('/');
  }
}

/** helm's IndexDirectory. */
export function indexDirectory(dir: string, baseUrl: string, now = new Date()): IndexFile {
  const archives: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (f.endsWith('.tgz') && statSync(p).isFile()) archives.push(f);
  }
  for (const d of readdirSync(dir).sort()) {
    if (!statSync(join(dir, d)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, d)).sort()) if (f.endsWith('.tgz')) archives.push(`${d}/${f}`);
  }
  const index = newIndex(now);
  for (const rel of archives) {
    const data = readFileSync(join(dir, rel));
    let c: Chart;
    try {
      c = loadArchive(data);
    } catch {
      continue; // not a chart
    }
    const md = c.metadata;
    const problem = validationProblem(md);
    if (problem)
      throw new RepoError(
        'CHART_INVALID',
        `failed adding to ${rel} to index: validate failed for ${rel}: ${problem}`,
      );
    const slash = rel.lastIndexOf('/');
    const parent = slash < 0 ? '' : rel.slice(0, slash);
    const file = rel.slice(slash + 1);
    const url = baseUrl === '' && parent === '' ? file : urlJoin(urlJoin(baseUrl, parent), file);
    const cv: ChartVersion = { metadata: md, urls: [url], created: goTime(now), digest: sha256Hex(data) };
    const list = index.entries.get(md.Name) ?? [];
    list.push(IndexEntry.of(cv));
    index.entries.set(md.Name, list);
  }
  return index;
}

/** Writes `<dir>/index.yaml` (or JSON); returns its path. */
export async function writeRepoIndex(
  dir: string,
  opts: { url?: string; merge?: string; json?: boolean } = {},
): Promise<string> {
  const abs = resolve(dir);
  const index = indexDirectory(abs, opts.url ?? '');
  if (opts.merge) {
    let other: IndexFile;
    if (!existsSync(opts.merge)) other = newIndex();
    else {
      try {
        other = parseIndex(readFileSync(opts.merge), opts.merge);
      } catch (err) {
        throw new RepoError(
          'INDEX_MALFORMED',
          `merge failed: error loading ${opts.merge}: ${messageOf(err)}`,
        );
      }
    }
    mergeIndex(index, other);
  }
  for (const [k, v] of index.entries) index.entries.set(k, sortVersions(v));
  const out = join(abs, 'index.yaml');
  await atomicWrite(out, opts.json ? formatIndexJson(index) : formatIndexYaml(index));
  return out;
}
