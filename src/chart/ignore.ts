/**
 * `.helmignore` rules as helm applies them when loading a chart directory (pkg/ignore):
 * one glob per line (Go filepath.Match syntax, `**` refused), `#` comments, a trailing `/`
 * matches directories only, a leading `/` anchors at the chart root, a pattern without `/`
 * matches the base name, `!` negates. Rules are tried in order and the first that decides wins;
 * `templates/.?*` (dotfiles in templates/) is always appended.
 *
 * helm's negation is unusual and kept as is: a `!pattern` rule that does NOT match a path
 * ignores it, and one that matches moves on to the next rule.
 */
import { BadPatternError, goMatch } from './go-match.js';

export const HELM_IGNORE = '.helmignore';

export class HelmIgnoreError extends Error {
  readonly code = 'EHELMIGNORE';
  constructor(message: string) {
    super(message);
    this.name = 'HelmIgnoreError';
  }
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

function base(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (t === '') return p === '' ? '.' : '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goMatch(pattern, name);
  } catch {
    return false;
  }
}

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses .helmignore text; throws for `**` and malformed globs as helm does. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (const line of lines) r.addRule(line);
    return r;
  }

  static empty(): IgnoreRules {
    return new IgnoreRules();
  }

  /** Ignores dotfiles in templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new HelmIgnoreError('double-star (**) syntax is not supported');
    try {
      goMatch(rule, 'abc');
    } catch (e) {
      if (e instanceof BadPatternError) throw new HelmIgnoreError(e.message);
      throw e;
    }
    const raw = rule;
    let negate = false;
    let mustDir = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    let match: (p: string) => boolean;
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      match = (p) => safeMatch(anchored, p);
    } else if (rule.includes('/')) {
      const r = rule;
      match = (p) => safeMatch(r, p);
    } else {
      const r = rule;
      match = (p) => safeMatch(r, base(p));
    }
    this.patterns.push({ raw, negate, mustDir, match });
  }

  /** Whether the chart-relative slash path (a directory when `isDir`) is ignored. */
  ignore(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
