/**
 * `bosun helm template` flags that the chart-folder conformance runner cannot express (it always
 * passes a release name): --name-template, --generate-name, a name-less call, --output-dir.
 * Generated names are random in both tools, so they are compared by shape and then masked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir } from '../../support/oracle.js';
import { bosunMain, observable, runBoth } from './harness.js';

const chart = join(repoRoot, 'test/conformance/charts/keystore');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe.concurrent('template flags: bosun = helm', () => {
  const { dir: tmp, cleanup } = tempDir('bosun-tflags-');
  afterAll(cleanup);

  test.for([
    {
      name: 'name template with printf',
      args: ['template', chart, '--name-template', '{{ printf "ks-%s" "blue" }}'],
    },
    {
      name: 'name template with sprig',
      args: ['template', chart, '--name-template', '{{ "Cache" | lower }}-{{ "x" | repeat 3 }}'],
    },
    {
      name: 'name template that does not parse',
      args: ['template', chart, '--name-template', '{{ printf "x" '],
    },
    { name: 'no name: release-name', args: ['template', chart, '--show-only', 'templates/secret.yaml'] },
    { name: 'name and --generate-name', args: ['template', 'rel', chart, '--generate-name'] },
  ])('$name', async ({ args }) => {
    const r = await runBoth(args, { cwd: tmp, home: join(tmp, 'h') });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  // helm template names the release "release-name" even with --generate-name (no cluster to ask).
  test('--generate-name without a name', async () => {
    const r = await runBoth(['template', chart, '-g', '--show-only', 'templates/secret.yaml'], {
      cwd: tmp,
      home: join(tmp, 'g'),
    });
    expect(observable(r.bosun)).toEqual(observable(r.helm));
  });

  test.for([{ flags: [] as string[] }, { flags: ['--release-name'] }])(
    '--output-dir writes the same files ($flags)',
    async ({ flags }) => {
      const tag = flags.length ? 'rn' : 'plain';
      const base = ['template', 'rel', chart, '-f', join(chart, 'values-production.yaml'), ...flags];
      const env = isolatedHelmEnv(join(tmp, `o-${tag}`));
      const helmDir = join(tmp, `out-${tag}-helm`);
      const bosunDir = join(tmp, `out-${tag}-bosun`);
      const [h, b] = await Promise.all([
        run(oracles().helm4, [...base, '--output-dir', helmDir], { cwd: tmp, env }),
        run(process.execPath, [bosunMain, 'helm', ...base, '--output-dir', bosunDir], { cwd: tmp, env }),
      ]);
      expect(h.code).toBe(0);
      expect(b.code).toBe(0);
      // helm prints one more empty line after the `wrote …` lines (reported; not compared here).
      expect(b.stdout.replaceAll(bosunDir, 'OUT').trimEnd()).toBe(
        h.stdout.replaceAll(helmDir, 'OUT').trimEnd(),
      );
      expect(tree(bosunDir)).toEqual(tree(helmDir));
    },
  );
});
