/**
 * `startSandbox`: loads (or creates) the data dir, starts the HTTP(S) listener on 127.0.0.1,
 * runs the simulated controllers and writes a kubeconfig once requests are accepted.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Api } from './api.js';
import { Controllers } from './controllers.js';
import { SandboxError } from './errors.js';
import { type FaultRule, Faults } from './faults.js';
import { FileJournal } from './persist.js';
import { Registry } from './resources.js';
import { createHandler } from './server.js';
import { Store } from './store.js';
import { selfSignedCertificate } from './tls.js';

export interface SandboxOptions {
  /** Where the store, the CA and the token live (created when missing). */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve plain HTTP instead of HTTPS. */
  insecureHttp?: boolean;
  /** Where to write the kubeconfig (default `<dataDir>/kubeconfig`). */
  kubeconfigPath?: string;
  /** How long simulated Pods, Jobs, PVCs and LoadBalancers take to become ready (default 1000 ms). */
  readyDelayMs?: number;
  /** Fault-injection rules in force from the start (changeable through `sandbox.faults`). */
  faults?: FaultRule[];
  /** Interval of watch bookmarks (default 5000 ms). */
  bookmarkIntervalMs?: number;
  /** Fold the journal into a snapshot after this many writes (default 5000). */
  compactEvery?: number;
  now?: () => Date;
  random?: () => number;
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  kubeconfigPath: string;
  token: string;
  /** PEM of the CA that signed the serving certificate (undefined with insecureHttp). */
  caPem?: string;
  faults: Faults;
  /** Number of stored objects. */
  objectCount(): number;
  stop(): Promise<void>;
}

export const SANDBOX_VERSION = {
  major: '1',
  minor: '35',
  emulationMajor: '1',
  emulationMinor: '35',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0-bosun-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.25.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function readOrCreate(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const v = make();
  writeFileSync(`${file}.tmp`, v, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return v;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(dataDir: string): () => void {
  const lock = join(dataDir, 'lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new SandboxError(
        `The sandbox data dir ${dataDir} is in use by process ${pid}; stop it first ("bosun sandbox stop")`,
        'ESANDBOX_LOCKED',
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

export function kubeconfigYaml(url: string, token: string, caPem: string | undefined): string {
  const cluster = caPem
    ? `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}\n    server: ${url}\n`
    : `    server: ${url}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
${cluster}  name: bosun-sandbox
contexts:
- context:
    cluster: bosun-sandbox
    user: bosun-sandbox
    namespace: default
  name: bosun-sandbox
current-context: bosun-sandbox
preferences: {}
users:
- name: bosun-sandbox
  user:
    token: ${token}
`;
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  mkdirSync(opts.dataDir, { recursive: true });
  const unlock = takeLock(opts.dataDir);
  try {
    const store = new Store();
    const loaded = FileJournal.load(opts.dataDir, store);
    const journal = new FileJournal(opts.dataDir, store, opts.compactEvery);
    if (loaded.replayed > 0 || loaded.tornTail) journal.compact();
    store.journal = journal;
    const registry = new Registry();
    const api = new Api({ store, registry, now, random });
    const faults = new Faults(opts.faults ?? [], random);
    const controllers = new Controllers(api, { readyDelayMs: opts.readyDelayMs ?? 1000, now });
    controllers.bootstrap();
    const token = readOrCreate(join(opts.dataDir, 'token'), () => randomBytes(24).toString('hex')).trim();
    let caPem: string | undefined;
    let server: Server;
    const handler = createHandler({
      api,
      faults,
      token,
      now,
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000,
      version: SANDBOX_VERSION,
      log: opts.log,
    });
    if (opts.insecureHttp) server = createHttpServer(handler);
    else {
      mkdirSync(join(opts.dataDir, 'tls'), { recursive: true });
      const certFile = join(opts.dataDir, 'tls', 'ca.crt');
      const keyFile = join(opts.dataDir, 'tls', 'ca.key');
      if (!existsSync(certFile) || !existsSync(keyFile)) {
        const c = selfSignedCertificate(now());
        writeFileSync(keyFile, c.keyPem, { mode: 0o600 });
        writeFileSync(certFile, c.certPem);
      }
      caPem = readFileSync(certFile, 'utf8');
      server = createHttpsServer({ cert: caPem, key: readFileSync(keyFile, 'utf8') }, handler);
    }
    server.keepAliveTimeout = 60_000;
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new SandboxError(
                `Port ${opts.port} on 127.0.0.1 is already in use; pick another with --port`,
                'ESANDBOX_PORT',
                { cause: err },
              )
            : err,
        ),
      );
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `${opts.insecureHttp ? 'http' : 'https'}://127.0.0.1:${port}`;
    const kubeconfigPath = opts.kubeconfigPath ?? join(opts.dataDir, 'kubeconfig');
    const tmp = `${kubeconfigPath}.tmp-${process.pid}`;
    writeFileSync(tmp, kubeconfigYaml(url, token, caPem), { mode: 0o600 });
    renameSync(tmp, kubeconfigPath);
    let stopped = false;
    return {
      url,
      kubeconfigPath,
      token,
      caPem,
      faults,
      objectCount: () => store.count(),
      async stop() {
        if (stopped) return;
        stopped = true;
        controllers.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        journal.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
