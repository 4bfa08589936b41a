import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { isolatedHelmEnv, oracles, run, tempDir, writeTree } from '../../test/support/oracle.js';
import {
  decodeRelease,
  encodeRelease,
  goTime,
  isPendingStatus,
  type Release,
  ReleaseDecodeError,
  releaseFromJson,
  releaseToJson,
} from './record.js';

function sample(over: Partial<Release> = {}): Release {
  return {
    name: 'web',
    info: {
      first_deployed: '2024-05-01T10:00:00.123456789+02:00',
      last_deployed: '2024-05-01T10:00:00.123456789+02:00',
      description: 'Install complete',
      status: 'deployed',
      notes: 'hello <world> & co\n',
    },
    chart: {
      metadata: {
        name: 'web',
        version: '1.2.3',
        apiVersion: 'v2',
        appVersion: '1.0',
        annotations: { b: '2', a: '1' },
      },
      lock: null,
      templates: [{ name: 'templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n').toString('base64') }],
      values: { replicas: 1, image: { tag: 'x' } },
      schema: null,
      files: null,
    },
    config: { z: 1, a: [true, null, 'x'], big: 1e21, small: 1e-7, n: 10n },
    manifest: '---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\n',
    hooks: [
      {
        name: 'pre',
        kind: 'Job',
        path: 'web/templates/job.yaml',
        manifest: 'kind: Job',
        events: ['pre-install'],
        last_run: { phase: '' },
        weight: -5,
        delete_policies: ['before-hook-creation'],
        output_log_policies: [],
      },
    ],
    version: 3,
    namespace: 'shop',
    labels: {},
    apply_method: 'ssa',
    ...over,
  };
}

describe('release record JSON', () => {
  test.for([
    { name: 'full record', rel: sample() },
    { name: 'no hooks, no config', rel: sample({ hooks: [], config: {} }) },
    {
      name: 'uninstalled with deleted time',
      rel: sample({ info: { ...sample().info, deleted: '2024-05-02T00:00:00Z', status: 'uninstalled' } }),
    },
    { name: 'helm 3 record (no apply method)', rel: sample({ apply_method: undefined }) },
  ])('$name survives encode → decode', ({ rel }) => {
    const back = decodeRelease(encodeRelease(rel));
    // bigint config values come back as float64 numbers, as Go reads them into interface{}.
    expect(releaseToJson(back)).toBe(releaseToJson(rel));
  });

  test.for([
    {
      name: 'omits empty fields, sorts map keys, escapes HTML',
      rel: sample(),
      contains: [
        '"annotations":{"a":"1","b":"2"}',
        '"notes":"hello \\u003cworld\\u003e \\u0026 co\\n"',
        '"big":1e+21',
        '"small":1e-7',
        '"n":10',
        '"last_run":{"phase":""}',
        '"weight":-5',
        '"schemamodtime":"0001-01-01T00:00:00Z"',
      ],
    },
    {
      name: 'zero deleted time omitted (helm 4)',
      rel: sample(),
      absent: ['"deleted"', '"output_log_policies"', '"lock":{'],
    },
  ])('$name', ({ rel, contains = [], absent = [] }) => {
    const json = releaseToJson(rel);
    for (const c of contains) expect(json).toContain(c);
    for (const a of absent) expect(json).not.toContain(a);
  });

  test.for([
    { name: 'gzip + base64', data: () => encodeRelease(sample()) },
    {
      name: 'base64 of plain JSON (records from before compression)',
      data: () => Buffer.from(releaseToJson(sample())).toString('base64'),
    },
    { name: 'plain JSON', data: () => releaseToJson(sample()) },
  ])('decodes $name', ({ data }) => {
    expect(decodeRelease(data()).info.status).toBe('deployed');
  });

  test.for([
    { name: 'not base64', data: '!!!', code: 'ERELEASEDECODE' },
    {
      name: 'gzip magic but broken stream',
      data: Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2]).toString('base64'),
      code: 'ERELEASEDECODE',
    },
    { name: 'gzip of non-JSON', data: gzipSync('nope').toString('base64'), code: 'ERELEASEDECODE' },
  ])('rejects $name', ({ data, code }) => {
    expect(() => decodeRelease(data)).toThrow(ReleaseDecodeError);
    try {
      decodeRelease(data);
    } catch (e) {
      expect((e as ReleaseDecodeError).code).toBe(code);
    }
  });

  test('reads helm 3 empty-string times as absent', () => {
    const rel = releaseFromJson(
      '{"name":"a","info":{"first_deployed":"2024-01-01T00:00:00Z","deleted":"","status":"deployed"},"hooks":[{"name":"h","last_run":{"started_at":"","completed_at":"","phase":""}}],"version":1}',
    );
    expect(rel.info.deleted).toBeUndefined();
    expect(rel.hooks[0]!.last_run.started_at).toBeUndefined();
    expect(releaseToJson(rel)).not.toContain('"deleted"');
  });

  test.for([
    { name: 'UTC with nanoseconds', tz: 0, nanos: 456789, want: '2024-05-01T10:00:00.123456789Z' },
    { name: 'no fraction', tz: 0, nanos: 0, ms: 0, want: '2024-05-01T10:00:00Z' },
    { name: 'trailing zeros dropped', tz: 0, nanos: 0, ms: 120, want: '2024-05-01T10:00:00.12Z' },
  ])('goTime: $name', ({ nanos, ms = 123, want }) => {
    const d = new Date(Date.UTC(2024, 4, 1, 10, 0, 0, ms));
    const got = goTime(d, nanos);
    // The process time zone decides the offset; compare the instant and the fraction form.
    expect(Date.parse(got)).toBe(Date.parse(want));
    expect(got.replace(/^.*:\d\d(\.\d+)?.*$/, '$1')).toBe(want.replace(/^.*:\d\d(\.\d+)?.*$/, '$1'));
  });

  test('statuses', () => {
    expect(
      ['pending-install', 'pending-upgrade', 'pending-rollback', 'deployed'].map(isPendingStatus),
    ).toEqual([true, true, true, false]);
  });
});

describe('helm 4 record JSON (real helm, install --dry-run=client -o json)', () => {
  test('bosun re-encodes the record helm wrote byte for byte', async () => {
    const { dir, cleanup } = tempDir('bosun-record-');
    try {
      writeTree(`${dir}/c`, {
        'Chart.yaml':
          'apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: "1.0"\ndescription: a <chart>\nkeywords: [a, b]\nmaintainers:\n  - name: me\n    email: me@x.io\nannotations:\n  z: "1"\n  a: "2"\ndependencies:\n  - name: sub\n    version: 0.1.0\n    repository: ""\n    condition: sub.enabled\n',
        'values.yaml': 'a: 1\nb: [x, 2.5]\nsub:\n  enabled: false\nhtml: "<&>"\n',
        'values.schema.json': '{"type":"object"}\n',
        'templates/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "{{.Values.a}}"\n',
        'templates/hook.yaml':
          'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install,post-upgrade\n    helm.sh/hook-weight: "3"\n    helm.sh/hook-delete-policy: hook-succeeded\nspec: {}\n',
        'templates/NOTES.txt': 'notes for {{ .Release.Name }}\n',
        'files/x.txt': 'file\n',
        'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      });
      const r = await run(
        oracles().helm4,
        [
          'install',
          'r',
          `${dir}/c`,
          '--dry-run=client',
          '-o',
          'json',
          '--set',
          'a=2',
          '--set-string',
          's=<x>',
          '--set',
          'f=1.5',
        ],
        { env: isolatedHelmEnv(`${dir}/home`) },
      );
      expect(r.stderr).toBe('');
      const rel = decodeRelease(Buffer.from(r.stdout.trim()).toString('base64'));
      expect(rel.hooks[0]!.events).toEqual(['pre-install', 'post-upgrade']);
      expect(rel.config).toEqual({ a: 2, s: '<x>', f: '1.5' }); // strvals keeps non-integers as strings
      expect(releaseToJson(rel)).toBe(r.stdout.trim());
    } finally {
      cleanup();
    }
  });
});
