/**
 * `helm search repo`: a line per chart version ("name \v repo/name \v description \v keywords"),
 * matched literally (case-insensitive) or by regular expression, scored by which field
 * matched, sorted by score, name and newest version, filtered by a semver constraint
 * (`>0.0.0` = stable only by default), and printed as helm prints it.
 */
import { marshalJson, toYaml } from '../encoding/index.js';
import { type Constraints, parseConstraint } from '../semver/index.js';
import { messageOf, RepoError } from './errors.js';
import { jsonStruct } from './fs-util.js';
import { loadCachedIndex } from './index-cache.js';
import type { IndexEntry, IndexFile, WarnFn } from './index-file.js';
import { loadRepoFile } from './repo-file.js';
import { formatTable } from './table.js';

export interface SearchResult {
  /** `repo/chart` */
  name: string;
  score: number;
  chart: IndexEntry;
}

export interface SearchOptions {
  keyword?: string;
  regexp?: boolean;
  versions?: boolean;
  devel?: boolean;
  version?: string;
}

const SEP = '\v';
const MAX_SCORE = 25;

interface Line {
  name: string;
  line: string;
  chart: IndexEntry;
}

export class SearchIndex {
  private readonly lines = new Map<string, Line>();

  addRepo(repo: string, index: IndexFile, all: boolean): void {
    for (const [name, vs] of index.entries) {
      if (vs.length === 0) continue;
      const full = `${repo}/${name}`;
      for (const cv of all ? vs : vs.slice(0, 1)) {
        const key = all ? `${full}$$${cv.version}` : full;
        const line = `${cv.name}${SEP}${repo}/${cv.name}${SEP}${cv.description}${SEP}${cv.keywords}`;
        this.lines.set(key, { name: full, line, chart: cv });
      }
    }
  }

  all(): SearchResult[] {
    return [...this.lines.values()].map((l) => ({ name: l.name, score: 0, chart: l.chart }));
  }

  search(term: string, regexp: boolean): SearchResult[] {
    const out: SearchResult[] = [];
    if (regexp) {
      let re: RegExp;
      try {
        re = new RegExp(term);
      } catch (err) {
        throw new RepoError('INVALID_ARGUMENT', `error parsing regexp: ${messageOf(err)}`);
      }
      for (const l of this.lines.values()) {
        const m = re.exec(l.line);
        if (!m) continue;
        const score = calcScore(m.index, l.line);
        if (score < MAX_SCORE) out.push({ name: l.name, score, chart: l.chart });
      }
      return out;
    }
    const t = term.toLowerCase();
    for (const l of this.lines.values()) {
      const lv = l.line.toLowerCase();
      const at = lv.indexOf(t);
      if (at === -1) continue;
      const score = calcScore(at, lv);
      if (score < MAX_SCORE) out.push({ name: l.name, score, chart: l.chart });
    }
    return out;
  }
}

/** How many field separators come before the match. */
function calcScore(at: number, line: string): number {
  let n = 0;
  for (let i = line.indexOf(SEP); i !== -1; i = line.indexOf(SEP, i + 1)) {
    if (at <= i) return n;
    n++;
  }
  return n;
}

export function sortResults(rs: SearchResult[]): SearchResult[] {
  return rs.sort((a, b) => {
    if (a.score !== b.score) return a.score - b.score;
    if (a.name === b.name) {
      const va = a.chart.semver();
      const vb = b.chart.semver();
      if (!va || !vb) return 0;
      return vb.compare(va);
    }
    return a.name < b.name ? -1 : 1;
  });
}

export function applyConstraint(rs: SearchResult[], version: string, versions: boolean): SearchResult[] {
  if (version === '') return rs;
  let c: Constraints;
  try {
    c = parseConstraint(version);
  } catch (err) {
    throw new RepoError('CONSTRAINT_INVALID', `an invalid version/constraint format: ${messageOf(err)}`);
  }
  const out: SearchResult[] = [];
  const found = new Set<string>();
  for (const r of rs) {
    if (!versions && found.has(r.name)) continue;
    const v = r.chart.semver();
    if (!v) continue;
    if (c.check(v)) {
      out.push(r);
      found.add(r.name);
    }
  }
  return out;
}

/** Searches the cached indexes of every configured repository. */
export async function searchRepos(
  opts: SearchOptions,
  ctx: { repositoryConfig: string; repositoryCache: string; warn?: WarnFn },
): Promise<SearchResult[]> {
  const version = opts.version || (opts.devel ? '>0.0.0-0' : '>0.0.0');
  const rf = await loadRepoFile(ctx.repositoryConfig);
  if (rf.repositories.length === 0) throw new RepoError('REPO_NO_REPOSITORIES', 'no repositories configured');
  const index = new SearchIndex();
  for (const r of rf.repositories) {
    let ind: IndexFile;
    try {
      ind = loadCachedIndex(ctx.repositoryCache, r.name, ctx.warn);
    } catch (err) {
      ctx.warn?.(`repo is corrupt or missing: repo=${r.name} error=${JSON.stringify(messageOf(err))}`);
      continue;
    }
    index.addRepo(r.name, ind, !!opts.versions || version.length > 0);
  }
  const res = opts.keyword === undefined ? index.all() : index.search(opts.keyword, !!opts.regexp);
  return applyConstraint(sortResults(res), version, !!opts.versions);
}

export type OutputFormat = 'table' | 'json' | 'yaml';

/** The listing helm prints for search results. */
export function formatSearchResults(
  rs: readonly SearchResult[],
  format: OutputFormat,
  opts: { maxColWidth?: number; failOnNoResult?: boolean } = {},
): string {
  if (rs.length === 0 && opts.failOnNoResult) throw new RepoError('SEARCH_NO_RESULTS', 'no results found');
  if (format === 'table') {
    if (rs.length === 0) return 'No results found\n';
    const rows = [['NAME', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION']];
    for (const r of rs) rows.push([r.name, r.chart.version, r.chart.appVersion, r.chart.description]);
    return formatTable(rows, opts.maxColWidth ?? 50);
  }
  const list = rs.map((r) =>
    jsonStruct({
      name: r.name,
      version: r.chart.version,
      app_version: r.chart.appVersion,
      description: r.chart.description,
    }),
  );
  return format === 'json' ? `${marshalJson(list)}\n` : toYaml(list);
}
