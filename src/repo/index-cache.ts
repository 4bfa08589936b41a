/**
 * Fast re-loading of cached repository indexes. After reading `<name>-index.yaml` once, bosun
 * keeps a compact twin beside it (`<cache>/.bosun/<name>-index.json`): per version only the
 * strings search needs and where the version's text lies in the YAML file, so the next load
 * reads a few megabytes of flat JSON and decodes a whole version only when it is asked for.
 * The twin is tagged with the YAML file's size and modification time (nanoseconds); a changed
 * index.yaml invalidates it. helm ignores the extra folder.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type ChartVersion,
  chartVersionJson,
  chartVersionOf,
  type EntrySource,
  IndexEntry,
} from './chart-version.js';
import { messageOf, RepoError } from './errors.js';
import { type IndexFile, parseIndex, textSource, type WarnFn } from './index-file.js';
import { cacheIndexFile } from './paths.js';

const FORMAT = 3;
/** Fields per version in `versions`: name, version, appVersion, description, keywords, urls, start, end. */
const STRIDE = 8;

interface Twin {
  v: number;
  size: number;
  mtimeNs: string;
  apiVersion: string;
  generated: string;
  publicKeys?: string[];
  annotations?: Record<string, string>;
  /** Per chart: its name and how many versions follow in `versions`. */
  charts: (string | number)[];
  versions: (string | number | string[])[];
  /** Whole versions that have no text to point at (JSON indexes, the full parser's results); start = -1, end = index here. */
  full: unknown[];
}

interface Stamp {
  size: number;
  mtimeNs: string;
}

function twinPath(cacheDir: string, name: string): string {
  return join(cacheDir, '.bosun', `${name}-index.json`);
}

function stampOf(file: string): Stamp {
  const st = statSync(file, { bigint: true });
  return { size: Number(st.size), mtimeNs: st.mtimeNs.toString() };
}

/** Versions decoded from the YAML file itself, read when the first one is asked for. */
function fileSource(file: string, stamp: Stamp): EntrySource {
  let text: EntrySource | undefined;
  return {
    decode(start, end) {
      if (!text) {
        const now = stampOf(file);
        if (now.size !== stamp.size || now.mtimeNs !== stamp.mtimeNs)
          throw new RepoError('INDEX_MALFORMED', `${file} changed while it was read; run the command again`);
        text = textSource(readFileSync(file, 'utf8'));
      }
      return text.decode(start, end);
    },
  };
}

function fromTwin(twin: Twin, file: string, stamp: Stamp): IndexFile {
  const lazy = fileSource(file, stamp);
  const whole: EntrySource = {
    decode(_start, end) {
      const cv = chartVersionOf(twin.full[end] as Record<string, unknown>);
      cv.metadata.validate();
      return cv;
    },
  };
  const entries = new Map<string, IndexEntry[]>();
  const vs = twin.versions;
  let at = 0;
  for (let c = 0; c < twin.charts.length; c += 2) {
    const n = twin.charts[c + 1] as number;
    const list: IndexEntry[] = new Array(n);
    for (let i = 0; i < n; i++, at += STRIDE) {
      const start = vs[at + 6] as number;
      list[i] = new IndexEntry(
        vs[at] as string,
        vs[at + 1] as string,
        vs[at + 2] as string,
        vs[at + 3] as string,
        vs[at + 4] as string,
        vs[at + 5] as string[],
        start < 0 ? whole : lazy,
        start,
        vs[at + 7] as number,
      );
    }
    entries.set(twin.charts[c] as string, list);
  }
  const index: IndexFile = { apiVersion: twin.apiVersion, generated: twin.generated, entries };
  if (twin.publicKeys) index.publicKeys = twin.publicKeys;
  if (twin.annotations) index.annotations = twin.annotations;
  return index;
}

function toTwin(index: IndexFile, stamp: Stamp): Twin {
  const charts: (string | number)[] = [];
  const versions: (string | number | string[])[] = [];
  const full: unknown[] = [];
  for (const [name, list] of index.entries) {
    charts.push(name, list.length);
    for (const e of list) {
      versions.push(e.name, e.version, e.appVersion, e.description, e.keywords, e.urls as string[]);
      if (e.from && e.start >= 0) versions.push(e.start, e.end);
      else {
        versions.push(-1, full.length);
        full.push(chartVersionJson(e.full() as ChartVersion));
      }
    }
  }
  const twin: Twin = {
    v: FORMAT,
    ...stamp,
    apiVersion: index.apiVersion,
    generated: index.generated,
    charts,
    versions,
    full,
  };
  if (index.publicKeys) twin.publicKeys = index.publicKeys;
  if (index.annotations) twin.annotations = index.annotations;
  return twin;
}

/**
 * Stores the compact twin of `<cache>/<name>-index.yaml`, which `index` was read from. Best
 * effort: a read-only cache just means reading the YAML again next time.
 */
export function writeIndexTwin(cacheDir: string, name: string, index: IndexFile): void {
  try {
    const stamp = stampOf(join(cacheDir, cacheIndexFile(name)));
    const p = twinPath(cacheDir, name);
    mkdirSync(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(toTwin(index, stamp)));
    renameSync(tmp, p);
  } catch {
    // read-only cache, or the file went away: read the YAML next time
  }
}

/**
 * Loads `<cache>/<name>-index.yaml` (through its twin when fresh). Throws INDEX_MISSING when
 * the repository was never fetched and INDEX_MALFORMED when it does not parse.
 */
export function loadCachedIndex(cacheDir: string, name: string, warn?: WarnFn): IndexFile {
  const file = join(cacheDir, cacheIndexFile(name));
  let stamp: Stamp;
  try {
    stamp = stampOf(file);
  } catch (err) {
    throw new RepoError(
      'INDEX_MISSING',
      `no cached index for repository "${name}" (${file}); run "bosun helm repo update ${name}"`,
      { cause: err },
    );
  }
  try {
    const twin = JSON.parse(readFileSync(twinPath(cacheDir, name), 'utf8')) as Twin;
    if (twin.v === FORMAT && twin.size === stamp.size && twin.mtimeNs === stamp.mtimeNs)
      return fromTwin(twin, file, stamp);
  } catch {
    // no usable twin
  }
  let index: IndexFile;
  try {
    index = parseIndex(readFileSync(file), file, warn);
  } catch (err) {
    throw new RepoError('INDEX_MALFORMED', `error loading ${file}: ${messageOf(err)}`, { cause: err });
  }
  writeIndexTwin(cacheDir, name, index);
  return index;
}
