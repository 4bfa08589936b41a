/**
 * Whole-stack safety end to end on the sandbox (issue 7): the stack lease refuses a second run
 * and `--force-unlock` takes it; a saved plan is refused after the real helm 4 moved a release;
 * `--rollback-stack-on-failure` returns what the run changed to its pre-run revisions, checked
 * with the real helm's `helm history`. The CLI runs in-process, as in e2e.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KubeClient } from '../../src/kube/index.js';
import { ActionReleaseOps, acquireStackLease, leaseRefFor, loadStack } from '../../src/stack/index.js';
import { isolatedHelmEnv, oracles, run } from '../support/oracle.js';
import { sandboxWithExamples } from './cli.js';

const t = sandboxWithExamples('bosun-stack-safety-');
const { bosun, shopIn } = t;

async function helm(args: string[]) {
  return run(oracles().helm4, [...args, '--kubeconfig', t.sb.kubeconfigPath], {
    env: isolatedHelmEnv(join(t.dir, 'helm-home')),
  });
}

async function history(ns: string, name: string): Promise<{ revision: number; status: string }[]> {
  const r = await helm(['history', name, '-n', ns, '-o', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('whole-stack safety on the sandbox', () => {
  test('a held lease refuses a second run naming its holder; --force-unlock takes it', async () => {
    const file = shopIn('locked');
    const kube = KubeClient.fromKubeconfig({ kubeconfig: t.sb.kubeconfigPath });
    try {
      const ops = new ActionReleaseOps({ kubeFor: () => kube, repositories: [], env: {} });
      const stack = loadStack({ cwd: t.dir, file, env: {} });
      const ref = leaseRefFor(stack);
      const held = await acquireStackLease({
        ops,
        ref,
        holder: 'carol@build-7 pid 99',
        command: 'bosun sync -e default',
        signal: new AbortController().signal,
      });
      const refused = await bosun(['sync', '-f', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('locked by carol@build-7 pid 99');
      expect(await helm(['list', '-n', 'locked', '-q'])).toMatchObject({ stdout: '' });
      const forced = await bosun(['sync', '-f', file, '--force-unlock']);
      expect(forced.code).toBe(0);
      expect(forced.stderr).toContain('--force-unlock: taking the stack lock');
      await held.release();
      expect(await ops.readRecord(ref, { signal: AbortSignal.timeout(5000) })).toBeNull();
    } finally {
      kube.close();
    }
  });

  test('a saved plan is refused after helm upgrade moved a release, and applies once planned again', async () => {
    const file = shopIn('planned');
    expect((await bosun(['sync', '-f', file])).code).toBe(0);
    const values = join(t.dir, 'examples/stacks/shop/values/web.yaml');
    const original = readFileSync(values, 'utf8');
    writeFileSync(values, original.replace('replicaCount: 2', 'replicaCount: 3'));
    try {
      const planFile = join(t.dir, 'plan.json');
      const plan = await bosun(['plan', '-f', file, '--out', planFile]);
      expect(plan.code).toBe(0);
      const up = await helm([
        'upgrade',
        'redis',
        join(t.dir, 'examples/stacks/shop/charts/redis'),
        '-n',
        'planned',
        '--reuse-values',
        '--set',
        'maxMemory=256mb',
      ]);
      expect(up.code).toBe(0);
      const refused = await bosun(['apply', '-f', file, '--plan', planFile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('planned/redis: planned against revision 1, live is now revision 2');
      expect((await history('planned', 'web')).length).toBe(1);
      const other = await bosun(['apply', '-f', file, '-e', 'default', '--plan', join(t.dir, 'nope.json')]);
      expect(other.code).toBe(1);
      const again = await bosun(['plan', '-f', file, '--out', planFile]);
      expect(again.code).toBe(0);
      const applied = await bosun(['apply', '-f', file, '--plan', planFile]);
      expect(applied.code).toBe(0);
      expect((await history('planned', 'web')).at(-1)).toMatchObject({ revision: 2, status: 'deployed' });
      // Stack revisions: the first sync and this apply, each with before → after per release.
      expect(applied.stdout).toContain('recorded stack revision 2');
      const hist = await bosun(['history', '-f', file, '-o', 'json']);
      expect(hist.code).toBe(0);
      const revs = JSON.parse(hist.stdout) as {
        number: number;
        command: string;
        releases: { id: string; before: number | null; after: number | null }[];
      }[];
      expect(revs.map((r) => [r.number, r.command])).toEqual([
        [1, 'sync'],
        [2, 'apply'],
      ]);
      expect(revs[1]!.releases.find((x) => x.id === 'planned/web')).toMatchObject({ before: 1, after: 2 });
      const text = await bosun(['history', '-f', file]);
      expect(text.stdout).toContain('planned/web 1→2');
      const back = await bosun(['rollback', '-f', file, '--to-stack-revision', '1']);
      expect(back.code).toBe(0);
      const web = await history('planned', 'web');
      expect(web.map((h) => [h.revision, h.status])).toEqual([
        [1, 'superseded'],
        [2, 'superseded'],
        [3, 'deployed'],
      ]);
      // redis: 1 sync, 2 helm upgrade by hand, 3 the apply (back to 128mb), 4 the return to revision 1.
      expect((await history('planned', 'redis')).at(-1)).toMatchObject({ revision: 4, status: 'deployed' });
    } finally {
      writeFileSync(values, original);
    }
  });

  test('--rollback-stack-on-failure restores every release the run changed (helm history agrees)', async () => {
    const file = shopIn('rb');
    expect((await bosun(['sync', '-f', file])).code).toBe(0);
    const failing = shopIn('rb', (s) =>
      s
        .replace('timeout: 2m', 'timeout: 3')
        .replace('value: "2.4.1"', 'value: "2.4.2"')
        .replace(
          'labels: { tier: data }\n    values:',
          'labels: { tier: data }\n    set: [{ name: extra, value: "1" }]\n    values:',
        )
        .replace(
          '        value: 128mb',
          '        value: 256mb\n      - name: podAnnotations.sandbox\\.bosun\\.dev/fail\n        value: never-ready',
        ),
    );
    const r = await bosun(['sync', '-f', failing, '--rollback-stack-on-failure', '--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stack rollback: \d+ releases? returned to their pre-run revision/);
    const pg = await history('rb', 'postgres');
    expect(pg.map((h) => h.status)).toEqual(['superseded', 'superseded', 'deployed']);
    const redis = await history('rb', 'redis');
    expect(redis.at(-1)?.status).toBe('deployed');
    const web = await history('rb', 'web');
    expect(web.at(-1)).toMatchObject({ revision: 1, status: 'deployed' });
  });

  test('--deadline: nothing new starts after it, the release in flight is rolled back, none is left pending', async () => {
    const file = shopIn('dl', (s) =>
      s.replace(
        '        value: 128mb',
        '        value: 128mb\n      - name: podAnnotations.sandbox\\.bosun\\.dev/fail\n        value: never-ready',
      ),
    );
    const started = Date.now();
    const r = await bosun(['sync', '-f', file, '--deadline', '3s', '--concurrency', '1']);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the deadline of 3s passed');
    expect(r.stdout).toContain('(deadline exceeded)');
    expect(r.stderr).toMatch(/dl\/web: skipped/);
    const pending = await helm(['list', '-n', 'dl', '--pending', '-o', 'json']);
    expect(pending.stderr).toBe('');
    expect(JSON.parse(pending.stdout)).toEqual([]);
    const list = await helm(['list', '-n', 'dl', '-o', 'json']);
    const rows = JSON.parse(list.stdout) as { name: string; status: string }[];
    expect(rows.map((x) => [x.name, x.status])).toEqual([['postgres', 'deployed']]);
    expect(rows.map((x) => x.name)).not.toContain('redis');
  });
});
