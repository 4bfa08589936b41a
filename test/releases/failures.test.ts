/**
 * Failure paths and bad input, each compared with what helm 4 does on the same sandbox where
 * helm has an answer: a never-ready workload under --wait, --rollback-on-failure/--atomic,
 * a failing pre-upgrade hook, an apply error half-way, bad names, a name in use, values failing
 * the schema, API faults (500/429/dropped connections) and a record too big to store.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appChart, hookJob, type ReleaseSandbox, startReleaseSandbox } from './support.js';

let t: ReleaseSandbox;
let chart: string;

beforeAll(async () => {
  t = await startReleaseSandbox();
  chart = t.chart('app', appChart({ hooks: hookJob('pre-upgrade', 'migrate') }));
});
afterAll(async () => {
  await t?.close();
});

const ok = (r: { code: number; stderr: string; stdout: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

/** helm's error line with the release name replaced (helm 4 also logs slog lines we skip). */
const errorOf = (stderr: string, name: string) =>
  stderr
    .split('\n')
    .filter((l) => !l.startsWith('level='))
    .join('\n')
    .replaceAll(name, 'REL');

async function objects(ns = 'default'): Promise<string> {
  const r = await t.kubectl(['get', 'deploy,svc,cm', '-n', ns, '-o', 'name']);
  return r.stdout;
}

describe('waiting fails', () => {
  test('install --wait --timeout 5s of a never-ready workload: failed revision, exit 1, helm message', async () => {
    const args = (n: string) => [
      'install',
      n,
      chart,
      '--set',
      'fail=never-ready',
      '--wait',
      '--timeout',
      '5s',
    ];
    const [h, b] = await Promise.all([t.h4(args('nr-h')), t.bosun(['helm', ...args('nr-b')])]);
    expect(h.code).toBe(1);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'nr-b')).toBe(errorOf(h.stderr, 'nr-h'));
    expect(b.stderr).toMatch(/^Error: INSTALLATION FAILED: resource Deployment\/default\/nr-b-web not ready/);
    const [hr, br] = [await t.records('nr-h'), await t.records('nr-b')];
    expect(br.map((r) => [r.version, r.info.status])).toEqual([[1, 'failed']]);
    expect(br[0]!.info.description.replaceAll('nr-b', 'REL')).toBe(
      hr[0]!.info.description.replaceAll('nr-h', 'REL'),
    );
    // no pending lease labels left behind
    const [secret] = await t.secrets('nr-b');
    expect(Object.keys(secret.metadata.labels).filter((k) => k.startsWith('bosun.dev/'))).toEqual([]);
  }, 30_000);

  test('install --rollback-on-failure removes the release', async () => {
    const args = (n: string) => [
      'install',
      n,
      chart,
      '--set',
      'fail=crashloop',
      '--wait',
      '--timeout',
      '4s',
      '--rollback-on-failure',
    ];
    const [h, b] = await Promise.all([t.h4(args('ai-h')), t.bosun(['helm', ...args('ai-b')])]);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'ai-b')).toBe(errorOf(h.stderr, 'ai-h'));
    expect(b.stderr).toContain('has been uninstalled due to rollback-on-failure being set');
    expect(await t.records('ai-b')).toEqual([]);
    expect(await objects()).not.toContain('ai-b');
  }, 30_000);

  test('upgrade --atomic of a never-ready workload rolls back', async () => {
    ok(await t.bosun(['helm', 'install', 'au', chart, '--wait']));
    const b = await t.bosun([
      'helm',
      'upgrade',
      'au',
      chart,
      '--set',
      'fail=never-ready,message=broken',
      '--wait',
      '--timeout',
      '4s',
      '--atomic',
    ]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(
      /^Error: UPGRADE FAILED: release au failed, and has been rolled back due to rollback-on-failure being set: resource Deployment\/default\/au-web not ready/,
    );
    const h = JSON.parse(ok(await t.h4(['history', 'au', '-o', 'json'])));
    expect(h.map((x: any) => [x.revision, x.status, x.description.slice(0, 21)])).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'failed', 'Upgrade "au" failed: '],
      [3, 'deployed', 'Rollback to 1'],
    ]);
    const cm = await t.kubectl(['get', 'cm', 'au-config', '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe('hello');
  }, 40_000);

  test('a failing pre-upgrade hook Job: failed revision, resources untouched', async () => {
    ok(await t.bosun(['helm', 'install', 'hk-b', chart]));
    ok(await t.h4(['install', 'hk-h', chart]));
    const args = (n: string) => [
      'upgrade',
      n,
      chart,
      '--set',
      'hookFail=1,message=changed',
      '--timeout',
      '10s',
    ];
    const [h, b] = await Promise.all([t.h4(args('hk-h')), t.bosun(['helm', ...args('hk-b')])]);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'hk-b')).toBe(errorOf(h.stderr, 'hk-h'));
    const recs = await t.records('hk-b');
    expect(recs.map((r) => [r.version, r.info.status])).toEqual([
      [1, 'deployed'],
      [2, 'failed'],
    ]);
    const cm = await t.kubectl(['get', 'cm', 'hk-b-config', '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe('hello');
  }, 40_000);
});

describe('apply errors', () => {
  const tenObjects = (): Record<string, string> => ({
    'Chart.yaml': 'apiVersion: v2\nname: ten\nversion: 0.1.0\n',
    'values.yaml': 'badNamespace: ""\n',
    'templates/cms.yaml': Array.from(
      { length: 10 },
      (_, i) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${i + 1}\n` +
        (i === 4 ? '  {{- with .Values.badNamespace }}\n  namespace: {{ . }}\n  {{- end }}\n' : '') +
        `data:\n  n: "${i + 1}"\n`,
    ).join('---\n'),
  });

  test('the 5th of 10 objects fails to apply: failed revision; --atomic rolls the upgrade back', async () => {
    const ten = t.chart('ten', tenObjects());
    const i = await t.bosun(['helm', 'install', 'ten', ten, '--set', 'badNamespace=missing']);
    expect(i.code).toBe(1);
    expect(i.stderr).toMatch(/^Error: INSTALLATION FAILED: .*namespaces "missing" not found/);
    expect((await t.records('ten')).map((r) => r.info.status)).toEqual(['failed']);

    // helm reuses the last values when none are given: reset them
    ok(await t.bosun(['helm', 'upgrade', 'ten', ten, '--reset-values']));
    const u = await t.bosun(['helm', 'upgrade', 'ten', ten, '--set', 'badNamespace=missing', '--atomic']);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(
      /has been rolled back due to rollback-on-failure being set: .*namespaces "missing" not found/,
    );
    expect((await t.records('ten')).map((r) => [r.info.status, r.info.description.slice(0, 14)])).toEqual([
      ['failed', 'Release "ten" '],
      ['superseded', 'Upgrade comple'],
      ['failed', 'Upgrade "ten" '],
      ['deployed', 'Rollback to 2'],
    ]);
    const cms = await t.kubectl(['get', 'cm', '-o', 'name']);
    expect(cms.stdout.match(/configmap\/ten-\d+/g)?.length).toBe(10);
  }, 40_000);
});

describe('bad input', () => {
  test('invalid name, name in use: helm messages, nothing applied', async () => {
    const long = `a${'b'.repeat(53)}`;
    for (const [args, name] of [
      [['install', long, chart], long],
      [['install', 'Bad_Name', chart], 'Bad_Name'],
      [['upgrade', 'Bad_Name', chart], 'Bad_Name'],
      [['rollback', 'Bad_Name'], 'Bad_Name'],
      [['uninstall', 'Bad_Name'], 'Bad_Name'],
    ] as const) {
      const [h, b] = await Promise.all([t.h4([...args]), t.bosun(['helm', ...args])]);
      expect(b.code, args.join(' ')).toBe(1);
      expect(errorOf(b.stderr, name), args.join(' ')).toBe(errorOf(h.stderr, name));
    }
    ok(await t.bosun(['helm', 'install', 'inuse', chart]));
    const [h, b] = await Promise.all([
      t.h4(['install', 'inuse', chart]),
      t.bosun(['helm', 'install', 'inuse', chart]),
    ]);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'x')).toBe(errorOf(h.stderr, 'x'));
  }, 30_000);

  test('objects of no release are not adopted without --take-ownership (helm message)', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adopt-config' }, data: { a: 'b' } };
    expect((await t.http('POST', '/api/v1/namespaces/default/configmaps', cm)).status).toBe(201);
    const [h, b] = await Promise.all([
      t.h4(['install', 'adopt', chart]),
      t.bosun(['helm', 'install', 'adopt', chart]),
    ]);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'x')).toBe(errorOf(h.stderr, 'x'));
    expect(await t.records('adopt')).toEqual([]);
    ok(await t.bosun(['helm', 'install', 'adopt', chart, '--take-ownership']));
    const live = (await t.http('GET', '/api/v1/namespaces/default/configmaps/adopt-config')).body;
    expect(live.metadata.annotations['meta.helm.sh/release-name']).toBe('adopt');
  });

  test('values failing the schema: helm message, nothing applied', async () => {
    const schema = t.chart('schema', {
      ...appChart({ name: 'schema' }),
      'values.schema.json': JSON.stringify({
        type: 'object',
        properties: { replicas: { type: 'integer', minimum: 1 } },
        required: ['replicas'],
      }),
    });
    const args = (n: string) => [
      'install',
      n,
      schema,
      '--set',
      'replicas=0',
      '-n',
      'schema-ns',
      '--create-namespace',
    ];
    const [h, b] = await Promise.all([t.h4(args('sc')), t.bosun(['helm', ...args('sc')])]);
    expect(b.code).toBe(1);
    expect(errorOf(b.stderr, 'sc')).toBe(errorOf(h.stderr, 'sc'));
    expect(await t.records('sc', 'schema-ns')).toEqual([]);
    const ns = await t.kubectl(['get', 'namespace', 'schema-ns']);
    expect(ns.code).not.toBe(0);
  });

  test('a record over 1 MiB is refused before anything is applied, naming size and fix', async () => {
    const big = t.chart('big', {
      ...appChart({ name: 'big' }),
      'files/blob.txt': randomBytes(1_100_000).toString('base64'),
    });
    const b = await t.bosun(['helm', 'install', 'big', big, '-n', 'big-ns', '--create-namespace']);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(
      /^Error: INSTALLATION FAILED: release "big" revision 1 is \d+\.\d\d MiB once encoded, over the 1\.00 MiB a Kubernetes Secret or ConfigMap can hold; make the chart smaller \(keep large files out of it with \.helmignore\)/,
    );
    expect((await t.kubectl(['get', 'namespace', 'big-ns'])).code).not.toBe(0);
    expect(await t.records('big', 'big-ns')).toEqual([]);
    // an upgrade to a too-big chart leaves the release as it was
    const small = t.chart('big-small', appChart({ name: 'big' }));
    ok(await t.bosun(['helm', 'install', 'big2', small]));
    const u = await t.bosun(['helm', 'upgrade', 'big2', big, '--set', 'message=new']);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('revision 2 is');
    expect((await t.records('big2')).map((r) => r.info.status)).toEqual(['deployed']);
    const cm = await t.kubectl(['get', 'cm', 'big2-config', '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe('hello');
  }, 30_000);
});

describe('API faults', () => {
  test('500s, 429s and dropped connections are retried where safe; records are never half-written', async () => {
    t.sb.faults.set([
      { verb: 'get', resource: 'secrets', errorRate: 1, errorCode: 500, times: 3 },
      { verb: 'list', resource: 'secrets', errorRate: 1, errorCode: 503, times: 2, retryAfterSeconds: 0 },
      { verb: 'patch', resource: 'configmaps', errorRate: 1, errorCode: 429, times: 2, retryAfterSeconds: 0 },
      { verb: 'patch', resource: 'deployments', dropRate: 1, times: 2 },
      { verb: 'update', resource: 'secrets', errorRate: 1, errorCode: 500, times: 2 },
      { verb: 'get', resource: 'services', latencyMs: 300, times: 5 },
    ]);
    try {
      ok(await t.bosun(['helm', 'install', 'flaky', chart, '--wait']));
      ok(await t.bosun(['helm', 'upgrade', 'flaky', chart, '--set', 'message=again', '--wait']));
    } finally {
      t.sb.faults.set([]);
    }
    const recs = await t.records('flaky');
    expect(recs.map((r) => [r.version, r.info.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    // every stored record is whole: helm decodes it
    expect(JSON.parse(ok(await t.h4(['history', 'flaky', '-o', 'json']))).length).toBe(2);
  }, 60_000);

  test('a record write that keeps failing leaves nothing applied (install) and no pending record', async () => {
    t.sb.faults.set([{ verb: 'create', resource: 'secrets', errorRate: 1, errorCode: 500 }]);
    let b: Awaited<ReturnType<typeof t.bosun>>;
    try {
      b = await t.bosun(['helm', 'install', 'nostore', chart]);
    } finally {
      t.sb.faults.set([]);
    }
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^Error: INSTALLATION FAILED: create: failed to create: /);
    expect(await t.records('nostore')).toEqual([]);
    expect(await objects()).not.toContain('nostore');
  }, 30_000);
});
