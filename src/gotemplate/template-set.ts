/**
 * TemplateSet: Go's *template.Template namespace — the templates parsed into it (each file and
 * each {{define}}), the functions they may call, and the missingkey option.
 *
 * Speed: parses go through a ParseCache (the set's own, or one shared through the options), so a
 * text parsed before is not parsed again; parsed trees are immutable and shared between sets;
 * clone() is O(1) (copy-on-write maps), because helm's `tpl` clones the namespace on every call.
 */
import { BUILTINS, type ExecFunc } from './builtins.js';
import { TemplateExecError } from './errors.js';
import { type ExecContext, ExecState, type MissingKey } from './exec.js';
import { LayeredMap } from './layered-map.js';
import { isEmptyTree } from './nodes.js';
import { ParseCache, type ParsedTree } from './parse-cache.js';
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
  /**
   * Where parse() keeps parsed texts. Share one between the sets that render the same chart
   * again (e.g. with other values) to parse each file once. Default: a cache of the set's own,
   * shared with its clones.
   */
  parseCache?: ParseCache;
}

/** Internal: what a clone shares with its original. */
interface Shared {
  templates: LayeredMap<Tree>;
  funcs: LayeredMap<ExecFunc>;
}

export class TemplateSet {
  private readonly templates: LayeredMap<Tree>;
  private readonly funcs: LayeredMap<ExecFunc>;
  private readonly ctx: ExecContext;
  private readonly parseCache: ParseCache;
  readonly missingKey: MissingKey;
  readonly name: string;
  readonly maxExecDepth: number;

  constructor(funcs: FuncMap, options: TemplateSetOptions = {}, shared?: Shared) {
    if (shared) {
      this.funcs = shared.funcs;
      this.templates = shared.templates;
    } else {
      this.funcs = new LayeredMap();
      for (const [k, v] of funcs) this.funcs.set(k, v);
      this.templates = new LayeredMap();
    }
    this.missingKey = options.missingKey ?? 'default';
    this.name = options.name ?? 'gotpl';
    this.maxExecDepth = options.maxExecDepth ?? MAX_EXEC_DEPTH;
    this.parseCache = options.parseCache ?? new ParseCache();
    const templates = this.templates;
    const fns = this.funcs;
    this.ctx = {
      lookup: (n) => templates.get(n),
      func: (n) => fns.get(n) ?? BUILTINS.get(n),
      missingKey: this.missingKey,
      maxDepth: this.maxExecDepth,
    };
  }

  /** Adds (or replaces) functions; as in Go, call it before parsing templates that use them. */
  addFuncs(funcs: FuncMap): void {
    for (const [k, v] of funcs) this.funcs.set(k, v);
  }

  private hasFunction = (n: string): boolean => this.funcs.has(n) || BUILTINS.has(n);

  /**
   * Go's t.New(name).Parse(text): the text's top-level template is `name`; its {{define}}s and
   * {{block}}s join the namespace. A template whose body is empty (only space) does not replace
   * an existing one. Throws TemplateParseError.
   */
  parse(name: string, text: string): void {
    if (this.hasFunction('break') || this.hasFunction('continue')) {
      // Then `break`/`continue` lex as identifiers: a parse of its own (never cached).
      this.addTrees(parseTemplates(name, text, this.hasFunction));
      return;
    }
    this.addTree(this.parseCache.get(name, text));
  }

  /**
   * Adds a text parsed once with parseTree(); the same as parse(tree.name, tree.text), errors
   * included, without parsing again.
   */
  addTree(tree: ParsedTree): void {
    const r = tree.result;
    if (r !== undefined && !this.hasFunction('break') && !this.hasFunction('continue')) {
      let ok = true;
      for (const f of r.funcs) {
        if (!this.hasFunction(f)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        this.addTrees(r.trees);
        return;
      }
    }
    // The text fails to parse for this set: parse it again, checking functions, for Go's error.
    this.addTrees(parseTemplates(tree.name, tree.text, this.hasFunction));
  }

  private addTrees(trees: Map<string, Tree>): void {
    for (const [n, tree] of trees) {
      if (isEmptyTree(tree.root) && this.templates.has(n)) continue;
      this.templates.set(n, tree);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  names(): string[] {
    return this.templates.keys();
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

  /**
   * A copy of the namespace (templates and functions); parsing into it or adding functions
   * leaves this one alone. O(1): both share the current content copy-on-write.
   */
  clone(): TemplateSet {
    return new TemplateSet(
      EMPTY_FUNCS,
      {
        missingKey: this.missingKey,
        name: this.name,
        maxExecDepth: this.maxExecDepth,
        parseCache: this.parseCache,
      },
      { templates: this.templates.clone(), funcs: this.funcs.clone() },
    );
  }
}

const EMPTY_FUNCS: FuncMap = new Map();
