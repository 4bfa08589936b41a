/**
 * Real parts for the repo tests: an HTTP(S) chart repository served from a folder on
 * 127.0.0.1 (optional basic auth, optional TLS with a CA made by the `openssl` CLI), the real
 * helm with isolated HELM_* folders, and bosun run as a process from dist/.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { isolatedHelmEnv, oracles, type RunResult, repoRoot, run } from '../support/oracle.js';

export interface RepoServer {
  url: string;
  /** Requests seen, e.g. "GET /index.yaml 200". */
  log: string[];
  close: () => Promise<void>;
}

export interface ServeOptions {
  auth?: { username: string; password: string };
  tls?: { cert: string; key: string };
  /** Override responses by path. */
  routes?: Record<string, (res: http.ServerResponse) => void>;
}

/** Serves `dir` read-only on 127.0.0.1. */
export async function serveDir(dir: string, o: ServeOptions = {}): Promise<RepoServer> {
  const log: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const done = (code: number) => log.push(`${req.method} ${path} ${code}`);
    if (o.auth) {
      const want = `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' }).end('unauthorized');
        return done(401);
      }
    }
    const route = o.routes?.[path];
    if (route) {
      route(res);
      return done(res.statusCode);
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return done(404);
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(readFileSync(file));
    done(200);
  };
  const server = o.tls
    ? https.createServer({ cert: o.tls.cert, key: o.tls.key }, handler)
    : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
export function makeTls(dir: string): { caFile: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const o = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  o([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=bosun test CA',
  ]);
  o([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  o([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  return {
    caFile: join(dir, 'ca.crt'),
    cert: readFileSync(join(dir, 'server.crt'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}

/** The built CLI; BOSUN_DIST points at another build (a helper's own output folder). */
export const bosunMain = join(process.env.BOSUN_DIST ?? join(repoRoot, 'dist'), 'cli/main.js');

/** Runs `bosun <args>` (from dist/) with an isolated helm environment rooted at `home`. */
export function bosun(
  home: string,
  args: string[],
  opts: { cwd?: string; input?: string } = {},
): Promise<RunResult> {
  return run(process.execPath, [bosunMain, ...args], {
    env: isolatedHelmEnv(home),
    cwd: opts.cwd,
    input: opts.input,
  });
}

/** Runs the real helm v4 with an isolated environment rooted at `home`. */
export function helm(
  home: string,
  args: string[],
  opts: { cwd?: string; input?: string } = {},
): Promise<RunResult> {
  return run(oracles().helm4, args, { env: isolatedHelmEnv(home), cwd: opts.cwd, input: opts.input });
}

export function writeChart(
  dir: string,
  name: string,
  version: string,
  extra: Record<string, string> = {},
): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'templates'), { recursive: true });
  const chartYaml =
    extra['Chart.yaml'] ??
    `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "${version}"\ndescription: The ${name} chart for tests\nkeywords:\n- web\n- ${name}-kw\n`;
  writeFileSync(join(root, 'Chart.yaml'), chartYaml);
  writeFileSync(join(root, 'values.yaml'), extra['values.yaml'] ?? 'replicas: 1\n');
  writeFileSync(
    join(root, 'templates/cm.yaml'),
    extra['templates/cm.yaml'] ??
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  r: "{{ .Values.replicas }}"\n',
  );
  for (const [k, v] of Object.entries(extra)) {
    if (['Chart.yaml', 'values.yaml', 'templates/cm.yaml'].includes(k)) continue;
    mkdirSync(join(root, k, '..'), { recursive: true });
    writeFileSync(join(root, k), v);
  }
  return root;
}

export interface RegistryProcess {
  host: string;
  stop: () => Promise<void>;
}

/** Debian's docker-registry (CNCF distribution) on 127.0.0.1, or undefined when not installed. */
export async function startRegistry(dir: string): Promise<RegistryProcess | undefined> {
  const bin = ['/usr/bin/docker-registry', '/usr/bin/registry'].find((b) => existsSync(b));
  if (!bin) return undefined;
  const port = await freePort();
  mkdirSync(join(dir, 'data'), { recursive: true });
  const cfg = join(dir, 'config.yml');
  writeFileSync(
    cfg,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child: ChildProcess = spawn(bin, ['serve', cfg], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) =>
      http.get(`http://${host}/v2/`, (res) => r(res.statusCode === 200)).on('error', () => r(false)),
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => r(p));
    });
  });
}
