/**
 * kubectl v1.35.2's imperative commands against the sandbox. Most of them send their object as
 * protobuf (`application/vnd.kubernetes.protobuf`); each case runs the command with
 * `--dry-run=client -o json` (the object kubectl builds), then for real through a recording
 * proxy: the protobuf body it sent must decode to exactly that object, and reading the stored
 * object back must show everything kubectl built unchanged (the server may add defaults and
 * status). A second table runs the commands that modify existing objects.
 */
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeProtobuf } from '../../src/sandbox/protobuf.js';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
let proxy: Server;
let proxyUrl = '';
/** Protobuf request bodies kubectl sent through the recording proxy, oldest first. */
const protobufBodies: Buffer[] = [];

/**
 * A plain-HTTP proxy in front of the sandbox that records protobuf request bodies (kubectl sends
 * no bearer token over plain HTTP, so the proxy adds it).
 */
function startProxy(): Promise<void> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers['content-type']).includes('protobuf')) protobufBodies.push(body);
      const up = httpsRequest(
        new URL(req.url ?? '/', t.sb.url),
        {
          method: req.method,
          headers: { ...req.headers, host: new URL(t.sb.url).host, authorization: `Bearer ${t.sb.token}` },
          ca: t.sb.caPem,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', (e) => res.writeHead(502).end(String(e)));
      up.end(body);
    });
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => {
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  t = await startTestSandbox();
  await startProxy();
});

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await t?.close();
});

/** Drops nulls (Go's zero metav1.Time prints as null; the server does not keep it). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
    return out;
  }
  return v;
}

/** Paths where `built` has something `stored` lacks or holds differently. */
function missing(built: unknown, stored: unknown, path = ''): string[] {
  if (built && typeof built === 'object' && !Array.isArray(built)) {
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return [path];
    return Object.entries(built).flatMap(([k, v]) =>
      missing(v, (stored as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  if (Array.isArray(built)) {
    if (!Array.isArray(stored) || stored.length !== built.length) return [path];
    return built.flatMap((v, i) => missing(v, stored[i], `${path}[${i}]`));
  }
  return built === stored ? [] : [`${path}: ${JSON.stringify(built)} != ${JSON.stringify(stored)}`];
}

// [name, kubectl args, resource/name to read back]
const creates: [string, string[], string][] = [
  ['deployment', ['create', 'deployment', 'd', '--image=nginx', '--replicas=2', '--port=80'], 'deployment/d'],
  [
    'deployment with zero replicas',
    ['create', 'deployment', 'z', '--image=nginx', '--replicas=0'],
    'deployment/z',
  ],
  ['job', ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'], 'job/j'],
  [
    'cronjob',
    ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure'],
    'cronjob/cj',
  ],
  ['job from cronjob', ['create', 'job', 'j2', '--from=cronjob/cj'], 'job/j2'],
  [
    'service clusterip',
    ['create', 'service', 'clusterip', 's1', '--tcp=80:8080', '--tcp=443:https'],
    'service/s1',
  ],
  ['service headless', ['create', 'service', 'clusterip', 'sh', '--clusterip=None'], 'service/sh'],
  [
    'service nodeport',
    ['create', 'service', 'nodeport', 's2', '--tcp=80:8080', '--node-port=30080'],
    'service/s2',
  ],
  ['service loadbalancer', ['create', 'service', 'loadbalancer', 's3', '--tcp=80:8080'], 'service/s3'],
  [
    'service externalname',
    ['create', 'service', 'externalname', 's4', '--external-name=x.example.com'],
    'service/s4',
  ],
  ['serviceaccount', ['create', 'serviceaccount', 'sa'], 'serviceaccount/sa'],
  ['role', ['create', 'role', 'r', '--verb=get,list', '--resource=pods,deployments.apps'], 'role/r'],
  [
    'rolebinding',
    ['create', 'rolebinding', 'rb', '--role=r', '--user=u', '--serviceaccount=default:sa'],
    'rolebinding/rb',
  ],
  [
    'clusterrole',
    ['create', 'clusterrole', 'cr', '--verb=get', '--resource=nodes', '--non-resource-url=/logs/*'],
    'clusterrole/cr',
  ],
  ['clusterrole aggregated', ['create', 'clusterrole', 'agg', '--aggregation-rule=a=b'], 'clusterrole/agg'],
  [
    'clusterrolebinding',
    ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--group=g'],
    'clusterrolebinding/crb',
  ],
  [
    'quota',
    ['create', 'quota', 'q', '--hard=pods=10,cpu=1500m,memory=1Gi', '--scopes=NotBestEffort'],
    'resourcequota/q',
  ],
  [
    'priorityclass',
    ['create', 'priorityclass', 'pc', '--value=1000', '--description=d', '--preemption-policy=Never'],
    'priorityclass/pc',
  ],
  [
    'pdb min-available',
    ['create', 'poddisruptionbudget', 'pdb', '--selector=app=x', '--min-available=1'],
    'pdb/pdb',
  ],
  [
    'pdb max-unavailable %',
    ['create', 'poddisruptionbudget', 'pdb2', '--selector=app=x', '--max-unavailable=50%'],
    'pdb/pdb2',
  ],
  [
    'ingress',
    [
      'create',
      'ingress',
      'ing',
      '--class=nginx',
      '--rule=foo.com/bar*=svc1:8080,tls=sec',
      '--default-backend=def:http',
    ],
    'ingress/ing',
  ],
  ['configmap', ['create', 'configmap', 'cm', '--from-literal=a=b'], 'configmap/cm'],
  ['secret', ['create', 'secret', 'generic', 'sec', '--from-literal=a=b', '--type=Opaque'], 'secret/sec'],
  ['namespace', ['create', 'namespace', 'ns1'], 'namespace/ns1'],
  ['expose', ['expose', 'deployment', 'd', '--port=80', '--target-port=8080', '--name=dsvc'], 'service/dsvc'],
  ['autoscale', ['autoscale', 'deployment', 'd', '--min=2', '--max=5', '--cpu=80%'], 'hpa/d'],
  ['run', ['run', 'p', '--image=nginx', '--labels=app=p', '--env=A=B', '--port=80'], 'pod/p'],
];

/** Cases where kubectl sends JSON (it builds an unstructured object); all others send protobuf. */
const SENT_AS_JSON = new Set(['expose', 'run']);

describe('kubectl imperative creates store what kubectl built', () => {
  test.for(creates)('%s', async ([name, args, ref]) => {
    const dash = args.includes('--') ? args.indexOf('--') : args.length;
    const dry = await t.kubectl([
      ...args.slice(0, dash),
      '--dry-run=client',
      '-o',
      'json',
      ...args.slice(dash),
    ]);
    expect(dry.stderr).toBe('');
    const built = withoutNulls(JSON.parse(dry.stdout)) as Record<string, any>;
    const sent = protobufBodies.length;
    const real = await t.kubectl(['--server', proxyUrl, ...args]);
    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    // What kubectl sent as protobuf decodes to exactly the object it printed as JSON.
    expect(protobufBodies.length > sent).toBe(!SENT_AS_JSON.has(name));
    if (protobufBodies.length > sent) {
      const decoded = withoutNulls(decodeProtobuf(protobufBodies.at(-1)!));
      expect(decoded).toEqual(built);
    }
    const got = await t.kubectl(['get', ref, '-o', 'json']);
    expect(got.code).toBe(0);
    const stored = JSON.parse(got.stdout);
    delete built.status;
    expect(missing(built, stored)).toEqual([]);
  });
});

// [name, kubectl args, expected stdout]
const updates: [string, string[], string][] = [
  ['scale', ['scale', 'deployment', 'd', '--replicas=3'], 'deployment.apps/d scaled\n'],
  ['set image', ['set', 'image', 'deployment/d', 'nginx=nginx:2'], 'deployment.apps/d image updated\n'],
  ['set env', ['set', 'env', 'deployment/d', 'A=B'], 'deployment.apps/d env updated\n'],
  [
    'set resources',
    ['set', 'resources', 'deployment', 'd', '--limits=cpu=200m'],
    'deployment.apps/d resource requirements updated\n',
  ],
  [
    'set serviceaccount',
    ['set', 'serviceaccount', 'deployment', 'd', 'sa'],
    'deployment.apps/d serviceaccount updated\n',
  ],
  ['label', ['label', 'deployment', 'd', 'a=b'], 'deployment.apps/d labeled\n'],
  ['annotate', ['annotate', 'deployment', 'd', 'a=b'], 'deployment.apps/d annotated\n'],
  ['rollout restart', ['rollout', 'restart', 'deployment', 'd'], 'deployment.apps/d restarted\n'],
  ['cordon', ['cordon', 'sandbox-node'], 'node/sandbox-node cordoned\n'],
  ['uncordon', ['uncordon', 'sandbox-node'], 'node/sandbox-node uncordoned\n'],
  ['taint', ['taint', 'node', 'sandbox-node', 'k=v:NoSchedule'], 'node/sandbox-node tainted\n'],
  ['delete', ['delete', 'deployment', 'z'], 'deployment.apps "z" deleted from default namespace\n'],
];

describe('kubectl commands that modify objects', () => {
  test.for(updates)('%s', async ([, args, out]) => {
    const r = await t.kubectl(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(out);
  });

  test('debug --copy-to creates the copy (a Pod sent as protobuf)', async () => {
    const sent = protobufBodies.length;
    const r = await t.kubectl([
      '--server',
      proxyUrl,
      'debug',
      'p',
      '--copy-to=p2',
      '--image=busybox',
      '--container=dbg',
      '--',
      'true',
    ]);
    expect(r.stderr).toMatch(/^(--profile=legacy is deprecated.*\n)?$/);
    expect(protobufBodies.length).toBe(sent + 1);
    const sentPod = decodeProtobuf(protobufBodies.at(-1)!);
    const got = JSON.parse((await t.kubectl(['get', 'pod', 'p2', '-o', 'json'])).stdout);
    expect(got.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ['p', 'nginx'],
      ['dbg', 'busybox'],
    ]);
    expect(missing(withoutNulls(sentPod), got)).toEqual([]);
  });

  test('the updates are stored', async () => {
    const r = await t.kubectl(['get', 'deployment', 'd', '-o', 'json']);
    const d = JSON.parse(r.stdout);
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.labels.a).toBe('b');
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('nginx:2');
    expect(c.env).toEqual([{ name: 'A', value: 'B' }]);
    expect(c.resources.limits).toEqual({ cpu: '200m' });
    expect(d.spec.template.spec.serviceAccountName).toBe('sa');
    expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
  });
});
