/**
 * bosun's own kubeconfig and auth code end to end: the CLI (from dist/, `npm run build` first)
 * talks to the sandbox with an exec credential plugin and a CA file given by a relative path,
 * kubectl answers the same kubeconfig alike, and no cluster command loads
 * @kubernetes/client-node (slow to import; it is only a test client now).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { oracles, repoRoot, run, tempDir } from '../../support/oracle.js';

const bosunMain = process.env.BOSUN_MAIN ?? join(repoRoot, 'dist/cli/main.js');
let sb: Sandbox;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('bosun-kube-auth-it-');
  dir = t.dir;
  cleanup = t.cleanup;
  sb = await startSandbox({ dataDir: join(dir, 'data'), port: 0, readyDelayMs: 50 });
  // A kubeconfig in cfg/ whose CA file and plugin are given relative to it.
  mkdirSync(join(dir, 'cfg', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'cfg', 'ca.pem'), sb.caPem ?? '');
  writeFileSync(
    join(dir, 'cfg', 'bin', 'token.mjs'),
    `console.log(JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1',
  status: { token: process.env.SANDBOX_TOKEN, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));\n`,
  );
  writeFileSync(
    join(dir, 'cfg', 'config'),
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: sb',
      'clusters:',
      '- name: sb',
      '  cluster:',
      `    server: ${sb.url}`,
      ...(sb.caPem ? ['    certificate-authority: ca.pem'] : []),
      'users:',
      '- name: plugin',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${process.execPath}`,
      '      args: [bin/token.mjs]',
      `      env: [{name: SANDBOX_TOKEN, value: "${sb.token}"}]`,
      'contexts:',
      '- name: sb',
      '  context: {cluster: sb, user: plugin, namespace: team}',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await sb?.stop();
  cleanup?.();
});

/** A module hook that makes importing @kubernetes/client-node fail. */
const forbidClientNode = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  "export async function resolve(s, c, next) { if (s.startsWith('@kubernetes/client-node')) throw new Error('client-node was imported'); return next(s, c); }"));
`)}`;

describe('bosun CLI with its own kubeconfig and auth', () => {
  test('exec plugin + relative CA: configmap round trip, no client-node loaded', async () => {
    const chart = join(dir, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(
      join(chart, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: "1"\n',
    );
    const env = { ...process.env, KUBECONFIG: join(dir, 'cfg', 'config'), HOME: dir };
    // The plugin's args are relative to the working directory, as with kubectl.
    const cwd = join(dir, 'cfg');
    const bosun = (...args: string[]) =>
      run(process.execPath, ['--import', forbidClientNode, bosunMain, 'helm', ...args], { env, cwd });
    const inst = await bosun('install', 'r1', chart, '--create-namespace');
    expect(inst.stderr).toBe('');
    expect(inst.code).toBe(0);
    const list = await bosun('list', '-A');
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^r1\s+team\s+1\s/m);
    const k = await run(
      oracles().kubectl,
      ['get', 'configmap', 'r1', '-n', 'team', '-o', 'jsonpath={.data.a}'],
      {
        env,
        cwd,
      },
    );
    expect(k).toMatchObject({ stdout: '1', code: 0 });
  });

  test('no file under src/ imports @kubernetes/client-node at run time', () => {
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
          const text = readFileSync(p, 'utf8');
          if (/(from|import\()\s*['"]@kubernetes\/client-node['"]/.test(text))
            offenders.push(relative(repoRoot, p));
        }
      }
    };
    walk(join(repoRoot, 'src'));
    expect(offenders).toEqual([]);
  });
});
