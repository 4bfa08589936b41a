/**
 * `helm template`: render a chart as an install would, without a cluster, and lay the output
 * out as helm prints it (manifests, then hooks; `--show-only`, `--output-dir`, `--skip-tests`).
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Chart } from '../chart/index.js';
import type { KubeVersion } from '../engine/index.js';
import type { GoMap } from '../gotemplate/index.js';
import { type Hook, splitManifests } from '../release/index.js';
import { loadRenderLib } from './lazy.js';
import { validateReleaseName } from './names.js';
import {
  checkDependencies,
  checkInstallable,
  ReleasePrepareError,
  ReleaseRenderError,
  type RenderedRelease,
  renderReleaseWith,
} from './render.js';

export interface TemplateOptions {
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: Chart;
  readonly values: GoMap;
  readonly kubeVersion?: KubeVersion;
  readonly apiVersions?: readonly string[];
  readonly isUpgrade?: boolean;
  readonly includeCrds?: boolean;
  readonly skipTests?: boolean;
  readonly noHooks?: boolean;
  readonly showOnly?: readonly string[];
  readonly outputDir?: string;
  /** With --output-dir, write under outputDir/releaseName (helm's --release-name). */
  readonly useReleaseName?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly subNotes?: boolean;
  readonly enableDNS?: boolean;
  readonly debug?: boolean;
  readonly warn?: (message: string) => void;
  /** Told of every file written with --output-dir. */
  readonly onWrite?: (path: string) => void;
}

export class TemplateError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
    this.code = code;
  }
}

/** Go's path/filepath.Match (the subset helm's --show-only uses: *, ?, [..], \\). */
function filepathMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) return false;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `\\^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += ch.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(name);
}

function isTestHook(h: Hook): boolean {
  return h.events.includes('test');
}

function writeToFile(
  dir: string,
  name: string,
  data: string,
  append: boolean,
  onWrite?: (p: string) => void,
): void {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  const text = `---\n# Source: ${name}\n${data}\n`;
  if (append) appendFileSync(file, text);
  else writeFileSync(file, text);
  onWrite?.(file);
}

/** Renders and returns what `helm template` prints on stdout (files are written for --output-dir). */
export async function template(opts: TemplateOptions): Promise<string> {
  checkInstallable(opts.chart);
  checkDependencies(opts.chart);
  try {
    validateReleaseName(opts.releaseName);
  } catch (err) {
    throw new ReleasePrepareError(
      `release name check failed: release name "${opts.releaseName}": ${(err as Error).message}`,
      {
        cause: err,
        code: 'ERELEASE_NAME',
      },
    );
  }
  const lib = await loadRenderLib();
  const { Capabilities, defaultAPIVersions, helmFuncs } = lib.engine;
  const capabilities = new Capabilities({
    ...(opts.kubeVersion ? { kubeVersion: opts.kubeVersion } : {}),
    apiVersions: [...defaultAPIVersions, ...(opts.apiVersions ?? [])],
  });
  const isUpgrade = opts.isUpgrade ?? false;
  let rendered: RenderedRelease;
  try {
    rendered = renderReleaseWith(lib, {
      chart: opts.chart,
      values: opts.values,
      release: {
        name: opts.releaseName,
        namespace: opts.namespace,
        revision: 1,
        isInstall: !isUpgrade,
        isUpgrade,
      },
      capabilities,
      funcs: helmFuncs({ enableDNS: opts.enableDNS ?? false }),
      ...(opts.includeCrds ? { includeCrds: true } : {}),
      ...(opts.subNotes ? { subNotes: true } : {}),
      ...(opts.skipSchemaValidation ? { skipSchemaValidation: true } : {}),
      ...(opts.warn ? { warn: opts.warn } : {}),
    });
  } catch (err) {
    if (err instanceof ReleaseRenderError) {
      const shown = opts.debug && err.partialManifest ? `${err.partialManifest}\n` : '';
      throw new TemplateError(
        `${shown}${err.message}${opts.debug ? '' : '\n\nUse --debug flag to render out invalid YAML'}`,
        err.code,
        { cause: err },
      );
    }
    throw err;
  }

  const outDir = opts.outputDir
    ? opts.useReleaseName
      ? join(opts.outputDir, opts.releaseName)
      : opts.outputDir
    : undefined;

  if (outDir) {
    const written = new Set<string>();
    if (opts.includeCrds) {
      const utf8 = new TextDecoder();
      for (const crd of rendered.chart.crdObjects()) {
        writeToFile(
          opts.outputDir!,
          crd.filename,
          utf8.decode(crd.file.data),
          written.has(crd.filename),
          opts.onWrite,
        );
        written.add(crd.filename);
      }
    }
    for (const m of rendered.manifests) {
      writeToFile(outDir, m.name, m.content, written.has(m.name), opts.onWrite);
      written.add(m.name);
    }
    if (!opts.noHooks) {
      for (const h of rendered.hooks) {
        if (opts.skipTests && isTestHook(h)) continue;
        const append = written.has(h.path) || existsSync(join(outDir, h.path));
        writeToFile(outDir, h.path, h.manifest, append, opts.onWrite);
        written.add(h.path);
      }
    }
    return '';
  }

  let out = `${rendered.manifest.trim()}\n`;
  if (!opts.noHooks) {
    for (const h of rendered.hooks) {
      if (opts.skipTests && isTestHook(h)) continue;
      out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    }
  }
  if (opts.showOnly && opts.showOnly.length > 0) {
    const docs = splitManifests(out);
    const selected: string[] = [];
    for (const f of opts.showOnly) {
      let missing = true;
      for (const doc of docs) {
        const m = /# Source: [^/]+\/(.+)/.exec(doc);
        if (!m) continue;
        if (!filepathMatch(f.replaceAll('\\', '/'), m[1]!)) continue;
        selected.push(doc);
        missing = false;
      }
      if (missing) throw new TemplateError(`could not find template ${f} in chart`, 'ESHOW_ONLY');
    }
    return selected.map((d) => `---\n${d}\n`).join('');
  }
  return out;
}
