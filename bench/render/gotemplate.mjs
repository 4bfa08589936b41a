#!/usr/bin/env node
/**
 * Micro-benchmark of src/gotemplate on a large, bitnami-style generated chart.
 *
 *   npm run build && node bench/render/gotemplate.mjs [--n 30] [--json] [--helm] [--cpu]
 *
 * The chart is generated in code: `_helpers.tpl` with 200 defines (include chains, printf/trunc
 * pipelines, tpl through a `tplvalues.render` helper, dict arguments) and 50 manifests with nested
 * if/range/with, toYaml | nindent, `.Capabilities.APIVersions.Has` and a few raw-string actions
 * tens of KB long, over a large values map. Sprig is replaced by a tiny stand-in FuncMap with the
 * same names and Go signatures (so `--helm` can also time the real helm on the same chart).
 *
 * Prints: parse time of the whole chart (fresh TemplateSet), render time of all manifests on a
 * parsed set (median of N), a cold parse+render (first run in a fresh set), clone cost, and
 * "100 renders with different values" (the engine's use: parse once, render many).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const gt = await import(join(root, 'dist/gotemplate/index.js'));
const { TemplateSet, GoStruct, func, isMap, formatV, truth } = gt;

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--n') + 1]) || 30;
const JSON_OUT = args.includes('--json');
const WITH_HELM = args.includes('--help') ? false : args.includes('--helm');

// --- the generated chart ------------------------------------------------------------------------

const COMPONENTS = 50;
const HELPERS = 200;

function makeValues(seed) {
  const components = {};
  for (let i = 0; i < COMPONENTS; i++) {
    const env = [];
    for (let e = 0; e < 20; e++) env.push({ name: `ENV_${i}_${e}`, value: `value-${seed}-${i}-${e}` });
    const podAnnotations = {};
    for (let a = 0; a < 6; a++) podAnnotations[`example.com/annotation-${a}`] = `a${seed}-${a}`;
    components[`comp${i}`] = {
      enabled: i % 7 !== 6,
      replicaCount: 1 + (i % 3),
      image: {
        registry: 'docker.io',
        repository: `bitnami/comp${i}`,
        tag: `1.${i}.${seed}`,
        pullPolicy: 'IfNotPresent',
        pullSecrets: i % 2 ? ['regcred'] : [],
      },
      podAnnotations,
      podLabels: { tier: i % 2 ? 'backend' : 'frontend', component: `comp${i}` },
      env,
      ports: [
        { name: 'http', containerPort: 8080 + i },
        { name: 'metrics', containerPort: 9090 },
      ],
      resources: {
        limits: { cpu: '500m', memory: '512Mi' },
        requests: { cpu: `${100 + i}m`, memory: '128Mi' },
      },
      tolerations: i % 3 ? [{ key: 'dedicated', operator: 'Equal', value: '{{ .Release.Name }}' }] : [],
      nodeSelector: i % 4 ? {} : { 'kubernetes.io/os': 'linux' },
      service: { type: 'ClusterIP', ports: { http: 80, metrics: 9090 }, annotations: {} },
      ingress: {
        enabled: i % 2 === 0,
        hostname: `comp${i}.example.com`,
        tls: i % 4 === 0,
        extraHosts: [
          { name: `a.comp${i}.example.com`, path: '/' },
          { name: `b.comp${i}.example.com`, path: '/api' },
        ],
      },
      config: `name: {{ .Release.Name }}-comp${i}\nnamespace: {{ .Release.Namespace }}\n`,
    };
  }
  return {
    global: { imageRegistry: '', imagePullSecrets: ['global-cred'], storageClass: '' },
    nameOverride: '',
    fullnameOverride: '',
    commonLabels: { team: 'platform', cost: `center-${seed}` },
    commonAnnotations: { 'example.com/owner': 'platform' },
    components,
  };
}

function makeHelpers() {
  let t = `{{/* vim: set filetype=mustache: */}}
{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "common.labels.standard" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
helm.sh/chart: {{ include "common.names.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "common.tplvalues.render" -}}
{{- if typeIs "string" .value }}
{{- tpl .value .context }}
{{- else }}
{{- tpl (.value | toYaml) .context }}
{{- end }}
{{- end -}}

{{- define "common.images.image" -}}
{{- $registryName := .imageRoot.registry -}}
{{- $repositoryName := .imageRoot.repository -}}
{{- $separator := ":" -}}
{{- $termination := .imageRoot.tag | toString -}}
{{- if .global }}
    {{- if .global.imageRegistry }}
     {{- $registryName = .global.imageRegistry -}}
    {{- end -}}
{{- end -}}
{{- if .imageRoot.digest }}
    {{- $separator = "@" -}}
    {{- $termination = .imageRoot.digest | toString -}}
{{- end -}}
{{- if $registryName }}
{{- printf "%s/%s%s%s" $registryName $repositoryName $separator $termination -}}
{{- else -}}
{{- printf "%s%s%s"  $repositoryName $separator $termination -}}
{{- end -}}
{{- end -}}

{{- define "common.images.pullSecrets" -}}
  {{- $pullSecrets := list }}
  {{- if .global }}
    {{- range .global.imagePullSecrets -}}
      {{- $pullSecrets = append $pullSecrets . -}}
    {{- end -}}
  {{- end -}}
  {{- range .images -}}
    {{- range .pullSecrets -}}
      {{- $pullSecrets = append $pullSecrets . -}}
    {{- end -}}
  {{- end -}}
  {{- if (not (empty $pullSecrets)) }}
imagePullSecrets:
    {{- range $pullSecrets }}
  - name: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}

{{- define "common.capabilities.deployment.apiVersion" -}}
{{- if .Capabilities.APIVersions.Has "apps/v1" -}}
{{- print "apps/v1" -}}
{{- else -}}
{{- print "extensions/v1beta1" -}}
{{- end -}}
{{- end -}}

{{- define "common.capabilities.ingress.apiVersion" -}}
{{- if .Capabilities.APIVersions.Has "networking.k8s.io/v1" -}}
{{- print "networking.k8s.io/v1" -}}
{{- else if .Capabilities.APIVersions.Has "networking.k8s.io/v1beta1" -}}
{{- print "networking.k8s.io/v1beta1" -}}
{{- else -}}
{{- print "extensions/v1beta1" -}}
{{- end -}}
{{- end -}}
`;
  for (let i = 10; i < HELPERS; i++) {
    const kind = i % 4;
    if (kind === 0) {
      t += `
{{/*
Generated helper ${i}: a name with an optional suffix.
*/}}
{{- define "lib.h${i}" -}}
{{- $base := include "common.names.fullname" .context -}}
{{- if .suffix -}}
{{- printf "%s-%s-${i}" $base .suffix | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-${i}" $base | lower | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
`;
    } else if (kind === 1) {
      t += `
{{- define "lib.h${i}" -}}
{{- $name := include "lib.h${i - 1}" . -}}
{{- if hasKey .context.Values "commonLabels" -}}
{{- printf "%s-l%d" $name (len .context.Values.commonLabels) | trunc 63 -}}
{{- else -}}
{{- $name -}}
{{- end -}}
{{- end -}}
`;
    } else if (kind === 2) {
      t += `
{{- define "lib.h${i}" -}}
{{- $ctx := .context -}}
{{- range $k, $v := $ctx.Values.commonLabels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- with $ctx.Values.commonAnnotations }}
{{- range $k, $v := . }}
{{ printf "%s-${i}" $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end }}
{{- end -}}
`;
    } else {
      t += `
{{- define "lib.h${i}" -}}
{{- $v := default "none" .suffix -}}
{{- if and .context (ne $v "none") (not (empty .context.Release.Name)) -}}
{{- include "lib.h${i - 2}" . | upper | trunc 40 | trimSuffix "-" | lower -}}
{{- else if eq $v "none" -}}
{{- print "default-${i}" -}}
{{- else -}}
{{- $v | replace "." "-" -}}
{{- end -}}
{{- end -}}
`;
    }
  }
  return t;
}

function makeManifest(m) {
  const h = 12 + ((m * 4) % (HELPERS - 16)); // a kind-0 helper (h+1: kind 1, h+2: kind 2, h+3: kind 3)
  let raw = '';
  if (m % 10 === 0) {
    const lines = [];
    for (let i = 0; lines.join('\n').length < 30000; i++)
      lines.push(`  echo "step ${i}: {{ not an action }} $VAR_${i}"`);
    raw = `
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lib.h${h}" (dict "context" $ "suffix" "scripts") }}
data:
  run.sh: |
    {{- \`#!/bin/sh
${lines.join('\n')}\` | nindent 4 }}
`;
  }
  return `{{- $c := .Values.components.comp${m} }}
{{- if $c.enabled }}
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
metadata:
  name: {{ include "lib.h${h}" (dict "context" $ "suffix" "comp${m}") }}
  namespace: {{ .Release.Namespace | quote }}
  labels: {{- include "common.labels.standard" . | nindent 4 }}
    {{- if .Values.commonLabels }}
    {{- include "common.tplvalues.render" (dict "value" .Values.commonLabels "context" $) | nindent 4 }}
    {{- end }}
    {{- include "lib.h${h + 2}" (dict "context" $) | nindent 4 }}
  {{- if .Values.commonAnnotations }}
  annotations: {{- include "common.tplvalues.render" (dict "value" .Values.commonAnnotations "context" $) | nindent 4 }}
  {{- end }}
spec:
  replicas: {{ $c.replicaCount }}
  selector:
    matchLabels: {{- include "common.labels.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "common.labels.standard" . | nindent 8 }}
        {{- range $k, $v := $c.podLabels }}
        {{ $k }}: {{ $v | quote }}
        {{- end }}
      annotations:
        {{- range $k, $v := $c.podAnnotations }}
        {{ $k }}: {{ $v | quote }}
        {{- end }}
        checksum/config: {{ include "lib.h${h + 3}" (dict "context" $ "suffix" "cfg") | quote }}
    spec:
      {{- include "common.images.pullSecrets" (dict "images" (list $c.image) "global" .Values.global) | nindent 6 }}
      {{- if $c.nodeSelector }}
      nodeSelector: {{- include "common.tplvalues.render" (dict "value" $c.nodeSelector "context" $) | nindent 8 }}
      {{- end }}
      {{- if $c.tolerations }}
      tolerations: {{- include "common.tplvalues.render" (dict "value" $c.tolerations "context" $) | nindent 8 }}
      {{- end }}
      containers:
        - name: comp${m}
          image: {{ include "common.images.image" (dict "imageRoot" $c.image "global" .Values.global) }}
          imagePullPolicy: {{ $c.image.pullPolicy | default "IfNotPresent" }}
          env:
            - name: RELEASE
              value: {{ printf "%s/%s" $.Release.Namespace $.Release.Name | quote }}
            {{- range $i, $e := $c.env }}
            - name: {{ $e.name }}
              {{- if eq (mod $i 5) 0 }}
              value: {{ tpl $e.value $ | quote }}
              {{- else }}
              value: {{ $e.value | quote }}
              {{- end }}
            {{- end }}
          ports:
            {{- range $c.ports }}
            - name: {{ .name }}
              containerPort: {{ .containerPort }}
              protocol: TCP
            {{- end }}
          {{- with $c.resources }}
          resources: {{- toYaml . | nindent 12 }}
          {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "lib.h${h}" (dict "context" $ "suffix" "svc${m}") }}
  labels: {{- include "common.labels.standard" . | nindent 4 }}
spec:
  type: {{ $c.service.type }}
  ports:
    {{- range $name, $port := $c.service.ports }}
    - name: {{ $name }}
      port: {{ $port }}
      targetPort: {{ $name }}
    {{- end }}
  selector: {{- include "common.labels.matchLabels" . | nindent 4 }}
{{- if $c.ingress.enabled }}
---
apiVersion: {{ include "common.capabilities.ingress.apiVersion" . }}
kind: Ingress
metadata:
  name: {{ include "lib.h${h}" (dict "context" $ "suffix" "ing${m}") }}
spec:
  rules:
    - host: {{ $c.ingress.hostname | quote }}
    {{- range $c.ingress.extraHosts }}
    - host: {{ .name | quote }}
      http:
        paths:
          - path: {{ default "/" .path }}
            pathType: Prefix
    {{- end }}
  {{- if $c.ingress.tls }}
  tls:
    - hosts: [{{ $c.ingress.hostname | quote }}]
      secretName: {{ printf "%s-tls" $c.ingress.hostname }}
  {{- end }}
{{- end }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lib.h${h}" (dict "context" $ "suffix" "cm${m}") }}
data:
  config.yaml: |
    {{- tpl $c.config $ | nindent 4 }}
{{- end }}
${raw}`;
}

function makeChart() {
  const files = new Map([['bench/templates/_helpers.tpl', makeHelpers()]]);
  for (let m = 0; m < COMPONENTS; m++) files.set(`bench/templates/comp${m}.yaml`, makeManifest(m));
  return files;
}

// --- stand-in Sprig ------------------------------------------------------------------------------

function yamlScalar(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string')
    return /^[\w./-]+$/.test(v) && !/^(true|false|null|\d.*)$/.test(v) ? v : JSON.stringify(v);
  return formatV(v);
}
function toYaml(v, indent = '') {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return v
      .map((x) => {
        const s = isMap(x) || Array.isArray(x) ? toYaml(x, `${indent}  `).trimStart() : yamlScalar(x);
        return `${indent}- ${s}`;
      })
      .join('\n');
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) return '{}';
    return keys
      .map((k) => {
        const x = v[k];
        if ((isMap(x) && Object.keys(x).length) || (Array.isArray(x) && x.length)) {
          return `${indent}${k}:\n${toYaml(x, `${indent}  `)}`;
        }
        return `${indent}${k}: ${isMap(x) || Array.isArray(x) ? toYaml(x) : yamlScalar(x)}`;
      })
      .join('\n');
  }
  return yamlScalar(v);
}
const asString = (v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : formatV(v));
const empty = (v) => !truth(v);

/** The non-contextual functions (include and tpl are bound per TemplateSet). */
function baseFuncs() {
  return new Map([
    [
      'default',
      func(['any'], (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]), 'any'),
    ],
    [
      'trunc',
      func(['int', 'string'], (c, s) => (c >= 0n && s.length > Number(c) ? s.slice(0, Number(c)) : s)),
    ],
    [
      'trimSuffix',
      func(['string', 'string'], (a, s) => (s.endsWith(a) ? s.slice(0, s.length - a.length) : s)),
    ],
    ['replace', func(['string', 'string', 'string'], (o, n, s) => s.replaceAll(o, n))],
    ['contains', func(['string', 'string'], (sub, s) => s.includes(sub))],
    ['lower', func(['string'], (s) => s.toLowerCase())],
    ['upper', func(['string'], (s) => s.toUpperCase())],
    [
      'quote',
      func(
        [],
        (...xs) =>
          xs
            .filter((x) => x != null)
            .map((x) => JSON.stringify(asString(x)))
            .join(' '),
        'any',
      ),
    ],
    ['toString', func(['any'], asString)],
    ['toYaml', func(['any'], (v) => toYaml(v))],
    ['nindent', func(['int', 'string'], (n, s) => `\n${s.replace(/^/gm, ' '.repeat(Number(n)))}`)],
    ['indent', func(['int', 'string'], (n, s) => s.replace(/^/gm, ' '.repeat(Number(n))))],
    [
      'dict',
      func(
        [],
        (...kv) => {
          const m = {};
          for (let i = 0; i + 1 < kv.length; i += 2) m[asString(kv[i])] = kv[i + 1];
          return m;
        },
        'any',
      ),
    ],
    ['list', func([], (...xs) => xs, 'any')],
    ['append', func(['any', 'any'], (l, x) => [...(l ?? []), x])],
    ['hasKey', func(['map', 'string'], (m, k) => Object.hasOwn(m ?? {}, k))],
    ['empty', func(['any'], empty)],
    ['mod', func(['any', 'any'], (a, b) => BigInt(a) % BigInt(b))],
    [
      'typeIs',
      func(['string', 'any'], (t, v) => (t === 'string' ? typeof v === 'string' : gt.typeName(v) === t)),
    ],
  ]);
}

/** Binds include and tpl to `set` (as helm's engine does for each namespace and each tpl clone). */
function installContext(set) {
  set.addFuncs(
    new Map([
      ['include', func(['string', 'any'], (name, data) => set.execute(name, data))],
      [
        'tpl',
        func(['string', 'any'], (text, vals) => {
          const clone = set.clone();
          installContext(clone);
          clone.parse('gotpl', text);
          return clone.execute('gotpl', vals).replaceAll('<no value>', '');
        }),
      ],
    ]),
  );
}

class VersionSet extends GoStruct {
  goTypeName = 'common.VersionSet';
  constructor(versions) {
    super();
    Object.defineProperty(this, 'versions', { value: versions, enumerable: false });
  }
  goMethods() {
    return ['Has'];
  }
  Has(v) {
    return this.versions.includes(v);
  }
}
class Capabilities extends GoStruct {
  goTypeName = '*common.Capabilities';
  APIVersions = new VersionSet(['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1']);
}

function topFor(values) {
  return {
    Values: values,
    Release: { Name: 'bench', Namespace: 'default', Service: 'Helm', Revision: 1n, IsInstall: true },
    Chart: { Name: 'bench', Version: '1.0.0+build.1', AppVersion: '1.0' },
    Capabilities: new Capabilities(),
    Template: { Name: '', BasePath: 'bench/templates' },
  };
}

// --- measuring ---------------------------------------------------------------------------------

// --cpu: measure process CPU time instead of wall time (stable on a loaded machine).
const CPU = args.includes('--cpu');
const now = CPU
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

const chart = makeChart();
const manifests = [...chart.keys()].filter((k) => !k.endsWith('.tpl'));
const totalBytes = [...chart.values()].reduce((n, t) => n + t.length, 0);
const actions = [...chart.values()].reduce((n, t) => n + (t.match(/\{\{/g)?.length ?? 0), 0);

function newSet() {
  const set = new TemplateSet(baseFuncs(), { missingKey: 'zero' });
  installContext(set);
  return set;
}
function parseAll(set) {
  for (const [name, text] of chart) set.parse(name, text);
}
function renderAll(set, top) {
  let bytes = 0;
  for (const name of manifests) {
    top.Template = { Name: name, BasePath: 'bench/templates' };
    bytes += set.execute(name, top).replaceAll('<no value>', '').length;
  }
  return bytes;
}

const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (ONLY === 'parse' || ONLY === 'render') {
  // For node --cpu-prof: spend the time in one phase only.
  const set = newSet();
  parseAll(set);
  const top = topFor(makeValues(0));
  const t0 = now();
  for (let i = 0; i < N; i++) {
    if (ONLY === 'parse') parseAll(newSet());
    else renderAll(set, top);
  }
  console.log(`${ONLY} x${N}: ${fmt(now() - t0)} ms`);
  process.exit(0);
}

const results = {};
{
  const t0 = now();
  const set = newSet();
  parseAll(set);
  const t1 = now();
  const outBytes = renderAll(set, topFor(makeValues(0)));
  const t2 = now();
  results.coldParseMs = t1 - t0;
  results.coldRenderMs = t2 - t1;
  results.outputBytes = outBytes;
}
{
  const ts = [];
  for (let i = 0; i < N; i++) {
    const t0 = now();
    parseAll(newSet());
    ts.push(now() - t0);
  }
  results.parseMs = median(ts);
}
const parsed = newSet();
parseAll(parsed);
{
  const top = topFor(makeValues(0));
  const ts = [];
  for (let i = 0; i < N; i++) {
    const t0 = now();
    renderAll(parsed, top);
    ts.push(now() - t0);
  }
  results.renderMs = median(ts);
  results.rendersPerSec = 1000 / results.renderMs;
}
{
  const K = 2000;
  const t0 = now();
  for (let i = 0; i < K; i++) parsed.clone();
  results.cloneUs = ((now() - t0) / K) * 1000;
}
{
  // The engine's loop: the same chart 100 times with different values, in one process.
  const valueSets = Array.from({ length: 100 }, (_, i) => makeValues(i + 1));
  const t0 = now();
  // Parse each file once (parseTree) and add the trees to each render's set (addTree), when
  // this build has that API; else parse per render.
  const trees = gt.parseTree ? [...chart].map(([name, text]) => gt.parseTree(name, text)) : undefined;
  for (const v of valueSets) {
    const set = newSet();
    if (trees) for (const t of trees) set.addTree(t);
    else parseAll(set);
    renderAll(set, topFor(v));
  }
  results.hundredRendersMs = now() - t0;
}

if (WITH_HELM) {
  const helm = join(root, '.cache/oracles/helm-v4.1.4/helm');
  const keep = args.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-'));
  if (keep) console.error(`chart written to ${dir}/bench`);
  try {
    const chartDir = join(dir, 'bench');
    mkdirSync(join(chartDir, 'templates'), { recursive: true });
    writeFileSync(
      join(chartDir, 'Chart.yaml'),
      'apiVersion: v2\nname: bench\nversion: 1.0.0+build.1\nappVersion: "1.0"\n',
    );
    writeFileSync(join(chartDir, 'values.yaml'), JSON.stringify(makeValues(0)));
    for (const [name, text] of chart) writeFileSync(join(dir, name), text);
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      HELM_CONFIG_HOME: dir,
      HELM_CACHE_HOME: dir,
      HELM_DATA_HOME: dir,
    };
    const ts = [];
    for (let i = 0; i < 5; i++) {
      const t0 = now();
      execFileSync(helm, ['template', 'bench', chartDir], { env, maxBuffer: 1 << 28 });
      ts.push(now() - t0);
    }
    results.helmTemplateMs = median(ts);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (JSON_OUT) {
  console.log(JSON.stringify({ files: chart.size, bytes: totalBytes, actions, n: N, ...results }));
} else {
  console.log(
    `chart: ${chart.size} files, ${(totalBytes / 1024).toFixed(0)} KiB, ${actions} actions; output ${(results.outputBytes / 1024).toFixed(0)} KiB`,
  );
  console.log(
    `cold parse+render (first run): ${fmt(results.coldParseMs)} ms + ${fmt(results.coldRenderMs)} ms`,
  );
  console.log(`parse (median of ${N}):  ${fmt(results.parseMs)} ms`);
  console.log(
    `render (median of ${N}): ${fmt(results.renderMs)} ms  (${results.rendersPerSec.toFixed(1)} ops/s)`,
  );
  console.log(`clone: ${results.cloneUs.toFixed(2)} µs`);
  console.log(`100 renders, different values, one process: ${fmt(results.hundredRendersMs)} ms`);
  if (results.helmTemplateMs !== undefined) {
    console.log(`helm v4 template (one process, median of 5): ${fmt(results.helmTemplateMs)} ms`);
  }
}
