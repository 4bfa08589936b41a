/**
 * Fast re-loading of cached repository indexes. Parsing a 15,000-entry index.yaml costs
 * hundreds of milliseconds; after the first parse bosun keeps a JSON twin beside it
 * (`<cache>/.bosun/<name>-index.json`, tagged with the YAML file's size and mtime), so the next
 * search reads JSON instead. helm ignores the extra folder; a changed index.yaml invalidates it.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf, RepoError } from './errors.js';
import { type ChartVersion, type IndexFile, parseIndex, type WarnFn } from './index-file.js';
import { cacheIndexFile } from './paths.js';

interface Twin {
  v: 1;
  size: number;
  mtimeMs: number;
  apiVersion: string;
  generated: string;
  entries: [string, ChartVersion[]][];
}

function twinPath(cacheDir: string, name: string): string {
  return join(cacheDir, '.bosun', `${name}-index.json`);
}

/**
 * Loads `<cache>/<name>-index.yaml` (through its JSON twin when fresh). Throws INDEX_MISSING
 * when the repository was never fetched and INDEX_MALFORMED when it does not parse.
 */
export function loadCachedIndex(cacheDir: string, name: string, warn?: WarnFn): IndexFile {
  const file = join(cacheDir, cacheIndexFile(name));
  let st: { size: number; mtimeMs: number };
  try {
    st = statSync(file);
  } catch (err) {
    throw new RepoError(
      'INDEX_MISSING',
      `no cached index for repository "${name}" (${file}); run "bosun helm repo update ${name}"`,
      { cause: err },
    );
  }
  try {
    const twin = JSON.parse(readFileSync(twinPath(cacheDir, name), 'utf8')) as Twin;
    if (twin.v === 1 && twin.size === st.size && twin.mtimeMs === st.mtimeMs) {
      return { apiVersion: twin.apiVersion, generated: twin.generated, entries: new Map(twin.entries) };
    }
  } catch {
    // no usable twin
  }
  let index: IndexFile;
  try {
    index = parseIndex(readFileSync(file), file, warn);
  } catch (err) {
    throw new RepoError('INDEX_MALFORMED', `error loading ${file}: ${messageOf(err)}`, { cause: err });
  }
  const twin: Twin = {
    v: 1,
    size: st.size,
    mtimeMs: st.mtimeMs,
    apiVersion: index.apiVersion,
    generated: index.generated,
    entries: [...index.entries],
  };
  // Best effort: a read-only cache just means parsing again next time.
  try {
    const p = twinPath(cacheDir, name);
    mkdirSync(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(twin));
    renameSync(tmp, p);
  } catch {
    // read-only cache: parse again next time
  }
  return index;
}
