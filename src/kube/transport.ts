/**
 * HTTP(S) to the API server: credentials from auth.ts (applied per request so exec plugins and
 * token files can refresh; one retry after a 401 when fresh credentials can be had), one
 * keep-alive agent per client (rebuilt when the client certificate rotates), Kubernetes
 * `Status` errors turned into KubeApiError, and retries with exponential backoff for 429, 5xx
 * and dropped connections — only where repeating the call cannot do harm.
 */
import http from 'node:http';
import https from 'node:https';
import { type AuthOptions, KubeAuth, type RequestAuth } from './auth.js';
import type { ResolvedKubeConfig } from './config.js';
import { KubeApiError, KubeError, KubeUnreachableError } from './errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: Method;
  /** API path, e.g. `/api/v1/namespaces/x/secrets`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Accept header (default application/json). */
  accept?: string;
  signal?: AbortSignal;
  /**
   * Whether repeating the call is harmless. Default: true for GET, PUT, DELETE; false for POST
   * and PATCH (server-side apply passes true: applying the same intent twice is idempotent).
   */
  idempotent?: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt (default 5). */
  retries: number;
  /** First backoff in ms (default 200), doubled per retry up to `maxDelayMs` (default 5000). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A request with no answer after this long is abandoned as a transient failure (default 30 s; not watches). */
  requestTimeoutMs: number;
}

const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
/** Errors that prove the request never reached the server, so even a POST may be repeated. */
const notSentCodes = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The credentials the request carried. */
  auth?: RequestAuth;
}

export class Transport {
  readonly server: URL;
  readonly auth: KubeAuth;
  private agent: http.Agent | undefined;
  private agentKey = '';
  private readonly retry: RetryPolicy;

  constructor(
    config: Pick<ResolvedKubeConfig, 'cluster' | 'user'> | KubeAuth,
    retry: Partial<RetryPolicy> = {},
    authOptions: AuthOptions = {},
  ) {
    this.auth = config instanceof KubeAuth ? config : new KubeAuth(config, authOptions);
    this.server = this.auth.server;
    this.retry = { retries: 5, baseDelayMs: 200, maxDelayMs: 5000, requestTimeoutMs: 30_000, ...retry };
  }

  private isHttps(): boolean {
    return this.server.protocol === 'https:';
  }

  /** Credentials for one request; the agent carries the TLS material. */
  private async options(): Promise<RequestAuth> {
    const a = await this.auth.forRequest();
    if (!this.agent || this.agentKey !== a.tlsKey) {
      // A rotated client certificate needs new connections; idle old ones are unref'd and expire.
      this.agent = this.isHttps()
        ? new https.Agent({ keepAlive: true, ...a.tls })
        : new http.Agent({ keepAlive: true });
      this.agentKey = a.tlsKey;
    }
    return a;
  }

  url(path: string, query?: RequestSpec['query']): URL {
    const base = this.server.pathname.replace(/\/$/, '');
    const u = new URL(this.server.origin + base + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  private async once(
    spec: RequestSpec,
    onResponse?: (res: http.IncomingMessage) => Promise<RawResponse>,
  ): Promise<RawResponse> {
    const opts = await this.options();
    const u = this.url(spec.path, spec.query);
    const body =
      spec.body === undefined
        ? undefined
        : typeof spec.body === 'string'
          ? spec.body
          : JSON.stringify(spec.body);
    const headers: Record<string, string | number | string[]> = {
      ...opts.headers,
      Accept: spec.accept ?? 'application/json',
      'User-Agent': 'bosun',
    };
    if (body !== undefined) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const mod = this.isHttps() ? https : http;
    const res = await new Promise<RawResponse>((resolve, reject) => {
      const req = mod.request(
        u,
        { method: spec.method, headers, agent: this.agent, signal: spec.signal },
        (res) => {
          if (onResponse && (res.statusCode ?? 0) < 300) {
            onResponse(res).then(resolve, reject);
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(spec.signal?.aborted ? spec.signal.reason : e));
      if (!onResponse) {
        req.setTimeout(this.retry.requestTimeoutMs, () => {
          const e = Object.assign(new Error(`no answer within ${this.retry.requestTimeoutMs} ms`), {
            code: 'ETIMEDOUT',
          });
          req.destroy(e);
        });
      }
      if (body !== undefined) req.write(body);
      req.end();
    });
    res.auth = opts;
    return res;
  }

  private apiError(spec: RequestSpec, res: RawResponse): KubeApiError {
    const what = `${spec.method} ${spec.path}`;
    try {
      const s = JSON.parse(res.body) as {
        kind?: string;
        reason?: string;
        message?: string;
        details?: unknown;
        code?: number;
      };
      if (s.kind === 'Status') {
        return new KubeApiError(
          s.code || res.status,
          s.reason || reasonByCode[res.status] || 'Unknown',
          s.message || `the server responded with HTTP ${res.status}`,
          s.details,
          what,
        );
      }
    } catch {
      // not JSON: fall through
    }
    const text = res.body.trim().slice(0, 500);
    return new KubeApiError(
      res.status,
      reasonByCode[res.status] ?? 'Unknown',
      `the server responded with HTTP ${res.status}${text ? `: ${text}` : ''} (${what})`,
      undefined,
      what,
    );
  }

  private delay(attempt: number, res?: RawResponse): number {
    const ra = Number(res?.headers['retry-after']);
    if (Number.isFinite(ra) && ra > 0) return Math.min(ra * 1000, 10_000);
    const d = Math.min(this.retry.baseDelayMs * 2 ** attempt, this.retry.maxDelayMs);
    return d / 2 + (Math.random() * d) / 2;
  }

  /** One request, retried where safe; resolves the raw successful response. */
  private async send(
    spec: RequestSpec,
    onResponse?: (res: http.IncomingMessage) => Promise<RawResponse>,
  ): Promise<RawResponse> {
    const idempotent =
      spec.idempotent ?? (spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE');
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retry.retries;
      let res: RawResponse;
      try {
        res = await this.once(spec, onResponse);
      } catch (e) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (e instanceof KubeError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const transient = transientCodes.has(code) || /socket hang up/.test((e as Error).message);
        if (!transient || last || (!idempotent && !notSentCodes.has(code))) {
          throw transient || code ? new KubeUnreachableError(this.server.origin, e) : e;
        }
        await sleep(this.delay(attempt), spec.signal);
        continue;
      }
      if (res.status < 300) return res;
      // Refused credentials: once, with fresh ones (a re-run exec plugin, a re-read token file).
      if (res.status === 401 && !reauthenticated && res.auth && this.auth.unauthorized(res.auth)) {
        reauthenticated = true;
        attempt--;
        continue;
      }
      const retryable = res.status === 429 || (idempotent && [500, 502, 503, 504].includes(res.status));
      if (!retryable || last) throw this.apiError(spec, res);
      await sleep(this.delay(attempt, res), spec.signal);
    }
  }

  /** A JSON request; resolves the decoded body. */
  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    return (await this.requestWithStatus<T>(spec)).body;
  }

  /** A request whose answer is text (a pod's log); resolves the body as sent. */
  async requestText(spec: RequestSpec): Promise<string> {
    return (await this.send({ accept: '*/*', ...spec })).body;
  }

  /** A JSON request; resolves the HTTP status (201 = created) and the decoded body. */
  async requestWithStatus<T = unknown>(spec: RequestSpec): Promise<{ status: number; body: T }> {
    const res = await this.send(spec);
    return { status: res.status, body: (res.body === '' ? undefined : JSON.parse(res.body)) as T };
  }

  /**
   * A streaming request (watch): calls `onLine` for every newline-delimited chunk until the
   * server closes the stream or `spec.signal` aborts (then it resolves quietly).
   */
  async stream(spec: RequestSpec, onLine: (line: string) => void): Promise<void> {
    try {
      await this.send(
        { ...spec, idempotent: true },
        (res) =>
          new Promise<RawResponse>((resolve, reject) => {
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              let i: number;
              while ((i = buf.indexOf('\n')) >= 0) {
                const line = buf.slice(0, i).trim();
                buf = buf.slice(i + 1);
                try {
                  if (line) onLine(line);
                } catch (e) {
                  res.destroy();
                  reject(e);
                  return;
                }
              }
            });
            res.on('end', () => {
              try {
                if (buf.trim()) onLine(buf.trim());
              } catch (e) {
                reject(e);
                return;
              }
              resolve({ status: res.statusCode ?? 200, headers: res.headers, body: '' });
            });
            res.on('error', (e) =>
              spec.signal?.aborted ? resolve({ status: 200, headers: {}, body: '' }) : reject(e),
            );
            res.on('aborted', () => resolve({ status: 200, headers: {}, body: '' }));
          }),
      );
    } catch (e) {
      if (spec.signal?.aborted) return;
      throw e;
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}
