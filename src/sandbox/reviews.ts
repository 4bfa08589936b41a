/**
 * The create-only endpoints that are not stored objects: `serviceaccounts/NAME/token`
 * (TokenRequest, `kubectl create token`), `pods/NAME/eviction` (policy/v1 Eviction, `kubectl
 * drain`) and the authorization reviews (`kubectl auth can-i`). Each takes the decoded request
 * body and answers the object to send with 201.
 */
import { randomBytes } from 'node:crypto';
import type { Api } from './api.js';
import { errors } from './errors.js';
import type { ResourceInfo } from './resources.js';
import type { KubeObject } from './store.js';

/** The audience a token gets when the request names none (a cluster's API server default). */
export const DEFAULT_TOKEN_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * `POST serviceaccounts/NAME/token`: 404 unless the service account exists, else the request
 * echoed back with `status.token` (an unsigned-in-spirit, JWT-shaped string: the sandbox checks
 * only its own bearer token, so this token authenticates nothing) and `status.expirationTimestamp`.
 */
export function tokenRequest(
  api: Api,
  saInfo: ResourceInfo,
  ns: string | undefined,
  name: string,
  body: KubeObject,
  now: Date,
): KubeObject {
  const sa = api.get(saInfo, ns, name);
  const spec = { ...(body.spec ?? {}) };
  const requested = spec.expirationSeconds;
  const seconds =
    requested === undefined || requested === null ? DEFAULT_EXPIRATION_SECONDS : Number(requested);
  const invalid = (message: string) =>
    errors.invalid('TokenRequest', 'authentication.k8s.io', name, [
      { field: 'spec.expirationSeconds', message: `Invalid value: ${seconds}: ${message}` },
    ]);
  if (seconds < MIN_EXPIRATION_SECONDS) throw invalid('may not specify a duration less than 10 minutes');
  if (seconds > MAX_EXPIRATION_SECONDS) throw invalid('may not specify a duration larger than 2^32 seconds');
  spec.expirationSeconds = seconds;
  if (!Array.isArray(spec.audiences) || spec.audiences.length === 0)
    spec.audiences = [DEFAULT_TOKEN_AUDIENCE];
  if (spec.boundObjectRef === undefined) spec.boundObjectRef = null;
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + seconds;
  const claims = {
    aud: spec.audiences,
    exp,
    iat,
    iss: DEFAULT_TOKEN_AUDIENCE,
    jti: randomBytes(16).toString('hex'),
    'kubernetes.io': {
      namespace: sa.metadata.namespace,
      serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid },
    },
    nbf: iat,
    sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
  };
  const token = `${b64url({ alg: 'RS256', kid: 'bosun-sandbox' })}.${b64url(claims)}.${randomBytes(64).toString('base64url')}`;
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      ...(body.metadata ?? {}),
      name,
      namespace: sa.metadata.namespace,
      creationTimestamp: null,
    },
    spec,
    status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
  };
}

/**
 * `POST pods/NAME/eviction`: deletes the pod with the Eviction's `deleteOptions` and answers a
 * success Status. PodDisruptionBudgets are not consulted (the sandbox evicts unconditionally).
 */
export function evictPod(
  api: Api,
  podInfo: ResourceInfo,
  ns: string | undefined,
  name: string,
  body: KubeObject,
): KubeObject {
  const bodyName = body.metadata?.name;
  if (bodyName && bodyName !== name)
    throw errors.badRequest(`name in URL does not match name in Eviction object`);
  const d = body.deleteOptions ?? {};
  api.delete(podInfo, ns, name, {
    dryRun: Array.isArray(d.dryRun) && d.dryRun.includes('All'),
    propagationPolicy: d.propagationPolicy ?? (d.orphanDependents === true ? 'Orphan' : undefined),
    preconditions: d.preconditions ?? undefined,
  });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

/** Who the sandbox's one bearer token is (`kubectl auth whoami`). */
export const SANDBOX_USER = { username: 'bosun-sandbox', groups: ['system:masters', 'system:authenticated'] };

/**
 * The review endpoints (`authorization.k8s.io/v1` access and rules reviews, `authentication.k8s.io/v1`
 * SelfSubjectReview). The sandbox has no RBAC: its one bearer token may do everything, so every
 * access review is allowed and the rules review lists wildcard rules.
 */
export function review(info: ResourceInfo, body: KubeObject): KubeObject {
  const out: KubeObject = {
    kind: info.kind,
    apiVersion: `${info.group}/${info.version}`,
    metadata: { ...(body.metadata ?? {}), creationTimestamp: null },
  };
  if (info.kind === 'SelfSubjectReview') {
    out.status = { userInfo: SANDBOX_USER };
    return out;
  }
  out.spec = body.spec ?? {};
  if (info.kind === 'SelfSubjectRulesReview') {
    out.status = {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  } else out.status = { allowed: true, reason: 'the bosun sandbox has no RBAC: everything is allowed' };
  return out;
}
