/**
 * The real helm and kubectl binaries as test oracles (fetched by scripts/oracles.mjs).
 *
 * `helmTemplateFiles` builds a throw-away chart from an inline file tree and runs the real
 * `helm template` on it, so a test can compare bosun's output with helm's for the same input.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
// @ts-expect-error: plain ESM script without types
import { ensureOracles } from '../../scripts/oracles.mjs';

export interface OraclePaths {
  helm4: string;
  helm3: string;
  kubectl: string;
}

let paths: OraclePaths | undefined;
export function oracles(): OraclePaths {
  paths ??= ensureOracles({ quiet: true }) as OraclePaths;
  return paths;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a program and collects its output; never rejects on a non-zero exit. */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      cmd,
      args as string[],
      {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        maxBuffer: 256 * 1024 * 1024,
        timeout: opts.timeoutMs ?? 120_000,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolvePromise({ stdout, stderr, code });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** An environment that keeps helm away from the user's own config, cache and cluster. */
export function isolatedHelmEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: join(home, 'kubeconfig-none'),
  };
}

/** Writes an inline file tree under `root` ("templates/a.yaml": "…"). */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix = 'bosun-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const defaultChartYaml = 'apiVersion: v2\nname: t\nversion: 0.1.0\nappVersion: "1.0"\n';

/**
 * Runs the real `helm template` (v4 unless `helm: 'v3'`) on a chart made of `files`
 * (a Chart.yaml is added when missing). `args` are extra helm flags.
 */
export async function helmTemplateFiles(
  files: Record<string, string | Uint8Array>,
  opts: { args?: readonly string[]; helm?: 'v4' | 'v3'; release?: string } = {},
): Promise<RunResult> {
  const { dir, cleanup } = tempDir('bosun-oracle-');
  try {
    const chart = join(dir, 'chart');
    writeTree(chart, { 'Chart.yaml': defaultChartYaml, ...files });
    const bin = opts.helm === 'v3' ? oracles().helm3 : oracles().helm4;
    return await run(bin, ['template', opts.release ?? 'rel', chart, ...(opts.args ?? [])], {
      env: isolatedHelmEnv(join(dir, 'home')),
      cwd: dir,
    });
  } finally {
    cleanup();
  }
}

/**
 * Splits `helm template` output into documents keyed by their `# Source:` path
 * (several documents from one file are joined in order).
 */
export function splitBySource(output: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = output.split(/^---\n# Source: (.*)\n/m);
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    const body = parts[i + 1]!;
    out.set(key, (out.get(key) ?? '') + body);
  }
  return out;
}

export const repoRoot = resolve(import.meta.dirname, '../..');
