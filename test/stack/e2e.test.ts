/**
 * The orchestrator end to end on the sandbox: the real CLI commands (registered on a commander
 * program in-process, as main.ts does), the real actions and kube client over a socket, and the
 * real helm 4 reading what bosun wrote. Uses a copy of examples/ so the stacks' relative chart
 * paths hold.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir } from '../support/oracle.js';
import { type CliResult, runStackCli } from './cli.js';

let sb: Sandbox;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('bosun-stack-e2e-');
  cleanup = t.cleanup;
  dir = t.dir;
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  sb = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, readyDelayMs: 100 });
});

afterAll(async () => {
  await sb?.stop();
  cleanup?.();
});

const bosun = (
  args: string[],
  signal = new AbortController().signal,
  onStderr: (text: string) => void = () => {},
): Promise<CliResult> =>
  runStackCli(args, { kubeconfig: sb.kubeconfigPath, signal, onStderr, errorToStderr: false });

const shop = () => join(dir, 'examples/stacks/shop/releases.yaml');

async function helmList(): Promise<{ name: string; namespace: string; revision: string; status: string }[]> {
  const home = join(dir, 'helm-home');
  const r = await run(oracles().helm4, ['list', '-A', '-o', 'json', '--kubeconfig', sb.kubeconfigPath], {
    env: isolatedHelmEnv(home),
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('bosun stack commands on the sandbox', () => {
  test('sync, diff 0, change → diff 2 with only that change, apply upgrades only it; helm 4 agrees', async () => {
    const sync = await bosun(['sync', '-f', shop()]);
    expect(sync.stderr).not.toMatch(/Error/);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/sync: 3 done, 0 failed, 0 skipped/);
    // web waited for both of what it needs
    const lines = sync.stderr.split('\n');
    const doneAt = (id: string) => lines.findIndex((l) => l.startsWith(`${id}: done`));
    const startedAt = (id: string) =>
      lines.findIndex(
        (l) => l.startsWith(`${id}: upgrade started`) || l.startsWith(`${id}: install started`),
      );
    expect(startedAt('shop/web')).toBeGreaterThan(doneAt('shop/postgres'));
    expect(startedAt('shop/web')).toBeGreaterThan(doneAt('shop/redis'));

    const clean = await bosun(['diff', '-f', shop(), '--detailed-exitcode']);
    expect(clean.stderr).not.toMatch(/Error/);
    expect(clean.code).toBe(0);

    const valuesFile = join(dir, 'examples/stacks/shop/values/web.yaml');
    writeFileSync(valuesFile, readFileSync(valuesFile, 'utf8').replace('replicaCount: 2', 'replicaCount: 3'));
    const changed = await bosun(['diff', '-f', shop(), '--detailed-exitcode']);
    expect(changed.code).toBe(2);
    expect(changed.stdout).toContain('shop/web: shop, web-webapp, Deployment (apps) has changed:');
    expect(changed.stdout).toContain('-  replicas: 2');
    expect(changed.stdout).toContain('+  replicas: 3');
    expect(changed.stdout).not.toContain('shop/postgres:');
    expect(changed.stdout).toContain('Plan: 0 to install, 1 to upgrade, 0 to uninstall, 2 unchanged');

    const apply = await bosun(['apply', '-f', shop()]);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain('shop/web: upgrade started');
    expect(apply.stderr).not.toContain('shop/postgres: upgrade started');

    const list = await helmList();
    const revs = Object.fromEntries(list.map((r) => [`${r.namespace}/${r.name}`, [r.revision, r.status]]));
    expect(revs).toMatchObject({
      'shop/postgres': ['1', 'deployed'],
      'shop/redis': ['1', 'deployed'],
      'shop/web': ['2', 'deployed'],
    });

    const rollback = await bosun(['rollback', '-f', shop(), '-l', 'name=web']);
    expect(rollback.code).toBe(0);
    const after = Object.fromEntries(
      (await helmList()).map((r) => [`${r.namespace}/${r.name}`, [r.revision, r.status]]),
    );
    expect(after['shop/web']).toEqual(['3', 'deployed']);
  });

  test('a failing release is rolled back, its dependents skipped, independent releases deployed', async () => {
    const state = join(dir, 'examples/stacks/shop/failing.yaml');
    writeFileSync(
      state,
      readFileSync(shop(), 'utf8')
        .replaceAll('namespace: shop', 'namespace: shop2')
        .replaceAll('shop/', 'shop2/')
        .replace('timeout: 2m', 'timeout: 3')
        .replace(
          '        value: 128mb',
          '        value: 128mb\n      - name: podAnnotations.sandbox\\.bosun\\.dev/fail\n        value: never-ready',
        ),
    );
    const r = await bosun(['sync', '-f', state]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('shop2/redis: failed');
    expect(r.stderr).toContain('shop2/redis: removed');
    expect(r.stderr).toContain('shop2/web: skipped: needs "shop2/redis", which failed');
    expect(r.stderr).toMatch(/shop2\/postgres: done/);
    const list = await helmList();
    expect(list.filter((x) => x.namespace === 'shop2').map((x) => [x.name, x.status])).toEqual([
      ['postgres', 'deployed'],
    ]);
  });

  test('the operator stack installs CRDs, the operator, then custom resources; destroy reverses it', async () => {
    const file = join(dir, 'examples/stacks/operator/releases.yaml');
    const sync = await bosun(['sync', '-f', file]);
    expect(sync.stderr).not.toMatch(/Error/);
    expect(sync.code).toBe(0);
    const destroy = await bosun(['destroy', '-f', file]);
    expect(destroy.code).toBe(0);
    const order = destroy.stderr
      .split('\n')
      .filter((l) => / done/.test(l))
      .map((l) => l.split(':')[0]);
    expect(order).toEqual(['team-a/widgets', 'widgets-system/widget-operator', 'widgets-system/widget-crds']);
  });

  test('environments: plan per environment; an unknown one lists those that exist', async () => {
    const file = join(dir, 'examples/stacks/environments/releases.yaml.gotmpl');
    const plan = await bosun(['plan', '-f', file, '-e', 'dev', '-o', 'json']);
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(doc.releases.map((r: { id: string; action: string }) => [r.id, r.action])).toEqual([
      ['shop-dev/api', 'install'],
      ['shop-dev/metrics', 'unchanged'],
      ['shop-dev/frontend', 'install'],
    ]);
    const bad = await bosun(['plan', '-f', file, '-e', 'qa']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('environment "qa" is not defined');
    expect(bad.stderr).toContain('defined: dev, staging, prod');
  });

  test('SIGINT mid-sync: nothing new starts, in-flight releases are rolled back, none is left pending', async () => {
    const state = join(dir, 'examples/stacks/shop/interrupt.yaml');
    writeFileSync(
      state,
      readFileSync(shop(), 'utf8')
        .replaceAll('namespace: shop', 'namespace: shop3')
        .replaceAll('shop/', 'shop3/')
        .replace(
          '        value: 128mb',
          '        value: 128mb\n      - name: podAnnotations.sandbox\\.bosun\\.dev/fail\n        value: never-ready',
        ),
    );
    const ac = new AbortController();
    // Interrupt while redis (never ready) is being waited for; postgres may be in flight too.
    const r = await bosun(['sync', '-f', state], ac.signal, (text) => {
      if (text.includes('shop3/redis: applying') && !ac.signal.aborted) {
        setTimeout(() => ac.abort(new Error('interrupted by SIGINT')), 300);
      }
    });
    expect(r.stderr).toContain('shop3/redis: removed');
    expect(r.stderr).toMatch(/shop3\/web: skipped/);
    const home = join(dir, 'helm-home');
    const all = await run(oracles().helm4, ['list', '-A', '-o', 'json', '--kubeconfig', sb.kubeconfigPath], {
      env: isolatedHelmEnv(home),
    });
    expect(all.stderr).toBe('');
    const shop3 = (JSON.parse(all.stdout) as { namespace: string; name: string; status: string }[]).filter(
      (x) => x.namespace === 'shop3',
    );
    for (const x of shop3) expect(x.status).not.toMatch(/^pending/);
    expect(shop3.map((x) => x.name)).not.toContain('redis');
  });

  test('template renders offline; list -o json shows live revisions; lint passes; write-values prints merged values', async () => {
    const tpl = await bosun(['template', '-f', shop(), '-l', 'tier=data']);
    expect(tpl.code).toBe(0);
    expect(tpl.stdout).toContain('# Release: shop/postgres');
    expect(tpl.stdout).toContain('kind: StatefulSet');
    expect(tpl.stdout).not.toContain('# Release: shop/web');
    expect((await bosun(['sync', '-f', shop(), '-l', 'tier=data'])).code).toBe(0);
    const list = await bosun(['list', '-f', shop(), '-o', 'json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      id: string;
      status: string | null;
      chartVersion: string | null;
    }[];
    expect(rows.find((r) => r.id === 'shop/postgres')).toMatchObject({
      status: 'deployed',
      chartVersion: '0.3.0',
    });
    const lint = await bosun(['lint', '-f', shop()]);
    expect(lint.stdout).toContain('3 release(s) linted, 0 failed');
    expect(lint.code).toBe(0);
    const wv = await bosun(['write-values', '-f', shop(), '-l', 'name=redis']);
    expect(wv.stdout).toBe('---\n# Release: shop/redis\nmaxMemory: 128mb\n');
  });

  test('the proposed top-level releases.yaml (bases: the shop stack) plans from the repository root', async () => {
    const root = join(dir, 'releases.yaml');
    writeFileSync(root, 'bases:\n  - examples/stacks/shop/releases.yaml\n');
    const plan = await bosun(['plan', '-f', root]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/shop\/postgres/);
    expect(plan.stdout).toMatch(/Plan: \d+ to install, \d+ to upgrade, 0 to uninstall, \d+ unchanged/);
  });
});
