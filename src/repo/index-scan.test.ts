import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { toYaml } from '../encoding/index.js';
import { chartVersionJson } from './chart-version.js';
import { loadCachedIndex } from './index-cache.js';
import { type IndexFile, parseIndex } from './index-file.js';
import { ScanBail, type ScannedFields, scanIndex } from './index-scan.js';

/** Everything an index holds, in a comparable form (whole entries decoded). */
function dump(index: IndexFile): unknown {
  const entries: unknown[] = [];
  for (const [key, list] of index.entries) {
    entries.push([
      key,
      list.map((e) => [
        e.name,
        e.version,
        e.appVersion,
        e.description,
        e.keywords,
        e.urls.join(' '),
        JSON.stringify(toYaml(chartVersionJson(e.full()))),
      ]),
    ]);
  }
  const { entries: _, ...rest } = index;
  return { ...rest, entries };
}

/** parseIndex with the fast reader and with the full parser: same index, warnings and errors. */
function both(text: string): { fast: unknown; full: unknown } {
  const run = (scanner: boolean) => {
    const warnings: string[] = [];
    try {
      const index = parseIndex(text, 'idx', (w) => warnings.push(w), { scanner });
      return { index: dump(index), warnings };
    } catch (err) {
      return { error: (err as Error).message, warnings };
    }
  };
  return { fast: run(true), full: run(false) };
}

/** How the scanner took the text: bailed, or how many versions it decoded itself. */
function scanned(text: string): { bail: boolean; decoded: number; slow: number } {
  let decoded = 0;
  let slow = 0;
  try {
    scanIndex(text, {
      chart() {},
      version(_s: number, _e: number, f: ScannedFields | undefined) {
        if (f) decoded++;
        else slow++;
      },
    });
    return { bail: false, decoded, slow };
  } catch (err) {
    if (err instanceof ScanBail) return { bail: true, decoded, slow };
    throw err;
  }
}

const long = 'A chart that does a great many things, described at length so that go-yaml folds it over lines';
const base = {
  apiVersion: 'v2',
  name: 'web',
  version: '1.2.3',
  appVersion: '1.0',
  description: 'A web chart',
  urls: ['https://charts.example.com/web-1.2.3.tgz'],
  created: '2024-05-01T10:00:00.000000000Z',
  digest: 'abc123',
};

/** Index documents written by go-yaml (encoding's toYaml is byte for byte sigs.k8s.io/yaml). */
const written: { name: string; versions: Record<string, unknown>[]; decoded?: boolean }[] = [
  { name: 'plain', versions: [base, { ...base, version: '1.10.0' }, { ...base, version: '2.0.0-rc.1' }] },
  { name: 'folded long description', versions: [{ ...base, description: `${long} ${long}` }] },
  {
    name: 'quoted folded description',
    versions: [{ ...base, description: `${long}: with a colon, # and a hash, ${long}` }],
  },
  {
    name: 'strings that need quotes',
    versions: [
      { ...base, appVersion: '1.10' },
      { ...base, version: '3.0.0', appVersion: 'true' },
      { ...base, version: '3.0.1', appVersion: '010' },
      { ...base, version: '3.0.2', appVersion: '1e3' },
      { ...base, version: '3.0.3', appVersion: '~' },
      { ...base, version: '3.0.4', appVersion: '' },
      { ...base, version: '3.0.5', description: "it's: 'quoted' \"twice\"" },
      { ...base, version: '3.0.6', description: '- starts like a list' },
      { ...base, version: '3.0.7', description: '*star &amp !bang {brace} [bracket]' },
      { ...base, version: '3.0.8', description: ' leading and trailing spaces ' },
      { ...base, version: '3.0.9', description: 'tab\there, bell\x07, nel\u0085 and ls\u2028' },
      { ...base, version: '3.0.10', description: 'ünïcödé 日本語 and an emoji 🚢 '.repeat(5) },
      { ...base, version: '3.0.11', appVersion: '2024-01-02' },
      { ...base, version: '3.0.12', appVersion: '0x1F' },
      { ...base, version: '3.0.13', appVersion: '.inf' },
      { ...base, version: '3.0.14', appVersion: 'yes' },
      { ...base, version: '3.0.15', appVersion: '12:30' },
      { ...base, version: '3.0.16', description: `"${long}" with \\ backslashes \\n ${long}` },
    ],
  },
  {
    name: 'multi-line descriptions',
    versions: [
      { ...base, description: 'line one\nline two\n' },
      { ...base, version: '1.2.4', description: 'no newline\nat the end' },
      { ...base, version: '1.2.5', description: 'keep\n\n' },
    ],
  },
  {
    name: 'keywords, maintainers, dependencies, annotations',
    versions: [
      {
        ...base,
        keywords: ['web', 'on', 'y', '1.0', 'two words'],
        maintainers: [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Bob' }],
        dependencies: [
          { name: 'common', version: '2.x.x', repository: 'oci://r/c', tags: ['a', 'b'] },
          { name: 'db', version: '1.0.0', repository: 'https://x', condition: 'db.enabled' },
        ],
        annotations: { category: 'Web', 'artifacthub.io/changes': '- kind: added\n  description: x\n' },
        sources: ['https://github.com/x'],
        home: 'https://x',
        icon: 'https://x/icon.png',
        kubeVersion: '>=1.20.0-0',
        deprecated: true,
        type: 'application',
      },
    ],
  },
  {
    name: 'invalid entries are skipped',
    versions: [
      { ...base, name: '' },
      { ...base, version: 'not-semver' },
      { ...base, version: '' },
      { ...base, version: '1.0.1', type: 'plugin' },
      { ...base, version: '1.0.2', name: 'a/b' },
      { ...base, version: '1.0.3', name: '..' },
      { ...base, version: '1.0.4', maintainers: [null] },
      { ...base, version: '1.0.5', dependencies: [null] },
      { ...base, version: '1.0.6', dependencies: [{ name: 'x', repository: '', alias: 'bad alias!' }] },
      { ...base, version: '1.0.7', dependencies: [{ name: 'x', repository: '', alias: 'good' }] },
      {
        ...base,
        version: '1.0.8',
        dependencies: [
          { name: 'x', repository: '' },
          { name: 'x', repository: '' },
        ],
      },
      { ...base, version: '1.0.9', apiVersion: '' },
      { ...base, version: '1.0.10', name: 'wéb\u200b' },
      { ...base, version: '1.0.11', maintainers: ['just a string'] },
      { ...base, version: '1.0.12', urls: [null, 1.5, 'x.tgz'] },
      { ...base, version: '1.0.13', urls: null },
    ],
    decoded: false,
  },
];

describe('the fast index reader reads what go-yaml writes exactly like the full parser', () => {
  test.for(written)('$name', ({ versions, decoded }) => {
    const text = toYaml({
      apiVersion: 'v1',
      entries: { web: versions, other: [{ ...base, name: 'other', keywords: ['k'] }], empty: [] },
      generated: '2024-05-01T10:00:00Z',
      publicKeys: ['key'],
    });
    const how = scanned(text);
    expect(how.bail).toBe(false);
    if (decoded !== false) expect(how.decoded).toBeGreaterThan(0);
    const { fast, full } = both(text);
    expect(fast).toEqual(full);
  });
});

describe('hand-written indexes: the same result or error either way', () => {
  const entry = '  - name: web\n    version: 1.0.0\n    apiVersion: v2\n    urls:\n    - web.tgz\n';
  test.for([
    {
      name: 'indented sequences',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n    - name: web\n      version: 1.0.0\n      keywords:\n        - a\n        - b\n`,
    },
    { name: 'comments', text: `# generated\napiVersion: v1\nentries:\n  web:\n${entry}  # end\n` },
    {
      name: 'anchors',
      text: `apiVersion: v1\nentries:\n  web:\n  - &a\n    name: web\n    version: 1.0.0\n  db:\n  - *a\n`,
    },
    { name: 'flow entry', text: `apiVersion: v1\nentries:\n  web: [{name: web, version: 1.0.0}]\n` },
    { name: 'tabs', text: `apiVersion: v1\nentries:\n  web:\n${entry}\t\n` },
    { name: 'CRLF', text: `apiVersion: v1\r\nentries:\r\n  web:\r\n  - name: web\r\n    version: 1.0.0\r\n` },
    { name: 'unknown entry field', text: `apiVersion: v1\nentries:\n  web:\n${entry}    colour: red\n` },
    {
      name: 'unknown top-level field',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n${entry}colour: red\n`,
    },
    { name: 'no apiVersion', scans: true, text: `entries:\n  web:\n${entry}` },
    { name: 'null entry', text: `apiVersion: v1\nentries:\n  web:\n  - null\n${entry}` },
    { name: 'null chart', scans: true, text: `apiVersion: v1\nentries:\n  web:\n  db:\n${entry}` },
    {
      name: 'repeated chart',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n${entry}  web:\n  - name: web\n    version: 2.0.0\n`,
    },
    {
      name: 'repeated chart with invalid versions',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n  - name: web\n    version: bad\n  db:\n  - name: db\n    version: bad\n  web:\n  - name: web\n    version: worse\n`,
    },
    {
      name: 'repeated field',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n${entry}    version: 3.0.0\n`,
    },
    {
      name: 'syntax error in a skipped field',
      text: `apiVersion: v1\nentries:\n  web:\n${entry}    home: a: b\n`,
    },
    { name: 'bad indentation', text: `apiVersion: v1\nentries:\n  web:\n${entry}     icon: x\n` },
    {
      name: 'plain scalar over lines',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n  - name: web\n    version: 1.0.0\n    description: one\n      two\n\n      three\n`,
    },
    {
      name: 'quoted over lines',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n  - name: web\n    version: 1.0.0\n    description: "one \\\n      two\n\n      three"\n`,
    },
    {
      name: 'numeric chart name',
      scans: true,
      text: `apiVersion: v1\nentries:\n  3scale:\n  - name: 3scale\n    version: 1.0.0\n`,
    },
    {
      name: 'extra spaces after colons',
      scans: true,
      text: `apiVersion:   v1\nentries:\n  web:\n  - name:   web\n    version:   1.0.0   \n`,
    },
    {
      name: 'version as a number',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n  - name: web\n    version: 1.0\n`,
    },
    {
      name: 'empty entries',
      scans: true,
      text: `apiVersion: v1\nentries: {}\ngenerated: "2024-01-01T00:00:00Z"\n`,
    },
    { name: 'document marker', text: `---\napiVersion: v1\nentries:\n  web:\n${entry}` },
    {
      name: 'literal block in annotations',
      scans: true,
      text: `apiVersion: v1\nentries:\n  web:\n  - annotations:\n      changes: |\n        - a\n\n        - b\n    name: web\n    version: 1.0.0\n`,
    },
  ] as { name: string; text: string; scans?: boolean }[])('$name', ({ text, scans }) => {
    // `scans`: the fast reader takes it (else it hands the text to the full parser)
    expect(scanned(text).bail).toBe(!scans);
    const { fast, full } = both(text);
    expect(fast).toEqual(full);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'bosun-index-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = (v: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v2',
  name: 'web',
  version: v,
  description: 'A web chart',
  keywords: ['web', 'http'],
  urls: [`web-${v}.tgz`],
  ...extra,
});

describe('the compact twin gives back the index it was made from', () => {
  test.for([
    // read by the fast reader: whole entries come from the YAML file on demand
    {
      name: 'go-yaml index',
      text: toYaml({ apiVersion: 'v1', entries: { web: [version('1.0.0'), version('2.0.0')] } }),
    },
    // read by the full parser (a comment): whole entries are kept in the twin
    {
      name: 'index with comments',
      text: `# hand-written\n${toYaml({ apiVersion: 'v1', entries: { web: [version('1.0.0', { description: 'ünï' })] } })}`,
    },
    // JSON index
    {
      name: 'JSON index',
      text: JSON.stringify({ apiVersion: 'v1', entries: { web: [version('1.0.0', { keywords: ['a'] })] } }),
    },
  ])('$name', ({ name, text }) => {
    const repo = name.replaceAll(' ', '-');
    writeFileSync(join(dir, `${repo}-index.yaml`), text);
    const first = dump(loadCachedIndex(dir, repo));
    const again = dump(loadCachedIndex(dir, repo));
    expect(again).toEqual(first);
  });

  test('a changed index.yaml is read again', () => {
    const file = join(dir, 'changing-index.yaml');
    writeFileSync(file, toYaml({ apiVersion: 'v1', entries: { web: [version('1.0.0')] } }));
    utimesSync(file, 1000, 1000);
    expect(
      loadCachedIndex(dir, 'changing')
        .entries.get('web')
        ?.map((e) => e.version),
    ).toEqual(['1.0.0']);
    writeFileSync(file, toYaml({ apiVersion: 'v1', entries: { web: [version('1.0.1')] } }));
    utimesSync(file, 2000, 2000);
    expect(
      loadCachedIndex(dir, 'changing')
        .entries.get('web')
        ?.map((e) => e.version),
    ).toEqual(['1.0.1']);
  });
});

describe('random go-yaml indexes read the same either way', () => {
  // pieces that stress quoting, folding, resolution and sanitising
  // (tabs, NEL and LS send the text to the full parser; the cases above cover them)
  const pieces = [
    'word',
    ' ',
    '  ',
    ': ',
    ' #',
    '#',
    '-',
    '- ',
    "'",
    '"',
    '\\',
    '\n',
    '\n\n',

    '1.0',
    '010',
    'true',
    'y',
    '~',
    'null',
    '0x1F',
    '.5',
    '1e3',
    '2024-01-02',
    'ü',
    '日本',
    '🚢',

    '\u00a0',
    '*',
    '&',
    '!',
    '%',
    '@',
    '`',
    '{',
    '}',
    '[',
    ']',
    ',',
    '?',
    '|',
    '>',
    'x'.repeat(90),
    ' a'.repeat(50),
  ];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const text = () => {
    let s = '';
    for (let i = rand(8); i >= 0; i--) s += pieces[rand(pieces.length)];
    return s;
  };
  const docs = Array.from({ length: 40 }, (_, d) => ({
    name: `doc ${d}`,
    doc: {
      apiVersion: 'v1',
      entries: {
        web: Array.from({ length: 5 }, (_, v) => ({
          apiVersion: 'v2',
          name: rand(10) === 0 ? text() : 'web',
          version: rand(10) === 0 ? text() : `1.${v}.${rand(3)}`,
          appVersion: text(),
          description: text(),
          keywords: Array.from({ length: rand(3) }, text),
          urls: [text()],
          annotations: { [`k${rand(5)}`]: text() },
        })),
      },
    },
  }));
  test.for(docs)('$name', ({ doc }) => {
    expect(scanned(toYaml(doc)).bail).toBe(false);
    const { fast, full } = both(toYaml(doc));
    expect(fast).toEqual(full);
  });
});
