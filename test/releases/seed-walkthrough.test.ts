/**
 * The seed's walkthrough end to end, as a CLI test on the sandbox with a chart repository on
 * 127.0.0.1: run by bosun and by the real helm 4 (own homes, own namespaces) step by step, each
 * output compared at test time with names, namespaces and times normalised.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RepoServer, serveDir } from '../repo/support.js';
import { isolatedHelmEnv, writeTree } from '../support/oracle.js';
import { appChart, type ReleaseSandbox, startReleaseSandbox } from './support.js';

let t: ReleaseSandbox;
let server: RepoServer;

beforeAll(async () => {
  t = await startReleaseSandbox();
  const src = join(t.dir, 'src', 'web');
  writeTree(src, appChart({ name: 'web', version: '1.2.0' }));
  const repoDir = join(t.dir, 'repo');
  expect((await t.h4(['package', src, '-d', repoDir])).code).toBe(0);
  expect((await t.h4(['repo', 'index', repoDir])).code).toBe(0);
  server = await serveDir(repoDir);
  writeFileSync(join(t.dir, 'values.yaml'), 'message: from-values-file\nreplicas: 2\n');
  writeFileSync(join(t.dir, 'values2.yaml'), 'message: upgraded\n');
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

test('repo add → show values → install → get values → upgrade → history → rollback → uninstall --keep-history → list -a → upgrade --install', {
  timeout: 180_000,
}, async () => {
  const homes = { b: join(t.dir, 'home-bosun'), h: join(t.dir, 'home-helm') };
  const envOf = (home: string) => ({ ...isolatedHelmEnv(home), KUBECONFIG: t.sb.kubeconfigPath });
  const bosun = (args: string[]) => t.bosun(['helm', ...args], { env: envOf(homes.b) });
  const helm = (args: string[]) =>
    // t.h4 runs in the shared home; the walkthrough wants its own
    import('../support/oracle.js').then(({ run, oracles }) =>
      run(oracles().helm4, [...args, '--kubeconfig', t.sb.kubeconfigPath], {
        env: envOf(homes.h),
        cwd: t.dir,
      }),
    );
  const ns = { b: 'seed-b', h: 'seed-h' };
  const times =
    /(LAST DEPLOYED: |\t)(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000 UTC)/g;
  const norm = (s: string, who: 'b' | 'h', names: string[] = []) => {
    let out = s.replaceAll(ns[who], 'NS').replace(times, '$1TIME');
    for (const n of names) out = out.replaceAll(n, 'NAME');
    return out
      .replace(/web-\d{10}/g, 'GENERATED')
      .replace(/ +\t/g, '\t')
      .replace(/ +\n/g, '\n');
  };
  const both = async (args: (who: 'b' | 'h') => string[], names: (who: 'b' | 'h') => string[] = () => []) => {
    const [b, h] = await Promise.all([bosun(args('b')), helm(args('h'))]);
    expect(b.code, `${args('b').join(' ')}\n${b.stderr}`).toBe(h.code);
    expect(norm(b.stdout, 'b', names('b')), args('b').join(' ')).toBe(norm(h.stdout, 'h', names('h')));
    return b;
  };
  for (const who of ['b', 'h'] as const)
    expect(
      (
        await t.http('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns[who] },
        })
      ).status,
    ).toBe(201);

  await both(() => ['repo', 'add', 'seed', server.url]);
  await both(() => ['show', 'values', 'seed/web']);
  const gen = await both((w) => ['install', 'seed/web', '--generate-name', '-n', ns[w]]);
  expect(gen.stdout).toMatch(/^NAME: web-\d{10}\n/);
  await both((w) => ['install', 'shop', 'seed/web', '-n', ns[w], '-f', join(t.dir, 'values.yaml')]);
  await both((w) => ['get', 'values', 'shop', '-n', ns[w]]);
  const up = await both((w) => [
    'upgrade',
    'shop',
    'seed/web',
    '-n',
    ns[w],
    '-f',
    join(t.dir, 'values2.yaml'),
  ]);
  expect(up.stdout).toContain('Release "shop" has been upgraded. Happy Helming!');
  await both((w) => ['history', 'shop', '-n', ns[w]]);
  await both((w) => ['rollback', 'shop', '1', '-n', ns[w]]);
  const hist = await both((w) => ['history', 'shop', '-n', ns[w]]);
  expect(hist.stdout).toMatch(/3\s+\t.*\tdeployed\s*\tweb-1\.2\.0\s*\t1\.0\s*\tRollback to 1/);
  await both((w) => ['uninstall', 'shop', '-n', ns[w], '--keep-history']);
  // helm 4 lists every status without -a (it has no -a); bosun follows helm 3's -a
  const [lb, lh] = await Promise.all([bosun(['list', '-a', '-n', ns.b]), helm(['list', '-n', ns.h])]);
  expect(norm(lb.stdout, 'b')).toBe(norm(lh.stdout, 'h'));
  expect(lb.stdout).toMatch(/shop\s*\tseed-b\s*\t3\s*\t.*\tuninstalled/);
  const x = { b: 'x-bosun', h: 'x-helm' };
  const [ub, uh] = await Promise.all([
    bosun([
      'upgrade',
      '--install',
      'edge',
      'seed/web',
      '--create-namespace',
      '--namespace',
      x.b,
      '--wait',
      '--timeout',
      '60s',
    ]),
    helm([
      'upgrade',
      '--install',
      'edge',
      'seed/web',
      '--create-namespace',
      '--namespace',
      x.h,
      '--wait',
      '--timeout',
      '60s',
    ]),
  ]);
  expect(ub.code, ub.stderr).toBe(0);
  expect(ub.stdout.replaceAll(x.b, 'NS').replace(times, '$1TIME')).toBe(
    uh.stdout.replaceAll(x.h, 'NS').replace(times, '$1TIME'),
  );
  const ready = await t.kubectl([
    'get',
    'deploy',
    'edge-web',
    '-n',
    x.b,
    '-o',
    'jsonpath={.status.readyReplicas}',
  ]);
  expect(ready.stdout).toBe('1');
});
