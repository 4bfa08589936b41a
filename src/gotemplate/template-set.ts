/**
 * TemplateSet: Go's *template.Template namespace — the templates parsed into it (each file and
 * each {{define}}), the functions they may call, and the missingkey option.
 */
import { BUILTINS, type ExecFunc } from './builtins.js';
import { TemplateExecError } from './errors.js';
import { type ExecContext, ExecState, type MissingKey } from './exec.js';
import { isEmptyTree } from './nodes.js';
import { parseTemplates, type Tree } from './parser.js';
import { quote } from './strconv.js';
import type { FuncMap } from './value.js';

/** Go's maxExecDepth: how deeply {{template}} calls may nest. */
export const MAX_EXEC_DEPTH = 100000;

export interface TemplateSetOptions {
  /** Go's Option("missingkey=…"): helm uses 'zero' ('error' with --strict). Default 'default'. */
  missingKey?: MissingKey;
  /** Name of the namespace's own template (Go: template.New(name)); helm's is "gotpl". */
  name?: string;
  /** Nesting limit of {{template}} calls; default MAX_EXEC_DEPTH. */
  maxExecDepth?: number;
}

export class TemplateSet {
  private readonly templates: Map<string, Tree>;
  private readonly funcs: Map<string, ExecFunc>;
  private readonly ctx: ExecContext;
  readonly missingKey: MissingKey;
  readonly name: string;
  readonly maxExecDepth: number;

  constructor(funcs: FuncMap, options: TemplateSetOptions = {}, templates?: Map<string, Tree>) {
    this.funcs = new Map<string, ExecFunc>(funcs as Map<string, ExecFunc>);
    this.templates = templates ?? new Map();
    this.missingKey = options.missingKey ?? 'default';
    this.name = options.name ?? 'gotpl';
    this.maxExecDepth = options.maxExecDepth ?? MAX_EXEC_DEPTH;
    this.ctx = {
      lookup: (n) => this.templates.get(n),
      func: (n) => {
        const f = this.funcs.get(n);
        if (f !== undefined) return { f, builtin: false };
        const b = BUILTINS.get(n);
        return b === undefined ? undefined : { f: b, builtin: true };
      },
      missingKey: this.missingKey,
      maxDepth: this.maxExecDepth,
    };
  }

  /** Adds (or replaces) functions; as in Go, call it before parsing templates that use them. */
  addFuncs(funcs: FuncMap): void {
    for (const [k, v] of funcs) this.funcs.set(k, v);
  }

  /**
   * Go's t.New(name).Parse(text): the text's top-level template is `name`; its {{define}}s and
   * {{block}}s join the namespace. A template whose body is empty (only space) does not replace
   * an existing one. Throws TemplateParseError.
   */
  parse(name: string, text: string): void {
    const trees = parseTemplates(name, text, (n) => this.funcs.has(n) || BUILTINS.has(n));
    for (const [n, tree] of trees) {
      const old = this.templates.get(n);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.templates.set(n, tree);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  names(): string[] {
    return [...this.templates.keys()];
  }

  /**
   * Executes template `name` with `data` as dot and returns its output. Reentrant: functions
   * may call execute while a template runs. Throws TemplateExecError.
   */
  execute(name: string, data: unknown): string {
    const tree = this.templates.get(name);
    if (tree === undefined) {
      throw new TemplateExecError(
        `template: no template ${quote(name)} associated with template ${quote(this.name)}`,
        name,
        name,
        0,
        0,
      );
    }
    const state = new ExecState(this.ctx, name, data, 0);
    try {
      state.walk(data, tree.root);
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        // JavaScript's stack is smaller than Go's: report runaway recursion as Go would.
        state.errorf(`exceeded maximum template depth (${this.maxExecDepth})`);
      }
      throw e;
    }
    return state.out;
  }

  /** A copy of the namespace (templates and functions); parsing into it leaves this one alone. */
  clone(): TemplateSet {
    return new TemplateSet(
      this.funcs as unknown as FuncMap,
      { missingKey: this.missingKey, name: this.name, maxExecDepth: this.maxExecDepth },
      new Map(this.templates),
    );
  }
}
