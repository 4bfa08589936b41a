import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { ChartArchiveError, goMatch, IgnoreRules, loadArchiveFiles, loadChart } from './index.js';

/** A ustar archive built by hand, so tests can write entries no tool would (`../x`, links). */
function tarball(
  entries: { name: string; data?: string | Uint8Array; type?: string; link?: string }[],
): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const e of entries) {
    const data = typeof e.data === 'string' || e.data === undefined ? enc.encode(e.data ?? '') : e.data;
    const h = new Uint8Array(512);
    const put = (off: number, s: string) => h.set(enc.encode(s), off);
    put(0, e.name);
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, `${data.length.toString(8).padStart(11, '0')}\0`);
    put(136, '00000000000\0');
    put(148, '        ');
    put(156, e.type ?? '0');
    put(157, e.link ?? '');
    put(257, 'ustar\0');
    put(263, '00');
    const sum = h.reduce((a, b) => a + b, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(h);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of blocks) {
    out.set(b, off);
    off += b.length;
  }
  return gzipSync(out);
}

const chartYaml = 'apiVersion: v2\nname: demo\nversion: 1.0.0\n';

describe('loadArchiveFiles refuses unsafe archives', () => {
  test.for([
    {
      name: 'parent directory',
      entries: [{ name: 'demo/../../evil', data: 'x' }],
      code: 'ECHART_PARENT_PATH',
    },
    {
      name: 'absolute path',
      entries: [{ name: 'demo//etc/passwd', data: 'x' }],
      code: 'ECHART_ABSOLUTE_PATH',
    },
    {
      name: 'nothing under the top folder',
      entries: [{ name: 'demo', data: 'x' }],
      code: 'ECHART_OUTSIDE_BASE',
    },
    {
      name: 'a lone Chart.yaml has no chart folder',
      entries: [{ name: 'Chart.yaml', data: chartYaml }],
      code: 'ECHART_OUTSIDE_BASE',
    },
    {
      name: 'Chart.yaml as the top folder',
      entries: [{ name: 'Chart.yaml/x', data: 'x' }],
      code: 'ECHART_NESTED_CHART_YAML',
    },
    { name: 'drive letter', entries: [{ name: 'demo\\c:\\x', data: 'x' }], code: 'ECHART_ILLEGAL_NAME' },
    {
      name: 'symlink out of the chart',
      entries: [{ name: 'demo/templates/x.yaml', type: '2', link: '../../../etc/passwd' }],
      code: 'ECHART_LINK_ESCAPES',
    },
    {
      name: 'absolute symlink',
      entries: [{ name: 'demo/x', type: '2', link: '/etc/passwd' }],
      code: 'ECHART_LINK_ESCAPES',
    },
    { name: 'only folders', entries: [{ name: 'demo/', type: '5' }], code: 'ECHART_EMPTY_ARCHIVE' },
  ])('$name', ({ entries, code }) => {
    expect(() => loadArchiveFiles(tarball(entries))).toThrow(expect.objectContaining({ code }));
  });

  test('a file over the per-file limit names the entry and the limit', () => {
    const archive = tarball([
      { name: 'demo/Chart.yaml', data: chartYaml },
      { name: 'demo/big.txt', data: 'x'.repeat(100) },
    ]);
    expect(() => loadArchiveFiles(archive, { maxFileSize: 64 })).toThrow(
      'decompressed chart file "demo/big.txt" is larger than the maximum file size 64',
    );
  });

  test('the whole chart over the size limit', () => {
    const archive = tarball([
      { name: 'demo/a.txt', data: 'x'.repeat(60) },
      { name: 'demo/b.txt', data: 'x'.repeat(60) },
    ]);
    expect(() => loadArchiveFiles(archive, { maxChartSize: 100 })).toThrow(ChartArchiveError);
  });

  test('not gzip', () => {
    expect(() => loadArchiveFiles(new TextEncoder().encode('name: x\n'))).toThrow('gzip: invalid header');
  });

  test('a symlink inside the chart is an empty file, as in helm', () => {
    const files = loadArchiveFiles(
      tarball([
        { name: 'demo/a', data: 'A' },
        { name: 'demo/b', type: '2', link: 'a' },
      ]),
    );
    expect(files.map((f) => [f.name, f.data.length])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
  });
});

describe('loadChart', () => {
  const root = mkdtempSync(join(tmpdir(), 'bosun-chart-load-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const tree = (dir: string, files: Record<string, string>) => {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
  };

  test('archive bytes with a packaged subchart and a subchart folder', () => {
    const sub = tarball([
      { name: 'db/Chart.yaml', data: 'apiVersion: v2\nname: db\nversion: 2.0.0\n' },
      { name: 'db/values.yaml', data: 'port: 5432\n' },
    ]);
    const archive = tarball([
      { name: 'demo/Chart.yaml', data: `\ufeff${chartYaml}` },
      { name: 'demo/values.yaml', data: 'replicas: 2\n' },
      { name: 'demo/templates/cm.yaml', data: 'kind: ConfigMap\n' },
      { name: 'demo/charts/cache/Chart.yaml', data: 'apiVersion: v2\nname: cache\nversion: 0.1.0\n' },
      { name: 'demo/charts/_skipped/Chart.yaml', data: 'not: loaded\n' },
      { name: 'demo/README.md', data: '# demo\n' },
      { name: 'demo/charts/db-2.0.0.tgz', data: sub },
    ]);
    const c = loadChart(archive);
    expect(c.name).toBe('demo');
    expect(c.values).toEqual({ replicas: 2 });
    expect(c.templates.map((t) => t.name)).toEqual(['templates/cm.yaml']);
    expect(c.files.map((f) => f.name)).toEqual(['README.md']);
    expect(c.dependencies.map((d) => d.chartFullPath())).toEqual(['demo/charts/cache', 'demo/charts/db']);
    expect(c.dependencies[1]!.values).toEqual({ port: 5432 });
  });

  test('folder with .helmignore, charts/*.tgz and a v1 requirements.yaml', () => {
    const dir = join(root, 'legacy');
    tree(dir, {
      'Chart.yaml': 'name: legacy\nversion: 0.1.0\n',
      'requirements.yaml': 'dependencies:\n- name: db\n  version: 2.x\n  repository: https://example.org\n',
      '.helmignore': '# comment\n*.bak\n/secret.txt\nignored/\n',
      'values.yaml': 'a: 1\n',
      'notes.bak': 'x',
      'secret.txt': 'x',
      'sub/secret.txt': 'kept: the pattern is anchored',
      'ignored/file.txt': 'x',
      'templates/.hidden.yaml': 'x',
      'templates/ok.yaml': 'kind: ConfigMap\n',
    });
    mkdirSync(join(dir, 'charts'));
    writeFileSync(
      join(dir, 'charts/db-2.0.0.tgz'),
      tarball([{ name: 'db/Chart.yaml', data: 'apiVersion: v2\nname: db\nversion: 2.0.0\n' }]),
    );
    const c = loadChart(dir);
    expect(c.metadata.APIVersion).toBe('v1');
    expect(c.metadata.Dependencies?.map((d) => d?.Name)).toEqual(['db']);
    expect(c.files.map((f) => f.name).sort()).toEqual(['.helmignore', 'requirements.yaml', 'sub/secret.txt']);
    expect(c.templates.map((t) => t.name)).toEqual(['templates/ok.yaml']);
    expect(c.dependencies.map((d) => d.name)).toEqual(['db']);
  });

  test('a symlink leaving the chart is followed (helm) or refused on request', () => {
    const dir = join(root, 'linked');
    tree(dir, { 'Chart.yaml': chartYaml });
    tree(root, { 'outside.txt': 'secret' });
    symlinkSync(join(root, 'outside.txt'), join(dir, 'leak.txt'));
    const warnings: string[] = [];
    expect(loadChart(dir, { warn: (m) => warnings.push(m) }).files.map((f) => f.name)).toEqual(['leak.txt']);
    expect(warnings[0]).toMatch(/found symbolic link/);
    expect(() => loadChart(dir, { symlinks: 'refuse-escaping' })).toThrow(
      /symbolic link leak.txt resolves outside the chart/,
    );
  });

  test('a file over the size limit', () => {
    const dir = join(root, 'big');
    tree(dir, { 'Chart.yaml': chartYaml, 'data.bin': 'x'.repeat(200) });
    expect(() => loadChart(dir, { maxFileSize: 100 })).toThrow(
      'chart file "data.bin" is larger than the maximum file size 100',
    );
  });

  test('Chart.yaml values written as numbers become strings as sigs.k8s.io/yaml makes them', () => {
    const dir = join(root, 'numbers');
    tree(dir, {
      'Chart.yaml':
        'apiVersion: v2\nname: n\nversion: 1.0\nappVersion: 1.10\nkeywords: [20230101, 1234567.0, 2.5e10, true]\n',
    });
    const m = loadChart(dir).metadata;
    expect([m.Version, m.AppVersion, ...(m.Keywords ?? [])]).toEqual([
      '1',
      '1.1',
      '20230101',
      '1.234567e+06',
      '2.5e+10',
      'true',
    ]);
  });

  test('path helpers', () => {
    const dir = join(root, 'nested');
    tree(dir, {
      'Chart.yaml': chartYaml,
      'charts/a/Chart.yaml': 'apiVersion: v2\nname: a\nversion: 1.0.0\n',
      'charts/a/charts/b/Chart.yaml': 'apiVersion: v2\nname: b\nversion: 1.0.0\n',
    });
    const b = loadChart(dir).dependencies[0]!.dependencies[0]!;
    expect([b.chartFullPath(), b.chartPath(), b.root().name, b.isRoot]).toEqual([
      'demo/charts/a/charts/b',
      'demo.a.b',
      'demo',
      false,
    ]);
  });
});

describe('helmignore and Go glob matching', () => {
  test.for([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'dir/a.txt', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['\\*', '*', true],
    ['*/b', 'a/b', true],
    ['a*b*c', 'axxbyyc', true],
  ] as const)('match(%s, %s) = %s', ([pattern, name, want]) => {
    expect(goMatch(pattern, name)).toBe(want);
  });

  test.for(['[', 'a[', '[a-]', '\\'])('bad pattern %s', (p) => {
    expect(() => IgnoreRules.parse(p)).toThrow('syntax error in pattern');
  });

  test('double star is refused', () => {
    expect(() => IgnoreRules.parse('docs/**')).toThrow('double-star (**) syntax is not supported');
  });

  test.for([
    { rules: 'ignored/', path: 'ignored', dir: true, want: true },
    { rules: 'ignored/', path: 'ignored', dir: false, want: false },
    { rules: '/top.txt', path: 'top.txt', dir: false, want: true },
    { rules: '/top.txt', path: 'a/top.txt', dir: false, want: false },
    { rules: '*.md', path: 'docs/x.md', dir: false, want: true },
    { rules: 'docs/*.md', path: 'docs/x.md', dir: false, want: true },
    // helm's negation ignores everything the negated pattern does NOT match.
    { rules: '!keep.txt', path: 'other.txt', dir: false, want: true },
    { rules: '!keep.txt', path: 'keep.txt', dir: false, want: false },
  ])('$rules on $path (dir: $dir)', ({ rules, path, dir, want }) => {
    expect(IgnoreRules.parse(rules).ignore(path, dir)).toBe(want);
  });
});

describe('Chart.toJSONValue', () => {
  test('the shape helm writes into release records', () => {
    const root = mkdtempSync(join(tmpdir(), 'bosun-chart-json-'));
    try {
      mkdirSync(join(root, 'c/templates'), { recursive: true });
      writeFileSync(
        join(root, 'c/Chart.yaml'),
        'apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers: [{name: me}]\n',
      );
      writeFileSync(join(root, 'c/templates/a.yaml'), 'x');
      writeFileSync(join(root, 'c/README.md'), 'x\n');
      const c = loadChart(join(root, 'c'));
      const v4 = c.toJSONValue();
      expect(Object.keys(v4)).toEqual([
        'metadata',
        'lock',
        'templates',
        'values',
        'schema',
        'schemamodtime',
        'files',
        'modtime',
      ]);
      expect(v4.metadata).toEqual({
        name: 'c',
        version: '1.0.0',
        maintainers: [{ name: 'me' }],
        apiVersion: 'v2',
      });
      expect(v4.templates).toEqual([
        { name: 'templates/a.yaml', data: 'eA==', modtime: expect.stringMatching(/Z$/) },
      ]);
      expect(v4.schemamodtime).toBe('0001-01-01T00:00:00Z');
      const v3 = c.toJSONValue({ helm: 'v3' });
      expect(Object.keys(v3)).toEqual(['metadata', 'lock', 'templates', 'values', 'schema', 'files']);
      expect(v3.files).toEqual([{ name: 'README.md', data: 'eAo=' }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('parse errors name the file inside the chart tree', () => {
  test('values.yaml of a subchart', () => {
    const root = mkdtempSync(join(tmpdir(), 'bosun-chart-yamlerr-'));
    try {
      mkdirSync(join(root, 'c/charts/sub'), { recursive: true });
      writeFileSync(join(root, 'c/Chart.yaml'), chartYaml);
      writeFileSync(join(root, 'c/charts/sub/Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 1.0.0\n');
      writeFileSync(join(root, 'c/charts/sub/values.yaml'), 'a: [1, 2\nb: 3\n');
      expect(() => loadChart(join(root, 'c'))).toThrow(
        /^error unpacking subchart sub in demo: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: .* \(at .*c\/charts\/sub\/values.yaml:\d+:\d+\)$/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
