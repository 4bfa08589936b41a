/**
 * Helpers for the release tests: a sandbox per test file (port 0, short ready delay), the real
 * CLI from dist/ run as a process against it, the real helm 3 and helm 4 with isolated homes,
 * and the charts the tests install.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { decodeRelease, type Release } from '../../src/release/index.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { startTestSandbox, type TestSandbox } from '../sandbox/support.js';
import { type RunResult, repoRoot, run, writeTree } from '../support/oracle.js';

/** dist/ of this checkout (BOSUN_MAIN may point at another build of the CLI). */
export const bosunMain = process.env.BOSUN_MAIN ?? join(repoRoot, 'dist/cli/main.js');

export interface ReleaseSandbox extends TestSandbox {
  bosun(args: string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult>;
  /** Starts bosun without waiting (for signals). */
  spawnBosun(args: string[]): {
    child: ChildProcess;
    output: () => { stdout: string; stderr: string };
    exit: Promise<number | null>;
  };
  h4(args: string[]): Promise<RunResult>;
  h3(args: string[]): Promise<RunResult>;
  /** A chart folder written under the sandbox's temp dir. */
  chart(name: string, files: Record<string, string>): string;
  /** The decoded release records of a release, by revision. */
  records(name: string, namespace?: string): Promise<Release[]>;
  /** The raw record Secrets (labels and all). */
  secrets(name: string, namespace?: string): Promise<any[]>;
}

export async function startReleaseSandbox(opts: Partial<SandboxOptions> = {}): Promise<ReleaseSandbox> {
  const t = await startTestSandbox({ readyDelayMs: 100, ...opts });
  const kc = t.sb.kubeconfigPath;
  const secrets = async (name: string, namespace = 'default') => {
    const r = await t.http(
      'GET',
      `/api/v1/namespaces/${namespace}/secrets?labelSelector=${encodeURIComponent(`owner=helm,name=${name}`)}`,
    );
    return (r.body?.items ?? []) as any[];
  };
  return {
    ...t,
    bosun: (args, o = {}) =>
      run(process.execPath, [bosunMain, ...args, '--kubeconfig', kc], {
        env: { ...t.env, ...(o.env ?? {}) },
        cwd: t.dir,
        timeoutMs: o.timeoutMs ?? 120_000,
      }),
    spawnBosun(args) {
      const child = spawn(process.execPath, [bosunMain, ...args, '--kubeconfig', kc], {
        env: t.env,
        cwd: t.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      return { child, output: () => ({ stdout, stderr }), exit };
    },
    h4: (args) => t.helm('v4', args),
    h3: (args) => t.helm('v3', args),
    chart(name, files) {
      const dir = join(t.dir, 'charts', name);
      writeTree(dir, files);
      return dir;
    },
    secrets,
    async records(name, namespace = 'default') {
      const items = await secrets(name, namespace);
      return items
        .map((s) => decodeRelease(Buffer.from(s.data.release, 'base64').toString('utf8')))
        .sort((a, b) => a.version - b.version);
    },
  };
}

/** Waits until `check` holds (polling), or throws with `what`. */
export async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A small app: ConfigMap, Deployment (optionally failing in the sandbox), Service, NOTES. */
export function appChart(
  opts: { name?: string; version?: string; hooks?: string } = {},
): Record<string, string> {
  const files: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: ${opts.name ?? 'app'}\nversion: ${opts.version ?? '0.1.0'}\nappVersion: "1.0"\ndescription: test app\n`,
    'values.yaml': 'replicas: 1\nmessage: hello\nfail: ""\nimage: nginx:1.27\n',
    'templates/NOTES.txt': 'Release {{ .Release.Name }} says {{ .Values.message }}\n',
    'templates/app.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  progressDeadlineSeconds: 600
  selector:
    matchLabels: {app: {{ .Release.Name }}-web}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}-web}
      {{- if .Values.fail }}
      annotations:
        sandbox.bosun.dev/fail: {{ .Values.fail }}
      {{- end }}
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: {app: {{ .Release.Name }}-web}
  ports: [{port: 80}]
`,
  };
  if (opts.hooks) files['templates/hooks.yaml'] = opts.hooks;
  return files;
}

/** A hook Job for `events`, failing in the sandbox when `.Values.hookFail` is set. */
export function hookJob(events: string, name = 'hook'): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-${name}
  annotations:
    helm.sh/hook: ${events}
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: 0
  template:
    metadata:
      {{- if .Values.hookFail }}
      annotations:
        sandbox.bosun.dev/fail: crashloop
      {{- end }}
    spec:
      restartPolicy: Never
      containers:
      - name: run
        image: busybox:1.36
        command: [sh, -c, "echo ok"]
`;
}

/** Replaces what changes between two runs: ages in tables, times and record timestamps. */
export function normaliseAges(s: string): string {
  return s.replace(/\b\d+(m\d+s|s|m|h\d*m?)(?=\s*$|\s{3})/gm, 'AGE');
}

/** Splits helm 4's RESOURCES block into its sections (Go prints them in random map order). */
export function resourceSections(status: string): Map<string, string> {
  const m = /RESOURCES:\n([\s\S]*?)\n\n(?=TEST SUITE|NOTES|$)/.exec(status);
  const out = new Map<string, string>();
  if (!m) return out;
  for (const part of m[1]!.split(/^==> /m).filter(Boolean)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl), normaliseAges(part.slice(nl + 1)).trimEnd());
  }
  return out;
}

/** status text without its RESOURCES block. */
export function withoutResources(status: string): string {
  return status.replace(/RESOURCES:\n[\s\S]*?\n\n(?=TEST SUITE|NOTES|$)/, '');
}
