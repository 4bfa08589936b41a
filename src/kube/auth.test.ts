import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveKubeConfig } from './config.js';
import { KubeApiError, KubeAuthError, KubeConfigError, KubeUnreachableError } from './errors.js';
import { Transport } from './transport.js';

const dir = mkdtempSync(join(tmpdir(), 'bosun-kube-auth-'));
const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA, a server certificate for 127.0.0.1 and kube.test, and a client certificate for alice. */
function makeCerts(): void {
  ssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca']);
  const sign = (name: string, subj: string, ext: string) => {
    ssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    ssl(
      ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ]),
    );
  };
  sign('server', '/CN=kube-api', 'subjectAltName=IP:127.0.0.1,DNS:kube.test');
  sign('client', '/CN=alice/O=devs', 'extendedKeyUsage=clientAuth');
}

makeCerts();
const file = (n: string) => readFileSync(join(dir, n));
const b64 = (n: string) => file(n).toString('base64');

/** Tokens the servers answer 401 to. */
const rejected = new Set<string>();
const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
  const auth = req.headers.authorization ?? '';
  if (rejected.has(auth)) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' }));
    return;
  }
  const peer = (req.socket as TLSSocket).getPeerCertificate?.();
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      auth,
      cn: peer?.subject?.CN ?? '',
      user: req.headers['impersonate-user'] ?? '',
      groups: req.headers['impersonate-group'] ?? '',
    }),
  );
};
let httpsUrl = '';
let httpUrl = '';
const servers: http.Server[] = [];

beforeAll(async () => {
  const s1 = https.createServer(
    {
      key: file('server.key'),
      cert: file('server.crt'),
      ca: file('ca.crt'),
      requestCert: true,
      rejectUnauthorized: false,
    },
    handler,
  );
  const s2 = http.createServer(handler);
  for (const s of [s1, s2]) {
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  httpsUrl = `https://127.0.0.1:${(s1.address() as AddressInfo).port}`;
  httpUrl = `http://127.0.0.1:${(s2.address() as AddressInfo).port}`;
  // An exec plugin: counts its runs, returns `tok-<n>` or alice's certificate, records its input.
  writeFileSync(
    join(dir, 'plugin.mjs'),
    `import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const f = process.env.COUNT_FILE;
const n = (existsSync(f) ? Number(readFileSync(f, 'utf8')) : 0) + 1;
writeFileSync(f, String(n));
writeFileSync(f + '.info', process.env.KUBERNETES_EXEC_INFO ?? '');
const mode = process.env.MODE ?? 'token';
const apiVersion = process.env.API_VERSION ?? 'client.authentication.k8s.io/v1';
if (mode === 'fail') { process.stderr.write('login required'); process.exit(3); }
if (mode === 'nostatus') { console.log(JSON.stringify({ kind: 'ExecCredential', apiVersion })); process.exit(0); }
const status = mode === 'cert'
  ? { clientCertificateData: readFileSync(process.env.CERT, 'utf8'), clientKeyData: readFileSync(process.env.KEY, 'utf8') }
  : { token: 'tok-' + n };
const ex = process.env.EXPIRES_FILE;
if (ex && existsSync(ex)) status.expirationTimestamp = readFileSync(ex, 'utf8');
console.log(JSON.stringify({ kind: 'ExecCredential', apiVersion, status }));
`,
  );
});
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
/** Writes a kubeconfig (in a subdirectory, so relative paths are tested) and makes a Transport on it. */
function transportFor(
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  clock: { now: number } = { now: Date.now() },
): Transport {
  const name = `kc-${++seq}`;
  const yaml = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c',
    clusters: [{ name: 'k', cluster: { server: httpsUrl, ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
  });
  execFileSync('mkdir', ['-p', join(dir, 'sub')]);
  const path = join(dir, 'sub', name);
  writeFileSync(path, yaml);
  return new Transport(
    resolveKubeConfig({ kubeconfig: path }),
    { retries: 0 },
    { now: () => clock.now, onStderr: () => {}, interactive: false },
  );
}

interface Seen {
  auth: string;
  cn: string;
  user: string;
  groups: string | string[];
}
async function get(t: Transport): Promise<Seen> {
  try {
    return await t.request<Seen>({ method: 'GET', path: '/api' });
  } finally {
    t.close();
  }
}

const caFile = { 'certificate-authority': '../ca.crt' };
const clientFiles = { 'client-certificate': '../client.crt', 'client-key': '../client.key' };
const execUser = (env: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  exec: {
    apiVersion: 'client.authentication.k8s.io/v1',
    command: process.execPath,
    args: [join(dir, 'plugin.mjs')],
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    interactiveMode: 'Never',
    ...extra,
  },
});

describe('TLS and static credentials', () => {
  test.for([
    {
      name: 'CA and client certificate files, relative to the kubeconfig',
      cluster: caFile,
      user: clientFiles,
      want: { cn: 'alice', auth: '' },
    },
    {
      name: 'CA and client certificate data',
      cluster: { 'certificate-authority-data': b64('ca.crt') },
      user: { 'client-certificate-data': b64('client.crt'), 'client-key-data': b64('client.key') },
      want: { cn: 'alice', auth: '' },
    },
    { name: 'token', cluster: caFile, user: { token: 'abc' }, want: { cn: '', auth: 'Bearer abc' } },
    {
      name: 'basic auth',
      cluster: caFile,
      user: { username: 'bob', password: 's3cret' },
      want: { auth: `Basic ${Buffer.from('bob:s3cret').toString('base64')}` },
    },
    {
      name: 'insecure-skip-tls-verify',
      cluster: { 'insecure-skip-tls-verify': true },
      user: { token: 't' },
      want: { auth: 'Bearer t' },
    },
    {
      name: 'tls-server-name matching a SAN',
      cluster: { ...caFile, 'tls-server-name': 'kube.test' },
      user: { token: 't' },
      want: { auth: 'Bearer t' },
    },
    {
      name: 'auth-provider with a stored token',
      cluster: caFile,
      user: { 'auth-provider': { name: 'oidc', config: { 'id-token': 'idt', 'client-id': 'x' } } },
      want: { auth: 'Bearer idt' },
    },
    {
      name: 'impersonation',
      cluster: caFile,
      user: { token: 't', as: 'carol', 'as-groups': ['g1', 'g2'] },
      want: { auth: 'Bearer t', user: 'carol', groups: 'g1, g2' },
    },
    {
      name: 'plain http server',
      cluster: { server: 'http' },
      user: { token: 'plain' },
      want: { auth: 'Bearer plain', cn: '' },
    },
  ])('$name', async ({ cluster, user, want }) => {
    const c = (cluster as { server?: string }).server === 'http' ? { server: httpUrl } : cluster;
    expect(await get(transportFor(c, user))).toMatchObject(want);
  });

  test.for([
    {
      name: 'no CA: the server certificate is not trusted',
      cluster: {},
      user: { token: 't' },
      err: KubeUnreachableError,
      msg: /certificate/,
    },
    {
      name: 'tls-server-name not in the certificate',
      cluster: { ...caFile, 'tls-server-name': 'other.test' },
      user: { token: 't' },
      err: KubeUnreachableError,
      msg: /other\.test/,
    },
    {
      name: 'missing CA file',
      cluster: { 'certificate-authority': 'nope.crt' },
      user: {},
      err: KubeConfigError,
      msg: /unable to read certificate-authority .*sub\/nope\.crt/,
    },
    {
      name: 'auth-provider without a token',
      cluster: caFile,
      user: { 'auth-provider': { name: 'gcp', config: {} } },
      err: KubeAuthError,
      msg: /"gcp" auth-provider .* is not supported .*please use the "gke-gcloud-auth-plugin"/,
    },
  ])('error: $name', async ({ cluster, user, err, msg }) => {
    const p = get(transportFor(cluster, user));
    await expect(p).rejects.toThrow(err);
    await expect(p).rejects.toThrow(msg);
  });
});

describe('tokenFile', () => {
  test('re-read after a minute and after a 401', async () => {
    const tf = join(dir, 'sub', 'token');
    writeFileSync(tf, 'one\n');
    const clock = { now: 1_000_000 };
    const t = transportFor(caFile, { tokenFile: 'token' }, clock);
    try {
      expect((await t.request<Seen>({ method: 'GET', path: '/' })).auth).toBe('Bearer one');
      writeFileSync(tf, 'two');
      expect((await t.request<Seen>({ method: 'GET', path: '/' })).auth).toBe('Bearer one');
      clock.now += 61_000;
      expect((await t.request<Seen>({ method: 'GET', path: '/' })).auth).toBe('Bearer two');
      writeFileSync(tf, 'three');
      rejected.add('Bearer two');
      expect((await t.request<Seen>({ method: 'GET', path: '/' })).auth).toBe('Bearer three');
    } finally {
      rejected.delete('Bearer two');
      t.close();
    }
  });
});

describe('exec credential plugins', () => {
  test('token cached until expirationTimestamp, re-run after expiry and once after a 401', async () => {
    const count = join(dir, 'count-expiry');
    const clock = { now: Date.parse('2030-01-01T00:00:00Z') };
    const expires = join(dir, 'expires');
    writeFileSync(expires, '2030-01-01T00:10:00Z');
    const t = transportFor(caFile, execUser({ COUNT_FILE: count, EXPIRES_FILE: expires }), clock);
    const auth = async () => (await t.request<Seen>({ method: 'GET', path: '/' })).auth;
    try {
      expect(await auth()).toBe('Bearer tok-1');
      expect(await auth()).toBe('Bearer tok-1');
      expect(readFileSync(count, 'utf8')).toBe('1');
      writeFileSync(expires, '2030-01-01T01:00:00Z');
      clock.now += 11 * 60_000;
      expect(await auth()).toBe('Bearer tok-2');
      expect(await auth()).toBe('Bearer tok-2');
      rejected.add('Bearer tok-2');
      expect(await auth()).toBe('Bearer tok-3');
      rejected.add('Bearer tok-3');
      rejected.add('Bearer tok-4');
      // Only one re-run per request: the second refusal is the caller's error.
      await expect(auth()).rejects.toThrow(KubeApiError);
      expect(readFileSync(count, 'utf8')).toBe('4');
    } finally {
      t.close();
    }
  });

  test('concurrent requests share one run; KUBERNETES_EXEC_INFO carries the cluster', async () => {
    const count = join(dir, 'count-info');
    const t = transportFor(
      { 'certificate-authority-data': b64('ca.crt'), 'tls-server-name': 'kube.test' },
      execUser(
        { COUNT_FILE: count, API_VERSION: 'client.authentication.k8s.io/v1beta1' },
        {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          provideClusterInfo: true,
        },
      ),
    );
    try {
      const all = await Promise.all([1, 2, 3].map(() => t.request<Seen>({ method: 'GET', path: '/' })));
      expect(all.map((s) => s.auth)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
    } finally {
      t.close();
    }
    const info = JSON.parse(readFileSync(`${count}.info`, 'utf8'));
    expect(info).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: {
        interactive: false,
        cluster: {
          server: httpsUrl,
          'tls-server-name': 'kube.test',
          'certificate-authority-data': b64('ca.crt'),
        },
      },
    });
  });

  test('client certificate from the plugin', async () => {
    const user = execUser({
      COUNT_FILE: join(dir, 'count-cert'),
      MODE: 'cert',
      CERT: join(dir, 'client.crt'),
      KEY: join(dir, 'client.key'),
    });
    expect(await get(transportFor(caFile, user))).toMatchObject({ cn: 'alice', auth: '' });
  });

  test.for([
    {
      name: 'command not found, with its installHint',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'bosun-no-such-plugin',
          interactiveMode: 'Never',
          installHint: 'brew install it',
        },
      },
      msg: /exec: executable bosun-no-such-plugin not found\n\nIt looks like[\s\S]*credential-plugins\n\nbrew install it$/,
    },
    {
      name: 'plugin fails',
      user: execUser({ COUNT_FILE: join(dir, 'c-fail'), MODE: 'fail' }),
      msg: /failed with exit code 3: login required/,
    },
    {
      name: 'no status',
      user: execUser({ COUNT_FILE: join(dir, 'c-ns'), MODE: 'nostatus' }),
      msg: /didn't return a status field/,
    },
    {
      name: 'wrong apiVersion returned',
      user: execUser({ COUNT_FILE: join(dir, 'c-v'), API_VERSION: 'client.authentication.k8s.io/v1beta1' }),
      msg: /configured to use API version client.authentication.k8s.io\/v1, plugin returned version client.authentication.k8s.io\/v1beta1/,
    },
  ])('error: $name', async ({ user, msg }) => {
    const p = get(transportFor(caFile, user));
    await expect(p).rejects.toThrow(KubeAuthError);
    await expect(p).rejects.toThrow(msg);
  });
});
