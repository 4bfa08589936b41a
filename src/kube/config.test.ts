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

describe('kubeconfig files (client-go loader rules)', () => {
  const sub = join(dir, 'rel', 'nested');
  mkdirSync(sub, { recursive: true });
  const write = (name: string, text: string) => {
    const p = join(sub, name);
    writeFileSync(p, text);
    return p;
  };
  const full = write(
    'full',
    [
      'current-context: c',
      'clusters:',
      '- name: k',
      '  cluster:',
      '    server: https://k.example',
      '    certificate-authority: ca.crt',
      '    tls-server-name: api.internal',
      '    extensions:',
      '    - name: client.authentication.k8s.io/exec',
      '      extension: {audience: x}',
      '- name: d',
      '  cluster: {server: "https://d", certificate-authority-data: aGVsbG8=, insecure-skip-tls-verify: false}',
      'users:',
      '- name: u',
      '  user:',
      '    client-certificate: ../c.crt',
      '    client-key: /abs/c.key',
      '    tokenFile: tok',
      '    as: alice',
      '    as-groups: [a, b]',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1',
      '      command: ./bin/plugin',
      '      args: [get-token]',
      '      env: [{name: A, value: "1"}]',
      '      provideClusterInfo: true',
      '      interactiveMode: Never',
      '- name: path-exec',
      '  user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}}',
      'contexts:',
      '- name: c',
      '  context: {cluster: k, user: u, namespace: ns}',
      '- name: p',
      '  context: {cluster: d, user: path-exec}',
      '- name: nouser',
      '  context: {cluster: d, user: ghost}',
      '',
    ].join('\n'),
  );

  test('relative paths resolve against the defining file; data fields decode', () => {
    const r = resolveKubeConfig({ kubeconfig: full });
    expect(r.cluster).toMatchObject({
      certificateAuthority: join(sub, 'ca.crt'),
      tlsServerName: 'api.internal',
      execExtension: { audience: 'x' },
    });
    expect(r.user).toMatchObject({
      clientCertificate: join(dir, 'rel', 'c.crt'),
      clientKey: '/abs/c.key',
      tokenFile: join(sub, 'tok'),
      impersonate: { user: 'alice', groups: ['a', 'b'] },
      exec: {
        command: join(sub, 'bin', 'plugin'),
        args: ['get-token'],
        env: [{ name: 'A', value: '1' }],
        provideClusterInfo: true,
        interactiveMode: 'Never',
      },
    });
    const p = resolveKubeConfig({ kubeconfig: full, context: 'p' });
    expect(p.cluster.certificateAuthorityData?.toString()).toBe('hello');
    expect(p.user?.exec?.command).toBe('aws');
    expect(resolveKubeConfig({ kubeconfig: full, context: 'nouser' }).user).toBeNull();
  });

  test('a merged entry keeps the paths of the file that defined it', () => {
    const other = join(dir, 'rel', 'other');
    writeFileSync(
      other,
      'clusters:\n- name: k\n  cluster: {server: "https://shadowed", certificate-authority: x}\n',
    );
    const r = resolveKubeConfig({ env: { KUBECONFIG: [full, other].join(delimiter) } });
    expect(r.cluster.certificateAuthority).toBe(join(sub, 'ca.crt'));
    expect(r.files).toEqual([full, other]);
    const r2 = resolveKubeConfig({ env: { KUBECONFIG: [other, full].join(delimiter) } });
    expect(r2.cluster).toMatchObject({
      server: 'https://shadowed',
      certificateAuthority: join(dir, 'rel', 'x'),
    });
  });

  const base = (user: string, cluster = 'server: https://x') =>
    `current-context: c\nclusters:\n- name: k\n  cluster: {${cluster}}\nusers:\n- name: u\n  user: {${user}}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n`;
  test.for([
    {
      name: 'YAML syntax error names the file',
      text: 'clusters: [\n',
      msg: /error loading config file ".*bad-YAML-syntax-error-names-the-file": .*line/,
    },
    { name: 'not a map', text: '- a\n', msg: /not a kubeconfig/ },
    { name: 'wrong type', text: base('token: 12'), msg: /users\["u"\]\.user\.token must be a string/ },
    {
      name: 'duplicate names in one file',
      text: 'clusters:\n- name: a\n  cluster: {server: x}\n- name: a\n  cluster: {server: y}\n',
      msg: /duplicate name "a" in clusters/,
    },
    {
      name: 'bad base64',
      text: base('client-certificate-data: "%%%"'),
      msg: /client-certificate-data must be base64/,
    },
    { name: 'no server', text: base('', 'insecure-skip-tls-verify: true'), msg: /cluster "k" has no server/ },
    {
      name: 'insecure with a CA',
      text: base('', 'server: https://x, insecure-skip-tls-verify: true, certificate-authority: ca'),
      msg: /root certificates file with the insecure flag is not allowed/,
    },
    {
      name: 'token and basic auth',
      text: base('token: t, username: a'),
      msg: /more than one authentication method found for "u"/,
    },
    {
      name: 'certificate without key',
      text: base('client-certificate: c'),
      msg: /client-key-data or client-key must be specified/,
    },
    {
      name: 'key without certificate',
      text: base('client-key: k'),
      msg: /client-cert-data or client-cert must be specified/,
    },
    {
      name: 'exec without command',
      text: base('exec: {apiVersion: v1}'),
      msg: /command must be specified for "u"/,
    },
    {
      name: 'exec without apiVersion',
      text: base('exec: {command: x}'),
      msg: /apiVersion must be specified for "u"/,
    },
    {
      name: 'exec with an auth-provider',
      text: base('exec: {command: x, apiVersion: v}, auth-provider: {name: gcp}'),
      msg: /authProvider cannot be provided in combination with an exec plugin/,
    },
  ])('error: $name', ({ name, text, msg }) => {
    const p = write(`bad-${name.replace(/\W+/g, '-')}`, text);
    expect(() => resolveKubeConfig({ kubeconfig: p })).toThrow(KubeConfigError);
    expect(() => resolveKubeConfig({ kubeconfig: p })).toThrow(msg);
  });
});

describe('in-cluster (a pod with no kubeconfig)', () => {
  const sa = join(dir, 'sa');
  mkdirSync(sa, { recursive: true });
  writeFileSync(join(sa, 'token'), 'pod-token');
  writeFileSync(join(sa, 'ca.crt'), 'ca');
  writeFileSync(join(sa, 'namespace'), 'pod-ns\n');
  const pod = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' };
  test.for([
    {
      name: 'service account',
      opts: { env: pod },
      want: { server: 'https://[fd00::1]:443', namespace: 'pod-ns', tokenFile: join(sa, 'token') },
    },
    {
      name: 'POD_NAMESPACE',
      opts: { env: { ...pod, POD_NAMESPACE: 'envns' } },
      want: { namespace: 'envns' },
    },
    {
      name: '-n wins',
      opts: { env: { ...pod, POD_NAMESPACE: 'envns' }, namespace: 'x' },
      want: { namespace: 'x' },
    },
    {
      name: 'a kubeconfig wins',
      opts: { env: { ...pod, KUBECONFIG: a } },
      want: { server: 'https://a.example:6443', namespace: 'team-a' },
    },
  ])('$name', ({ opts, want }) => {
    const r = resolveKubeConfig({ home: join(dir, 'empty-home'), serviceAccountDir: sa, ...opts });
    expect({ server: r.cluster.server, namespace: r.namespace, tokenFile: r.user?.tokenFile }).toMatchObject(
      want,
    );
  });

  test('not in a pod: the usual error', () => {
    expect(() =>
      resolveKubeConfig({
        env: { KUBERNETES_SERVICE_HOST: 'h' },
        home: join(dir, 'empty-home'),
        serviceAccountDir: sa,
      }),
    ).toThrow('no Kubernetes configuration found');
  });
});
