/**
 * Drift end to end on the sandbox (issue 7): after `bosun sync` of the shop stack, the real
 * kubectl scales the web Deployment, patches its ConfigMap (a declared key changed, a new key
 * added) and adds an annotation nobody declared. `bosun diff --detect-drift` and
 * `bosun status --drift` must report exactly the scaled replicas and the patched value (with
 * the manager that changed them), not the undeclared annotation or key (apply keeps those);
 * `--detailed-exitcode` exits 2. Re-sync is checked against the real helm 4, and a deleted
 * object is reported. The CLI runs in-process, as in safety.e2e.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isolatedHelmEnv, oracles, run } from '../support/oracle.js';
import { sandboxWithExamples } from './cli.js';

const t = sandboxWithExamples('bosun-stack-drift-');
const { bosun, shopIn } = t;

async function kubectl(args: string[]) {
  const r = await run(oracles().kubectl, [...args, '--kubeconfig', t.sb.kubeconfigPath]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

interface JsonDrift {
  id: string;
  revision: number | null;
  summary: string;
  objects: {
    kind: string;
    name: string;
    state: string;
    changes: { path: string; live?: unknown; desired?: unknown; managers: string[] }[];
  }[];
}

/** Every drifted field as `Kind/name path: live → desired`, for whole-set assertions. */
function fieldsOf(drifts: readonly JsonDrift[]): string[] {
  return drifts.flatMap((d) =>
    d.objects.flatMap((o) =>
      o.changes.map(
        (c) => `${o.kind}/${o.name} ${c.path}: ${JSON.stringify(c.live)} → ${JSON.stringify(c.desired)}`,
      ),
    ),
  );
}

describe('drift on the sandbox', () => {
  const ns = 'drift';
  let file: string;
  let deployment: string;
  let configMap: string;

  test('a synced stack is in sync', async () => {
    file = shopIn(ns);
    const sync = await bosun(['sync', '-f', file]);
    expect(sync.stderr).not.toContain('error');
    expect(sync.code).toBe(0);
    deployment = (
      await kubectl(['get', 'deployment', '-n', ns, '-l', 'app.kubernetes.io/instance=web', '-o', 'name'])
    ).trim();
    configMap = (
      await kubectl(['get', 'configmap', '-n', ns, '-l', 'app.kubernetes.io/instance=web', '-o', 'name'])
    ).trim();
    expect(deployment).toMatch(/^deployment\.apps\//);
    expect(configMap).toMatch(/^configmap\//);
    const diff = await bosun(['diff', '-f', file, '--detect-drift', '--detailed-exitcode', '-o', 'json']);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    const json = JSON.parse(diff.stdout) as { drifted: boolean; drift: JsonDrift[] };
    expect(json.drifted).toBe(false);
    expect(json.drift.map((d) => [d.id, d.summary])).toEqual([
      [`${ns}/postgres`, 'in sync'],
      [`${ns}/redis`, 'in sync'],
      [`${ns}/web`, 'in sync'],
    ]);
  });

  test('kubectl scale and a patch show up as drift; an undeclared annotation or key does not', async () => {
    await kubectl(['scale', deployment, '-n', ns, '--replicas', '5']);
    await kubectl([
      'patch',
      configMap,
      '-n',
      ns,
      '--type',
      'merge',
      '-p',
      '{"data":{"LOG_LEVEL":"DEBUG","extra":"x"}}',
    ]);
    await kubectl(['annotate', deployment, '-n', ns, 'example.com/note=hand-made']);
    const depName = deployment.slice(deployment.indexOf('/') + 1);
    const cmName = configMap.slice(configMap.indexOf('/') + 1);

    const diff = await bosun(['diff', '-f', file, '--detect-drift', '--detailed-exitcode', '-o', 'json']);
    expect(diff.code).toBe(2);
    const json = JSON.parse(diff.stdout) as { changed: boolean; drifted: boolean; drift: JsonDrift[] };
    expect(json.changed).toBe(false);
    expect(json.drifted).toBe(true);
    expect(fieldsOf(json.drift).sort()).toEqual(
      [
        `ConfigMap/${cmName} data.LOG_LEVEL: "DEBUG" → "INFO"`,
        `Deployment/${depName} spec.replicas: 5 → 2`,
      ].sort(),
    );
    const web = json.drift.find((d) => d.id === `${ns}/web`)!;
    expect(web.summary).toBe('2 fields in 2 objects drifted');
    const managers = Object.fromEntries(web.objects.map((o) => [o.kind, o.changes[0]!.managers]));
    expect(managers.Deployment).toEqual(['kubectl-scale']);
    expect(managers.ConfigMap).toEqual(['kubectl-patch']);

    const text = await bosun(['diff', '-f', file, '--detect-drift']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${ns}/web: drift from revision 1 (2 fields in 2 objects drifted):`);
    expect(text.stdout).toContain('    spec.replicas: 5 → 2  (by kubectl-scale)');
    expect(text.stdout).toContain('    data.LOG_LEVEL: "DEBUG" → "INFO"  (by kubectl-patch)');
    expect(text.stdout).toContain('Drift: 1 of 3 releases drifted');

    const status = await bosun(['status', '-f', file, '--drift']);
    expect(status.code).toBe(0);
    const row = status.stdout.split('\n').find((l) => l.startsWith('web '));
    expect(row).toMatch(/deployed .* 2 fields in 2 objects drifted$/);
    expect(status.stdout.split('\n').find((l) => l.startsWith('redis '))).toMatch(/in sync$/);

    const statusJson = await bosun(['status', '-f', file, '--drift', '-o', 'json']);
    const rows = JSON.parse(statusJson.stdout) as { id: string; status: string; drift: JsonDrift }[];
    expect(rows.map((r) => [r.id, r.status, r.drift.summary])).toEqual([
      [`${ns}/postgres`, 'deployed', 'in sync'],
      [`${ns}/redis`, 'deployed', 'in sync'],
      [`${ns}/web`, 'deployed', '2 fields in 2 objects drifted'],
    ]);
  });

  test('re-sync: helm 4 and bosun both refuse to take the fields back; the stack rollback forces the manifest', async () => {
    // The real helm 4 (server-side apply without --force-conflicts) conflicts on the drifted fields.
    const up = await run(
      oracles().helm4,
      [
        'upgrade',
        'web',
        join(t.dir, 'examples/charts/webapp'),
        '-n',
        ns,
        '--reuse-values',
        '--kubeconfig',
        t.sb.kubeconfigPath,
      ],
      { env: isolatedHelmEnv(join(t.dir, 'helm-home')) },
    );
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    expect(up.stderr).toContain('conflict with "kubectl-patch" using v1: .data.LOG_LEVEL');
    // bosun sync conflicts the same way, then rolls the release back; the rollback applies
    // with force (as helm's rollback does), which takes the drifted fields back.
    const sync = await bosun(['sync', '-f', file]);
    expect(sync.code).toBe(1);
    expect(sync.stdout).toMatch(/web\s+upgrade\s+rolled back/);
    expect(sync.stdout).toContain('conflict with "kubectl-patch" using v1: .data.LOG_LEVEL');
    const after = await bosun(['diff', '-f', file, '--detect-drift', '-o', 'json']);
    expect(after.code).toBe(0);
    const json = JSON.parse(after.stdout) as { drifted: boolean; drift: JsonDrift[] };
    expect(fieldsOf(json.drift)).toEqual([]);
    expect(json.drifted).toBe(false);
    const replicas = await kubectl(['get', deployment, '-n', ns, '-o', 'jsonpath={.spec.replicas}']);
    expect(replicas).toBe('2');
  });

  test("sync --force-conflicts takes drifted fields back (helm 4's flag)", async () => {
    await kubectl(['scale', deployment, '-n', ns, '--replicas', '4']);
    const sync = await bosun(['sync', '-f', file, '--force-conflicts']);
    expect(sync.stderr).not.toContain('conflict');
    expect(sync.code).toBe(0);
    expect(await kubectl(['get', deployment, '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    const after = await bosun(['diff', '-f', file, '--detect-drift', '-o', 'json']);
    expect((JSON.parse(after.stdout) as { drifted: boolean }).drifted).toBe(false);
  });

  test('a deleted object is reported', async () => {
    await kubectl(['delete', 'service', 'redis', '-n', ns]);
    const diff = await bosun(['diff', '-f', file, '--detect-drift', '-o', 'json', '-l', 'name=redis']);
    const json = JSON.parse(diff.stdout) as { drift: JsonDrift[] };
    expect(json.drift[0]!.objects.map((o) => [o.kind, o.state])).toEqual([['Service', 'deleted']]);
    expect(json.drift[0]!.summary).toBe('1 object deleted');
  });
});
