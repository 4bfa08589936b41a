/**
 * Stack revisions end to end on the sandbox (issue 7), checked with the real helm 4:
 * `--rollback-stack-on-failure` with one failing release among five changed ones; `rollback
 * --to-stack-revision` back over an uninstall and a reinstall (and across a destroy); a sync
 * killed with SIGKILL (its lease expires, `bosun helm recover` resolves the pending release);
 * injected API faults during stack rollbacks (retried, nothing left pending); a corrupted stack
 * revision refused by name. Most commands run in-process (fast); the killed sync is a real
 * process from dist/ (`npm run build`).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KubeClient } from '../../src/kube/index.js';
import type { FaultRule } from '../../src/sandbox/index.js';
import { ActionReleaseOps } from '../../src/stack/index.js';
import { eventually, type ReleaseSandbox, startReleaseSandbox } from '../releases/support.js';
import { repoRoot } from '../support/oracle.js';
import { runStackCli } from './cli.js';

let t: ReleaseSandbox;

beforeAll(async () => {
  t = await startReleaseSandbox();
  cpSync(join(repoRoot, 'examples/charts/webapp'), join(t.dir, 'charts/webapp'), { recursive: true });
  mkdirSync(join(t.dir, 'stacks'), { recursive: true });
});

afterAll(async () => {
  await t?.close();
});

interface Spec {
  name: string;
  tag?: string;
  needs?: string[];
  installed?: boolean;
  /** Pods never become ready (the sandbox's fault annotation). */
  broken?: boolean;
}

/** A state file of webapp releases in `ns` (one file per stack, rewritten between runs). */
function stackFile(ns: string, releases: Spec[], opts: { timeout?: number } = {}): string {
  let out = `helmDefaults:\n  wait: true\n  timeout: ${opts.timeout ?? 60}\n  createNamespace: true\nreleases:\n`;
  for (const r of releases) {
    out += `  - name: "${r.name}"\n    namespace: ${ns}\n    chart: ../charts/webapp\n`;
    if (r.installed === false) out += '    installed: false\n';
    if (r.needs) out += `    needs: [${r.needs.map((n) => `${ns}/${n}`).join(', ')}]\n`;
    out += `    set:\n      - { name: replicaCount, value: "1" }\n      - { name: image.tag, value: "${r.tag ?? '1.0'}" }\n`;
    if (r.broken) out += '      - { name: podAnnotations.sandbox\\.bosun\\.dev/fail, value: never-ready }\n';
  }
  const file = join(t.dir, 'stacks', `${ns}.yaml`);
  writeFileSync(file, out);
  return file;
}

/** The stack CLI in-process (as e2e.test.ts does): exit code and output. */
const bosun = (args: string[]) => runStackCli(args, { kubeconfig: t.sb.kubeconfigPath });

interface HelmRevision {
  revision: number;
  status: string;
  description: string;
}

async function history(ns: string, name: string): Promise<HelmRevision[]> {
  const r = await t.h4(['history', name, '-n', ns, '-o', 'json']);
  if (r.code !== 0) return [];
  return JSON.parse(r.stdout);
}

/** `helm list` of every status but uninstalled: name → status (pending ones included). */
async function listAll(ns: string): Promise<Record<string, string>> {
  const r = await t.h4([
    'list',
    '-n',
    ns,
    '--deployed',
    '--failed',
    '--pending',
    '--uninstalling',
    '-o',
    'json',
  ]);
  expect(r.stderr).toBe('');
  return Object.fromEntries(
    (JSON.parse(r.stdout) as { name: string; status: string }[]).map((x) => [x.name, x.status]),
  );
}

/** The image tag helm says a release's latest revision was given. */
async function tagOf(ns: string, name: string): Promise<string | undefined> {
  const r = await t.h4(['get', 'values', name, '-n', ns, '-o', 'json']);
  return (JSON.parse(r.stdout) as { image?: { tag?: string } }).image?.tag;
}

async function faults(rules: FaultRule[]): Promise<void> {
  const r = await t.http('PUT', '/sandbox/faults', rules);
  expect(r.status).toBe(200);
}

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
};

describe('stack revisions on the sandbox', { timeout: 60_000 }, () => {
  test('--rollback-stack-on-failure: one of five changed releases fails, all five return to their pre-run revision', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
    ok(
      await bosun([
        'sync',
        '-f',
        stackFile(
          'five',
          names.map((name) => ({ name })),
        ),
      ]),
    );
    const failing = stackFile(
      'five',
      names.map((name) => ({ name, tag: '2.0', broken: name === 'a3' })),
      { timeout: 3 },
    );
    const r = await bosun(['sync', '-f', failing, '--rollback-stack-on-failure', '--concurrency', '5']);
    expect(r.code, r.stdout).toBe(1);
    // a3 is returned by its own atomic rollback, the four others by the stack rollback.
    expect(r.stdout, r.stderr).toMatch(/stack rollback: 4 releases returned to their pre-run revision/);
    expect(r.stdout).toMatch(/five\/a3 +upgrade +rolled back/);
    for (const name of names) {
      const h = await history('five', name);
      // 1 the first sync, 2 this run (a3: failed), 3 the stack rollback to 1.
      expect(h.map((x) => [x.revision, x.status])).toEqual([
        [1, 'superseded'],
        [2, name === 'a3' ? 'failed' : 'superseded'],
        [3, 'deployed'],
      ]);
      expect(h[2]!.description).toBe('Rollback to 1');
      expect(await tagOf('five', name)).toBe('1.0');
    }
    const hist = JSON.parse(ok(await bosun(['history', '-f', failing, '-o', 'json'])).stdout) as {
      command: string;
      ok: boolean;
    }[];
    expect(hist.map((x) => [x.command, x.ok])).toEqual([
      ['sync', true],
      ['sync', false],
    ]);
  });

  test('rollback --to-stack-revision restores a 3-release stack: versions, an uninstall, a reinstall; and across a destroy', async () => {
    const v1: Spec[] = [{ name: 'db' }, { name: 'api', needs: ['db'] }, { name: 'cache' }];
    const file = stackFile('three', v1);
    ok(await bosun(['sync', '-f', file]));
    stackFile('three', [
      { name: 'db' },
      { name: 'api', needs: ['db'], tag: '2.0' },
      { name: 'cache', tag: '2.0' },
    ]);
    ok(await bosun(['apply', '-f', file]));
    // Revision 3: cache removed (its records are kept in the stack revision) extra added.
    stackFile('three', [
      { name: 'db' },
      { name: 'api', needs: ['db'], tag: '2.0' },
      { name: 'cache', installed: false },
      { name: 'extra', needs: ['api'] },
    ]);
    expect(ok(await bosun(['apply', '-f', file])).stdout).toContain('recorded stack revision 3');
    expect(await listAll('three')).toEqual({ db: 'deployed', api: 'deployed', extra: 'deployed' });

    const back = ok(await bosun(['rollback', '-f', file, '--to-stack-revision', '1']));
    expect(back.stdout).toContain('recorded stack revision 4');
    expect(await listAll('three')).toEqual({ db: 'deployed', api: 'deployed', cache: 'deployed' });
    expect(await tagOf('three', 'api')).toBe('1.0');
    expect(await tagOf('three', 'cache')).toBe('1.0');
    // cache came back from its revision 1 kept when it was removed; helm's history shows how.
    const cache = await history('three', 'cache');
    expect(cache.map((h) => [h.revision, h.status, h.description])).toEqual([
      [1, 'uninstalled', 'Kept by bosun for a reinstall (was revision 1)'],
      [2, 'deployed', 'Rollback to 1'],
    ]);
    expect(await history('three', 'extra')).toEqual([]);

    // destroy is a stack revision too, and rollback --to-stack-revision goes back across it.
    expect(ok(await bosun(['destroy', '-f', file])).stdout).toContain('recorded stack revision 5');
    expect(await listAll('three')).toEqual({});
    ok(await bosun(['rollback', '-f', file, '--to-stack-revision', '4']));
    expect(await listAll('three')).toEqual({ db: 'deployed', api: 'deployed', cache: 'deployed' });
    expect(await tagOf('three', 'api')).toBe('1.0');
    const revs = JSON.parse(ok(await bosun(['history', '-f', file, '-o', 'json'])).stdout) as {
      number: number;
      command: string;
      releases: { id: string; before: number | null; after: number | null; kept?: number[] }[];
    }[];
    expect(revs.map((r) => r.command)).toEqual([
      'sync',
      'apply',
      'apply',
      'rollback --to-stack-revision 1',
      'destroy',
      'rollback --to-stack-revision 4',
    ]);
    expect(revs[2]!.releases.find((r) => r.id === 'three/cache')).toMatchObject({
      after: null,
      kept: [2, 1],
    });
  });

  test('a sync killed with SIGKILL: its lease refuses, then expires; the pending release is reported, recovered, synced', async () => {
    const file = stackFile('killed', [{ name: 'slow', broken: true }]);
    const p = t.spawnBosun(['sync', '-f', file, '--lock-duration', '3s', '-o', 'plain']);
    await eventually(async () => (await listAll('killed')).slow === 'pending-install', 'slow to be pending');
    p.child.kill('SIGKILL');
    await p.exit;
    const refused = await bosun(['sync', '-f', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`pid ${p.child.pid}`);
    expect(refused.stderr).toContain('the stack is locked by');
    await new Promise((r) => setTimeout(r, 3500));
    stackFile('killed', [{ name: 'slow' }]);
    const blocked = await bosun(['sync', '-f', file]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('expired; taking it over');
    expect(`${blocked.stdout}${blocked.stderr}`).toContain('bosun helm recover slow');
    const rec = await t.bosun(['helm', 'recover', 'slow', '-n', 'killed']);
    expect(rec.code, rec.stderr).toBe(0);
    expect((await history('killed', 'slow')).map((h) => h.status)).toEqual(['failed']);
    ok(await bosun(['sync', '-f', file]));
    expect(await listAll('killed')).toEqual({ slow: 'deployed' });
  });

  test('API faults during rollback --to-stack-revision and --rollback-stack-on-failure: retried, nothing left pending', async () => {
    const v1: Spec[] = [{ name: 'p' }, { name: 'q', needs: ['p'] }, { name: 'r' }];
    const file = stackFile('faulty', v1);
    ok(await bosun(['sync', '-f', file]));
    stackFile('faulty', [
      { name: 'p', tag: '2.0' },
      { name: 'q', needs: ['p'], tag: '2.0' },
      { name: 'r', installed: false },
    ]);
    ok(await bosun(['apply', '-f', file]));
    await faults([
      { resource: 'secrets', verb: 'create', errorRate: 1, errorCode: 503, times: 2 },
      { resource: 'secrets', verb: 'update', errorRate: 1, errorCode: 429, retryAfterSeconds: 0, times: 2 },
      { resource: 'deployments', dropRate: 1, times: 2 },
    ]);
    try {
      const back = await bosun(['rollback', '-f', file, '--to-stack-revision', '1']);
      expect(back.code, `${back.stdout}${back.stderr}`).toBe(0);
    } finally {
      await faults([]);
    }
    expect(await listAll('faulty')).toEqual({ p: 'deployed', q: 'deployed', r: 'deployed' });
    expect(await tagOf('faulty', 'p')).toBe('1.0');

    // A failing run whose stack rollback meets faults: restored or reported, never pending.
    const failing = stackFile(
      'faulty',
      [
        { name: 'p', tag: '3.0' },
        { name: 'q', needs: ['p'], tag: '3.0', broken: true },
        { name: 'r', tag: '3.0' },
      ],
      { timeout: 3 },
    );
    const run = bosun(['sync', '-f', failing, '--rollback-stack-on-failure']);
    await eventually(async () => (await listAll('faulty')).q === 'pending-upgrade', 'q to be waiting');
    await faults([
      { resource: 'secrets', verb: 'update', errorRate: 1, errorCode: 503, times: 3 },
      { resource: 'deployments', errorRate: 1, errorCode: 500, times: 3 },
    ]);
    let r: Awaited<typeof run>;
    try {
      r = await run;
    } finally {
      await faults([]);
    }
    expect(r.code).toBe(1);
    const all = await listAll('faulty');
    expect(Object.values(all).filter((s) => s.startsWith('pending'))).toEqual([]);
    const notRestored = [...r.stdout.matchAll(/faulty\/(\w+).*stack rollback failed/g)].map((m) => m[1]);
    for (const name of ['p', 'q', 'r']) {
      if (notRestored.includes(name)) continue;
      expect(all[name], name).toBe('deployed');
      expect(await tagOf('faulty', name), name).toBe('1.0');
    }
  });

  test('a corrupted stack revision Secret is refused by name by history and rollback --to-stack-revision', async () => {
    const file = stackFile('corrupt', [{ name: 'c' }]);
    ok(await bosun(['sync', '-f', file]));
    const list = await t.http(
      'GET',
      `/api/v1/namespaces/corrupt/secrets?labelSelector=${encodeURIComponent('bosun.dev/record=stack-revision')}`,
    );
    const secret = list.body.items[0];
    const name = secret.metadata.name as string;
    secret.data['revision.json'] = Buffer.from('{"number": "one"').toString('base64');
    expect((await t.http('PUT', `/api/v1/namespaces/corrupt/secrets/${name}`, secret)).status).toBe(200);
    for (const args of [['history'], ['rollback', '--to-stack-revision', '1']]) {
      const r = await bosun([...args, '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`the stack revision record corrupt/${name} is corrupted`);
    }
    expect((await history('corrupt', 'c')).length).toBe(1);
  });

  test('a lease record is deleted only at the version read (a resourceVersion precondition, one request)', async () => {
    const kube = KubeClient.fromKubeconfig({ kubeconfig: t.sb.kubeconfigPath });
    try {
      const ops = new ActionReleaseOps({ kubeFor: () => kube, repositories: [], env: {} });
      const ref = { namespace: 'leases', name: 'bosun-lock-test' };
      const call = { signal: AbortSignal.timeout(10_000) };
      const v1 = await ops.writeRecord(ref, { holder: 'a' }, null, call);
      const v2 = await ops.writeRecord(ref, { holder: 'b' }, v1, call);
      expect(await ops.deleteRecord(ref, v1, call)).toBe(false);
      expect((await ops.readRecord(ref, call))?.data.holder).toBe('b');
      expect(await ops.deleteRecord(ref, v2, call)).toBe(true);
      expect(await ops.readRecord(ref, call)).toBeNull();
    } finally {
      kube.close();
    }
  });
});
