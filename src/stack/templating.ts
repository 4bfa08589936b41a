/**
 * Rendering the state file (`releases.yaml.gotmpl`) and values templates (`*.gotmpl` with bosun's
 * Go template engine, `*.hbs` with handlebars) with helmfile's habits: the data is
 * `{ Environment: {Name, Values, KubeContext}, Values, StateValues, Namespace, Release? }` and the
 * functions are helm's (Sprig + encoding) plus `env`, `requiredEnv`, `readFile`, `exec`,
 * `required`, `fail`, `get`, `getOrNil`. Missing map keys are errors (`missingkey=error`), as in
 * helmfile; use `get "a.b" "default" .Values` for optional values.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { marshalJson, toYaml } from '../encoding/index.js';
import { helmFuncs } from '../engine/index.js';
import {
  type FuncMap,
  func,
  type GoMap,
  isMap,
  TemplateExecError,
  TemplateParseError,
  TemplateSet,
} from '../gotemplate/index.js';
import { StackError } from './errors.js';

export interface TemplateEnv {
  /** Environment variables seen by `env`/`requiredEnv` (default process.env, passed in by the caller). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base directory of `readFile` and `exec`. */
  readonly baseDir: string;
  /** Allow the `exec` function (default true, as helmfile). */
  readonly allowExec?: boolean;
  readonly now?: () => Date;
}

export interface ReleaseTemplateData {
  readonly Name: string;
  readonly Namespace: string;
  readonly Chart: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly KubeContext: string;
}

export interface TemplateData {
  readonly Environment: { readonly Name: string; readonly Values: GoMap; readonly KubeContext: string };
  readonly Values: GoMap;
  readonly StateValues: GoMap;
  readonly Namespace: string;
  readonly Release?: ReleaseTemplateData;
}

export function templateData(
  envName: string,
  values: GoMap,
  kubeContext: string,
  release?: ReleaseTemplateData,
): TemplateData {
  return {
    Environment: { Name: envName, Values: values, KubeContext: kubeContext },
    Values: values,
    StateValues: values,
    Namespace: release?.Namespace ?? '',
    ...(release ? { Release: release } : {}),
  };
}

function lookupPath(path: string, data: unknown): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const k of path.split('.').filter((p) => p !== '')) {
    if (!isMap(cur) || !Object.hasOwn(cur, k)) return { found: false, value: undefined };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

/** The functions of state and values templates. */
export function stateFuncs(te: TemplateEnv): FuncMap {
  const funcs = helmFuncs(te.now ? { now: te.now } : {});
  funcs.set(
    'env',
    func(['string'], (name: string) => te.env[name] ?? ''),
  );
  funcs.set(
    'requiredEnv',
    func(['string'], (name: string) => {
      const v = te.env[name];
      if (v === undefined || v === '') throw new Error(`required env var \`${name}\` is not set`);
      return v;
    }),
  );
  funcs.set(
    'readFile',
    func(['string'], (file: string) =>
      readFileSync(isAbsolute(file) ? file : resolve(te.baseDir, file), 'utf8'),
    ),
  );
  funcs.set(
    'exec',
    func(['string', 'slice'], (command: string, args: unknown[]) => {
      if (te.allowExec === false) throw new Error('exec is disabled');
      return execFileSync(command, args.map(String), {
        cwd: te.baseDir,
        encoding: 'utf8',
        env: te.env as NodeJS.ProcessEnv,
      });
    }),
  );
  funcs.set(
    'required',
    func(['string', 'any'], (message: string, v: unknown) => {
      if (v === null || v === undefined || v === '') throw new Error(message);
      return v;
    }),
  );
  funcs.set(
    'fail',
    func(['string'], (message: string) => {
      throw new Error(message);
    }),
  );
  funcs.set(
    'get',
    func(
      ['string', 'any'],
      (path: string, ...rest: unknown[]) => {
        // get PATH DATA  or  get PATH DEFAULT DATA (helmfile)
        const [def, data] = rest.length >= 2 ? [rest[0], rest[1]] : [undefined, rest[0]];
        const r = lookupPath(path, data);
        if (r.found) return r.value;
        if (rest.length >= 2) return def;
        throw new Error(`no value exists for key "${path}"`);
      },
      'any',
    ),
  );
  funcs.set(
    'getOrNil',
    func(['string', 'any'], (path: string, data: unknown) => lookupPath(path, data).value ?? null),
  );
  return funcs;
}

/** Renders a Go template; errors carry `file:line` (the name is the file as the user wrote it). */
export function renderGoTemplate(file: string, text: string, data: TemplateData, funcs: FuncMap): string {
  try {
    const set = new TemplateSet(funcs, { missingKey: 'error' });
    set.parse(file, text);
    return set.execute(file, data);
  } catch (err) {
    if (err instanceof TemplateParseError) {
      throw new StackError('ESTATE_TEMPLATE', err.message, {
        pos: { file, line: err.line, column: 0 },
        cause: err,
        inMessage: false,
      });
    }
    if (err instanceof TemplateExecError) {
      throw new StackError('ESTATE_TEMPLATE', err.message, {
        pos: { file: err.file || file, line: err.line, column: err.column },
        cause: err,
        inMessage: false,
      });
    }
    throw new StackError('ESTATE_TEMPLATE', `${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Renders a handlebars template with the same data and a few of the same helpers. */
export function renderHandlebars(file: string, text: string, data: TemplateData, te: TemplateEnv): string {
  const hb = Handlebars.create();
  hb.registerHelper('env', (name: string) => te.env[name] ?? '');
  hb.registerHelper('requiredEnv', (name: string) => {
    const v = te.env[name];
    if (v === undefined || v === '') throw new Error(`required env var \`${name}\` is not set`);
    return v;
  });
  hb.registerHelper('toYaml', (v: unknown) => toYaml(v).replace(/\n$/, ''));
  hb.registerHelper('toJson', (v: unknown) => marshalJson(v));
  hb.registerHelper('default', (v: unknown, d: unknown) =>
    v === undefined || v === null || v === '' ? d : v,
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  try {
    return hb.compile(text, { noEscape: true, strict: true })(data);
  } catch (err) {
    const m = /on line (\d+)/.exec((err as Error).message) ?? /line (\d+)/.exec((err as Error).message);
    const line = (err as { lineNumber?: number }).lineNumber ?? (m ? Number(m[1]) : 0);
    throw new StackError('ESTATE_TEMPLATE', (err as Error).message.split('\n')[0]!, {
      pos: { file, line, column: 0 },
      cause: err,
    });
  }
}

/** Renders `text` when `file` is a template (`.gotmpl` or `.hbs`); other files come back unchanged. */
export function renderIfTemplate(
  file: string,
  text: string,
  data: TemplateData,
  te: TemplateEnv,
  funcs: () => FuncMap,
): string {
  if (file.endsWith('.gotmpl')) return renderGoTemplate(file, text, data, funcs());
  if (file.endsWith('.hbs')) return renderHandlebars(file, text, data, te);
  return text;
}
