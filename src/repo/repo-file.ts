/**
 * repositories.yaml (helm's repo.File): the named chart repositories with their credentials
 * and TLS files. Read and written the way helm does, so either tool can add to it.
 */
import { readFile } from 'node:fs/promises';
import { marshalJson, parseYaml, toYaml } from '../encoding/index.js';
import { messageOf, RepoError } from './errors.js';
import { atomicWrite, jsonStruct, withFileLock } from './fs-util.js';
import { formatTable } from './table.js';

export interface RepoEntry {
  name: string;
  url: string;
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecureSkipTLSVerify: boolean;
  passCredentialsAll: boolean;
}

export interface RepoFile {
  apiVersion: string;
  generated: string;
  repositories: RepoEntry[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

export function newEntry(partial: Partial<RepoEntry> & { name: string; url: string }): RepoEntry {
  return {
    username: '',
    password: '',
    certFile: '',
    keyFile: '',
    caFile: '',
    insecureSkipTLSVerify: false,
    passCredentialsAll: false,
    ...partial,
  };
}

export function entriesEqual(a: RepoEntry, b: RepoEntry): boolean {
  return (Object.keys(a) as (keyof RepoEntry)[]).every((k) => a[k] === b[k]);
}

export function parseRepoFile(text: string, source: string): RepoFile {
  let doc: unknown;
  try {
    doc = parseYaml(text, { filename: source });
  } catch (err) {
    throw new RepoError('INDEX_MALFORMED', `couldn't load repositories file (${source}): ${messageOf(err)}`, {
      cause: err,
    });
  }
  const o = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const repos = Array.isArray(o.repositories) ? o.repositories : [];
  return {
    apiVersion: str(o.apiVersion),
    generated: str(o.generated) || '0001-01-01T00:00:00Z',
    repositories: repos
      .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
      .map((r) =>
        newEntry({
          name: str(r.name),
          url: str(r.url),
          username: str(r.username),
          password: str(r.password),
          certFile: str(r.certFile),
          keyFile: str(r.keyFile),
          caFile: str(r.caFile),
          insecureSkipTLSVerify: r.insecure_skip_tls_verify === true,
          passCredentialsAll: r.pass_credentials_all === true,
        }),
      ),
  };
}

/** Loads repositories.yaml; a missing file is an empty list (`exists: false`). */
export async function loadRepoFile(path: string): Promise<RepoFile & { exists: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { apiVersion: '', generated: '0001-01-01T00:00:00Z', repositories: [], exists: false };
    throw err;
  }
  return { ...parseRepoFile(text, path), exists: true };
}

export function formatRepoFile(f: RepoFile): string {
  return toYaml({
    apiVersion: f.apiVersion,
    generated: f.generated,
    repositories: f.repositories.map((e) => ({
      name: e.name,
      url: e.url,
      username: e.username,
      password: e.password,
      certFile: e.certFile,
      keyFile: e.keyFile,
      caFile: e.caFile,
      insecure_skip_tls_verify: e.insecureSkipTLSVerify,
      pass_credentials_all: e.passCredentialsAll,
    })),
  });
}

export async function writeRepoFile(path: string, f: RepoFile): Promise<void> {
  await atomicWrite(path, formatRepoFile(f), 0o600);
}

/** Read-modify-write of repositories.yaml under a lock shared by concurrent bosun processes. */
export async function updateRepoFile<T>(
  path: string,
  change: (f: RepoFile & { exists: boolean }) => Promise<{ write: boolean; result: T }>,
): Promise<T> {
  return withFileLock(`${path}.bosun-lock`, async () => {
    const f = await loadRepoFile(path);
    const { write, result } = await change(f);
    if (write) await writeRepoFile(path, f);
    return result;
  });
}

/** `helm repo list` in helm's formats (table with or without headers, json, yaml). */
export function formatRepoList(f: RepoFile, format: 'table' | 'json' | 'yaml', headers = true): string {
  const list = f.repositories.map((r) => jsonStruct({ name: r.name, url: r.url }));
  if (format === 'json') return `${marshalJson(list)}\n`;
  if (format === 'yaml') return toYaml(list);
  const rows = headers ? [['NAME', 'URL']] : [];
  for (const r of f.repositories) rows.push([r.name, r.url]);
  return formatTable(rows);
}
