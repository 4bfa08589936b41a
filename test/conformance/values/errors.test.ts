/**
 * Error messages compared with the real helm v4's stderr: malformed `--set` lines, schema
 * violations over a chart and its subcharts (sibling order is Go map order in helm, so trees are
 * compared with children sorted), and chart loading failures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadChart, processDependencies, validateValuesAgainstSchema } from '../../../src/chart/index.js';
import { coalesceValues, mergeValues, slogLine, type ValuesOptions } from '../../../src/values/index.js';
import { tempDir, writeTree } from '../../support/oracle.js';
import { assemble, helm, helmArgs } from './harness.js';

/** helm's "Error: …" message without the prefix and the trailing hint lines. */
function helmError(stderr: string): string {
  const at = stderr.indexOf('Error: ');
  if (at < 0) return '(no error)';
  return stderr.slice(at + 'Error: '.length).replace(/\n+$/, '');
}

function bosunError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message.replace(/\n+$/, '');
  }
  return '(no error)';
}

/** Schema error text with sibling lines sorted recursively (helm's order is random). */
function canonical(text: string): string {
  interface Node {
    line: string;
    kids: Node[];
  }
  const root: Node = { line: '', kids: [] };
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: -1 }];
  for (const raw of text.split('\n')) {
    const m = /^( *)- /.exec(raw);
    const depth = m ? m[1]!.length / 2 : -1;
    const node = { line: raw.trim(), kids: [] };
    if (depth < 0) {
      root.kids.push(node);
      stack.length = 1;
      stack.push({ node, depth: -1 });
      continue;
    }
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    stack[stack.length - 1]!.node.kids.push(node);
    stack.push({ node, depth });
  }
  const ser = (n: Node, ind: string): string[] => {
    const kids = n.kids.map((k) => ser(k, `${ind}  `).join('\n')).sort();
    return n.line === '' ? kids : [`${ind}${n.line}`, ...kids];
  };
  return ser(root, '').join('\n');
}

describe('strvals errors match helm v4', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('bosun-strvals-conf-'));
    writeTree(join(root, 'c'), {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'templates/cm.yaml': 'kind: ConfigMap\n',
    });
  });
  afterAll(() => cleanup());

  test.for([
    { flag: '--set', line: 'a' },
    { flag: '--set', line: 'a,b=1' },
    { flag: '--set', line: 'a.b' },
    { flag: '--set', line: 'x.=1' },
    { flag: '--set', line: 'a[x]=1' },
    { flag: '--set', line: 'a[-2]=1' },
    { flag: '--set', line: 'a[70000]=1' },
    { flag: '--set', line: 'a[123456789012345678901]=1' },
    { flag: '--set', line: 'a[1' },
    { flag: '--set', line: 'a[0]zz=1' },
    { flag: '--set', line: 'a={1,2' },
    { flag: '--set', line: 'a=1,a[0]=2' },
    { flag: '--set', line: 'a=1,a.b=2' },
    { flag: '--set', line: 'a=null,a.b=2' },
    { flag: '--set', line: 'a={x},a.b=2' },
    { flag: '--set', line: 'a.b=1,a[0]=1' },
    { flag: '--set', line: `${'k.'.repeat(31)}v=1` },
    { flag: '--set-string', line: 'k' },
    { flag: '--set-literal', line: 'k' },
    { flag: '--set-literal', line: 'a=1' + ',a.b=2' },
    { flag: '--set-json', line: 'a=tru' },
    { flag: '--set-json', line: 'a={"b":}' },
    { flag: '--set-json', line: '{"a":' },
    { flag: '--set-file', line: 'a=does-not-exist.txt' },
  ])('$flag $line', async ({ flag, line }) => {
    const res = await helm(root, [join(root, 'c'), flag, line]);
    const opts: ValuesOptions = {
      set: flag === '--set' ? [line] : [],
      setString: flag === '--set-string' ? [line] : [],
      setLiteral: flag === '--set-literal' ? [line] : [],
      setJson: flag === '--set-json' ? [line] : [],
      setFile: flag === '--set-file' ? [line] : [],
      readFile: (p) => {
        throw new Error(`open ${p}: no such file or directory`);
      },
    };
    expect(bosunError(() => mergeValues(opts))).toBe(helmError(res.stderr));
  });
});

describe('schema violations match helm v4', () => {
  let root: string;
  let cleanup: () => void;
  const charts = new Map<string, string>();
  beforeAll(async () => {
    ({ dir: root, cleanup } = tempDir('bosun-schema-conf-'));
    for (const name of ['webapp', 'platform']) charts.set(name, await assemble(root, name));
  });
  afterAll(() => cleanup());

  test.for([
    {
      name: 'webapp: types, enum, additional properties, pattern, required',
      chart: 'webapp',
      opts: {
        set: [
          'replicaCount=abc,image.pullPolicy=Sometimes,image.foo=1,image.digest=md5:x',
          'service.ports.http=null,autoscaling.targetCPU=150',
          'ingress.extraHosts={a,a},containerPorts.grpc=70000',
        ],
      },
    },
    {
      name: 'webapp: numbers with thousands and minimum',
      chart: 'webapp',
      opts: { set: ['replicaCount=1500,revisionHistoryLimit=-3,autoscaling.minReplicas=0'] },
    },
    {
      name: 'webapp: wrong top-level type for a table',
      chart: 'webapp',
      opts: { set: ['image=nginx', 'ingress.enabled=yes'] },
    },
    {
      name: 'platform: $ref subschemas, items, nested objects, and the subchart schema',
      chart: 'platform',
      opts: {
        set: [
          'services.payments-svc-00.port=80,services.search-svc-01.cpuRequest=lots',
          'services.new-svc.team=core',
          'services.ledger-svc-02.env[0].value=1,services.ledger-svc-02.env[0].extra=x',
          'global.tracing.sampleRate=2',
          'alerting.rules[0].labels.severity=page',
          'gateway.replicas=0,gateway.tls.secretName=',
        ],
        setString: ['services.catalog-svc-04.public=maybe'],
      },
    },
    {
      name: 'platform: list entries replaced by --set indexes are null',
      chart: 'platform',
      opts: {
        set: ['gateway.routes[2].host=api.apps.example.org,gateway.routes[2].service=identity-svc-00'],
      },
    },
    {
      name: 'platform: subchart values of the wrong type',
      chart: 'platform',
      opts: { set: ['gateway.replicas=two', 'global.cluster=7'] },
    },
  ])('$name', async (c) => {
    const dir = charts.get(c.chart)!;
    const res = await helm(root, [dir, ...helmArgs(root, c.opts as ValuesOptions)]);
    const got = bosunError(() => {
      const user = mergeValues(c.opts as ValuesOptions);
      const processed = processDependencies(loadChart(dir), user);
      validateValuesAgainstSchema(processed, coalesceValues(processed, user));
    });
    expect(canonical(got)).toBe(canonical(helmError(res.stderr)));
  });
});

describe('schema keywords match helm v4', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('bosun-schema-kw-'));
  });
  afterAll(() => cleanup());

  const schema07 = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: { port: { type: 'integer', maximum: 65535 } },
    properties: {
      mail: { type: 'string', format: 'email' },
      host: { type: 'string', format: 'hostname' },
      when: { format: 'date-time' },
      one: { enum: ['only'] },
      c: { const: 3 },
      big: { minimum: 1000000 },
      frac: { multipleOf: 0.5 },
      ex: { exclusiveMinimum: 10 },
      all: { allOf: [{ type: 'string' }, { minLength: 3 }] },
      any: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
      none: { oneOf: [{ type: 'integer' }, { type: 'boolean' }] },
      neg: { not: { type: 'string' } },
      port: { $ref: '#/definitions/port', minimum: 1 },
      list: { type: 'array', minItems: 3, contains: { const: 'x' } },
      tuple: { type: 'array', items: [{ type: 'string' }], additionalItems: false },
      obj: {
        type: 'object',
        minProperties: 2,
        propertyNames: { pattern: '^[a-z]+$' },
        dependencies: { a: ['b', 'c'] },
      },
      nothing: false,
    },
  };
  const schema2020 = {
    properties: {
      mail: { type: 'string', format: 'email' },
      tuple: { prefixItems: [{ type: 'string' }], items: false },
      closed: { type: 'object', properties: { a: {} }, unevaluatedProperties: false },
      req: { dependentRequired: { a: ['b'] } },
    },
  };
  test.for([
    {
      name: 'draft-07 keywords',
      schema: schema07,
      set: [
        'mail=nope,host=-bad-,when=yesterday,one=two,c=4,big=5,frac=0.3,ex=10',
        'all=1,any=x,none=x,neg=s,port=70000',
        'list={a,b},tuple={a,b},obj.A=1,obj.a=1,nothing=1',
      ],
    },
    {
      name: 'draft 2020-12 keywords',
      schema: schema2020,
      set: ['mail=nope,tuple={a,b},closed.a=1,closed.b=2,req.a=1'],
    },
  ])('$name', async ({ name, schema, set }) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeTree(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: k\nversion: 1.0.0\n',
      'values.schema.json': JSON.stringify(schema),
      'templates/cm.yaml': 'kind: ConfigMap\n',
    });
    const res = await helm(root, [dir, ...set.flatMap((s) => ['--set', s])]);
    const got = bosunError(() => {
      const user = mergeValues({ set });
      const chart = loadChart(dir);
      validateValuesAgainstSchema(chart, coalesceValues(chart, user));
    });
    expect(canonical(got)).toBe(canonical(helmError(res.stderr)));
  });
});

describe('chart loading errors match helm v4', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('bosun-load-conf-'));
  });
  afterAll(() => cleanup());

  const base = 'apiVersion: v2\nname: c\nversion: 1.0.0\n';
  test.for([
    { name: 'type', chartYaml: `${base}type: plugin\n` },
    { name: 'name with slash', chartYaml: 'apiVersion: v2\nname: a/b\nversion: 1.0.0\n' },
    { name: 'name dot dot', chartYaml: 'apiVersion: v2\nname: ..\nversion: 1.0.0\n' },
    { name: 'no name', chartYaml: 'apiVersion: v2\nversion: 1.0.0\n' },
    { name: 'no version', chartYaml: 'apiVersion: v2\nname: c\n' },
    { name: 'bad version', chartYaml: 'apiVersion: v2\nname: c\nversion: one\n' },
    { name: 'bool field', chartYaml: `${base}deprecated: "yes"\n` },
    { name: 'list field', chartYaml: `${base}sources: a\n` },
    { name: 'nested struct field', chartYaml: `${base}dependencies: [{name: x, enabled: 1}]\n` },
    { name: 'maintainer list type', chartYaml: `${base}maintainers: a\n` },
    { name: 'string field given a list', chartYaml: 'apiVersion: v2\nname: [c]\nversion: 1.0.0\n' },
    { name: 'alias characters', chartYaml: `${base}dependencies:\n- name: x\n  alias: a.b\n` },
    { name: 'duplicate dependency', chartYaml: `${base}dependencies:\n- name: x\n- name: y\n  alias: x\n` },
    { name: 'null maintainer', chartYaml: `${base}maintainers:\n- null\n` },
    { name: 'top-level list', chartYaml: '- a\n' },
    { name: 'unsupported apiVersion', chartYaml: 'apiVersion: v9\nname: c\nversion: 1.0.0\n' },
    { name: 'v1 without apiVersion and no name', chartYaml: 'version: 1.0.0\n' },
  ])('$name', async ({ name, chartYaml }) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeTree(dir, { 'Chart.yaml': chartYaml, 'templates/cm.yaml': 'kind: ConfigMap\n' });
    const res = await helm(root, [dir]);
    expect(bosunError(() => loadChart(dir))).toBe(helmError(res.stderr));
  });

  test('values.yaml that is not a map', async () => {
    const dir = join(root, 'badvalues');
    writeTree(dir, { 'Chart.yaml': base, 'values.yaml': '- a\n- b\n' });
    const res = await helm(root, [dir]);
    expect(bosunError(() => loadChart(dir))).toBe(helmError(res.stderr));
  });

  test('Chart.yaml missing', async () => {
    const dir = join(root, 'nochart');
    writeTree(dir, { 'values.yaml': 'a: 1\n' });
    writeFileSync(join(dir, 'README.md'), 'x');
    const res = await helm(root, [dir]);
    expect(helmError(res.stderr)).toContain(bosunError(() => loadChart(dir)));
  });
});

describe('warnings match helm v4', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('bosun-warn-conf-'));
  });
  afterAll(() => cleanup());

  test.for<{ name: string; files: Record<string, string>; set: string[] }>([
    {
      name: 'tables meeting scalars',
      files: {
        'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
        'values.yaml': 'm: {a: 1}\ns: x\nt: {x: {k: 1}}\n',
      },
      set: ['s.b=1', 'm=flat', 't.x=5'],
    },
    {
      name: 'non-boolean condition and tag, missing import table, subchart globals',
      files: {
        'Chart.yaml':
          'apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: s\n  version: 1.0.0\n  condition: s.enabled\n  tags: [t1]\n  import-values: [nope, {child: missing.deeper, parent: here}]\n',
        'values.yaml':
          'tags:\n  t1: "true"\ns:\n  enabled: "yes"\n  g: {x: 1}\nglobal:\n  flat: 1\n  table: {a: 1}\n',
        'charts/s/Chart.yaml': 'apiVersion: v2\nname: s\nversion: 1.0.0\n',
        'charts/s/values.yaml': 'g: 5\nglobal:\n  table: scalar\n',
      },
      set: [],
    },
  ])('$name', async ({ name, files, set }) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeTree(dir, { ...files, 'templates/cm.yaml': 'kind: ConfigMap\n' });
    const res = await helm(root, [dir, ...set.flatMap((s) => ['--set', s])]);
    const want = res.stderr
      .split('\n')
      .filter((l) => l.startsWith('level='))
      .sort();
    const got: string[] = [];
    const user = mergeValues({ set });
    const coalesceWarn = (m: string) => got.push(slogLine('INFO', m));
    const processed = processDependencies(loadChart(dir), user, {
      warn: (msg, attrs) => got.push(slogLine('WARN', msg, attrs)),
      coalesceWarn,
    });
    coalesceValues(processed, user, { warn: coalesceWarn });
    expect(got.sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
  });
});
