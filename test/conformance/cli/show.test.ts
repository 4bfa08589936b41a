/**
 * `bosun helm show chart|values|readme|crds|all` prints exactly what helm v4.1.4 prints, for
 * chart folders, packaged archives and repository references, and fails the same way.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveDir } from '../../repo/support.js';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir, writeTree } from '../../support/oracle.js';
import { observable, runBoth } from './harness.js';

const formats = ['chart', 'values', 'readme', 'crds', 'all'] as const;

/** Every realistic chart of the conformance suite. */
function suiteCharts(): string[] {
  const roots = ['examples/charts', 'test/fixtures/charts', 'test/conformance/charts'].map((r) =>
    join(repoRoot, r),
  );
  return roots.flatMap((root) =>
    existsSync(root)
      ? readdirSync(root)
          .map((n) => join(root, n))
          .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'Chart.yaml')))
      : [],
  );
}

/** Small charts for the corners of show: no values.yaml, README spellings, CRDs with and without `---`. */
const corners: Record<string, Record<string, string>> = {
  'no-values': {
    'Chart.yaml': 'apiVersion: v2\nname: no-values\nversion: 1.0.0\n',
    'templates/cm.yaml': 'kind: ConfigMap\n',
  },
  'readme-lowercase': {
    'Chart.yaml':
      'apiVersion: v1\nname: readme-lowercase\nversion: 0.1.0\ndescription: |\n  multi\n  line\nmaintainers:\n  - name: a\n    email: a@example.org\ndeprecated: true\n',
    'values.yaml': '# only a comment\n',
    'readme.txt': 'plain text readme\n',
    'README.md.orig': 'not the readme\n',
  },
  'crds-mixed': {
    'Chart.yaml':
      'apiVersion: v2\nname: crds-mixed\nversion: 2.0.0-beta.1+build.5\nkubeVersion: ">=1.20"\ntype: application\nannotations:\n  z: last\n  a: first\ndependencies:\n  - name: sub\n    version: 1.x\n    alias: other\n    condition: other.enabled\n    tags: [t1]\n    import-values: [data]\n',
    'values.yaml': 'a: 1\n\n\n',
    README: 'no extension\n',
    'crds/a.yaml': '---\nkind: CustomResourceDefinition\nmetadata:\n  name: a\n',
    'crds/b.json': '{"kind": "CustomResourceDefinition"}',
    'crds/c.txt': 'ignored: not yaml or json\n',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.2.3\n',
    'charts/sub/crds/sub.yml': 'kind: CustomResourceDefinition\nmetadata:\n  name: sub\n',
    'charts/sub/README.md': 'sub readme is not shown\n',
  },
};

describe('helm show = bosun helm show', () => {
  const { dir: tmp, cleanup } = tempDir('bosun-show-');
  let repoUrl = '';
  let closeRepo: (() => Promise<void>) | undefined;
  const home = join(tmp, 'home');

  beforeAll(async () => {
    for (const [name, files] of Object.entries(corners)) writeTree(join(tmp, 'charts', name), files);
    // A packaged chart and a repository holding it.
    const env = isolatedHelmEnv(home);
    const pkgDir = join(tmp, 'repo');
    cpSync(join(repoRoot, 'test/conformance/charts/kube-stack'), join(tmp, 'kube-stack'), {
      recursive: true,
    });
    const helm = oracles().helm4;
    await run(helm, ['package', join(tmp, 'kube-stack'), '-d', pkgDir], { env });
    await run(helm, ['package', join(tmp, 'charts', 'crds-mixed'), '-d', pkgDir], { env });
    await run(helm, ['repo', 'index', pkgDir], { env });
    const server = await serveDir(pkgDir);
    repoUrl = server.url;
    closeRepo = server.close;
    const added = await run(helm, ['repo', 'add', 'local', repoUrl], { env });
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(async () => {
    await closeRepo?.();
    cleanup();
  });

  const chartCases = [
    ...suiteCharts().map((p) => ({ name: p.slice(repoRoot.length + 1), ref: p })),
    ...Object.keys(corners).map((n) => ({ name: `corner ${n}`, ref: `$TMP/charts/${n}` })),
    { name: 'packaged archive', ref: '$TMP/repo/kube-stack-66.3.1.tgz' },
  ];
  // `all` covers every part; the single formats run on the small corner charts only.
  const table = chartCases.flatMap((c) =>
    c.name.startsWith('corner') ? formats.map((f) => ({ ...c, format: f })) : [{ ...c, format: 'all' }],
  );
  test.for(table)('show $format $name', async ({ ref, format }) => {
    const args = ['show', format, ref.replace('$TMP', tmp)];
    const r = await runBoth(args, { cwd: tmp, home: join(tmp, `h-${format}`) });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test.for([
    { name: 'repo/name', args: ['show', 'chart', 'local/kube-stack'] },
    {
      name: 'repo/name with version',
      args: ['show', 'values', 'local/crds-mixed', '--version', '2.0.0-beta.1+build.5'],
    },
    { name: 'repo/name with --devel', args: ['show', 'crds', 'local/crds-mixed', '--devel'] },
    { name: '--repo URL', args: ['show', 'all', 'kube-stack', '--repo', '$URL'] },
  ])('show from a repository: $name', async ({ args }) => {
    const r = await runBoth(
      args.map((a) => a.replace('$URL', repoUrl)),
      { cwd: tmp, home, sharedHome: true },
    );
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test.for([
    { name: 'missing folder', args: ['show', 'chart', '$TMP/nope'] },
    { name: 'no argument', args: ['show', 'values'] },
    { name: 'two arguments', args: ['show', 'readme', 'a', 'b'] },
    { name: 'folder without Chart.yaml', args: ['show', 'all', '$TMP/repo'] },
  ])('show fails like helm: $name', async ({ args }) => {
    const r = await runBoth(
      args.map((a) => a.replace('$TMP', tmp)),
      { cwd: tmp, home: join(tmp, 'h-fail') },
    );
    expect(r.helm.code).not.toBe(0);
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });
});
