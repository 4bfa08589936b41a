/**
 * Helpers for the sandbox integration tests: a sandbox on an ephemeral port with a temp data
 * dir, kubectl/helm runners with isolated HOME, and a raw HTTPS client that trusts the
 * sandbox CA.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { isolatedHelmEnv, oracles, type RunResult, run, tempDir } from '../support/oracle.js';

export interface TestSandbox {
  sb: Sandbox;
  dir: string;
  env: NodeJS.ProcessEnv;
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  helm(version: 'v4' | 'v3', args: string[], opts?: { timeoutMs?: number }): Promise<RunResult>;
  http(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; text: string; headers: Record<string, any> }>;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const { dir, cleanup } = tempDir('bosun-sandbox-test-');
  const sb = await startSandbox({
    dataDir: join(dir, 'data'),
    readyDelayMs: 150,
    bookmarkIntervalMs: 1000,
    ...opts,
  });
  const env = { ...isolatedHelmEnv(join(dir, 'home')), KUBECONFIG: sb.kubeconfigPath };
  const o = oracles();
  return {
    sb,
    dir,
    env,
    kubectl: (args, ro = {}) =>
      run(o.kubectl, ['--kubeconfig', sb.kubeconfigPath, ...args], {
        env,
        cwd: dir,
        input: ro.input,
        timeoutMs: ro.timeoutMs ?? 60_000,
      }),
    helm: (version, args, ro = {}) =>
      run(version === 'v4' ? o.helm4 : o.helm3, [...args, '--kubeconfig', sb.kubeconfigPath], {
        env,
        cwd: dir,
        timeoutMs: ro.timeoutMs ?? 90_000,
      }),
    http: (method, path, body, headers = {}) => rawRequest(sb, method, path, body, headers),
    async close() {
      await sb.stop();
      cleanup();
    },
  };
}

export function rawRequest(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string; headers: Record<string, any> }> {
  const url = new URL(path, sb.url);
  const payload =
    body === undefined
      ? undefined
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body);
  const h: Record<string, string> = { Authorization: `Bearer ${sb.token}`, ...headers };
  if (payload !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
    h['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method, headers: h, ca: sb.caPem },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Starts a long-running client (e.g. `kubectl get --watch`) and lets the test wait for output. */
export function spawnWatcher(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; waitFor(re: RegExp, ms?: number): Promise<string>; output(): string } {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    waitFor(re, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (re.test(out)) resolve(out);
          else if (Date.now() - started > ms)
            reject(new Error(`timed out waiting for ${re}; output so far:\n${out}`));
          else setTimeout(tick, 50);
        };
        tick();
      });
    },
  };
}

export { oracles };
