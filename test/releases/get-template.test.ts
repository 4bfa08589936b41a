/**
 * `get all RELEASE --template T` against the real helm 4.1 and 3.17 on the SAME release (one
 * installed by helm 4, one by bosun): stdout, stderr and exit code must match for each template.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oracles, run } from '../support/oracle.js';
import { appChart, hookJob, type ReleaseSandbox, startReleaseSandbox } from './support.js';

let t: ReleaseSandbox;

beforeAll(async () => {
  t = await startReleaseSandbox();
  const chart = t.chart('app', appChart({ hooks: hookJob('pre-install,pre-upgrade', 'migrate') }));
  const values = join(t.dir, 'values.yaml');
  writeFileSync(values, 'message: from-file\nextra:\n  list: [1, two]\n  n: 3\n');
  const common = ['-f', values, '--set', 'replicas=2', '--labels', 'team=web,tier=front', '--wait'];
  const installs = await Promise.all([
    t.h4(['install', 'by-helm', chart, ...common]),
    t.bosun(['helm', 'install', 'by-bosun', chart, ...common]),
  ]);
  for (const r of installs) expect(r.code, r.stderr).toBe(0);
  // a second revision of each; and a release written by helm 4 in another time zone
  const more = await Promise.all([
    t.h4(['upgrade', 'by-helm', chart, '--reuse-values', '--set', 'message=second']),
    t.bosun(['helm', 'upgrade', 'by-bosun', chart, '--reuse-values', '--set', 'message=second']),
    helm4In('Asia/Kolkata', ['install', 'in-kolkata', chart]),
    t.bosun(['helm', 'install', 'b-kolkata', chart], { env: { TZ: 'Asia/Kolkata' } }),
  ]);
  for (const r of more) expect(r.code, r.stderr).toBe(0);
}, 120_000);
/** helm 4 with TZ set (Go's Local zone comes from TZ, as Node's does). */
function helm4In(tz: string, args: string[]) {
  return run(oracles().helm4, [...args, '--kubeconfig', t.sb.kubeconfigPath], {
    env: { ...t.env, TZ: tz },
    cwd: t.dir,
    timeoutMs: 90_000,
  });
}

afterAll(async () => {
  await t?.close();
});

/** Templates valid for both helm 3 and helm 4 (helm 3's Release has no ApplyMethod). */
const common: [string, string][] = [
  ['name', '{{.Release.Name}}'],
  ['revision and namespace', '{{.Release.Version}} {{.Release.Namespace}}'],
  ['status', '{{.Release.Info.Status}} {{eq .Release.Info.Status "deployed"}}'],
  ['description and notes', '{{.Release.Info.Description}}|{{.Release.Info.Notes}}'],
  ['last deployed (time.Time String)', '{{.Release.Info.LastDeployed}}'],
  [
    'time methods',
    '{{.Release.Info.LastDeployed.Format "2006-01-02"}} {{gt .Release.Info.LastDeployed.Unix 0}}',
  ],
  ['zero time', '{{.Release.Info.Deleted}} {{.Release.Info.Deleted.IsZero}}'],
  [
    'chart metadata',
    '{{.Release.Chart.Metadata.Name}}-{{.Release.Chart.Metadata.Version}} {{.Release.Chart.Metadata.AppVersion}} {{.Release.Chart.Metadata.APIVersion}}',
  ],
  ['chart methods', '{{.Release.Chart.Name}} {{.Release.Chart.AppVersion}} {{.Release.Chart.IsRoot}}'],
  ['chart values', '{{.Release.Chart.Values}} {{.Release.Chart.Values.message}}'],
  ['config', '{{.Release.Config}} {{index .Release.Config "replicas"}} {{.Release.Config.extra.list}}'],
  ['range over config', '{{range $k, $v := .Release.Config}}{{$k}}={{$v}};{{end}}'],
  ['manifest', '{{.Release.Manifest}}'],
  [
    'range over hooks',
    '{{range .Release.Hooks}}{{.Name}} {{.Kind}} {{.Path}} {{.Events}} {{.Weight}} {{.DeletePolicies}} {{.LastRun.Phase}} {{.LastRun.StartedAt.IsZero}}\n{{.Manifest}}{{end}}',
  ],
  ['hooks length and index', '{{len .Release.Hooks}} {{(index .Release.Hooks 0).Name}}'],
  ['labels', '{{.Release.Labels}} {{.Release.Labels.team}}'],
  ['printf of fields', '{{printf "%s/%d/%q" .Release.Name .Release.Version .Release.Info.Status}}'],
  ['with/if', '{{with .Release.Info}}{{if .Notes}}has notes{{else}}none{{end}}{{end}}'],
  ['sprig is not available', '{{.Release.Name | upper}}'],
  ['missing field', '{{.Release.Nope}}'],
  ['missing nested field', '{{.Release.Info.Nope}}'],
  ['missing field after a chain', '{{(index .Release.Hooks 0).Nope}}'],
  [
    'chart Root and Parent',
    '{{.Release.Chart.Root.Name}} {{if .Release.Chart.Parent}}child{{else}}root{{end}}',
  ],
  ['parse error', '{{.Release.Name'],
  ['bad function call', '{{index .Release.Hooks 5}}'],
  ['plain text', 'no actions here'],
  ['struct value (hook LastRun)', '{{(index .Release.Hooks 0).LastRun}}'],
  ['a pointer to a struct printed directly (text/template indirects it)', '{{.Release.Info}}'],
  ['%v of pointers to structs', '{{printf "%v" .Release.Info}}|{{printf "%v" .Release.Chart.Metadata}}'],
  [
    'nil slices and maps print empty',
    '{{.Release.Chart.Schema}}|{{.Release.Chart.Raw}}|{{.Release.Info.Resources}}',
  ],
  ['time methods returning time', '{{.Release.Info.LastDeployed.UTC}} {{.Release.Info.FirstDeployed.Year}}'],
  ['printf %v %+v', '{{range .Release.Hooks}}{{printf "%v %+v" .LastRun .Events}}{{end}}'],
  ['chart templates', '{{range .Release.Chart.Templates}}{{.Name}} {{len .Data}};{{end}}'],
];

/** helm 4 only. */
const v4only: [string, string][] = [
  ['apply method', '[{{.Release.ApplyMethod}}]'],
  ['empty --template prints the usual output (helm 4 layout)', ''],
  ['%T of the release', '{{printf "%T %T %T" .Release .Release.Info.LastDeployed .Release.Version}}'],
  [
    'chart file times (helm 4 File.ModTime)',
    '{{range .Release.Chart.Files}}{{.ModTime.IsZero}}{{end}}{{range .Release.Chart.Templates}}{{.ModTime.IsZero}}{{end}}',
  ],
];

/** Messages name Go types; helm 3's package is `release`, helm 4's `v1`. */
const v3types = (s: string) => s.replaceAll('*release.', '*v1.');

describe('get all --template', { timeout: 60_000 }, () => {
  for (const rel of ['by-helm', 'by-bosun']) {
    test.for(common.map(([n, tpl]) => ({ n, tpl })))(`${rel}: %s (helm 4 and 3)`, async ({ tpl }) => {
      const args = ['get', 'all', rel, '--template', tpl];
      const [h4, h3, b] = await Promise.all([t.h4(args), t.h3(args), t.bosun(['helm', ...args])]);
      expect({ code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({
        code: h4.code,
        stderr: h4.stderr,
        stdout: h4.stdout,
      });
      expect({ code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({
        code: h3.code,
        stderr: v3types(h3.stderr),
        stdout: h3.stdout,
      });
    });
    // Kept difference: helm streams what ran before an execution error to stdout; bosun prints
    // nothing (gotemplate's execute returns the text only on success). Same error, same code.
    test(`${rel}: exec error after output (helm 4)`, async () => {
      const args = ['get', 'all', rel, '--template', 'abc{{.Release.Name}}{{.Release.Nope}}'];
      const [h4, b] = await Promise.all([t.h4(args), t.bosun(['helm', ...args])]);
      expect(h4.code).toBe(1);
      expect({ code: b.code, stderr: b.stderr }).toEqual({ code: h4.code, stderr: h4.stderr });
    });
    test.for(v4only.map(([n, tpl]) => ({ n, tpl })))(`${rel}: %s (helm 4)`, async ({ tpl }) => {
      const args = ['get', 'all', rel, '--template', tpl];
      const [h4, b] = await Promise.all([t.h4(args), t.bosun(['helm', ...args])]);
      expect({ code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({
        code: h4.code,
        stderr: h4.stderr,
        stdout: h4.stdout,
      });
    });
  }
});

describe('get all --template: revisions and time zones', { timeout: 60_000 }, () => {
  const tpl =
    '{{.Release.Version}} {{.Release.Info.Status}} {{.Release.Config.message}} {{.Release.Info.LastDeployed.Format "2006"}}';
  test.for(['by-helm', 'by-bosun'])('%s --revision 1 and 2', async (rel) => {
    for (const rev of ['1', '2']) {
      const args = ['get', 'all', rel, '--revision', rev, '--template', tpl];
      const [h4, b] = await Promise.all([t.h4(args), t.bosun(['helm', ...args])]);
      expect(h4.code).toBe(0);
      expect({ code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({
        code: h4.code,
        stderr: h4.stderr,
        stdout: h4.stdout,
      });
    }
  });
  // Written at +05:30: read in that zone the time names it (IST); read elsewhere Go keeps a
  // nameless fixed offset and prints it twice (+0530 +0530).
  test.for([
    ['in-kolkata', 'Asia/Kolkata'],
    ['in-kolkata', 'UTC'],
    ['in-kolkata', 'America/New_York'],
    ['b-kolkata', 'Asia/Kolkata'],
    ['b-kolkata', 'UTC'],
  ])('%s (written at +05:30) read with TZ=%s', async ([rel, tz]) => {
    const args = [
      'get',
      'all',
      rel!,
      '--template',
      '{{.Release.Info.LastDeployed}}|{{.Release.Info.FirstDeployed.Format "15:04 MST -07:00"}}|{{.Release.Info.LastDeployed.UTC.Hour}}|{{(index .Release.Hooks 0).LastRun.StartedAt}}',
    ];
    const [h4, b] = await Promise.all([helm4In(tz!, args), t.bosun(['helm', ...args], { env: { TZ: tz! } })]);
    expect(h4.code, h4.stderr).toBe(0);
    expect({ code: b.code, stderr: b.stderr, stdout: b.stdout }).toEqual({
      code: h4.code,
      stderr: h4.stderr,
      stdout: h4.stdout,
    });
  });
});
