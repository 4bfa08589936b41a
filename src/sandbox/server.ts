/**
 * The HTTP layer: authentication (bearer token), fault injection, routing of `/api` and `/apis`
 * paths to discovery or to a resource verb, body decoding (JSON, YAML, the four patch types),
 * content negotiation (JSON, Table) and Status error answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { type Api, PATCH_TYPES } from './api.js';
import {
  AGGREGATED_TYPE,
  aggregated,
  apiGroup,
  apiGroupList,
  apiVersions,
  resourceList,
  wantsAggregated,
} from './discovery.js';
import { ApiError, errors } from './errors.js';
import type { Faults } from './faults.js';
import { OPENAPI_V2_PROTOBUF, openapiV2, openapiV3GroupVersion, openapiV3Root } from './openapi.js';
import { decodeProtobuf, PROTOBUF_TYPE } from './protobuf.js';
import type { ResourceInfo } from './resources.js';
import { evictPod, review, tokenRequest } from './reviews.js';
import type { KubeObject } from './store.js';
import { toTable, wantsTable } from './table.js';
import { serveWatch } from './watch.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface HandlerContext {
  api: Api;
  faults: Faults;
  token: string;
  now: () => Date;
  bookmarkIntervalMs: number;
  version: Record<string, string>;
  log?: (line: string) => void;
}

interface Route {
  info: ResourceInfo;
  ns?: string;
  name?: string;
  sub?: string;
  watchPath: boolean;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(err.toStatus());
  res.writeHead(err.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`),
        );
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

function decodeObject(req: IncomingMessage, body: Buffer, kind: string): KubeObject {
  const type = mediaType(req);
  const text = body.toString('utf8');
  if (type === 'application/json' || type === '') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw errors.badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: ${(err as Error).message}`,
      );
    }
  }
  if (type === 'application/yaml') {
    try {
      return parseYaml(text);
    } catch (err) {
      throw errors.badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: ${(err as Error).message}`,
      );
    }
  }
  if (type === PROTOBUF_TYPE) return decodeProtobuf(body);
  throw errors.unsupportedMediaType(type, [
    'application/json',
    'application/yaml',
    'application/vnd.kubernetes.protobuf',
  ]);
}

function verbOf(method: string, route: Route | undefined, watch: boolean): string {
  if (!route) return method === 'GET' ? 'get' : method.toLowerCase();
  switch (method) {
    case 'GET':
      return watch || route.watchPath ? 'watch' : route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** Parses `/api/v1/...` and `/apis/<g>/<v>/...` into a resource route (undefined for discovery). */
function parseRoute(ctx: HandlerContext, segs: string[]): Route | undefined | 'discovery' {
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length <= 2) return 'discovery';
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length <= 3) return 'discovery';
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    ns = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub, ...extra] = rest;
  if (!resource || extra.length > 0) throw errors.notFoundPath();
  const info = ctx.api.registry.get(group, version, resource);
  if (!info) throw errors.notFoundPath();
  if (ns !== undefined && !info.namespaced) throw errors.notFoundPath();
  if (
    sub !== undefined &&
    !(
      (sub === 'status' && info.status) ||
      (sub === 'scale' && info.scale) ||
      (sub === 'log' && resource === 'pods' && !group) ||
      info.actions?.some((a) => a.name === sub) ||
      (sub === 'finalize' && resource === 'namespaces')
    )
  ) {
    throw errors.notFoundPath();
  }
  return { info, ns, name, sub, watchPath };
}

function discovery(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, segs: string[]): void {
  const reg = ctx.api.registry;
  const accept = req.headers.accept;
  if (segs.length === 1 && wantsAggregated(accept)) {
    send(res, 200, aggregated(reg, segs[0] === 'api'), AGGREGATED_TYPE);
    return;
  }
  let doc: unknown;
  if (segs[0] === 'api')
    doc =
      segs.length === 1
        ? apiVersions(String(req.headers.host ?? '127.0.0.1'))
        : resourceList(reg, '', segs[1]!);
  else if (segs.length === 1) doc = apiGroupList(reg);
  else if (segs.length === 2) doc = apiGroup(reg, segs[1]!);
  else doc = resourceList(reg, segs[1]!, segs[2]!);
  if (!doc) throw errors.notFoundPath();
  send(res, 200, doc);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (ctx.log && process.env.BOSUN_SANDBOX_TRACE) {
      res.on('finish', () =>
        ctx.log?.(
          `${req.method} ${req.url} ${res.statusCode} [${req.headers.accept ?? ''}] [${req.headers['content-type'] ?? ''}]`,
        ),
      );
    }
    handle(ctx, req, res).catch((err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ApiError) sendError(res, err);
      else {
        ctx.log?.(`internal error: ${(err as Error)?.stack ?? String(err)}`);
        sendError(
          res,
          new ApiError(
            500,
            'InternalError',
            `Internal error occurred: ${(err as Error)?.message ?? String(err)}`,
          ),
        );
      }
    });
  };
}

async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const q = url.searchParams;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const open =
    ['/healthz', '/livez', '/readyz', '/version'].includes(path) ||
    path.startsWith('/healthz/') ||
    path.startsWith('/livez/') ||
    path.startsWith('/readyz/');
  const auth = String(req.headers.authorization ?? '');
  if (auth !== `Bearer ${ctx.token}` && !(open && auth === '')) {
    sendError(res, new ApiError(401, 'Unauthorized', 'Unauthorized'));
    return;
  }
  if (path === '/sandbox/faults') {
    await adminFaults(ctx, req, res);
    return;
  }
  let route: Route | undefined | 'discovery';
  try {
    route = parseRoute(ctx, segs);
  } catch (err) {
    route = undefined;
    if (!(err instanceof ApiError)) throw err;
    const d = ctx.faults.decide(verbOf(method, undefined, false), segs[segs.length - 1], path);
    if (d.latencyMs) await sleep(d.latencyMs);
    throw err;
  }
  const watch = q.get('watch') === '1' || q.get('watch') === 'true';
  const r = route === 'discovery' ? undefined : route;
  const verb = verbOf(method, r, watch);
  const d = ctx.faults.decide(verb, r?.info.resource, path);
  if (d.latencyMs) await sleep(d.latencyMs);
  if (d.action?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (d.action?.kind === 'error') {
    const reason =
      d.action.code === 429
        ? 'TooManyRequests'
        : d.action.code === 503
          ? 'ServiceUnavailable'
          : 'InternalError';
    const msg =
      d.action.code === 429
        ? 'Too many requests, please try again later.'
        : d.action.code === 503
          ? 'the server is currently unable to handle the request'
          : 'Internal error occurred: injected fault';
    const headers: Record<string, string> =
      d.action.retryAfter !== undefined ? { 'Retry-After': String(d.action.retryAfter) } : {};
    sendError(
      res,
      new ApiError(
        d.action.code,
        reason,
        msg,
        d.action.retryAfter !== undefined ? { retryAfterSeconds: d.action.retryAfter } : undefined,
      ),
      headers,
    );
    return;
  }
  if (d.action?.kind === 'conflict' && r?.name) throw errors.modified(r.info.resource, r.info.group, r.name);

  switch (path) {
    case '/version':
      send(res, 200, ctx.version);
      return;
    case '/healthz':
    case '/livez':
    case '/readyz':
      send(res, 200, 'ok', 'text/plain; charset=utf-8');
      return;
    case '/openapi/v2': {
      const pb = String(req.headers.accept ?? '').includes('protobuf');
      const doc = openapiV2(pb);
      if (Buffer.isBuffer(doc)) {
        res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': doc.length });
        res.end(doc);
      } else send(res, 200, doc);
      return;
    }
    case '/openapi/v3':
      send(res, 200, openapiV3Root(ctx.api.registry));
      return;
  }
  if (segs[0] === 'openapi' && segs[1] === 'v3') {
    const [, , root, a, b] = segs;
    const doc =
      root === 'api' && a && !b
        ? openapiV3GroupVersion(ctx.api.registry, '', a)
        : root === 'apis' && a && b
          ? openapiV3GroupVersion(ctx.api.registry, a, b)
          : undefined;
    if (!doc) throw errors.notFoundPath();
    send(res, 200, doc);
    return;
  }
  if (path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
    send(res, 200, 'ok', 'text/plain; charset=utf-8');
    return;
  }
  if (route === 'discovery') {
    if (method !== 'GET') throw errors.methodNotAllowed();
    discovery(ctx, req, res, segs);
    return;
  }
  if (!route) throw errors.notFoundPath();
  await resourceRequest(ctx, req, res, route, verb, q);
}

async function adminFaults(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'PUT' || req.method === 'POST') {
    const body = (await readBody(req)).toString('utf8');
    let doc: any;
    try {
      doc = parseYaml(body);
    } catch (err) {
      throw errors.badRequest(`invalid fault rules: ${(err as Error).message}`);
    }
    try {
      ctx.faults.set(Array.isArray(doc) ? doc : (doc?.rules ?? []));
    } catch (err) {
      throw errors.badRequest((err as Error).message);
    }
  } else if (req.method === 'DELETE') ctx.faults.set([]);
  send(res, 200, { rules: ctx.faults.list() });
}

function writeOpts(req: IncomingMessage, q: URLSearchParams, route: Route) {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun)
    if (d !== 'All') throw errors.badRequest(`Invalid dryRun value: ${d}; the only supported value is "All"`);
  const ua = String(req.headers['user-agent'] ?? '');
  const fm = q.get('fieldManager') ?? undefined;
  return {
    dryRun: dryRun.length > 0,
    fieldManager: fm,
    defaultManager: ua ? ua.split('/')[0] : 'unknown',
    force: q.get('force') === 'true',
    subresource: route.sub,
  };
}

async function resourceRequest(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  verb: string,
  q: URLSearchParams,
): Promise<void> {
  const { api } = ctx;
  const { info, ns, name } = route;
  const accept = String(req.headers.accept ?? '');
  const table = wantsTable(accept);
  const crdFor = () =>
    info.custom
      ? api.store.get(
          'apiextensions.k8s.io/customresourcedefinitions',
          undefined,
          `${info.resource}.${info.group}`,
        )
      : undefined;
  const tableOf = (items: KubeObject[], rv: string, cont?: string, withColumns = true) =>
    toTable(info, items, {
      rv,
      now: ctx.now(),
      includeObject: q.get('includeObject') ?? 'Metadata',
      crd: crdFor(),
      continue: cont,
      withColumns,
    });
  if (route.sub === 'scale') return scale(ctx, req, res, route, verb);
  if (route.sub === 'log') return podLog(ctx, res, route, verb);
  if (info.virtual || info.actions?.some((a) => a.name === route.sub))
    return action(ctx, req, res, route, verb);
  switch (verb) {
    case 'get': {
      const obj = api.get(info, ns, name!);
      send(res, 200, table ? tableOf([obj], obj.metadata.resourceVersion) : obj);
      return;
    }
    case 'list': {
      const limit = Number(q.get('limit') ?? 0);
      const out = api.list(info, ns, {
        labelSelector: q.get('labelSelector'),
        fieldSelector: q.get('fieldSelector'),
        limit,
        continue: q.get('continue'),
      });
      if (table) {
        send(res, 200, tableOf(out.items, out.rv, out.continue));
        return;
      }
      const metadata: KubeObject = { resourceVersion: out.rv };
      if (out.continue) {
        metadata.continue = out.continue;
        metadata.remainingItemCount = out.remaining;
      }
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      send(res, 200, { kind: `${info.kind}List`, apiVersion, metadata, items: out.items });
      return;
    }
    case 'watch': {
      const m = api.matchers({
        labelSelector: q.get('labelSelector'),
        fieldSelector: q.get('fieldSelector'),
      });
      serveWatch(
        api,
        {
          info,
          ns,
          name,
          label: m.label,
          field: m.field,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
          bookmarks: q.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: q.has('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
          bookmarkIntervalMs: ctx.bookmarkIntervalMs,
          render: (o, first) => (table ? tableOf([o], o.metadata.resourceVersion, undefined, first) : o),
        },
        res,
      );
      return;
    }
    case 'create': {
      if (name) throw errors.methodNotAllowed();
      const body = decodeObject(req, await readBody(req), info.kind);
      const o = writeOpts(req, q, route);
      const obj = api.create(info, ns, body, { ...o, fieldManager: o.fieldManager ?? o.defaultManager });
      send(res, 201, obj);
      return;
    }
    case 'update': {
      if (!name) throw errors.methodNotAllowed();
      const body = decodeObject(req, await readBody(req), info.kind);
      const o = writeOpts(req, q, route);
      send(
        res,
        200,
        api.update(info, ns, name, body, { ...o, fieldManager: o.fieldManager ?? o.defaultManager }),
      );
      return;
    }
    case 'patch': {
      if (!name) throw errors.methodNotAllowed();
      const type = mediaType(req);
      if (!(Object.values(PATCH_TYPES) as string[]).includes(type)) {
        throw errors.unsupportedMediaType(type, Object.values(PATCH_TYPES));
      }
      const raw = (await readBody(req)).toString('utf8');
      const o = writeOpts(req, q, route);
      const fm = type === PATCH_TYPES.apply ? o.fieldManager : (o.fieldManager ?? o.defaultManager);
      const out = api.patch(info, ns, name, type, raw, { ...o, fieldManager: fm });
      send(res, out.created ? 201 : 200, out.object);
      return;
    }
    case 'delete': {
      const opts = deleteOptions(req, await readBody(req), q);
      const out = api.delete(info, ns, name!, opts);
      if (!out.removed) {
        send(res, 202, out.object);
        return;
      }
      if (info.group === '' && (info.resource === 'pods' || info.resource === 'namespaces'))
        send(res, 200, out.object);
      else {
        send(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            group: info.group || undefined,
            kind: info.resource,
            uid: out.object.metadata.uid,
          },
        });
      }
      return;
    }
    case 'deletecollection': {
      const opts = deleteOptions(req, await readBody(req), q);
      const listed = api.list(info, ns, {
        labelSelector: q.get('labelSelector'),
        fieldSelector: q.get('fieldSelector'),
      });
      const items = listed.items.map(
        (o) => api.delete(info, o.metadata.namespace, o.metadata.name, opts).object,
      );
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      send(res, 200, {
        kind: `${info.kind}List`,
        apiVersion,
        metadata: { resourceVersion: String(api.store.resourceVersion) },
        items,
      });
      return;
    }
    default:
      throw errors.methodNotAllowed();
  }
}

function deleteOptions(req: IncomingMessage, buf: Buffer, q: URLSearchParams) {
  let body: KubeObject = {};
  const raw = buf.toString('utf8');
  if (mediaType(req) === PROTOBUF_TYPE && buf.length > 0) body = decodeProtobuf(buf);
  else if (raw.trim()) {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw errors.badRequest(`error decoding DeleteOptions: ${(err as Error).message}`);
    }
  }
  const dry = [...(body.dryRun ?? []), ...q.getAll('dryRun')];
  return {
    dryRun: dry.includes('All'),
    propagationPolicy:
      body.propagationPolicy ??
      q.get('propagationPolicy') ??
      (body.orphanDependents === true ? 'Orphan' : undefined),
    preconditions: body.preconditions,
  };
}

/**
 * The create-only endpoints: `pods/NAME/eviction`, `serviceaccounts/NAME/token` and the
 * authorization reviews (virtual resources whose only verb is `create`).
 */
async function action(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  verb: string,
): Promise<void> {
  const { info, ns, name, sub } = route;
  if (verb !== 'create') throw errors.methodNotAllowed();
  const kind = info.actions?.find((a) => a.name === sub)?.kind ?? info.kind;
  const body = decodeObject(req, await readBody(req), kind) ?? {};
  if (sub === 'eviction') send(res, 201, evictPod(ctx.api, info, ns, name!, body));
  else if (sub === 'token') send(res, 201, tokenRequest(ctx.api, info, ns, name!, body, ctx.now()));
  else if (!sub && !name && info.virtual) send(res, 201, review(info, body));
  else throw errors.methodNotAllowed();
}

/** The annotation whose text a sandbox pod's log holds (no containers run here). */
export const POD_LOG_ANNOTATION = 'sandbox.bosun.dev/log';

/**
 * `pods/NAME/log` (kubectl logs, helm test --logs): no container runs in the sandbox, so a pod's
 * log is the text of its `sandbox.bosun.dev/log` annotation (copied from the pod template by
 * the workload controllers), else empty.
 */
function podLog(ctx: HandlerContext, res: ServerResponse, route: Route, verb: string): void {
  if (verb !== 'get') throw errors.methodNotAllowed();
  const pod = ctx.api.get(route.info, route.ns, route.name!);
  const text = pod.metadata.annotations?.[POD_LOG_ANNOTATION];
  send(res, 200, typeof text === 'string' ? text : '', 'text/plain');
}

async function scale(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  verb: string,
): Promise<void> {
  const { api } = ctx;
  const obj = api.get(route.info, route.ns, route.name!);
  const toScale = (o: KubeObject) => ({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: selectorString(o.spec?.selector) },
  });
  if (verb === 'get') {
    send(res, 200, toScale(obj));
    return;
  }
  const raw = (await readBody(req)).toString('utf8');
  let replicas: unknown;
  try {
    const body = JSON.parse(raw);
    replicas = verb === 'patch' ? (body.spec?.replicas ?? obj.spec?.replicas) : body.spec?.replicas;
  } catch (err) {
    throw errors.badRequest((err as Error).message);
  }
  if (typeof replicas !== 'number') throw errors.badRequest('spec.replicas must be a number');
  const out = api.patch(
    route.info,
    route.ns,
    route.name!,
    PATCH_TYPES.merge,
    JSON.stringify({ spec: { replicas } }),
    { fieldManager: 'kubectl-scale' },
  );
  send(res, 200, toScale(out.object));
}

function selectorString(sel: any): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
