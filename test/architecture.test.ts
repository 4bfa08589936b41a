/**
 * Keeps the module graph of DESIGN.md: nothing imports upward, and modules reach each other
 * only through `src/<module>/index.ts`. `@kubernetes/client-node` is imported only by `kube/`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

/** Which modules each module may import. `encoding` (Go-compatible YAML/JSON) sits beside gotemplate. */
const allowed: Record<string, readonly string[]> = {
  gotemplate: [],
  semver: [],
  encoding: ['gotemplate'],
  values: ['gotemplate', 'encoding'],
  chart: ['values', 'encoding', 'gotemplate', 'semver'],
  engine: ['gotemplate', 'encoding', 'chart', 'values', 'semver'],
  repo: ['chart', 'encoding', 'gotemplate', 'semver'],
  release: ['encoding', 'gotemplate'],
  storage: ['release', 'encoding'],
  kube: ['encoding'],
  action: [
    'semver',
    'engine',
    'chart',
    'values',
    'repo',
    'release',
    'storage',
    'kube',
    'encoding',
    'gotemplate',
  ],
  stack: [
    'action',
    'repo',
    'chart',
    'values',
    'engine',
    'release',
    'storage',
    'kube',
    'encoding',
    'gotemplate',
  ],
  cli: [
    'stack',
    'action',
    'repo',
    'chart',
    'values',
    'engine',
    'release',
    'storage',
    'kube',
    'encoding',
    'gotemplate',
    'sandbox',
  ],
  sandbox: [],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Violation {
  file: string;
  spec: string;
  why: string;
}

function violations(): Violation[] {
  const out: Violation[] = [];
  for (const file of walk(src)) {
    const rel = relative(src, file);
    const from = rel.split('/')[0]!;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('@kubernetes/client-node') && from !== 'kube') {
        out.push({ file: rel, spec, why: 'only src/kube may import @kubernetes/client-node' });
      }
      if (!spec.startsWith('.')) continue;
      const target = relative(src, resolve(dirname(file), spec));
      const to = target.split('/')[0]!;
      if (to === from || to.startsWith('..')) continue;
      if (!(from in allowed)) {
        out.push({ file: rel, spec, why: `module "${from}" is not in the allow-list` });
        continue;
      }
      if (!allowed[from]!.includes(to))
        out.push({ file: rel, spec, why: `"${from}" must not import "${to}"` });
      else if (target !== `${to}/index.js` && target !== `${to}/index.ts`) {
        out.push({ file: rel, spec, why: `import "${to}" through src/${to}/index.ts` });
      }
    }
  }
  return out;
}

describe('architecture', () => {
  test('every module is in the allow-list', () => {
    const modules = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
    expect(modules.filter((m) => !(m in allowed))).toEqual([]);
  });

  test('imports follow DESIGN.md', () => {
    expect(violations()).toEqual([]);
  });

  test('the allow-list has no cycles', () => {
    const seen = new Set<string>();
    const visit = (m: string, path: string[]): void => {
      expect(path, `cycle: ${[...path, m].join(' -> ')}`).not.toContain(m);
      if (seen.has(m)) return;
      for (const d of allowed[m] ?? []) visit(d, [...path, m]);
      seen.add(m);
    };
    for (const m of Object.keys(allowed)) visit(m, []);
  });
});
