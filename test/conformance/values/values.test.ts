/**
 * Coalesced values of realistic charts, compared with what the real helm v4 hands to templates:
 * every rendered chart (parent, subcharts, aliased and archived subcharts) dumps `.Values` as
 * JSON and the Go type of every leaf, for -f files and every --set flavour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ValuesOptions } from '../../../src/values/index.js';
import { tempDir } from '../../support/oracle.js';
import { assemble, dumpsFromBosun, dumpsFromHelm, helm, helmArgs } from './harness.js';

interface Case {
  name: string;
  chart: 'webapp' | 'legacy' | 'platform';
  opts: ValuesOptions;
  /** Extra files written beside the chart (for --set-file). */
  files?: Record<string, string>;
}

const prod = `replicaCount: 4
image:
  tag: "2024.12.0"
  pullSecrets: [regcred]
podSecurityContext:
  fsGroup: null
redis:
  master:
    persistence: null
  auth:
    enabled: true
    password: s3cret
primary-db:
  primary:
    resources:
      requests:
        memory: 1Gi
---
# a second document in the same file overrides the first
service:
  annotations:
    cloud.example.org/load-balancer: internal
`;

const cases: Case[] = [
  { name: 'webapp defaults', chart: 'webapp', opts: {} },
  {
    name: 'webapp -f with nulls and a second document, then --set',
    chart: 'webapp',
    opts: {
      valueFiles: [{ name: 'prod.yaml', content: prod }],
      set: ['replicaCount=5,image.digest=', 'autoscaling.targetMemory=80'],
    },
  },
  { name: 'webapp redis disabled by condition', chart: 'webapp', opts: { set: ['redis.enabled=false'] } },
  { name: 'webapp cache tag off (condition wins)', chart: 'webapp', opts: { set: ['tags.cache=false'] } },
  {
    name: 'webapp replica-db disabled by condition',
    chart: 'webapp',
    opts: { set: ['replica-db.enabled=false', 'database.enabled=false'] },
  },
  { name: 'webapp metrics off: no import-values', chart: 'webapp', opts: { set: ['metrics.enabled=false'] } },
  {
    name: 'webapp redis off by tag when its condition is unset',
    chart: 'webapp',
    opts: { set: ['redis.enabled=null,tags.cache=false'] },
  },
  {
    name: 'webapp globals override subchart globals',
    chart: 'webapp',
    opts: {
      set: [
        'global.imageRegistry=registry.example.org,global.postgresql.auth.database=orders',
        'global.redis.password=pw',
      ],
    },
  },
  {
    name: 'webapp --set-json both forms',
    chart: 'webapp',
    opts: {
      setJson: [
        'extraEnvVars=[{"name":"A","value":"1"}],commonLabels={"tier":"web","cost":12.5}',
        '{"global":{"monitoring":{"labels":{"env":"prod"}}}}',
      ],
    },
  },
  {
    name: 'webapp --set-string, --set-file, --set-literal',
    chart: 'webapp',
    opts: {
      setString: ['commonLabels.build=0042,commonLabels.flag=true'],
      setFile: ['redis.commonConfiguration=redis.conf'],
      setLiteral: ['commonLabels.note=a,b=c'],
    },
    files: { 'redis.conf': 'maxmemory 256mb\nmaxmemory-policy allkeys-lru\n' },
  },
  {
    name: 'webapp list indexes and nested maps',
    chart: 'webapp',
    opts: {
      set: [
        'image.pullSecrets[0]=regcred',
        'extraEnvVars[1].value=off,extraEnvVars[3].name=X',
        'tolerations[0].key=spot,tolerations[0].effect=NoSchedule',
      ],
    },
  },
  {
    name: 'webapp user nulls remove subchart defaults',
    chart: 'webapp',
    opts: {
      set: ['redis.master.disableCommands=null', 'primary-db.auth=null', 'metrics.service.annotations=null'],
    },
  },
  { name: 'legacy v1 defaults', chart: 'legacy', opts: {} },
  {
    name: 'legacy backend tag off',
    chart: 'legacy',
    opts: { set: ['tags.backend=false,mysql.enabled=null'] },
  },
  { name: 'legacy aliased cache off', chart: 'legacy', opts: { set: ['cache.enabled=false'] } },
  {
    name: 'legacy null removes chart defaults',
    chart: 'legacy',
    opts: { set: ['blog.disqus=null,smtp.port=null,smtp.user=null'] },
  },
  { name: 'platform large values', chart: 'platform', opts: {} },
  {
    name: 'platform overrides',
    chart: 'platform',
    opts: {
      valueFiles: [
        {
          name: 'eu.yaml',
          content:
            'global:\n  cluster: prod-eu-2\n  tracing: {sampleRate: 0.5}\nservices:\n  search-svc-03: null\n',
        },
      ],
      set: ['gateway.tls.secretName=wild2,gateway.replicas=4', 'services.payments-svc-00.replicas=9'],
    },
  },
];

describe('coalesced values and .Chart match helm v4 and v3', () => {
  let root: string;
  let cleanup: () => void;
  const charts = new Map<string, string>();
  beforeAll(async () => {
    ({ dir: root, cleanup } = tempDir('bosun-values-conf-'));
    for (const name of ['webapp', 'legacy', 'platform']) charts.set(name, await assemble(root, name));
  });
  afterAll(() => cleanup());

  const matrix = cases.flatMap((c) => [
    { ...c, helm: 'v4' as const },
    // helm v3 has no --set-json '{…}' form.
    ...(c.opts.setJson?.some((j) => j.trim().startsWith('{'))
      ? []
      : [{ ...c, name: `v3: ${c.name}`, helm: 'v3' as const }]),
  ]);
  test.for(matrix)('$name', async (c) => {
    const dir = charts.get(c.chart)!;
    const res = await helm(root, [dir, ...helmArgs(root, c.opts, c.files)], c.helm);
    expect(res.stderr).not.toMatch(/Error/);
    const want = dumpsFromHelm(res.stdout);
    const got = dumpsFromBosun(
      dir,
      { ...c.opts, readFile: (p) => readFileSync(join(root, p), 'utf8') },
      c.helm,
    );
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [path, dump] of want) {
      expect(got.get(path)?.values, `values of ${path}`).toEqual(dump.values);
      expect(got.get(path)?.types, `types of ${path}`).toEqual(dump.types);
      expect(got.get(path)?.chart, `.Chart of ${path}`).toEqual(dump.chart);
    }
  });
});
