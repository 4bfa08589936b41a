/**
 * The verbs of the Kubernetes API on top of the store: get, list, create, update, patch (JSON
 * merge, JSON patch, strategic merge, apply), delete and deletecollection, with the metadata
 * bookkeeping the real API server does (uid, creationTimestamp, generation, resourceVersion
 * preconditions, managedFields, finalizers and deletionTimestamp, status subresources, dryRun).
 */
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { type Allocator, applyDefaults } from './defaults.js';
import { ApiError, errors } from './errors.js';
import { serverSideApply, trackUpdate } from './managed.js';
import { clone, isObj, jsonPatch, mergePatch } from './patch.js';
import { gvString, infoFromCrd, type Registry, type ResourceInfo } from './resources.js';
import { type Matcher, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { grKey, type KubeObject, type Store } from './store.js';
import { strategicMerge } from './strategic.js';
import { checkStoredSize, validateObject } from './validate.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  subresource?: string;
  force?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continue?: string | null;
}

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

export interface ApiDeps {
  store: Store;
  registry: Registry;
  now: () => Date;
  random: () => number;
}

export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export class Api implements Allocator {
  readonly store: Store;
  readonly registry: Registry;
  private readonly now: () => Date;
  private readonly random: () => number;
  private nextIP = 1;
  private nextNodePort = 30000;

  constructor(deps: ApiDeps) {
    this.store = deps.store;
    this.registry = deps.registry;
    this.now = deps.now;
    this.random = deps.random;
    for (const svc of this.store.list('/services')) this.reserveIP(svc.spec?.clusterIP);
    for (const crd of this.store.list('apiextensions.k8s.io/customresourcedefinitions'))
      this.registerCrd(crd);
  }

  clusterIP(): string {
    const n = this.nextIP++;
    return `10.96.${(n >> 8) & 0xff}.${n & 0xff}`;
  }

  nodePort(): number {
    return this.nextNodePort++;
  }

  private reserveIP(ip: unknown): void {
    const m = typeof ip === 'string' ? /^10\.96\.(\d+)\.(\d+)$/.exec(ip) : null;
    if (m) this.nextIP = Math.max(this.nextIP, Number(m[1]) * 256 + Number(m[2]) + 1);
  }

  randomSuffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(this.random() * NAME_CHARS.length)];
    return s;
  }

  timestamp(): string {
    return timestamp(this.now());
  }

  /** The object as a client of `info`'s version sees it. */
  present(info: ResourceInfo, obj: KubeObject): KubeObject {
    const apiVersion = gvString(info.group, info.version);
    if (obj.apiVersion === apiVersion && obj.kind === info.kind) return obj;
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    return { apiVersion, kind: info.kind, ...rest };
  }

  get(info: ResourceInfo, ns: string | undefined, name: string): KubeObject {
    const obj = this.store.get(grKey(info.group, info.resource), info.namespaced ? ns : undefined, name);
    if (!obj) throw errors.notFound(info.resource, info.group, name);
    return this.present(info, obj);
  }

  list(
    info: ResourceInfo,
    ns: string | undefined,
    opts: ListOptions,
  ): { items: KubeObject[]; rv: string; continue?: string; remaining?: number } {
    const label = parseLabelSelector(opts.labelSelector);
    const field = parseFieldSelector(opts.fieldSelector);
    const rv = String(this.store.resourceVersion);
    let items = this.store.list(grKey(info.group, info.resource), info.namespaced ? ns : undefined);
    items = items.filter((o) => (!label || label(o)) && (!field || field(o)));
    const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    if (opts.continue) {
      let after: string;
      try {
        after = JSON.parse(Buffer.from(opts.continue, 'base64').toString('utf8')).after;
        if (typeof after !== 'string') throw new Error('bad token');
      } catch {
        throw errors.badRequest('continue key is not valid: illegal base64 data');
      }
      items = items.filter((o) => keyOf(o) > after);
    }
    if (opts.limit && opts.limit > 0 && items.length > opts.limit) {
      const page = items.slice(0, opts.limit);
      const token = Buffer.from(JSON.stringify({ after: keyOf(page[page.length - 1]!), rv })).toString(
        'base64',
      );
      return {
        items: page.map((o) => this.present(info, o)),
        rv,
        continue: token,
        remaining: items.length - opts.limit,
      };
    }
    return { items: items.map((o) => this.present(info, o)), rv };
  }

  matchers(opts: ListOptions): { label?: Matcher; field?: Matcher } {
    return { label: parseLabelSelector(opts.labelSelector), field: parseFieldSelector(opts.fieldSelector) };
  }

  private checkIdentity(info: ResourceInfo, ns: string | undefined, body: KubeObject): void {
    const want = gvString(info.group, info.version);
    if (
      body.apiVersion !== undefined &&
      body.apiVersion !== want &&
      !this.registry.forKind(body.apiVersion, info.kind)
    ) {
      throw errors.badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${want})`,
      );
    }
    if (body.kind !== undefined && body.kind !== info.kind) {
      throw errors.badRequest(
        `the kind in the data (${body.kind}) does not match the expected kind (${info.kind})`,
      );
    }
    if (!isObj(body.metadata)) body.metadata = {};
    if (info.namespaced) {
      if (body.metadata.namespace && ns && body.metadata.namespace !== ns) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      body.metadata.namespace = ns ?? body.metadata.namespace;
      if (!body.metadata.namespace) throw errors.badRequest('the namespace of the object is required');
    } else delete body.metadata.namespace;
  }

  private checkNamespace(info: ResourceInfo, ns: string | undefined): void {
    if (!info.namespaced || !ns) return;
    const nsObj = this.store.get('/namespaces', undefined, ns);
    if (!nsObj) throw errors.notFound('namespaces', '', ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `${info.resource}${info.group ? `.${info.group}` : ''} "${''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          causes: [
            {
              type: 'NamespaceTerminating',
              message: `namespace ${ns} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  create(info: ResourceInfo, ns: string | undefined, body: KubeObject, opts: WriteOptions): KubeObject {
    if (!isObj(body)) throw errors.badRequest('the body of the request must be a JSON object');
    const obj = clone(body);
    this.checkIdentity(info, ns, obj);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.randomSuffix()}`;
    this.checkNamespace(info, meta.namespace);
    if (meta.name && this.store.get(grKey(info.group, info.resource), meta.namespace, meta.name)) {
      throw errors.alreadyExists(info.resource, info.group, meta.name);
    }
    for (const k of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'])
      delete meta[k];
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamp();
    if (info.generation) meta.generation = 1;
    else delete meta.generation;
    if (info.status && !info.custom) delete obj.status;
    if (info.status && info.custom) delete obj.status;
    obj.apiVersion = gvString(info.group, info.version);
    obj.kind = info.kind;
    if (opts.fieldManager !== undefined || meta.managedFields === undefined) {
      delete meta.managedFields;
      trackUpdate(undefined, obj, this.managerCtx(info, opts, 'Update'));
    }
    applyDefaults(info, obj, undefined, this);
    return this.commit(info, undefined, obj, opts);
  }

  private managerCtx(info: ResourceInfo, opts: WriteOptions, _op: string) {
    return {
      manager: opts.fieldManager || 'unknown',
      apiVersion: gvString(info.group, info.version),
      now: this.timestamp(),
      custom: info.custom,
      subresource: opts.subresource,
    };
  }

  update(
    info: ResourceInfo,
    ns: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    if (!isObj(body)) throw errors.badRequest('the body of the request must be a JSON object');
    const gr = grKey(info.group, info.resource);
    const old = this.store.get(gr, info.namespaced ? ns : undefined, name);
    if (!old) throw errors.notFound(info.resource, info.group, name);
    const obj = clone(body);
    this.checkIdentity(info, ns, obj);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
      throw errors.modified(info.resource, info.group, name);
    return this.finishUpdate(info, old, obj, opts);
  }

  private finishUpdate(
    info: ResourceInfo,
    old: KubeObject,
    obj: KubeObject,
    opts: WriteOptions,
    tracked = false,
  ): KubeObject {
    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = { ...clone(old), status: obj.status };
      if (obj.metadata?.managedFields !== undefined) next.metadata.managedFields = obj.metadata.managedFields;
    } else {
      next = obj;
      next.metadata.name = old.metadata.name;
      if (old.metadata.namespace) next.metadata.namespace = old.metadata.namespace;
      else delete next.metadata.namespace;
      for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
        if (old.metadata[k] !== undefined) next.metadata[k] = old.metadata[k];
        else delete next.metadata[k];
      }
      if (next.metadata.managedFields === undefined && old.metadata.managedFields) {
        next.metadata.managedFields = old.metadata.managedFields;
      }
      if (info.status) {
        if (old.status !== undefined) next.status = old.status;
        else delete next.status;
      }
      next.apiVersion = gvString(info.group, info.version);
      next.kind = info.kind;
      applyDefaults(info, next, old, this);
      if (info.generation) {
        next.metadata.generation = old.metadata.generation ?? 1;
        if (specChanged(old, next)) next.metadata.generation++;
      }
    }
    if (!tracked) trackUpdate(old, next, this.managerCtx(info, opts, 'Update'));
    return this.commit(info, old, next, opts);
  }

  patch(
    info: ResourceInfo,
    ns: string | undefined,
    name: string,
    type: string,
    raw: string,
    opts: WriteOptions,
  ): { object: KubeObject; created: boolean } {
    const gr = grKey(info.group, info.resource);
    const old = this.store.get(gr, info.namespaced ? ns : undefined, name);
    let patch: unknown;
    try {
      patch = type === PATCH_TYPES.apply ? parseApplyBody(raw) : JSON.parse(raw);
    } catch (err) {
      throw errors.badRequest(`error decoding patch: ${(err as Error).message}`);
    }
    if (type === PATCH_TYPES.apply) {
      if (!isObj(patch))
        throw errors.badRequest('error decoding YAML: the apply configuration must be an object');
      if (!opts.fieldManager)
        throw new ApiError(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      this.checkIdentity(info, ns, patch);
      if (patch.metadata?.name !== undefined && patch.metadata.name !== name) {
        throw errors.badRequest(
          `the name of the object (${patch.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      const rv = patch.metadata?.resourceVersion;
      if (old && rv && rv !== old.metadata.resourceVersion)
        throw errors.modified(info.resource, info.group, name);
      const ctx = {
        ...this.managerCtx(info, opts, 'Apply'),
        force: !!opts.force,
        resource: info.resource,
        group: info.group,
      };
      if (!old) {
        if (opts.subresource) throw errors.notFound(info.resource, info.group, name);
        const body = serverSideApply(undefined, { ...patch, metadata: { ...patch.metadata, name } }, ctx);
        body.metadata.name = name;
        const created = this.create(info, ns, body, { ...opts, fieldManager: undefined });
        return { object: created, created: true };
      }
      const next = serverSideApply(old, patch, ctx);
      return { object: this.finishUpdate(info, old, next, opts, true), created: false };
    }
    if (!old) throw errors.notFound(info.resource, info.group, name);
    let next: unknown;
    const base = clone(old);
    switch (type) {
      case PATCH_TYPES.merge:
        next = mergePatch(base, patch);
        break;
      case PATCH_TYPES.json:
        next = jsonPatch(base, patch);
        break;
      case PATCH_TYPES.strategic:
        if (info.custom) {
          throw new ApiError(
            415,
            'UnsupportedMediaType',
            'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
          );
        }
        next = strategicMerge(base, patch);
        break;
      default:
        throw errors.unsupportedMediaType(type, Object.values(PATCH_TYPES));
    }
    if (!isObj(next)) throw errors.badRequest('the patch did not produce an object');
    const obj = next as KubeObject;
    if (!isObj(obj.metadata)) obj.metadata = {};
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw errors.modified(info.resource, info.group, name);
    this.checkIdentity(info, ns, obj);
    return { object: this.finishUpdate(info, old, obj, opts), created: false };
  }

  delete(
    info: ResourceInfo,
    ns: string | undefined,
    name: string,
    opts: DeleteOptions,
  ): { object: KubeObject; removed: boolean } {
    const gr = grKey(info.group, info.resource);
    const old = this.store.get(gr, info.namespaced ? ns : undefined, name);
    if (!old) throw errors.notFound(info.resource, info.group, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw errors.conflict(
        info.resource,
        info.group,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw errors.conflict(
        info.resource,
        info.group,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    const finalizers: string[] = [...(old.metadata.finalizers ?? [])];
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const nsFinalizers =
      info.group === '' && info.resource === 'namespaces' ? (old.spec?.finalizers ?? []) : [];
    if (finalizers.length > 0 || nsFinalizers.length > 0) {
      if (old.metadata.deletionTimestamp && finalizers.length === (old.metadata.finalizers ?? []).length) {
        return { object: this.present(info, old), removed: false };
      }
      const next = clone(old);
      next.metadata.finalizers = finalizers.length > 0 ? finalizers : undefined;
      if (!next.metadata.finalizers) delete next.metadata.finalizers;
      next.metadata.deletionTimestamp ??= this.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (nsFinalizers.length > 0) next.status = { ...next.status, phase: 'Terminating' };
      if (opts.dryRun) return { object: this.present(info, next), removed: false };
      return { object: this.present(info, this.store.put(gr, next)), removed: false };
    }
    if (opts.dryRun) return { object: this.present(info, old), removed: true };
    const gone = this.store.remove(gr, old.metadata.namespace, name)!;
    if (info.resource === 'customresourcedefinitions' && info.group === 'apiextensions.k8s.io')
      this.unregisterCrd(gone);
    return { object: this.present(info, gone), removed: true };
  }

  /** Stores the result of a write, or finishes a deletion whose last finalizer went away. */
  private commit(
    info: ResourceInfo,
    old: KubeObject | undefined,
    next: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    validateObject(info, next);
    if (info.resource === 'customresourcedefinitions' && info.group === 'apiextensions.k8s.io')
      this.crdStatus(next);
    const gr = grKey(info.group, info.resource);
    const serialized = JSON.stringify(next).length;
    checkStoredSize(serialized);
    if (opts.dryRun) {
      const out = clone(next);
      if (old) out.metadata.resourceVersion = old.metadata.resourceVersion;
      return this.present(info, out);
    }
    if (old && next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      const nsFin = info.resource === 'namespaces' && info.group === '' ? (next.spec?.finalizers ?? []) : [];
      if (nsFin.length === 0) {
        this.store.put(gr, next);
        const gone = this.store.remove(gr, next.metadata.namespace, next.metadata.name)!;
        if (info.resource === 'customresourcedefinitions') this.unregisterCrd(gone);
        return this.present(info, gone);
      }
    }
    const stored = this.store.put(gr, next);
    if (info.resource === 'customresourcedefinitions' && info.group === 'apiextensions.k8s.io')
      this.registerCrd(stored);
    if (info.group === '' && info.resource === 'services') this.reserveIP(stored.spec?.clusterIP);
    return this.present(info, stored);
  }

  private crdStatus(crd: KubeObject): void {
    const info = infoFromCrd(crd);
    if (!info) {
      throw errors.invalid('CustomResourceDefinition', 'apiextensions.k8s.io', crd.metadata.name, [
        {
          field: 'spec',
          message:
            'Required value: group, names.plural, names.kind and at least one served version are required',
        },
      ]);
    }
    if (crd.metadata.name !== `${info.resource}.${info.group}`) {
      throw errors.invalid('CustomResourceDefinition', 'apiextensions.k8s.io', crd.metadata.name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group`,
        },
      ]);
    }
    const t = this.timestamp();
    const cond = (type: string, reason: string, message: string) => ({
      type,
      status: 'True',
      lastTransitionTime: t,
      reason,
      message,
    });
    const prev = crd.status?.storedVersions ?? [];
    crd.status = {
      conditions: [
        cond('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        cond('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      acceptedNames: { ...crd.spec.names, singular: info.singular },
      storedVersions: prev.includes(info.version) ? prev : [...prev, info.version],
    };
  }

  private registerCrd(crd: KubeObject): void {
    const info = infoFromCrd(crd);
    if (!info) return;
    this.registry.removeGroupResource(info.group, info.resource);
    this.registry.add(info);
  }

  private unregisterCrd(crd: KubeObject): void {
    const info = infoFromCrd(crd);
    if (!info) return;
    this.registry.removeGroupResource(info.group, info.resource);
    const gr = grKey(info.group, info.resource);
    for (const o of this.store.list(gr)) this.store.remove(gr, o.metadata.namespace, o.metadata.name);
  }

  /** Controllers: store a changed object as the server itself (no field manager, no defaults). */
  writeSystem(info: ResourceInfo, next: KubeObject, manager = 'sandbox-controller'): KubeObject | undefined {
    const gr = grKey(info.group, info.resource);
    const old = this.store.get(gr, next.metadata.namespace, next.metadata.name);
    if (!old) return undefined;
    if (JSON.stringify(old) === JSON.stringify(next)) return old;
    const sub =
      info.status &&
      JSON.stringify({ ...old, status: undefined }) === JSON.stringify({ ...next, status: undefined })
        ? 'status'
        : undefined;
    const obj = clone(next);
    trackUpdate(old, obj, {
      manager,
      apiVersion: gvString(info.group, info.version),
      now: this.timestamp(),
      custom: info.custom,
      subresource: sub,
    });
    return this.commit(info, old, obj, {});
  }
}

function specChanged(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(old) !== strip(next);
}

function parseApplyBody(raw: string): unknown {
  const t = raw.trimStart();
  if (t.startsWith('{')) return JSON.parse(raw);
  return parseYaml(raw);
}
