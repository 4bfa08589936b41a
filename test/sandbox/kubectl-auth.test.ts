/**
 * The real kubectl v1.35.2 against the sandbox's create-only endpoints: `kubectl create token`
 * (serviceaccounts/NAME/token), `kubectl auth can-i` (SelfSubjectAccessReview and, with --list,
 * SelfSubjectRulesReview), `kubectl auth whoami` (SelfSubjectReview) and pod eviction (`kubectl drain`, and the raw policy/v1 Eviction POST).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;

const setup = `apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: team}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely, namespace: team}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

beforeAll(async () => {
  t = await startTestSandbox();
  const r = await t.kubectl(['apply', '-f', '-'], { input: setup });
  expect(r.stderr).toBe('');
  const w = await t.kubectl(['-n', 'team', 'rollout', 'status', 'deployment/web', '--timeout=30s']);
  expect(w.code, w.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('kubectl create token', () => {
  test('prints a JWT-shaped token for an existing service account (default 1h)', async () => {
    const r = await t.kubectl(['-n', 'team', 'create', 'token', 'robot']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const c = claims(token);
    expect(c.sub).toBe('system:serviceaccount:team:robot');
    expect(c.exp - c.iat).toBe(3600);
  });

  test('honours --duration and --audience', async () => {
    const r = await t.kubectl([
      '-n',
      'team',
      'create',
      'token',
      'robot',
      '--duration=2h',
      '--audience=vault',
      '-o',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const tr = JSON.parse(r.stdout);
    expect(tr.kind).toBe('TokenRequest');
    expect(tr.spec.expirationSeconds).toBe(7200);
    expect(tr.spec.audiences).toEqual(['vault']);
    const c = claims(tr.status.token);
    expect(c.exp - c.iat).toBe(7200);
    expect(Date.parse(tr.status.expirationTimestamp) / 1000).toBe(c.exp);
  });

  test.for([
    ['missing service account', ['create', 'token', 'ghost'], 'serviceaccounts "ghost" not found'],
    [
      'too short a duration',
      ['create', 'token', 'robot', '--duration=1m'],
      'may not specify a duration less than 10 minutes',
    ],
  ] as const)('%s fails', async ([, args, message]) => {
    const r = await t.kubectl(['-n', 'team', ...args]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });
});

describe('kubectl auth can-i', () => {
  test.for([
    ['create pods', ['auth', 'can-i', 'create', 'pods', '-n', 'team']],
    ['delete deployments', ['auth', 'can-i', 'delete', 'deployments.apps']],
    ['everything', ['auth', 'can-i', '*', '*']],
  ] as const)('%s → yes', async ([, args]) => {
    const r = await t.kubectl([...args]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('yes');
    expect(r.code).toBe(0);
  });

  test('--list shows wildcard rules', async () => {
    const r = await t.kubectl(['auth', 'can-i', '--list', '-n', 'team']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  test('auth whoami names the sandbox user', async () => {
    const r = await t.kubectl(['auth', 'whoami', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).status.userInfo.username).toBe('bosun-sandbox');
  });

  test('discovery lists the reviews and the create-only subresources', async () => {
    const r = await t.kubectl(['api-resources', '--verbs=create', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'selfsubjectaccessreviews.authorization.k8s.io',
        'selfsubjectrulesreviews.authorization.k8s.io',
      ]),
    );
    const core = await t.http('GET', '/api/v1');
    const names = core.body.resources.map((x: any) => `${x.name} ${x.group}/${x.version} ${x.kind}`);
    expect(names).toContain('pods/eviction policy/v1 Eviction');
    expect(names).toContain('serviceaccounts/token authentication.k8s.io/v1 TokenRequest');
  });
});

describe('eviction', () => {
  test('a raw Eviction deletes the pod; a missing pod is 404', async () => {
    const path = '/api/v1/namespaces/team/pods/lonely/eviction';
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'lonely', namespace: 'team' },
      deleteOptions: { dryRun: ['All'] },
    };
    const dry = await t.http('POST', path, body);
    expect(dry.status).toBe(201);
    expect((await t.http('GET', '/api/v1/namespaces/team/pods/lonely')).status).toBe(200);
    const real = await t.http('POST', path, { ...body, deleteOptions: {} });
    expect(real.status).toBe(201);
    expect(real.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await t.http('GET', '/api/v1/namespaces/team/pods/lonely')).status).toBe(404);
    const gone = await t.http('POST', path, body);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('pods "lonely" not found');
  });

  test('kubectl drain evicts the node’s pods and cordons it', async () => {
    const nodes = await t.kubectl(['get', 'nodes', '-o', 'name']);
    const node = nodes.stdout.trim().split('\n')[0]!.replace('node/', '');
    const before = await t.kubectl(['-n', 'team', 'get', 'pods', '-l', 'app=web', '-o', 'name']);
    const r = await t.kubectl(
      ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=30s'],
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).not.toContain('error');
    expect(r.code, r.stderr).toBe(0);
    for (const pod of before.stdout.trim().split('\n')) expect(r.stdout).toContain(`${pod} evicted`);
    expect(r.stdout).toContain(`node/${node} drained`);
    const spec = await t.kubectl(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}']);
    expect(spec.stdout).toBe('true');
    const un = await t.kubectl(['uncordon', node]);
    expect(un.code, un.stderr).toBe(0);
  }, 90_000);
});
