import { describe, expect, test } from 'vitest';
import { context, load, tree } from '../../test/stack/kit.js';
import {
  loadStack,
  resolveRelease,
  runSync,
  type SchemaProblem,
  StackError,
  StateSchemaError,
  selectReleases,
} from './index.js';

function failure(fn: () => unknown): StackError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StackError) return err;
    throw err;
  }
  throw new Error('expected a StackError');
}

/** Bad input: each case names the error code and words the message must contain. */
const badInput: {
  name: string;
  files: Record<string, string>;
  environment?: string;
  code: string;
  contains: string[];
}[] = [
  {
    name: 'a cycle in needs prints the cycle',
    files: {
      'releases.yaml':
        'releases:\n  - { name: a, chart: c, needs: [c] }\n  - { name: b, chart: c, needs: [a] }\n  - { name: c, chart: c, needs: [b] }\n',
    },
    code: 'ENEEDS_CYCLE',
    contains: ['default/a -> default/c -> default/b -> default/a'],
  },
  {
    name: 'unknown needs suggest a close name',
    files: {
      'releases.yaml':
        'releases:\n  - { name: postgres, chart: c }\n  - { name: web, chart: c, needs: [postgress] }\n',
    },
    code: 'ENEEDS_UNKNOWN',
    contains: ['releases.yaml:3:5', 'needs "postgress"', 'did you mean "default/postgres"'],
  },
  {
    name: 'duplicate release names',
    files: { 'releases.yaml': 'releases:\n  - { name: a, chart: c }\n  - name: a\n    chart: d\n' },
    code: 'EDUPLICATE',
    contains: ['releases.yaml:3:5', 'release "default/a" is declared twice (first at line 2)'],
  },
  {
    name: 'an unknown environment lists those that exist',
    files: { 'releases.yaml': 'environments:\n  staging: {}\n  prod: {}\nreleases: []\n' },
    environment: 'prd',
    code: 'EENV_UNKNOWN',
    contains: ['environment "prd" is not defined', 'did you mean "prod"', 'defined: staging, prod'],
  },
  {
    name: 'a missing values file with the default handler (Error)',
    files: { 'releases.yaml': 'releases:\n  - name: a\n    chart: c\n    values: [missing.yaml]\n' },
    code: 'EVALUES_MISSING',
    contains: ['values file "missing.yaml"', 'missingFileHandler'],
  },
  {
    name: 'a template error in the state file carries file:line',
    files: { 'releases.yaml.gotmpl': 'releases:\n  - name: a\n    chart: {{ .Values.nope.deeper }}\n' },
    code: 'ESTATE_TEMPLATE',
    contains: ['releases.yaml.gotmpl:3:'],
  },
  {
    name: 'a template error in a .gotmpl values file carries file:line',
    files: {
      'releases.yaml': 'releases:\n  - name: a\n    chart: c\n    values: [v.yaml.gotmpl]\n',
      'v.yaml.gotmpl': 'a: 1\nb: {{ requiredEnv "NOPE" }}\n',
    },
    code: 'ESTATE_TEMPLATE',
    contains: ['v.yaml.gotmpl:2:', 'required env var `NOPE` is not set'],
  },
  {
    name: 'YAML syntax errors carry the line',
    files: { 'releases.yaml': 'releases:\n  - name: a\n   chart: c\n' },
    code: 'ESTATE_YAML',
    contains: ['releases.yaml:3'],
  },
];

describe('bad input', () => {
  test.for(badInput)('$name', (c) => {
    const cwd = tree(c.files);
    const err = failure(() => {
      const stack = loadStack({ cwd, env: {}, environment: c.environment });
      for (const r of stack.releases) resolveRelease(stack, r.id);
    });
    expect(err.code).toBe(c.code);
    for (const s of c.contains) expect(err.message).toContain(s);
  });

  test('nothing is changed in the cluster on bad input', async () => {
    const cwd = tree({
      'releases.yaml':
        'releases:\n  - { name: a, chart: c }\n  - { name: b, chart: c, values: [gone.yaml] }\n',
    });
    const stack = loadStack({ cwd, env: {} });
    const { ctx, ops } = context();
    await expect(
      runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false }),
    ).rejects.toMatchObject({
      code: 'EVALUES_MISSING',
    });
    expect(ops.calls).toEqual([]);
  });
});

describe('schema errors', () => {
  const problems = (text: string): SchemaProblem[] => {
    try {
      load({ 'releases.yaml': text });
    } catch (err) {
      if (err instanceof StateSchemaError) return [...err.problems];
      throw err;
    }
    throw new Error('expected a schema error');
  };

  test.for([
    {
      name: 'unknown key with a suggestion, at the key',
      text: 'releases:\n  - name: web\n    chart: ./c\n    valuez: [a.yaml]\n',
      want: {
        line: 4,
        column: 5,
        path: '/releases/0/valuez',
        message: 'unknown key "valuez"; did you mean "values"?',
      },
    },
    {
      name: 'unknown top-level key',
      text: 'release:\n  - name: web\n',
      want: {
        line: 1,
        column: 1,
        path: '/release',
        message: 'unknown key "release"; did you mean "releases"?',
      },
    },
    {
      name: 'wrong type',
      text: 'releases:\n  - name: web\n    chart: ./c\n    wait: "yes please"\n',
      want: { line: 4, column: 11, path: '/releases/0/wait', message: 'expected boolean, got string' },
    },
    {
      name: 'missing required key',
      text: 'releases:\n  - name: web\n',
      want: { line: 2, column: 5, path: '/releases/0', message: 'missing required key "chart"' },
    },
    {
      name: 'bad duration',
      text: 'helmDefaults:\n  timeout: soon\n',
      want: { line: 2, column: 12, path: '/helmDefaults/timeout' },
    },
    {
      name: 'bad missingFileHandler',
      text: 'missingFileHandler: Ignore\n',
      want: {
        line: 1,
        column: 21,
        path: '/missingFileHandler',
        message: 'expected one of "Error", "Warn", "Info", "Debug", got "Ignore"',
      },
    },
  ])('$name', ({ text, want }) => {
    const [p] = problems(text);
    expect(p).toMatchObject({ pos: { line: want.line, column: want.column }, path: want.path });
    if (want.message) expect(p!.message).toBe(want.message);
    expect(p!.schemaPath).toMatch(/^#\//);
  });

  test('every problem is reported with file:line:column in the message', () => {
    const err = failure(() =>
      load({ 'releases.yaml': 'releases:\n  - name: Web!\n    chart: c\n    foo: 1\n' }),
    );
    expect(err.message).toContain('releases.yaml:2:11: /releases/0/name');
    expect(err.message).toContain('releases.yaml:4:5: /releases/0/foo: unknown key "foo"');
  });
});

describe('templating and environments', () => {
  test('releases.yaml.gotmpl sees environment values from earlier parts; values templates see .Release', () => {
    const stack = load(
      {
        'releases.yaml.gotmpl': `environments:
  default:
    values: [env/default.yaml]
  prod:
    values: [env/prod.yaml, { extra: true }]
---
releases:
{{- range $i, $n := .Values.apps }}
  - name: {{ $n }}
    namespace: {{ $.Environment.Name }}
    chart: ./c
    values: [app.yaml.gotmpl, app.yaml.hbs]
{{- end }}
`,
        'env/default.yaml': 'apps: [web]\nreplicas: 1\n',
        'env/prod.yaml': 'apps: [web, api]\nreplicas: 3\n',
        'app.yaml.gotmpl':
          'name: {{ .Release.Name }}\nreplicas: {{ .Values.replicas }}\nns: {{ .Release.Namespace }}\nuser: {{ env "USER_X" }}\n',
        'app.yaml.hbs': 'hbs: "{{Environment.Name}}-{{Release.Name}}"\n',
      },
      { environment: 'prod', env: { USER_X: 'ci' } },
    );
    expect(stack.releases.map((r) => r.id)).toEqual(['prod/web', 'prod/api']);
    expect(resolveRelease(stack, 'prod/api').values).toEqual({
      name: 'api',
      replicas: 3,
      ns: 'prod',
      user: 'ci',
      hbs: 'prod-api',
    });
  });

  test('missingFileHandler: Warn skips the file and warns', () => {
    const stack = load({
      'releases.yaml':
        'missingFileHandler: Warn\nreleases:\n  - { name: a, chart: c, values: [nope.yaml, { x: 1 }] }\n',
    });
    const notes: string[] = [];
    expect(resolveRelease(stack, 'default/a', (n) => notes.push(n.message)).values).toEqual({ x: 1 });
    expect(notes[0]).toContain('skipping missing values file "nope.yaml"');
  });

  test('defaults: helmDefaults, then bosun defaults; timeouts in seconds or durations; implicit labels', () => {
    const stack = load({
      'releases.yaml': `helmDefaults: { timeout: 5m, wait: false, historyMax: 3 }
releases:
  - { name: a, namespace: x, chart: repo/nginx, timeout: 90, labels: { tier: web } }
  - { name: b, chart: ./c, rollbackOnFailure: false, timeout: 1h30m }
`,
    });
    const [a, b] = stack.releases;
    expect(a).toMatchObject({ timeout: 90, wait: false, historyMax: 3, atomic: true, createNamespace: true });
    expect(a!.labels).toEqual({ tier: 'web', name: 'a', namespace: 'x', chart: 'repo/nginx' });
    expect(b).toMatchObject({ timeout: 5400, atomic: false, namespace: 'default' });
  });
});

describe('bases', () => {
  test("a base's releases resolve charts and values files against the base's own folder", () => {
    const stack = load({
      'releases.yaml':
        'bases: [stacks/shop/releases.yaml]\nreleases:\n  - { name: extra, chart: ./charts/x, needs: [shop/web] }\n',
      'stacks/shop/releases.yaml':
        'releases:\n  - { name: web, namespace: shop, chart: ./charts/web, values: [web.yaml] }\n',
      'stacks/shop/web.yaml': 'replicas: 2\n',
    });
    const web = resolveRelease(stack, 'shop/web');
    expect(web.baseDir.endsWith('/stacks/shop')).toBe(true);
    expect(web.values).toEqual({ replicas: 2 });
    expect(stack.graph.order).toEqual(['shop/web', 'default/extra']);
  });
});
