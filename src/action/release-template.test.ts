import { describe, expect, test } from 'vitest';
import { TemplateExecError, TemplateParseError } from '../gotemplate/index.js';
import type { Release } from '../release/index.js';
import { executeReleaseTemplate } from './release-template.js';

const rel: Release = {
  name: 'web',
  info: {
    first_deployed: '2024-03-01T10:20:30.123456789Z',
    last_deployed: '2024-03-02T10:20:30.5+02:00',
    description: 'Install complete',
    status: 'deployed',
    notes: 'hi',
  },
  chart: {
    metadata: { name: 'app', version: '1.2.3', appVersion: '9', apiVersion: 'v2' },
    lock: null,
    templates: [{ name: 'templates/a.yaml', data: Buffer.from('abc').toString('base64') }],
    values: { a: 1 },
    schema: null,
    files: null,
  },
  config: { replicas: 2 },
  manifest: '---\nkind: X\n',
  hooks: [
    {
      name: 'h',
      kind: 'Job',
      path: 'app/templates/h.yaml',
      manifest: 'kind: Job',
      events: ['pre-install'],
      last_run: { phase: 'Succeeded', started_at: '2024-03-02T08:20:31Z' },
      weight: -5,
      delete_policies: [],
      output_log_policies: [],
    },
  ],
  version: 3,
  namespace: 'shop',
  labels: { team: 'a' },
  apply_method: 'ssa',
};

describe('executeReleaseTemplate', () => {
  test.for([
    [
      'fields',
      '{{.Release.Name}} {{.Release.Version}} {{.Release.Namespace}} {{.Release.ApplyMethod}}',
      'web 3 shop ssa',
    ],
    ['int fields are Go ints', '{{printf "%d %d" .Release.Version (index .Release.Hooks 0).Weight}}', '3 -5'],
    ['UTC time String', '{{.Release.Info.FirstDeployed}}', '2024-03-01 10:20:30.123456789 +0000 UTC'],
    [
      'time Unix and Format',
      '{{.Release.Info.LastDeployed.Unix}} {{.Release.Info.FirstDeployed.Format "15:04"}}',
      '1709367630 10:20',
    ],
    [
      'absent time is the zero time',
      '{{.Release.Info.Deleted.IsZero}} {{.Release.Info.Deleted}}',
      'true 0001-01-01 00:00:00 +0000 UTC',
    ],
    [
      'chart',
      '{{.Release.Chart.Name}} {{.Release.Chart.Metadata.Version}} {{.Release.Chart.AppVersion}}',
      'app 1.2.3 9',
    ],
    [
      'bytes',
      '{{range .Release.Chart.Templates}}{{.Name}}={{printf "%s" .Data}}{{end}}',
      'templates/a.yaml=abc',
    ],
    [
      'nil collections print empty',
      '{{.Release.Chart.Files}} {{.Release.Chart.Schema}} {{.Release.Info.Resources}}',
      '[] [] map[]',
    ],
    [
      'hook',
      '{{range .Release.Hooks}}{{.Events}} {{.LastRun.Phase}} {{.LastRun.CompletedAt.IsZero}}{{end}}',
      '[pre-install] Succeeded true',
    ],
    [
      'maps',
      '{{.Release.Config.replicas}} {{.Release.Labels.team}} {{.Release.Chart.Values}}',
      '2 a map[a:1]',
    ],
  ])('%s', async ([, tpl, want]) => {
    expect(await executeReleaseTemplate(tpl!, rel)).toBe(want);
  });

  test('no Sprig: an unknown function is a parse error of template "_"', async () => {
    await expect(executeReleaseTemplate('{{ upper .Release.Name }}', rel)).rejects.toThrow(
      TemplateParseError,
    );
    await expect(executeReleaseTemplate('{{ upper .Release.Name }}', rel)).rejects.toThrow(
      'template: _:1: function "upper" not defined',
    );
  });

  test('a missing field fails with the Go type name', async () => {
    await expect(executeReleaseTemplate('{{.Release.Info.Nope}}', rel)).rejects.toThrow(TemplateExecError);
    await expect(executeReleaseTemplate('{{.Release.Info.Nope}}', rel)).rejects.toThrow(
      "can't evaluate field Nope in type *v1.Info",
    );
  });
});
