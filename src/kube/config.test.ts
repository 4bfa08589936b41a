import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveKubeConfig } from './config.js';
import { KubeConfigError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'bosun-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(
  file: string,
  o: {
    current?: string;
    clusters: [string, string][];
    contexts: [string, string, string?][];
    users?: string[];
  },
) {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (o.current) lines.push(`current-context: ${o.current}`);
  lines.push(
    'clusters:',
    ...o.clusters.flatMap(([n, s]) => [`- name: ${n}`, '  cluster:', `    server: ${s}`]),
  );
  lines.push(
    'contexts:',
    ...o.contexts.flatMap(([n, c, ns]) => [
      `- name: ${n}`,
      '  context:',
      `    cluster: ${c}`,
      '    user: u',
      ...(ns ? [`    namespace: ${ns}`] : []),
    ]),
  );
  lines.push(
    'users:',
    ...(o.users ?? ['u']).flatMap((u) => [`- name: ${u}`, '  user:', `    token: tok-${file}`]),
  );
  const p = join(dir, file);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

const a = kubeconfig('a', {
  current: 'ctx-a',
  clusters: [['c1', 'https://a.example:6443']],
  contexts: [
    ['ctx-a', 'c1', 'team-a'],
    ['shared', 'c1'],
  ],
});
const b = kubeconfig('b', {
  current: 'ctx-b',
  clusters: [
    ['c1', 'https://b.example:6443'],
    ['c2', 'https://c2.example'],
  ],
  contexts: [
    ['ctx-b', 'c2'],
    ['shared', 'c2', 'from-b'],
  ],
});
mkdirSync(join(dir, 'home', '.kube'), { recursive: true });
kubeconfig('home/.kube/config', {
  current: 'ctx-h',
  clusters: [['h', 'https://home.example']],
  contexts: [['ctx-h', 'h']],
});
const none = kubeconfig('none', { clusters: [['c9', 'https://none.example']], contexts: [['ctx-9', 'c9']] });

describe('kubeconfig resolution (kubectl rules)', () => {
  test.for([
    {
      name: '--kubeconfig alone',
      opts: { kubeconfig: b },
      want: { context: 'ctx-b', server: 'https://c2.example', namespace: 'default' },
    },
    {
      name: 'KUBECONFIG: first current-context wins',
      opts: { env: { KUBECONFIG: [a, b].join(delimiter) } },
      want: { context: 'ctx-a', server: 'https://a.example:6443', namespace: 'team-a' },
    },
    {
      name: 'KUBECONFIG: first definition of a name wins',
      opts: { env: { KUBECONFIG: [b, a].join(delimiter) }, context: 'shared' },
      want: { context: 'shared', server: 'https://c2.example', namespace: 'from-b' },
    },
    {
      name: 'KUBECONFIG: later file supplies the current context when the first has none',
      opts: { env: { KUBECONFIG: [none, a].join(delimiter) } },
      want: { context: 'ctx-a', server: 'https://a.example:6443', namespace: 'team-a' },
    },
    {
      name: 'KUBECONFIG: missing files are skipped',
      opts: { env: { KUBECONFIG: [join(dir, 'nope'), a].join(delimiter) } },
      want: { context: 'ctx-a', server: 'https://a.example:6443', namespace: 'team-a' },
    },
    {
      name: '--kubeconfig beats KUBECONFIG',
      opts: { kubeconfig: b, env: { KUBECONFIG: a } },
      want: { context: 'ctx-b', server: 'https://c2.example', namespace: 'default' },
    },
    {
      name: '-n beats the context namespace',
      opts: { kubeconfig: a, namespace: 'x' },
      want: { context: 'ctx-a', server: 'https://a.example:6443', namespace: 'x' },
    },
    {
      name: '~/.kube/config when nothing else',
      opts: { env: {}, home: join(dir, 'home') },
      want: { context: 'ctx-h', server: 'https://home.example', namespace: 'default' },
    },
  ])('$name', ({ opts, want }) => {
    const r = resolveKubeConfig(opts);
    expect({ context: r.context, server: r.cluster.server, namespace: r.namespace }).toEqual(want);
  });

  test.for([
    {
      name: 'unknown --kube-context',
      opts: { kubeconfig: a, context: 'nope' },
      msg: 'context "nope" does not exist',
    },
    { name: 'missing --kubeconfig file', opts: { kubeconfig: join(dir, 'missing') }, msg: 'no such file' },
    {
      name: 'nothing configured',
      opts: { env: {}, home: join(dir, 'empty-home') },
      msg: 'no Kubernetes configuration found',
    },
    { name: 'no current context', opts: { kubeconfig: none }, msg: 'no current context' },
  ])('error: $name', ({ opts, msg }) => {
    expect(() => resolveKubeConfig(opts)).toThrow(KubeConfigError);
    expect(() => resolveKubeConfig(opts)).toThrow(msg);
  });
});
