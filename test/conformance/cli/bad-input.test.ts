/**
 * Bad input to `bosun helm template`, compared with helm v4.1.4: the exit status always, and
 * stderr byte for byte — except where bosun deliberately says more than helm (`extends`: helm's
 * message, then bosun's file:line:col or the limit that was hit) or refuses what helm lets
 * through (`refuses`: links in archives that point outside the chart).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { tempDir, writeTree } from '../../support/oracle.js';
import { observable, runBoth } from './harness.js';
import { type TarEntry, tgz } from './tar.js';

const chartYaml = 'apiVersion: v2\nname: c\nversion: 1.0.0\n';
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';

interface Case {
  name: string;
  /** A chart folder $TMP/<case>/c … */
  files?: Record<string, string>;
  /** … or a chart archive $TMP/<case>/c.tgz. */
  archive?: TarEntry[];
  /** Arguments after `template`; `$C` is the chart, `$D` the case folder. */
  args?: string[];
  /** Extra files in the case folder (values files, …). */
  extra?: Record<string, string>;
  /** How stderr must relate to helm's (default: identical). */
  mode?: 'exact' | 'extends' | 'refuses';
  /** For `extends` and `refuses`: what bosun's message must also say. */
  says?: RegExp;
}

const big = 'a'.repeat(5 * 1024 * 1024 + 1);

const cases: Case[] = [
  {
    name: 'malformed Chart.yaml',
    files: { 'Chart.yaml': 'apiVersion: v2\nname: c\n  version: 1.0.0\n' },
    mode: 'extends',
    says: /Chart\.yaml:3:\d+\)$/m,
  },
  {
    name: 'malformed values.yaml',
    files: { 'values.yaml': 'a:\n  - b\n c: d\n', 'templates/cm.yaml': cm },
    mode: 'extends',
    says: /values\.yaml:\d+:\d+\)$/m,
  },
  {
    name: 'malformed -f values file',
    files: { 'templates/cm.yaml': cm },
    extra: { 'bad.yaml': 'a: [1, 2\n' },
    args: ['$C', '-f', '$D/bad.yaml'],
    mode: 'extends',
    says: /bad\.yaml:\d+:\d+\)$/m,
  },
  { name: 'values file not found', files: { 'templates/cm.yaml': cm }, args: ['$C', '-f', '$D/nope.yaml'] },
  { name: 'bad --set', files: { 'templates/cm.yaml': cm }, args: ['$C', '--set', 'a.b'] },
  { name: 'bad --set-json', files: { 'templates/cm.yaml': cm }, args: ['$C', '--set-json', 'a={"b":'] },
  { name: 'unknown function', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ nosuch .Values }}\n` } },
  { name: 'unclosed action', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ .Values.a\n` } },
  { name: 'missing end', files: { 'templates/cm.yaml': `${cm}{{ if .Values.a }}\ndata: {}\n` } },
  { name: 'unexpected else', files: { 'templates/cm.yaml': `${cm}{{ else }}\n` } },
  { name: 'undefined variable', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ $nope }}\n` } },
  {
    name: 'bad syntax in a partial',
    files: { 'templates/_h.tpl': '{{ define "x" }}{{ .a ) }}{{ end }}\n', 'templates/cm.yaml': cm },
  },
  // helm accepts a pipeline that ends in `|` (the Go parser lets it through): so must bosun.
  {
    name: 'dangling pipe is accepted',
    files: { 'templates/cm.yaml': `${cm}{{/* x */}}{{ define "y" }}{{ .a | }}{{ end }}\n` },
  },
  { name: 'nil pointer', files: { 'templates/cm.yaml': `${cm}data:\n  a: {{ .Values.a.b.c }}\n` } },
  {
    name: 'required',
    files: {
      'templates/cm.yaml': `${cm}data:\n  a: {{ required "a.b is required; set it with --set a.b=…" .Values.a }}\n`,
    },
  },
  { name: 'fail', files: { 'templates/cm.yaml': `{{ fail "this chart cannot be installed here" }}\n` } },
  {
    name: 'required in NOTES.txt',
    files: { 'templates/cm.yaml': cm, 'templates/NOTES.txt': '{{ required "x" .Values.x }}\n' },
  },
  {
    name: 'rendered YAML that does not parse',
    files: { 'templates/cm.yaml': `${cm}data:\n  a: b\n c: d\n` },
  },
  { name: 'chart folder not found', args: ['$D/nowhere'] },
  {
    name: 'missing dependency',
    files: {
      'Chart.yaml': `${chartYaml}dependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.org\n`,
      'templates/cm.yaml': cm,
    },
  },
  { name: 'library chart', files: { 'Chart.yaml': `${chartYaml}type: library\n`, 'templates/_h.tpl': '' } },
  {
    name: 'unknown chart type',
    files: { 'Chart.yaml': `${chartYaml}type: plugin\n`, 'templates/cm.yaml': cm },
  },
  { name: 'chart without name', files: { 'Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n' } },
  { name: 'chart with bad version', files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: one\n' } },
  {
    name: 'invalid --kube-version',
    files: { 'templates/cm.yaml': cm },
    args: ['$C', '--kube-version', 'banana'],
  },
  {
    name: 'schema violation',
    files: {
      'values.yaml': 'port: 80\n',
      'values.schema.json':
        '{"type":"object","properties":{"port":{"type":"integer","maximum":1024}},"required":["port"]}',
      'templates/cm.yaml': cm,
    },
    args: ['$C', '--set', 'port=8080'],
  },
  {
    name: 'schema violation in a subchart',
    files: {
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/values.schema.json': '{"properties":{"enabled":{"type":"boolean"}}}',
      'templates/cm.yaml': cm,
    },
    args: ['$C', '--set-string', 'sub.enabled=yes'],
  },
  {
    name: 'archive entry with ..',
    archive: [
      { name: 'c/Chart.yaml', data: chartYaml },
      { name: 'c/../../evil.yaml', data: cm },
    ],
    mode: 'extends',
    says: /parent directory/,
  },
  // helm strips nothing and refuses nothing here: the entry lies outside the chart folder and is ignored.
  {
    name: 'archive entry with an absolute path',
    archive: [
      { name: 'c/Chart.yaml', data: chartYaml },
      { name: '/etc/evil.yaml', data: cm },
    ],
  },
  {
    name: 'archive symlink escaping the chart',
    archive: [
      { name: 'c/Chart.yaml', data: chartYaml },
      { name: 'c/templates/link.yaml', type: 'symlink', linkname: '../../../etc/passwd' },
    ],
    mode: 'refuses',
    says: /link pointing outside the chart/,
  },
  {
    name: 'archive hard link escaping the chart',
    archive: [
      { name: 'c/Chart.yaml', data: chartYaml },
      { name: 'c/templates/link.yaml', type: 'hardlink', linkname: '/etc/passwd' },
    ],
    mode: 'refuses',
    says: /link pointing outside the chart/,
  },
  {
    name: 'archive file over the 5 MiB limit',
    archive: [
      { name: 'c/Chart.yaml', data: chartYaml },
      { name: 'c/files/big.txt', data: big },
    ],
    mode: 'extends',
    says: /5242880/,
  },
  { name: 'archive without Chart.yaml', archive: [{ name: 'c/values.yaml', data: 'a: 1\n' }] },
  {
    name: 'folder file over the 5 MiB limit',
    files: { 'files/big.txt': big },
    mode: 'extends',
    says: /5242880/,
  },
];

describe.concurrent('bad input: bosun helm template fails like helm template', () => {
  const { dir: tmp, cleanup } = tempDir('bosun-bad-');
  afterAll(cleanup);

  test.for(cases)('$name', async (c) => {
    const caseDir = join(tmp, c.name.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(caseDir, { recursive: true });
    let chart = join(caseDir, 'c');
    if (c.files) writeTree(chart, { 'Chart.yaml': chartYaml, ...c.files });
    if (c.archive) {
      chart = join(caseDir, 'c.tgz');
      writeFileSync(chart, tgz(c.archive));
    }
    if (c.extra) writeTree(caseDir, c.extra);
    const args = ['template', ...(c.args ?? ['rel', '$C'])].map((a) =>
      a.replace('$C', chart).replace('$D', caseDir),
    );
    const r = await runBoth(args, { cwd: caseDir, home: join(caseDir, 'home') });
    const mode = c.mode ?? 'exact';
    if (mode === 'refuses') {
      expect(r.bosun.code).toBe(1);
      expect(r.bosun.stderr).toMatch(c.says!);
      return;
    }
    if (mode === 'extends') {
      expect(r.helm.code, 'helm must fail on this input').not.toBe(0);
      expect(r.bosun.code).toBe(r.helm.code);
      const helmFirst = r.helm.stderr.split('\n')[0]!;
      expect(r.bosun.stderr.startsWith(helmFirst), `bosun: ${r.bosun.stderr}\nhelm: ${r.helm.stderr}`).toBe(
        true,
      );
      expect(r.bosun.stderr).toMatch(c.says!);
      return;
    }
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test('a symlink inside a chart folder is followed like helm does', async () => {
    const chart = join(tmp, 'folder-link', 'c');
    writeTree(chart, { 'Chart.yaml': chartYaml, 'shared/cm.yaml': cm });
    symlinkSync(join(chart, 'shared', 'cm.yaml'), join(chart, 'templates-link.yaml'));
    mkdirSync(join(chart, 'templates'), { recursive: true });
    symlinkSync(join(chart, 'shared', 'cm.yaml'), join(chart, 'templates', 'cm.yaml'));
    const r = await runBoth(['template', 'rel', chart], { cwd: tmp, home: join(tmp, 'folder-link', 'home') });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });
});
