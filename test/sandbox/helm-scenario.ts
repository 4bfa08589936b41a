/**
 * One helm release lifecycle against the sandbox, run by helm-v4.test.ts and helm-v3.test.ts:
 * install --wait (with a hook Job), upgrade, history, rollback, list -A, a failing upgrade that
 * rolls back (--rollback-on-failure / --atomic), a failing install, and uninstall.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeTree } from '../support/oracle.js';
import { startTestSandbox, type TestSandbox } from './support.js';

const chart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n',
  'values.yaml': 'replicas: 2\nimage: nginx:1.27\nfail: ""\nmessage: hello\n',
  'templates/app.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels: {app: {{ .Release.Name }}-web}
spec:
  replicas: {{ .Values.replicas }}
  progressDeadlineSeconds: 4
  selector:
    matchLabels: {app: {{ .Release.Name }}-web}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}-web}
      {{- if .Values.fail }}
      annotations:
        sandbox.bosun.dev/fail: {{ .Values.fail }}
      {{- end }}
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: {app: {{ .Release.Name }}-web}
  ports: [{port: 80, targetPort: 80}]
`,
  'templates/hook.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
        command: [sh, -c, "echo migrate"]
`,
};

export function helmScenario(version: 'v4' | 'v3'): void {
  const rollbackFlag = version === 'v4' ? '--rollback-on-failure' : '--atomic';
  let t: TestSandbox;
  let dir: string;
  const helm = (...args: string[]) => t.helm(version, args);

  beforeAll(async () => {
    t = await startTestSandbox();
    dir = join(t.dir, 'demo');
    writeTree(dir, chart);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe(`helm ${version}`, () => {
    test('install --wait with a hook Job', async () => {
      const r = await helm(
        'install',
        'demo',
        dir,
        '-n',
        'apps',
        '--create-namespace',
        '--wait',
        '--timeout',
        '60s',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^NAME: demo\n/);
      expect(r.stdout).toContain('STATUS: deployed');
      const d = await t.kubectl([
        'get',
        'deploy',
        'demo-web',
        '-n',
        'apps',
        '-o',
        'jsonpath={.status.readyReplicas}',
      ]);
      expect(d.stdout).toBe('2');
      // the hook ran and was deleted on success
      const j = await t.kubectl(['get', 'jobs', '-n', 'apps', '-o', 'name']);
      expect(j.stdout).toBe('');
    });

    test('upgrade, history, rollback, list -A', async () => {
      const u = await helm(
        'upgrade',
        'demo',
        dir,
        '-n',
        'apps',
        '--set',
        'message=bye',
        '--set',
        'replicas=3',
        '--wait',
        '--timeout',
        '60s',
      );
      expect(u.stderr).toBe('');
      expect(u.stdout).toContain('Release "demo" has been upgraded. Happy Helming!');
      const cm = await t.kubectl([
        'get',
        'cm',
        'demo-config',
        '-n',
        'apps',
        '-o',
        'jsonpath={.data.message}',
      ]);
      expect(cm.stdout).toBe('bye');
      const h = await helm('history', 'demo', '-n', 'apps', '-o', 'json');
      expect(JSON.parse(h.stdout).map((x: any) => [x.revision, x.status])).toEqual([
        [1, 'superseded'],
        [2, 'deployed'],
      ]);
      const rb = await helm('rollback', 'demo', '1', '-n', 'apps', '--wait', '--timeout', '60s');
      expect(rb.stdout).toBe('Rollback was a success! Happy Helming!\n');
      const cm2 = await t.kubectl([
        'get',
        'cm',
        'demo-config',
        '-n',
        'apps',
        '-o',
        'jsonpath={.data.message}',
      ]);
      expect(cm2.stdout).toBe('hello');
      const l = await helm('list', '-A', '-o', 'json');
      expect(JSON.parse(l.stdout).map((x: any) => [x.name, x.namespace, x.revision, x.status])).toEqual([
        ['demo', 'apps', '3', 'deployed'],
      ]);
    });

    test(`a failing upgrade with ${rollbackFlag} rolls back`, async () => {
      const r = await helm(
        'upgrade',
        'demo',
        dir,
        '-n',
        'apps',
        '--set',
        'fail=crashloop',
        '--wait',
        '--timeout',
        '10s',
        rollbackFlag,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /UPGRADE FAILED: release demo failed, and has been rolled back due to (atomic|rollback-on-failure) being set/,
      );
      const h = await helm('history', 'demo', '-n', 'apps', '-o', 'json');
      const revs = JSON.parse(h.stdout).map((x: any) => [x.revision, x.status]);
      expect(revs.slice(-2)).toEqual([
        [4, 'failed'],
        [5, 'deployed'],
      ]);
      const p = await t.kubectl(['rollout', 'status', 'deploy/demo-web', '-n', 'apps', '--timeout=30s']);
      expect(p.stdout).toContain('successfully rolled out');
    }, 60_000);

    test('a failing install --wait --timeout 10s fails like on a cluster', async () => {
      const r = await helm(
        'install',
        'broken',
        dir,
        '-n',
        'broken',
        '--create-namespace',
        '--set',
        'fail=image-pull',
        '--wait',
        '--timeout',
        '10s',
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/INSTALLATION FAILED/);
      const s = await helm('status', 'broken', '-n', 'broken', '-o', 'json');
      expect(JSON.parse(s.stdout).info.status).toBe('failed');
      const pods = await t.kubectl(['get', 'pods', '-n', 'broken']);
      expect(pods.stdout).toMatch(/ImagePullBackOff/);
    }, 60_000);

    test('uninstall', async () => {
      const u = await helm('uninstall', 'demo', '-n', 'apps');
      expect(u.stdout).toBe('release "demo" uninstalled\n');
      const l = await helm('list', '-A', '-o', 'json');
      expect(JSON.parse(l.stdout).map((x: any) => x.name)).toEqual(['broken']);
      const left = await t.kubectl(['get', 'deploy,svc,cm', '-n', 'apps', '-o', 'name']);
      expect(left.stdout.split('\n').filter((x) => x.includes('demo'))).toEqual([]);
    });
  });
}
