/**
 * Read-only views of a stack: `list`/`status` (each declared release with its live revision,
 * status, chart and app version) and `template` / `lint` / `write-values` (rendering without
 * the cluster's releases changing).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import pLimit from 'p-limit';
import { toYaml } from '../encoding/index.js';
import type { GoMap } from '../gotemplate/index.js';
import { splitManifests } from '../release/index.js';
import { errorMessage, throwIfInterrupted } from './errors.js';
import type { StackListener } from './events.js';
import { type RunContext, resolveSelection } from './observe.js';
import type { RenderedRelease } from './ops.js';
import type { Selection, Stack } from './stack.js';

export interface ListedRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly installed: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly needs: readonly string[];
  /** null when the release has no live revision. */
  readonly revision: number | null;
  readonly status: string | null;
  readonly chartVersion: string | null;
  readonly appVersion: string | null;
  readonly updated: string | null;
  readonly description: string | null;
  readonly error?: string | undefined;
}

export async function listReleases(
  stack: Stack,
  selection: Selection,
  ctx: RunContext,
): Promise<ListedRelease[]> {
  const limit = pLimit(Math.max(1, ctx.concurrency));
  return Promise.all(
    selection.ids.map((id) =>
      limit(async () => {
        const spec = stack.byId.get(id)!;
        const base = {
          id,
          name: spec.name,
          namespace: spec.namespace,
          chart: spec.chart,
          installed: spec.installed,
          labels: spec.labels,
          needs: spec.needs,
        };
        try {
          const live = await ctx.ops.getLive(spec, { signal: ctx.signal });
          return {
            ...base,
            revision: live?.revision ?? null,
            status: live?.status ?? null,
            chartVersion: live?.chartVersion ?? null,
            appVersion: live?.appVersion ?? null,
            updated: live?.updated ?? null,
            description: live?.description ?? null,
          };
        } catch (err) {
          throwIfInterrupted(ctx.signal);
          return {
            ...base,
            revision: null,
            status: null,
            chartVersion: null,
            appVersion: null,
            updated: null,
            description: null,
            error: errorMessage(err),
          };
        }
      }),
    ),
  );
}

export interface TemplateResult {
  readonly id: string;
  readonly rendered?: RenderedRelease | undefined;
  readonly values: GoMap;
  readonly error?: string | undefined;
}

/** Renders every selected release (as a first install); errors are collected per release. */
export async function renderReleases(
  stack: Stack,
  selection: Selection,
  ctx: RunContext,
): Promise<TemplateResult[]> {
  const desired = resolveSelection(stack, selection, ctx.emit);
  const limit = pLimit(Math.max(1, ctx.concurrency));
  return Promise.all(
    selection.ids.map((id) =>
      limit(async () => {
        const rel = desired.get(id)!;
        ctx.emit({ type: 'rendering', release: id });
        try {
          const rendered = await ctx.ops.render(rel, { signal: ctx.signal, isUpgrade: false, revision: 1 });
          return { id, rendered, values: rel.values };
        } catch (err) {
          throwIfInterrupted(ctx.signal);
          return { id, values: rel.values, error: errorMessage(err) };
        }
      }),
    ),
  );
}

/** Writes each release's manifests under dir/<namespace>/<name>/<template path>; returns the files written. */
export function writeTemplates(dir: string, results: readonly TemplateResult[]): string[] {
  const written: string[] = [];
  for (const r of results) {
    if (!r.rendered) continue;
    const [ns, name] = r.id.split('/') as [string, string];
    const byFile = new Map<string, string>();
    for (const doc of splitManifests(`${r.rendered.manifest}\n${r.rendered.hooks}`)) {
      const m = /^# Source: (.+)$/m.exec(doc);
      const path = normalize(m ? m[1]! : 'manifest.yaml').replace(/^(\.\.\/)+/, '');
      byFile.set(path, `${byFile.get(path) ?? ''}---\n${doc}\n`);
    }
    for (const [path, text] of byFile) {
      const file = join(dir, ns, name, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      written.push(file);
    }
  }
  return written;
}

/** Writes each release's merged values to dir/<namespace>/<name>.yaml; returns the files written. */
export function writeValuesFiles(dir: string, results: readonly { id: string; values: GoMap }[]): string[] {
  return results.map((r) => {
    const file = join(dir, `${r.id}.yaml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toYaml(r.values));
    return file;
  });
}

export interface LintResult {
  readonly id: string;
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Lints the stack: every selected release must resolve its values and render. */
export async function lintReleases(
  stack: Stack,
  selection: Selection,
  ctx: RunContext,
): Promise<LintResult[]> {
  const warnings = new Map<string, string[]>();
  const emit: StackListener = (e) => {
    if (e.type === 'warning' && e.release)
      (warnings.get(e.release) ?? warnings.set(e.release, []).get(e.release)!).push(e.message);
    ctx.emit(e);
  };
  const rendered = await renderReleases(stack, selection, { ...ctx, emit });
  return rendered.map((r) => ({
    id: r.id,
    ok: r.error === undefined,
    errors: r.error === undefined ? [] : [r.error],
    warnings: warnings.get(r.id) ?? [],
  }));
}
