/**
 * A background sandbox under a state dir (`.bosun/sandbox/`): `start` spawns a detached
 * `serve` process (the caller says how to run it), waits for its kubeconfig and records the pid;
 * `stop` signals it; `status` reports it; `reset` stops it and removes its data.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from './errors.js';

export interface DetachedOptions {
  /** The state dir, e.g. `.bosun/sandbox`. */
  stateDir: string;
  /** How to run `bosun sandbox serve` (program and leading arguments). */
  command?: string[];
  port?: number;
  insecureHttp?: boolean;
  readyDelayMs?: number;
  /** How long to wait for the server to come up (default 15 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DetachedStatus {
  running: boolean;
  pid?: number;
  url?: string;
  kubeconfigPath: string;
  dataDir: string;
  logPath: string;
}

function paths(stateDir: string) {
  return {
    pid: join(stateDir, 'sandbox.pid'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    data: join(stateDir, 'data'),
    log: join(stateDir, 'sandbox.log'),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function serverOf(kubeconfig: string): string | undefined {
  if (!existsSync(kubeconfig)) return undefined;
  return /server: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1];
}

export function detachedStatus(stateDir: string): DetachedStatus {
  const p = paths(stateDir);
  const pid = existsSync(p.pid) ? Number(readFileSync(p.pid, 'utf8').trim()) : undefined;
  const running = !!pid && alive(pid);
  return {
    running,
    pid: running ? pid : undefined,
    url: running ? serverOf(p.kubeconfig) : undefined,
    kubeconfigPath: p.kubeconfig,
    dataDir: p.data,
    logPath: p.log,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startDetached(opts: DetachedOptions): Promise<DetachedStatus> {
  const p = paths(opts.stateDir);
  const before = detachedStatus(opts.stateDir);
  if (before.running) return before;
  if (!opts.command?.length)
    throw new SandboxError(
      'startDetached needs the command that runs "bosun sandbox serve"',
      'ESANDBOX_USAGE',
    );
  mkdirSync(opts.stateDir, { recursive: true });
  rmSync(p.kubeconfig, { force: true });
  const args = [...opts.command.slice(1), '--data-dir', p.data, '--write-kubeconfig', p.kubeconfig];
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  if (opts.insecureHttp) args.push('--insecure-http');
  if (opts.readyDelayMs !== undefined) args.push('--ready-delay', String(opts.readyDelayMs));
  const log = openSync(p.log, 'a');
  const child = spawn(opts.command[0]!, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  writeFileSync(p.pid, String(child.pid));
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (opts.signal?.aborted) break;
    if (exited !== undefined) {
      const tail = existsSync(p.log)
        ? readFileSync(p.log, 'utf8').trim().split('\n').slice(-5).join('\n')
        : '';
      rmSync(p.pid, { force: true });
      throw new SandboxError(
        `The background sandbox exited (code ${exited}) before it was ready:\n${tail}\n(see ${p.log})`,
        'ESANDBOX_START',
      );
    }
    if (existsSync(p.kubeconfig)) return detachedStatus(opts.stateDir);
    await sleep(50);
  }
  throw new SandboxError(
    `The background sandbox did not become ready in time; see ${p.log}`,
    'ESANDBOX_START',
  );
}

export async function stopDetached(stateDir: string, timeoutMs = 10_000): Promise<boolean> {
  const st = detachedStatus(stateDir);
  const p = paths(stateDir);
  if (!st.running || !st.pid) {
    rmSync(p.pid, { force: true });
    return false;
  }
  process.kill(st.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive(st.pid)) await sleep(50);
  if (alive(st.pid)) process.kill(st.pid, 'SIGKILL');
  rmSync(p.pid, { force: true });
  return true;
}

/** Stops the background sandbox and deletes its store, CA, token and kubeconfig. */
export async function resetDetached(stateDir: string): Promise<void> {
  await stopDetached(stateDir);
  const p = paths(stateDir);
  rmSync(p.data, { recursive: true, force: true });
  rmSync(p.kubeconfig, { force: true });
}
