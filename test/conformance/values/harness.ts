/**
 * Shared pieces of the values conformance tests: assembling a fixture chart in a temp folder
 * (vendoring the `common` library, packaging `postgresql` as a .tgz, adding a template that dumps
 * `.Values` and the Go type of every leaf), running the real helm on it, and computing the same
 * dumps with bosun's chart and values modules.
 */
import { cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import {
  type Chart,
  loadChart,
  processDependencies,
  validateValuesAgainstSchema,
} from '../../../src/chart/index.js';
import { marshalJson, parseYaml } from '../../../src/encoding/index.js';
import type { GoMap } from '../../../src/gotemplate/index.js';
import { coalesceValues, mergeValues, type ValuesOptions } from '../../../src/values/index.js';
import { isolatedHelmEnv, oracles, repoRoot, run, splitBySource } from '../../support/oracle.js';

export const fixtures = join(repoRoot, 'test/fixtures/charts');

const DUMP = `{{- define "zz.walk" -}}
{{- $v := .v -}}
{{- if kindIs "map" $v -}}
{{- if not $v }}{{ .p }}=map{{ "\\n" }}{{ end -}}
{{- range $k, $x := $v }}{{ include "zz.walk" (dict "v" $x "p" (printf "%s.%s" $.p $k)) }}{{ end -}}
{{- else if kindIs "slice" $v -}}
{{- if not $v }}{{ .p }}=slice{{ "\\n" }}{{ end -}}
{{- range $i, $x := $v }}{{ include "zz.walk" (dict "v" $x "p" (printf "%s[%d]" $.p $i)) }}{{ end -}}
{{- else -}}
{{ .p }}={{ typeOf $v }}{{ "\\n" }}
{{- end -}}
{{- end -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: zz-dump
data:
  values.json: |
    {{ toJson .Values }}
  chart.json: |
    {{ toJson .Chart }}
  types: |
{{ include "zz.walk" (dict "v" .Values "p" "") | indent 4 }}
`;

function addDumps(dir: string): void {
  const chartYaml = join(dir, 'Chart.yaml');
  if (statSync(chartYaml, { throwIfNoEntry: false })?.isFile()) {
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'templates/zz-dump.yaml'), DUMP);
  }
  const charts = join(dir, 'charts');
  if (!statSync(charts, { throwIfNoEntry: false })?.isDirectory()) return;
  for (const n of readdirSync(charts)) if (statSync(join(charts, n)).isDirectory()) addDumps(join(charts, n));
}

/** Copies fixture `name` into `root/name`, vendors its dependencies and adds the dump templates. */
export async function assemble(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  if (name === 'webapp') {
    cpSync(join(fixtures, 'postgresql'), join(root, 'pkg/postgresql'), { recursive: true });
    addDumps(join(root, 'pkg/postgresql'));
    await tarCreate(
      {
        gzip: true,
        cwd: join(root, 'pkg'),
        file: join(dir, 'charts/postgresql-12.12.10.tgz'),
        portable: true,
      },
      ['postgresql'],
    );
  }
  addDumps(dir);
  if (name === 'webapp') {
    // The library chart is vendored as-is (library charts render nothing).
    cpSync(join(fixtures, 'common'), join(dir, 'charts/common'), { recursive: true });
    cpSync(join(fixtures, 'common'), join(dir, 'charts/redis/charts/common'), { recursive: true });
  }
  return dir;
}

export interface Dump {
  values: unknown;
  types: string[];
  /** `.Chart` as toJson prints it. */
  chart?: unknown;
}

/** Runs `helm template` (v4 unless told) and returns stdout, stderr and exit code. */
export async function helm(root: string, args: readonly string[], version: 'v4' | 'v3' = 'v4') {
  const bin = version === 'v3' ? oracles().helm3 : oracles().helm4;
  return run(bin, ['template', 'rel', ...args], { env: isolatedHelmEnv(join(root, 'home')), cwd: root });
}

/** The dumps in helm's output, keyed by chart full path (`webapp/charts/redis`). */
export function dumpsFromHelm(stdout: string): Map<string, Dump> {
  const out = new Map<string, Dump>();
  for (const [source, body] of splitBySource(stdout)) {
    if (!source.endsWith('/templates/zz-dump.yaml')) continue;
    const doc = parseYaml(body) as {
      data: { 'values.json': string; 'chart.json': string; types?: string | null };
    };
    out.set(source.slice(0, -'/templates/zz-dump.yaml'.length), {
      values: JSON.parse(doc.data['values.json']),
      chart: JSON.parse(doc.data['chart.json']),
      types: (doc.data.types ?? '')
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    });
  }
  return out;
}

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
  }
  return 'other';
}

function walk(v: unknown, p: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${p}=slice`);
    for (const [i, x] of v.entries()) walk(x, `${p}[${i}]`, out);
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push(`${p}=map`);
    for (const k of keys) walk((v as GoMap)[k], `${p}.${k}`, out);
  } else {
    out.push(`${p}=${goTypeName(v)}`);
  }
}

/** JSON as Go's toJson would print it, read back: bigints become numbers. */
/** A Go value as json.Marshal (helm's toJson) writes it, read back: typed nil maps become null. */
export function asJson(v: unknown): unknown {
  return JSON.parse(marshalJson(v));
}

export function dumpOf(values: unknown): Dump {
  const types: string[] = [];
  walk(values, '', types);
  return { values: asJson(values), types: types.sort() };
}

/** bosun's side: load, merge, process dependencies, coalesce, validate; dumps per rendered chart. */
export function dumpsFromBosun(
  chartDir: string,
  opts: ValuesOptions,
  version: 'v4' | 'v3' = 'v4',
): Map<string, Dump> {
  const chart = loadChart(chartDir);
  const user = mergeValues({ ...opts, helm: version });
  const processed = processDependencies(chart, user);
  const vals = coalesceValues(processed, user, { helm: version });
  validateValuesAgainstSchema(processed, vals);
  const out = new Map<string, Dump>();
  const visit = (c: Chart, v: GoMap): void => {
    const meta =
      version === 'v4'
        ? { ...c.metadata.asMap(), IsRoot: c.isRoot }
        : { ...c.metadata.toJSONValue(), IsRoot: c.isRoot };
    if (!c.isLibrary) out.set(c.chartFullPath(), { ...dumpOf(v), chart: asJson(meta) });
    for (const d of c.dependencies) visit(d, (v[d.name] ?? {}) as GoMap);
  };
  visit(processed, vals);
  return out;
}

/** Flags for helm from the same options bosun gets (files are written under root). */
export function helmArgs(root: string, opts: ValuesOptions, files: Record<string, string> = {}): string[] {
  const args: string[] = [];
  for (const f of opts.valueFiles ?? []) {
    const p = join(root, f.name);
    writeFileSync(p, f.content);
    args.push('-f', p);
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  for (const s of opts.setJson ?? []) args.push('--set-json', s);
  for (const s of opts.set ?? []) args.push('--set', s);
  for (const s of opts.setString ?? []) args.push('--set-string', s);
  for (const s of opts.setFile ?? []) args.push('--set-file', s);
  for (const s of opts.setLiteral ?? []) args.push('--set-literal', s);
  return args;
}
