/**
 * The real kubectl v1.35.2 against the sandbox over HTTPS: client-side and server-side apply of
 * a multi-document manifest (with a CRD and a custom resource), re-apply with changes, get,
 * rollout status, wait, get --watch, SSA conflicts and namespace deletion.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oracles, spawnWatcher, startTestSandbox, type TestSandbox } from './support.js';

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

function manifest(o: { greeting: string; replicas: number; size: number; image: string }): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  greeting: ${o.greeting}
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  namespace: shop
stringData:
  password: s3cret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: ${o.replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${o.image}
        ports: [{containerPort: 80}]
        env: [{name: GREETING, value: ${o.greeting}}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
${crd}---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: shop
spec:
  size: ${o.size}
`;
}

let t: TestSandbox;
let file: string;

beforeAll(async () => {
  t = await startTestSandbox();
  file = join(t.dir, 'app.yaml');
});
afterAll(async () => {
  await t?.close();
});

describe('kubectl v1.35.2', () => {
  test('apply (client-side) of a multi-document manifest', async () => {
    // As on a real cluster, a custom resource can only be mapped once its CRD is installed.
    writeFileSync(join(t.dir, 'crd.yaml'), crd);
    const c = await t.kubectl(['apply', '-f', join(t.dir, 'crd.yaml')]);
    expect(c.stderr).toBe('');
    expect(c.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    writeFileSync(file, manifest({ greeting: 'hello', replicas: 2, size: 3, image: 'nginx:1.27' }));
    const r = await t.kubectl(['apply', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'namespace/shop created',
      'configmap/web-config created',
      'secret/web-secret created',
      'deployment.apps/web created',
      'service/web created',
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged',
      'widget.example.com/w1 created',
      '',
    ]);
  });

  test('re-apply with a change, then get -o yaml', async () => {
    writeFileSync(file, manifest({ greeting: 'bonjour', replicas: 3, size: 4, image: 'nginx:1.28' }));
    const r = await t.kubectl(['apply', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('configmap/web-config configured');
    expect(r.stdout).toContain('deployment.apps/web configured');
    expect(r.stdout).toContain('service/web unchanged');
    expect(r.stdout).toContain('widget.example.com/w1 configured');
    const y = await t.kubectl(['get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml']);
    expect(y.code).toBe(0);
    expect(y.stdout).toMatch(/replicas: 3/);
    expect(y.stdout).toMatch(/image: nginx:1.28/);
    expect(y.stdout).toMatch(/value: bonjour/);
    const w = await t.kubectl(['get', 'wd', 'w1', '-n', 'shop', '-o', 'jsonpath={.spec.size}']);
    expect(w.stdout).toBe('4');
  });

  test('rollout status, wait --for=condition=Available, get pods', async () => {
    const rs = await t.kubectl(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=30s']);
    expect(rs.stderr).toBe('');
    expect(rs.stdout).toContain('deployment "web" successfully rolled out');
    const w = await t.kubectl([
      'wait',
      '--for=condition=Available',
      'deploy/web',
      '-n',
      'shop',
      '--timeout=30s',
    ]);
    expect(w.stdout).toBe('deployment.apps/web condition met\n');
    const p = await t.kubectl(['get', 'pods', '-n', 'shop']);
    expect(p.code).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1)).toHaveLength(3);
    for (const l of lines.slice(1)) expect(l).toMatch(/^web-\w+-\w{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
    const wd = await t.kubectl(['get', 'widgets', '-n', 'shop']);
    expect(wd.stdout).toMatch(/^NAME\s+SIZE\nw1\s+4\n$/);
  });

  test('apply --server-side, field ownership and conflicts', async () => {
    writeFileSync(file, manifest({ greeting: 'hallo', replicas: 2, size: 5, image: 'nginx:1.28' }));
    const r = await t.kubectl(['apply', '--server-side', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(7);
    for (const l of r.stdout.trim().split('\n')) expect(l).toMatch(/ serverside-applied$/);
    const mf = await t.kubectl([
      'get',
      'cm',
      'web-config',
      '-n',
      'shop',
      '-o',
      'json',
      '--show-managed-fields',
    ]);
    const cm = JSON.parse(mf.stdout);
    expect(cm.data.greeting).toBe('hallo');
    expect(cm.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`)).toContain(
      'kubectl/Apply',
    );
    // another manager that wants a different value conflicts …
    const other = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config, namespace: shop}\ndata: {greeting: other}\n`;
    const c = await t.kubectl(['apply', '--server-side', '--field-manager=intruder', '-f', '-'], {
      input: other,
    });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.greeting',
    );
    // … until it forces
    const f = await t.kubectl(
      ['apply', '--server-side', '--field-manager=intruder', '--force-conflicts', '-f', '-'],
      { input: other },
    );
    expect(f.stdout).toBe('configmap/web-config serverside-applied\n');
    // a manager that stops applying a field removes it
    const first = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, namespace: shop}\ndata: {a: "1", b: "2"}\n`;
    const second = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, namespace: shop}\ndata: {a: "1"}\n`;
    await t.kubectl(['apply', '--server-side', '-f', '-'], { input: first });
    await t.kubectl(['apply', '--server-side', '-f', '-'], { input: second });
    const g = await t.kubectl(['get', 'cm', 'owned', '-n', 'shop', '-o', 'jsonpath={.data}']);
    expect(JSON.parse(g.stdout)).toEqual({ a: '1' });
  });

  test('get --watch sees a change', async () => {
    const w = spawnWatcher(
      oracles().kubectl,
      [
        '--kubeconfig',
        t.sb.kubeconfigPath,
        'get',
        'cm',
        'web-config',
        '-n',
        'shop',
        '--watch',
        '-o',
        'jsonpath={.data.greeting}{"\\n"}',
      ],
      t.env,
    );
    try {
      await w.waitFor(/other/);
      const p = await t.kubectl([
        'patch',
        'cm',
        'web-config',
        '-n',
        'shop',
        '--type=merge',
        '-p',
        '{"data":{"greeting":"watched"}}',
      ]);
      expect(p.stdout).toBe('configmap/web-config patched\n');
      await w.waitFor(/watched/);
    } finally {
      w.child.kill();
    }
  });

  test('create namespace (kubectl sends it as protobuf) and create configmap in it', async () => {
    const c = await t.kubectl(['create', 'namespace', 'made-by-kubectl', '--dry-run=none']);
    expect(c.stderr).toBe('');
    expect(c.stdout).toBe('namespace/made-by-kubectl created\n');
    const cm = await t.kubectl(['create', 'configmap', 'c', '--from-literal=a=b', '-n', 'made-by-kubectl']);
    expect(cm.stdout).toBe('configmap/c created\n');
    const g = await t.kubectl(['get', 'ns', 'made-by-kubectl', '-o', 'jsonpath={.status.phase}']);
    expect(g.stdout).toBe('Active');
  });

  test('delete ns removes the namespace and its objects', async () => {
    const d = await t.kubectl(['delete', 'ns', 'shop', '--timeout=30s']);
    expect(d.stderr).toBe('');
    expect(d.stdout).toBe('namespace "shop" deleted\n');
    const g = await t.kubectl(['get', 'ns', 'shop']);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain('Error from server (NotFound): namespaces "shop" not found');
    const all = await t.kubectl(['get', 'deploy,cm,secret,svc,pods,widgets', '-A', '-o', 'name']);
    expect(all.stdout.split('\n').filter((l) => l.includes('web') || l.includes('w1'))).toEqual([]);
  });
});
