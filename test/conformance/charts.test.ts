/**
 * Whole-chart conformance: `bosun helm template` must print exactly what the real
 * `helm template` (v4.1.4) prints for the same chart and arguments — stdout byte for byte, and
 * the same exit status. Charts come from examples/charts and test/fixtures/charts; each chart
 * runs with its defaults, with each of its `values-*.yaml` files, and with the argument lists in
 * its optional `conformance.yaml` (`cases: [{name, args: [...]}]`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isolatedHelmEnv, oracles, repoRoot, run, tempDir } from '../support/oracle.js';

interface Case {
  name: string;
  args: string[];
}

function chartDirs(): string[] {
  const roots = [join(repoRoot, 'examples/charts'), join(repoRoot, 'test/fixtures/charts')];
  roots.push(join(repoRoot, 'test/conformance/charts'));
  return roots.flatMap((root) =>
    existsSync(root)
      ? readdirSync(root)
          .map((n) => join(root, n))
          .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'Chart.yaml')))
      : [],
  );
}

function casesFor(dir: string): Case[] {
  const cases: Case[] = [{ name: 'defaults', args: [] }];
  for (const f of readdirSync(dir)
    .filter((n) => /^values-.+\.ya?ml$/.test(n))
    .sort()) {
    cases.push({ name: `-f ${f}`, args: ['-f', join(dir, f)] });
  }
  const extra = join(dir, 'conformance.yaml');
  if (existsSync(extra)) {
    const doc = parse(readFileSync(extra, 'utf8')) as { cases?: Case[] };
    for (const c of doc.cases ?? []) {
      cases.push({ name: c.name, args: c.args.map((a) => a.replace('$CHART', dir)) });
    }
  }
  return cases;
}

const bosun = join(repoRoot, 'dist/cli/main.js');
const table = chartDirs().flatMap((dir) =>
  casesFor(dir).map((c) => ({ chart: dir.slice(repoRoot.length + 1), dir, ...c })),
);

describe('bosun helm template = helm template (v4.1.4)', () => {
  test.for(table)('$chart: $name', async ({ dir, args }) => {
    const { dir: home, cleanup } = tempDir('bosun-conf-');
    try {
      const env = isolatedHelmEnv(home);
      const full = ['template', 'rel', dir, '--namespace', 'conformance', ...args];
      const [want, got] = await Promise.all([
        run(oracles().helm4, full, { env }),
        run(process.execPath, [bosun, 'helm', ...full], { env }),
      ]);
      expect({ code: got.code, stderr: got.code === 0 ? '' : got.stderr }).toEqual({
        code: want.code,
        stderr: want.code === 0 ? '' : want.stderr,
      });
      expect(got.stdout).toBe(want.stdout);
    } finally {
      cleanup();
    }
  });
});
