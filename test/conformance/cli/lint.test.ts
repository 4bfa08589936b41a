/**
 * `bosun helm lint` reports what helm v4.1.4 reports — the same `==> Linting` blocks and
 * `[ERROR]`/`[WARNING]`/`[INFO]` lines on stdout, the same summary, error text and exit status —
 * for the realistic charts of the suite and for one small broken chart per rule.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir, writeTree } from '../../support/oracle.js';
import { observable, runBoth } from './harness.js';

const ok = 'apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://example.org/i.png\n';
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n';

interface Case {
  name: string;
  /** The chart, written to $TMP/<case>/c (Chart.yaml defaults to `ok`). */
  files?: Record<string, string>;
  /** Arguments after `lint`; `$C` is the chart folder, `$TMP` the scratch folder. */
  args?: string[];
}

const cases: Case[] = [
  { name: 'clean chart', files: { 'values.yaml': 'a: 1\n', 'templates/cm.yaml': cm } },
  { name: 'no values.yaml, no icon', files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n' } },
  {
    name: 'Chart.yaml unknown fields',
    files: { 'Chart.yaml': `${ok}engine: gotpl\nmaintainers:\n  - name: a\n    mail: x\n` },
  },
  { name: 'no name', files: { 'Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n' } },
  { name: 'name with a slash', files: { 'Chart.yaml': 'apiVersion: v2\nname: a/c\nversion: 1.0.0\n' } },
  { name: 'no apiVersion', files: { 'Chart.yaml': 'name: c\nversion: 1.0.0\n' } },
  { name: 'no version', files: { 'Chart.yaml': 'apiVersion: v2\nname: c\n' } },
  { name: 'version not semver', files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: one\n' } },
  {
    name: 'version v-prefixed (strict warning)',
    files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: v1.2\n' },
  },
  { name: 'numeric appVersion', files: { 'Chart.yaml': `${ok}appVersion: 1.10\n` } },
  {
    name: 'maintainers',
    files: { 'Chart.yaml': `${ok}maintainers:\n  - name: a\n    email: not-an-email\n` },
  },
  {
    name: 'maintainer without name',
    files: { 'Chart.yaml': `${ok}maintainers:\n  - email: a@example.org\n` },
  },
  { name: 'bad source URL', files: { 'Chart.yaml': `${ok}sources:\n  - not a url\n` } },
  {
    name: 'bad icon URL',
    files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\nicon: icon.png\n' },
  },
  {
    name: 'type and dependencies in v1',
    files: {
      'Chart.yaml':
        'apiVersion: v1\nname: c\nversion: 1.0.0\ntype: application\ndependencies:\n  - name: d\n    version: 1.0.0\n',
    },
  },
  {
    name: 'library chart',
    files: { 'Chart.yaml': `${ok}type: library\n`, 'templates/_h.tpl': '{{ define "x" }}x{{ end }}\n' },
  },
  {
    name: 'values violate the schema',
    files: {
      'values.yaml': 'replicas: many\n',
      'values.schema.json': '{"type":"object","properties":{"replicas":{"type":"integer"}}}',
      'templates/cm.yaml': cm,
    },
  },
  {
    name: 'override violates the schema',
    files: {
      'values.yaml': 'replicas: 1\n',
      'values.schema.json':
        '{"type":"object","required":["name"],"properties":{"replicas":{"type":"integer","maximum":3}}}',
      'templates/cm.yaml': cm,
    },
    args: ['$C', '--set', 'replicas=5'],
  },
  {
    name: 'values file given with -f',
    files: {
      'values.yaml': 'replicas: 1\nname: a\n',
      'values.schema.json': '{"type":"object","properties":{"replicas":{"type":"integer","maximum":3}}}',
      'ci/prod.yaml': 'replicas: 9\n',
      'templates/cm.yaml': `${cm}data:\n  r: {{ .Values.replicas | quote }}\n`,
    },
    args: ['$C', '-f', '$C/ci/prod.yaml', '--strict'],
  },
  {
    name: 'schema skipped',
    files: {
      'values.yaml': 'replicas: many\n',
      'values.schema.json': '{"properties":{"replicas":{"type":"integer"}}}',
    },
    args: ['$C', '--skip-schema-validation'],
  },
  { name: 'no templates folder', files: { 'values.yaml': 'a: 1\n' } },
  { name: 'bad template extension', files: { 'templates/cm.json': '{}', 'templates/NOTES.txt': 'hi\n' } },
  { name: 'illegal top indent', files: { 'templates/cm.yaml': `  ${cm}` } },
  {
    name: 'rendered YAML error with line',
    files: { 'templates/cm.yaml': `${cm}data:\n  a: b\n c: d\n`, 'templates/ok.yaml': cm },
  },
  {
    name: 'YAML error in a later document',
    files: { 'templates/cm.yaml': `${cm}---\n${cm}data:\n  key: [unclosed\n` },
  },
  { name: 'document that is a list', files: { 'templates/list.yaml': '- a\n- b\n' } },
  {
    name: 'names that break naming rules',
    files: {
      'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 9Front\n',
      'templates/role.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b%c\n',
      'templates/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n',
      'templates/noname.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
      'templates/long.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${'x'.repeat(70)}\n`,
    },
  },
  {
    name: 'deployment without selector, list with resource policy',
    files: {
      'templates/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 1\n',
      'templates/list.yaml':
        'apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems:\n  - metadata:\n      annotations:\n        helm.sh/resource-policy: keep\n',
    },
  },
  {
    name: 'deprecated APIs',
    files: {
      'templates/a.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: a\n',
      'templates/b.yaml': 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: b\n',
      'templates/c.yaml': 'apiVersion: resource.k8s.io/v1beta2\nkind: DeviceClass\nmetadata:\n  name: c\n',
      'templates/d.yaml': 'apiVersion: example.org/v1beta1\nkind: Widget\nmetadata:\n  name: d\n',
      'templates/e.yaml': 'apiVersion: networking.k8s.io/v1beta1\nkind: IngressClass\nmetadata:\n  name: e\n',
    },
  },
  {
    name: 'deprecated APIs at an older kube version',
    files: {
      'templates/a.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: a\n',
      'templates/b.yaml': 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: b\n',
    },
    args: ['$C', '--kube-version', '1.21.3'],
  },
  {
    name: 'deprecated APIs at a future kube version',
    files: {
      'templates/c.yaml': 'apiVersion: resource.k8s.io/v1beta2\nkind: DeviceClass\nmetadata:\n  name: c\n',
    },
    args: ['$C', '--kube-version', 'v1.36.0'],
  },
  {
    name: 'required and fail do not stop lint',
    files: {
      'templates/cm.yaml': `${cm}data:\n  a: {{ required "a is required" .Values.a | quote }}\n{{- if not .Values.b }}{{ fail "b missing" }}{{ end }}\n`,
    },
  },
  { name: 'unknown function', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ nosuchfunc 1 }}\n` } },
  { name: 'bad template syntax', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ if }}\n` } },
  {
    name: 'template execution error',
    files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ .Values.x.y.z }}\n`, 'values.yaml': 'x: 1\n' },
  },
  {
    name: 'release name and namespace in templates',
    files: {
      'templates/cm.yaml': `${cm}  namespace: {{ .Release.Namespace }}\ndata:\n  n: {{ .Release.Name }}\n`,
    },
    args: ['$C', '-n', 'team-a', '--set', 'x=1'],
  },
  {
    name: 'undeclared and missing dependencies, duplicate aliases',
    files: {
      'Chart.yaml': `${ok}dependencies:\n  - name: a\n    version: 1.0.0\n  - name: b\n    version: 1.0.0\n    alias: a\n  - name: b\n    version: 1.0.0\n`,
      'charts/z/Chart.yaml': 'apiVersion: v2\nname: z\nversion: 1.0.0\n',
      'templates/cm.yaml': cm,
    },
  },
  {
    name: 'crds that are not CRDs',
    files: {
      'crds/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'crds/b.yaml':
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: b\n',
      'templates/cm.yaml': cm,
    },
  },
  { name: 'crds that do not parse', files: { 'crds/a.yaml': 'kind: [\n', 'templates/cm.yaml': cm } },
  {
    name: 'strict turns warnings into failures',
    files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: v1.0\n', 'templates/cm.yaml': cm },
    args: ['$C', '--strict'],
  },
  {
    name: 'quiet hides info',
    files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n', 'templates/cm.yaml': cm },
    args: ['$C', '--quiet'],
  },
  { name: 'not a chart', args: ['$TMP/nothing-here'] },
  { name: 'several paths', files: { 'templates/cm.yaml': cm }, args: ['$C', '$C', '$TMP/nothing-here'] },
  { name: 'invalid kube version', files: { 'templates/cm.yaml': cm }, args: ['$C', '--kube-version', 'one'] },
  { name: 'no arguments', args: [] },
];

/** The realistic charts of the conformance suite, as they are and with their subcharts. */
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

describe.concurrent('helm lint = bosun helm lint', () => {
  const { dir: tmp, cleanup } = tempDir('bosun-lint-');
  afterAll(cleanup);

  test.for(cases)('$name', async (c) => {
    const chartDir = join(tmp, c.name.replace(/[^a-z0-9]+/gi, '-'), 'c');
    if (c.files) writeTree(chartDir, { 'Chart.yaml': ok, ...c.files });
    const args = ['lint', ...(c.args ?? ['$C'])].map((a) => a.replace('$C', chartDir).replace('$TMP', tmp));
    const r = await runBoth(args, { cwd: tmp, home: join(chartDir, '..', 'home') });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test.for(
    suiteCharts().flatMap((p) => [
      { name: p.slice(repoRoot.length + 1), args: [p] },
      {
        name: `${p.slice(repoRoot.length + 1)} --with-subcharts --strict`,
        args: [p, '--with-subcharts', '--strict'],
      },
    ]),
  )('suite chart $name', async ({ name, args }) => {
    const r = await runBoth(['lint', ...args], {
      cwd: repoRoot,
      home: join(tmp, `suite-${name.replace(/\W+/g, '-')}`),
    });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test('packaged chart', async () => {
    const home = join(tmp, 'pkg-home');
    const pkg = join(tmp, 'pkg');
    await run(oracles().helm4, ['package', join(repoRoot, 'test/conformance/charts/kube-stack'), '-d', pkg], {
      env: isolatedHelmEnv(home),
    });
    const r = await runBoth(['lint', join(pkg, 'kube-stack-66.3.1.tgz')], { cwd: tmp, home });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });
});
