/**
 * What happens around an operation: SIGINT/SIGTERM mid-wait (recorded failed, rolled back with
 * --rollback-on-failure, exit 130/143), `recover` of a release a killed process left pending
 * (bosun's lease, and helm's records without one), `test` hooks printed as helm prints them,
 * `lookup` against the cluster, and --dry-run=server — compared with helm 4 where it has them.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oracles } from '../support/oracle.js';
import { appChart, eventually, type ReleaseSandbox, startReleaseSandbox } from './support.js';

let t: ReleaseSandbox;
let chart: string;

beforeAll(async () => {
  t = await startReleaseSandbox();
  chart = t.chart('app', appChart());
});
afterAll(async () => {
  await t?.close();
});

const ok = (r: { code: number; stderr: string; stdout: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

async function statusOf(name: string, ns = 'default'): Promise<string[]> {
  return (await t.records(name, ns)).map((r) => r.info.status);
}

/** Waits until the release's latest revision is pending and its Deployment exists (so we are waiting). */
async function untilWaiting(name: string): Promise<void> {
  await eventually(async () => {
    const s = await statusOf(name);
    if (!s.at(-1)?.startsWith('pending-')) return false;
    const d = await t.http('GET', `/apis/apps/v1/namespaces/default/deployments/${name}-web`);
    return d.status === 200;
  }, `${name} to be pending and waiting`);
  await new Promise((r) => setTimeout(r, 300));
}

describe('signals', { timeout: 60_000 }, () => {
  test('SIGINT during install --wait records the revision failed and exits 130', async () => {
    const p = t.spawnBosun([
      'helm',
      'install',
      'sigint',
      chart,
      '--set',
      'fail=never-ready',
      '--wait',
      '--timeout',
      '60s',
    ]);
    await untilWaiting('sigint');
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(130);
    expect(p.output().stderr).toMatch(/^Error: INSTALLATION FAILED: interrupted by SIGINT/m);
    const [rec] = await t.records('sigint');
    expect(rec!.info.status).toBe('failed');
    expect(rec!.info.description).toBe('Release "sigint" failed: interrupted by SIGINT');
  });

  test('SIGTERM during upgrade --rollback-on-failure rolls back and exits 143', async () => {
    ok(await t.bosun(['helm', 'install', 'sigterm', chart, '--wait']));
    const p = t.spawnBosun([
      'helm',
      'upgrade',
      'sigterm',
      chart,
      '--set',
      'fail=never-ready,message=new',
      '--wait',
      '--timeout',
      '60s',
      '--rollback-on-failure',
    ]);
    await untilWaiting('sigterm');
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(143);
    const recs = await t.records('sigterm');
    expect(recs.map((r) => [r.info.status, r.info.description])).toEqual([
      ['superseded', 'Install complete'],
      ['failed', 'Upgrade "sigterm" failed: interrupted by SIGTERM'],
      ['deployed', 'Rollback to 1'],
    ]);
    const cm = await t.kubectl(['get', 'cm', 'sigterm-config', '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe('hello');
  });
});

describe('recover', { timeout: 60_000 }, () => {
  test('a release left pending by a killed bosun: upgrade refused, recover marks it failed, upgrade works', async () => {
    const p = t.spawnBosun([
      'helm',
      'install',
      'killed',
      chart,
      '--set',
      'fail=never-ready',
      '--wait',
      '--timeout',
      '60s',
    ]);
    await untilWaiting('killed');
    const [secret] = await t.secrets('killed');
    expect(secret.metadata.labels['bosun.dev/lease-pid']).toBe(String(p.child.pid));
    p.child.kill('SIGKILL');
    await p.exit;
    expect(await statusOf('killed')).toEqual(['pending-install']);
    const up = await t.bosun(['helm', 'upgrade', 'killed', chart]);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(
      /^Error: UPGRADE FAILED: another operation \(install\/upgrade\/rollback\) is in progress.*run "bosun helm recover killed"/,
    );
    const r = await t.bosun(['helm', 'recover', 'killed']);
    expect(ok(r)).toMatch(
      new RegExp(
        `^Release "killed" revision 1 was pending-install: the process that held it \\(pid ${p.child.pid} on .*\\) is gone\\. Marked failed`,
      ),
    );
    expect(await statusOf('killed')).toEqual(['failed']);
    const again = await t.bosun(['helm', 'recover', 'killed']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'Error: release "killed" is not pending (revision 1 is failed); nothing to recover\n',
    );
    ok(await t.bosun(['helm', 'upgrade', 'killed', chart, '--set', 'fail=', '--wait']));
    // as with helm, only a deployed revision is superseded
    expect(await statusOf('killed')).toEqual(['failed', 'deployed']);
  });

  test('recover refuses while the holder is alive', async () => {
    const p = t.spawnBosun([
      'helm',
      'install',
      'alive',
      chart,
      '--set',
      'fail=never-ready',
      '--wait',
      '--timeout',
      '60s',
    ]);
    await untilWaiting('alive');
    const r = await t.bosun(['helm', 'recover', 'alive']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^Error: release "alive" is pending-install and process ${p.child.pid} on this host`),
    );
    expect(await statusOf('alive')).toEqual(['pending-install']);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(130);
    expect(await statusOf('alive')).toEqual(['failed']);
  });

  test('a release helm left pending (no lease): recover waits for --stale-after, then helm can upgrade', async () => {
    const helm = spawn(
      oracles().helm4,
      [
        'install',
        'helmkilled',
        chart,
        '--set',
        'fail=never-ready',
        '--wait',
        '--timeout',
        '60s',
        '--kubeconfig',
        t.sb.kubeconfigPath,
      ],
      { env: t.env, stdio: 'ignore' },
    );
    const exited = new Promise((r) => helm.on('exit', r));
    await untilWaiting('helmkilled');
    helm.kill('SIGKILL');
    await exited;
    const young = await t.bosun(['helm', 'recover', 'helmkilled']);
    expect(young.code).toBe(1);
    expect(young.stderr).toMatch(
      /^Error: release "helmkilled" has been pending-install for only \d+s and names no holder/,
    );
    ok(await t.bosun(['helm', 'recover', 'helmkilled', '--stale-after', '0s']));
    expect(await statusOf('helmkilled')).toEqual(['failed']);
    ok(await t.h4(['upgrade', 'helmkilled', chart, '--set', 'fail=']));
  });
});

describe('test hooks', { timeout: 60_000 }, () => {
  const testHook = (fail: boolean) => `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-${fail ? 'bad' : 'good'}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "${fail ? 1 : 0}"
${fail ? '    sandbox.bosun.dev/fail: crashloop\n' : ''}spec:
  restartPolicy: Never
  containers:
  - name: t
    image: busybox:1.36
    command: [sh, -c, "true"]
`;
  const norm = (s: string, name: string) =>
    s.replaceAll(name, 'REL').replace(/(LAST DEPLOYED|Last Started|Last Completed):\s+.*\n/g, '$1: TIME\n');

  test('bosun helm test prints what helm test prints; a failing test fails the same way', async () => {
    const c = t.chart('tested', {
      ...appChart({ name: 'tested' }),
      'templates/tests/good.yaml': testHook(false),
      'templates/tests/bad.yaml': '{{- if .Values.withBad }}\n' + testHook(true) + '{{- end }}\n',
    });
    ok(await t.bosun(['helm', 'install', 'tb', c]));
    ok(await t.h4(['install', 'th', c]));
    const [h, b] = await Promise.all([t.h4(['test', 'th']), t.bosun(['helm', 'test', 'tb'])]);
    expect(norm(ok(b), 'tb')).toBe(norm(ok(h), 'th'));
    expect(b.stdout).toMatch(
      /TEST SUITE: {5}tb-good\nLast Started: {3}.*\nLast Completed: .*\nPhase: {10}Succeeded\n/,
    );
    // recorded: helm sees the last run
    expect(norm(ok(await t.h4(['status', 'tb'])), 'tb').replace(/RESOURCES:[\s\S]*?\n\n\n/, '')).toContain(
      'Phase:          Succeeded',
    );
    ok(await t.bosun(['helm', 'upgrade', 'tb', c, '--set', 'withBad=true']));
    ok(await t.h4(['upgrade', 'th', c, '--set', 'withBad=true']));
    const [hf, bf] = await Promise.all([t.h4(['test', 'th']), t.bosun(['helm', 'test', 'tb'])]);
    expect(bf.code).toBe(1);
    expect(norm(bf.stdout, 'tb')).toBe(norm(hf.stdout, 'th'));
    expect(norm(bf.stderr, 'tb')).toBe(norm(hf.stderr, 'th'));
    // --filter
    const only = await t.bosun(['helm', 'test', 'tb', '--filter', 'name=tb-good']);
    expect(ok(only)).toContain('tb-good');
  });
});

describe('test --logs', { timeout: 60_000 }, () => {
  const pod = (suffix: string, weight: number, log: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-${suffix}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "${weight}"
    sandbox.bosun.dev/log: ${JSON.stringify(log)}
${extra}spec:
  restartPolicy: Never
  containers:
  - name: t
    image: busybox:1.36
`;
  const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-job
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "5"
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: t
        image: busybox:1.36
`;
  const norm = (s: string, name: string) =>
    s.replaceAll(name, 'REL').replace(/(LAST DEPLOYED|Last Started|Last Completed):\s+.*\n/g, '$1: TIME\n');

  test('logs of the test pods after the status, read before hook-succeeded deletes them; a hook with no pod of its name fails as with helm', async () => {
    const c = t.chart('logged', {
      ...appChart({ name: 'logged' }),
      // b sorts after a by weight although its name sorts first
      'templates/tests/a.yaml': pod(
        'z',
        0,
        'first line\nsecond line\n',
        '    helm.sh/hook-delete-policy: hook-succeeded\n',
      ),
      'templates/tests/b.yaml': pod('b', 1, 'b says hi'),
      'templates/tests/job.yaml': '{{- if .Values.withJob }}\n' + job + '{{- end }}\n',
    });
    ok(await t.bosun(['helm', 'install', 'lb', c]));
    ok(await t.h4(['install', 'lh', c]));
    const [h, b] = await Promise.all([
      t.h4(['test', 'lh', '--logs']),
      t.bosun(['helm', 'test', 'lb', '--logs']),
    ]);
    expect(norm(ok(h), 'lh')).toContain(
      'POD LOGS: REL-z\nfirst line\nsecond line\n\nPOD LOGS: REL-b\nb says hi\n',
    );
    expect(norm(ok(b), 'lb')).toBe(norm(ok(h), 'lh'));
    ok(await t.bosun(['helm', 'upgrade', 'lb', c, '--set', 'withJob=true']));
    ok(await t.h4(['upgrade', 'lh', c, '--set', 'withJob=true']));
    const [hj, bj] = await Promise.all([
      t.h4(['test', 'lh', '--logs']),
      t.bosun(['helm', 'test', 'lb', '--logs']),
    ]);
    expect(hj.code).toBe(1);
    expect(hj.stderr).toContain('unable to get pod logs for lh-job');
    expect([bj.code, norm(bj.stdout, 'lb'), norm(bj.stderr, 'lb')]).toEqual([
      hj.code,
      norm(hj.stdout, 'lh'),
      norm(hj.stderr, 'lh'),
    ]);
  });
});

describe('lookup and --dry-run=server', { timeout: 60_000 }, () => {
  test('templates see the live cluster as with helm (dry-run=server and a real install)', async () => {
    for (const [path, body] of [
      ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'look' } }],
      [
        '/api/v1/namespaces/look/configmaps',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'preexisting' }, data: { key: 'val' } },
      ],
      [
        '/apis/apps/v1/namespaces/look/deployments',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'dep' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { a: 'b' } },
            template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
          },
        },
      ],
    ] as const)
      expect((await t.http('POST', path, body)).status).toBe(201);
    const c = t.chart('look', {
      'Chart.yaml': 'apiVersion: v2\nname: look\nversion: 0.1.0\n',
      'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-looked
data:
  found: {{ (lookup "v1" "ConfigMap" .Release.Namespace "preexisting").data.key | quote }}
  missing: {{ lookup "v1" "ConfigMap" .Release.Namespace "nope" | toJson | quote }}
  count: {{ (lookup "v1" "ConfigMap" .Release.Namespace "").items | len | quote }}
  listKind: {{ (lookup "v1" "ConfigMap" .Release.Namespace "").kind | quote }}
  ns: {{ (lookup "v1" "Namespace" "" .Release.Namespace).metadata.name | quote }}
  replicas: {{ (lookup "apps/v1" "Deployment" .Release.Namespace "dep").spec.replicas | quote }}
  replicasKind: {{ kindOf (lookup "apps/v1" "Deployment" .Release.Namespace "dep").spec.replicas | quote }}
`,
    });
    const norm = (s: string) => s.replace(/LAST DEPLOYED: .*\n/, '');
    for (const mode of ['--dry-run=server', '--dry-run=client', '--dry-run']) {
      const args = ['install', 'lk', c, '-n', 'look', mode];
      const [h, b] = await Promise.all([t.h4(args), t.bosun(['helm', ...args])]);
      // without the server, lookups find nothing and the template fails, in both
      expect([b.code, norm(b.stdout), b.stderr], mode).toEqual([h.code, norm(h.stdout), h.stderr]);
      expect(b.code, mode).toBe(mode === '--dry-run=server' ? 0 : 1);
    }
    expect(await t.records('lk', 'look')).toEqual([]);
    ok(await t.bosun(['helm', 'install', 'lk', c, '-n', 'look']));
    const m = ok(await t.bosun(['helm', 'get', 'manifest', 'lk', '-n', 'look']));
    expect(m).toContain('found: "val"');
    expect(m).toContain('missing: "{}"');
    expect(m).toContain('count: "1"');
    expect(m).toContain('replicasKind: "int64"');
  });
});
