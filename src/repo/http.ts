/**
 * HTTP(S) downloads as helm's getter does them: basic auth sent only to the repository's own
 * host unless `passCredentialsAll`, client certificates, a CA bundle or no verification,
 * redirects followed, a timeout, and a size limit so a hostile server cannot fill memory.
 */
import { readFileSync } from 'node:fs';
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import { messageOf, RepoError } from './errors.js';

export interface TlsOptions {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTLSVerify?: boolean;
}

/** Credentials and TLS settings a user gives for a repository (`--username`, `--ca-file`, …). */
export interface AuthOptions extends TlsOptions {
  username?: string;
  password?: string;
}

export interface GetOptions extends AuthOptions {
  /** The repository URL the credentials belong to (helm's WithURL). */
  credentialsUrl?: string;
  passCredentialsAll?: boolean;
  accept?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Refuse bodies larger than this (bytes). */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

export const USER_AGENT = 'Helm/4.1.4 (bosun)';
const DEFAULT_MAX = 512 * 1024 * 1024;

export function tlsAgentOptions(o: TlsOptions): https.AgentOptions {
  const a: https.AgentOptions = {};
  try {
    if (o.caFile) a.ca = readFileSync(o.caFile);
    if (o.certFile) a.cert = readFileSync(o.certFile);
    if (o.keyFile) a.key = readFileSync(o.keyFile);
  } catch (err) {
    throw new RepoError('INVALID_ARGUMENT', `can't create TLS config for client: ${messageOf(err)}`, {
      cause: err,
    });
  }
  if (o.insecureSkipTLSVerify) a.rejectUnauthorized = false;
  return a;
}

function describeNetError(url: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const detail =
    e.code === 'ECONNREFUSED'
      ? `connect: connection refused`
      : e.code === 'ENOTFOUND'
        ? `lookup ${new URL(url).hostname}: no such host`
        : e.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code)
          ? `tls: failed to verify certificate: ${e.message} (pass --ca-file, or --insecure-skip-tls-verify)`
          : e.message;
  return `Get "${url}": ${detail}`;
}

/** One request without following redirects. */
export function request(
  method: string,
  url: string,
  opts: GetOptions & { body?: Uint8Array; auth?: string | undefined } = {},
): Promise<HttpResponse> {
  const u = new URL(url);
  const isHttps = u.protocol === 'https:';
  if (!isHttps && u.protocol !== 'http:') {
    return Promise.reject(
      new RepoError('CHART_REF_INVALID', `could not find protocol handler for: ${u.protocol.slice(0, -1)}`),
    );
  }
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...(opts.headers ?? {}) };
  if (opts.accept) headers.Accept = opts.accept;
  if (opts.auth) headers.Authorization = opts.auth;
  if (opts.body) headers['Content-Length'] = String(opts.body.length);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX;
  const mod = isHttps ? https : http;
  const reqOpts: https.RequestOptions = {
    method,
    headers,
    timeout: opts.timeoutMs ?? 120_000,
    signal: opts.signal,
    ...(isHttps ? tlsAgentOptions(opts) : {}),
  };
  return new Promise((resolve, reject) => {
    const req = mod.request(u, reqOpts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy();
          reject(
            new RepoError(
              'ARCHIVE_TOO_LARGE',
              `refusing ${url}: the response is larger than ${maxBytes} bytes`,
            ),
          );
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url }),
      );
      res.on('error', (err) =>
        reject(new RepoError('HTTP_ERROR', describeNetError(url, err), { cause: err })),
      );
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (err) =>
      reject(new RepoError('REPO_UNREACHABLE', describeNetError(url, err), { cause: err })),
    );
    req.end(opts.body);
  });
}

function basicAuth(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/**
 * GET with helm's rules; non-2xx answers throw (`REPO_AUTH` for 401/403) with helm's
 * "failed to fetch URL : STATUS" wording.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<Buffer> {
  let current = url;
  for (let hop = 0; hop < 10; hop++) {
    let auth: string | undefined;
    if (opts.username || opts.password) {
      const sameHost = !opts.credentialsUrl || new URL(opts.credentialsUrl).host === new URL(current).host;
      if (opts.passCredentialsAll || sameHost) auth = basicAuth(opts.username ?? '', opts.password ?? '');
    }
    const res = await request('GET', current, { ...opts, auth });
    if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (res.status >= 200 && res.status < 300) return res.body;
    const status = `${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim();
    if (res.status === 401 || res.status === 403) {
      throw new RepoError('REPO_AUTH', `failed to fetch ${current} : ${status}`);
    }
    throw new RepoError('HTTP_ERROR', `failed to fetch ${current} : ${status}`);
  }
  throw new RepoError('HTTP_ERROR', `Get "${url}": stopped after 10 redirects`);
}

/** helm's ResolveReferenceURL: `ref` relative to the repository URL (kept as a folder). */
export function resolveReferenceUrl(baseUrl: string, ref: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref)) return ref;
  const b = new URL(baseUrl);
  const query = b.search;
  if (!b.pathname.endsWith('/')) b.pathname = `${b.pathname}/`;
  b.search = '';
  const r = new URL(ref, b);
  r.search = query;
  return r.toString();
}
