/**
 * Promotion end to end (issue 7): a chart repository served on 127.0.0.1 (charts packaged and
 * indexed by the real helm 4), the sandbox cluster, and the CLI in-process. `bosun lock -e
 * staging` pins what staging RUNS (not the newest version the constraint allows);
 * `bosun promote --from staging --to prod` shows and writes the change; `bosun sync -e prod`
 * deploys exactly those pins — checked with the real helm's `helm list` — and refuses a chart
 * republished under the same version (another digest) before changing anything, and a lock out
 * of date with the state file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RepoServer, serveDir, writeChart } from '../repo/support.js';
import { isolatedHelmEnv, oracles, run, tempDir } from '../support/oracle.js';
import { runStackCli } from './cli.js';

let sb: Sandbox;
let dir: string;
let repo: RepoServer;
let cleanup: () => void;
const savedEnv: Record<string, string | undefined> = {};

const helmEnv = () => isolatedHelmEnv(join(dir, 'helm-home'));

beforeAll(async () => {
  const t = tempDir('bosun-promotion-');
  cleanup = t.cleanup;
  dir = t.dir;
  // The in-process CLI finds helm's cache and repositories through these.
  for (const [k, v] of Object.entries(helmEnv()))
    if (k.startsWith('HELM_')) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
  repo = await serveDir(join(dir, 'repo'));
  sb = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, readyDelayMs: 100 });
});

afterAll(async () => {
  await sb?.stop();
  await repo?.close();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  cleanup?.();
});

const bosun = (args: string[], cluster = true) =>
  runStackCli(args, { kubeconfig: cluster ? sb.kubeconfigPath : undefined });

async function helm(args: string[]) {
  const r = await run(oracles().helm4, args, { env: helmEnv() });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** Packages `web` at `version` (its values say `tag`) into the repository and re-indexes it. */
async function publish(version: string, tag: string): Promise<void> {
  const src = writeChart(join(dir, 'src', `${version}-${tag}`), 'web', version, {
    'values.yaml': `tag: ${tag}\n`,
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tag: "{{ .Values.tag }}"\n',
  });
  await helm(['package', src, '-d', join(dir, 'repo')]);
  await helm(['repo', 'index', join(dir, 'repo')]);
}

/** What helm 4 says is deployed: chart (name-version) and revision of `web` in the namespace. */
async function deployed(ns: string): Promise<{ chart: string; revision: string }[]> {
  const list = JSON.parse(await helm(['list', '-n', ns, '-o', 'json', '--kubeconfig', sb.kubeconfigPath]));
  return list.map((r: { chart: string; revision: string }) => ({ chart: r.chart, revision: r.revision }));
}

const state = (constraint: string) => `environments:
  staging: {}
  prod: {}
---
repositories:
  - name: charts
    url: ${repo.url}
releases:
  - name: web
    namespace: promo-{{ .Environment.Name }}
    chart: charts/web
    version: "${constraint}"
    wait: false
`;

describe('promotion on the sandbox', () => {
  test('lock staging → promote → sync prod deploys exactly the pins; a republished chart and a stale lock are refused', async () => {
    const file = join(dir, 'releases.yaml.gotmpl');
    writeFileSync(file, state('^1'));
    await publish('1.0.0', 'first');
    expect(await bosun(['sync', '-f', file, '-e', 'staging'])).toMatchObject({ code: 0 });
    // A newer version appears after staging was deployed: "^1" now resolves to 1.1.0.
    await publish('1.1.0', 'second');

    const locked = await bosun(['lock', '-f', file, '-e', 'staging']);
    expect(locked.stderr).toBe('');
    expect(locked.stdout).toMatch(
      /^promo-staging\/web: charts\/web 1\.0\.0 \(deployed\) sha256:[0-9a-f]{12}…\n/,
    );
    // The pin is the SHA-256 of the archive as served (what helm's index lists as its digest).
    const digest100 = createHash('sha256')
      .update(readFileSync(join(dir, 'repo/web-1.0.0.tgz')))
      .digest('hex');
    expect(readFileSync(join(dir, 'repo/index.yaml'), 'utf8')).toContain(`digest: ${digest100}`);
    expect(readFileSync(join(dir, 'releases.lock'), 'utf8')).toContain(`digest: sha256:${digest100}`);

    const dry = await bosun(['promote', '-f', file, '--from', 'staging', '--to', 'prod', '--dry-run'], false);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+  prod:\n+    generated: ');
    expect(dry.stdout).toContain('promo-prod/web: charts/web (unpinned) → 1.0.0');
    expect(dry.stdout).toContain('dry run: releases.lock not written');
    expect(readFileSync(join(dir, 'releases.lock'), 'utf8')).not.toContain('prod:');

    const promoted = await bosun(['promote', '-f', file, '--from', 'staging', '--to', 'prod'], false);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/^--- a\/releases.lock\n\+\+\+ b\/releases.lock\n@@ /);
    expect(promoted.stdout).toContain('+      version: 1.0.0\n');

    expect(await bosun(['sync', '-f', file, '-e', 'prod'])).toMatchObject({ code: 0 });
    // Exactly the pinned version, not the 1.1.0 the constraint allows.
    expect(await deployed('promo-prod')).toEqual([{ chart: 'web-1.0.0', revision: '1' }]);

    // 1.0.0 republished with other content: the index gives another digest.
    await publish('1.0.0', 'tampered');
    const refused = await bosun(['sync', '-f', file, '-e', 'prod']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('nothing was changed');
    expect(refused.stderr).toContain(`chart charts/web 1.0.0 of release "promo-prod/web" has digest sha256:`);
    expect(refused.stderr).toContain(`but releases.lock pins sha256:${digest100} for environment "prod"`);
    expect(refused.stderr).toContain('run "bosun lock -e prod"');
    expect(await deployed('promo-prod')).toEqual([{ chart: 'web-1.0.0', revision: '1' }]);

    // The state asks for another version than the lock recorded: which release, and the fix.
    writeFileSync(file, state('^1.1'));
    const stale = await bosun(['sync', '-f', file, '-e', 'prod']);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain(
      'releases.lock is out of date with the state file for release "promo-prod/web" in environment "prod" (its version changed from "^1" to "^1.1"); run "bosun lock -e prod"',
    );
    expect(await deployed('promo-prod')).toEqual([{ chart: 'web-1.0.0', revision: '1' }]);
    // Commands that change nothing only warn, so the change can still be looked at.
    const plan = await bosun(['plan', '-f', file, '-e', 'prod']);
    expect(plan.code).toBe(0);
    expect(`${plan.stdout}${plan.stderr}`).toContain(
      'releases.lock is out of date with the state file for release "promo-prod/web"',
    );
  }, 120_000);

  test('deps pins a local chart folder by its files; an edited folder is refused until locked again', async () => {
    const base = join(dir, 'local');
    writeChart(base, 'site', '0.3.0');
    const file = join(base, 'releases.yaml');
    writeFileSync(file, 'releases:\n  - { name: site, namespace: local, chart: ./site }\n');
    const deps = await bosun(['deps', '-f', file], false);
    expect(deps).toMatchObject({ code: 0, stderr: '' });
    expect(deps.stdout).toMatch(
      /^local\/site: \.\/site 0\.3\.0 \(resolved from \*\) files-sha256:[0-9a-f]{12}…\n/,
    );
    expect(await bosun(['template', '-f', file], false)).toMatchObject({ code: 0 });

    writeFileSync(join(base, 'site/values.yaml'), 'replicas: 2\n');
    const refused = await bosun(['template', '-f', file], false);
    expect(refused.code).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(
      /chart \.\/site 0\.3\.0 of release "local\/site" has digest files-sha256:[0-9a-f]{64}, but releases\.lock pins files-sha256:[0-9a-f]{64} for environment "default"/,
    );
    expect(await bosun(['deps', '-f', file], false)).toMatchObject({ code: 0 });
    expect(await bosun(['template', '-f', file], false)).toMatchObject({ code: 0 });
  });
});
