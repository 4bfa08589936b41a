import { describe, expect, test } from 'vitest';
import { helmTemplateFiles, splitBySource } from './oracle.js';

describe('oracle harness', () => {
  test('runs the real helm template on an inline chart', async () => {
    const r = await helmTemplateFiles({
      'values.yaml': 'big: 10000000\n',
      'templates/a.yaml': 'v: {{ .Values.big }}\n',
    });
    expect(r.code).toBe(0);
    expect(splitBySource(r.stdout).get('t/templates/a.yaml')).toBe('v: 1e+07\n');
  });
});
