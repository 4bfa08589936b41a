/**
 * Reading a state file: `releases.yaml` (or `releases.yaml.gotmpl`, rendered with the Go
 * template engine), split into parts at `---` lines as helmfile does — each part is rendered
 * with the environment values known from the parts before it — parsed, validated against the
 * schema with positions, and merged (maps deep, `releases` and `repositories` appended).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parseYaml, YamlSyntaxError } from '../encoding/index.js';
import { type FuncMap, type GoMap, isMap } from '../gotemplate/index.js';
import { mergeMaps } from '../values/index.js';
import { type SourcePos, StackError } from './errors.js';
import { validateState } from './schema.js';
import { didYouMean } from './suggest.js';
import { renderGoTemplate, stateFuncs, type TemplateEnv, templateData } from './templating.js';
import { type MissingFileHandler, type Notice, readValueSources } from './values-files.js';

export interface RawRepository {
  name: string;
  url: string;
  oci?: boolean;
  username?: string;
  password?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  [k: string]: unknown;
}

export interface RawDefaults {
  wait?: boolean;
  waitForJobs?: boolean;
  timeout?: number | string;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  createNamespace?: boolean;
  historyMax?: number;
  kubeContext?: string;
}

export interface RawEnvironment {
  values?: unknown[];
  kubeContext?: string;
  missingFileHandler?: MissingFileHandler;
}

export interface RawRelease extends Omit<RawDefaults, 'timeout'> {
  name: string;
  namespace?: string;
  chart: string;
  version?: string;
  values?: unknown[];
  set?: GoMap[];
  setString?: GoMap[];
  setFile?: GoMap[];
  setJson?: GoMap[];
  needs?: string[];
  labels?: Record<string, string>;
  installed?: boolean;
  timeout?: number | string;
  missingFileHandler?: MissingFileHandler;
  hooks?: { events: string[]; command: string; args?: string[]; showlogs?: boolean; name?: string }[];
}

export interface RawState {
  repositories?: RawRepository[];
  helmDefaults?: RawDefaults;
  environments?: Record<string, RawEnvironment | null>;
  missingFileHandler?: MissingFileHandler;
  releases?: RawRelease[];
  bases?: string[];
}

export interface StateFileOptions {
  /** Default `releases.yaml`, else `releases.yaml.gotmpl` when only that exists. */
  readonly file?: string | undefined;
  readonly cwd: string;
  /** Default `default`. */
  readonly environment?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly allowExec?: boolean;
  readonly now?: () => Date;
  readonly notify?: (n: Notice) => void;
}

export interface EnvironmentInfo {
  readonly name: string;
  readonly values: GoMap;
  readonly kubeContext: string;
  readonly missingFileHandler: MissingFileHandler;
}

export interface StateFile {
  /** Absolute path. */
  readonly path: string;
  /** As shown in messages (relative to cwd). */
  readonly shownPath: string;
  readonly dir: string;
  readonly raw: RawState;
  readonly environment: EnvironmentInfo;
  /** Where each release (by index in raw.releases) was declared. */
  readonly releasePos: readonly SourcePos[];
  /** The directory of the file each release was declared in (bases resolve paths against their own folder). */
  readonly releaseDirs: readonly string[];
  readonly te: TemplateEnv;
  readonly funcs: () => FuncMap;
}

/** Splits text at lines that are exactly `---`; returns each part with its first line number (1-based). */
export function splitParts(text: string): { text: string; firstLine: number }[] {
  const lines = text.split('\n');
  const parts: { text: string; firstLine: number }[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---\s*$/.test(lines[i]!)) {
      const body = lines.slice(start, i).join('\n');
      if (body.trim() !== '') parts.push({ text: `${body}\n`, firstLine: start + 1 });
      start = i + 1;
    }
  }
  return parts;
}

export function findStateFile(file: string | undefined, cwd: string): string {
  if (file) return isAbsolute(file) ? file : resolve(cwd, file);
  const plain = resolve(cwd, 'releases.yaml');
  if (!existsSync(plain) && existsSync(`${plain}.gotmpl`)) return `${plain}.gotmpl`;
  return plain;
}

function mergeState(into: RawState, part: RawState): RawState {
  const out: RawState = { ...into };
  for (const [k, v] of Object.entries(part) as [keyof RawState, unknown][]) {
    if (k === 'releases' || k === 'repositories' || k === 'bases') {
      (out as Record<string, unknown>)[k] = [...((into[k] as unknown[]) ?? []), ...(v as unknown[])];
    } else if (isMap(v) && isMap(into[k])) {
      (out as Record<string, unknown>)[k] = mergeMaps(into[k] as GoMap, v);
    } else {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

function unknownEnvironment(envName: string, names: string[], shownPath: string): StackError {
  return new StackError(
    'EENV_UNKNOWN',
    names.length === 0
      ? `environment "${envName}" is not defined: ${shownPath} declares no environments`
      : `environment "${envName}" is not defined in ${shownPath}${didYouMean(envName, names)} (defined: ${names.join(', ')})`,
  );
}

/** Loads, renders, validates and merges a state file (and its `bases`), then its environment. */
export function loadStateFile(opts: StateFileOptions): StateFile {
  const path = findStateFile(opts.file, opts.cwd);
  const shownPath = relative(opts.cwd, path).startsWith('..')
    ? path
    : relative(opts.cwd, path) || basename(path);
  const dir = dirname(path);
  const envName = opts.environment ?? 'default';
  const te: TemplateEnv = {
    env: opts.env,
    baseDir: dir,
    ...(opts.allowExec === undefined ? {} : { allowExec: opts.allowExec }),
    ...(opts.now ? { now: opts.now } : {}),
  };
  let funcMap: FuncMap | undefined;
  const funcs = () => (funcMap ??= stateFuncs(te));
  const notify = opts.notify ?? (() => {});

  let state: RawState = {};
  const releasePos: SourcePos[] = [];
  const releaseDirs: string[] = [];
  let envValues: GoMap = {};
  let envKnown = false;

  const loadEnv = (): void => {
    const envs = state.environments ?? {};
    if (!Object.hasOwn(envs, envName)) {
      if (envName !== 'default') throw unknownEnvironment(envName, Object.keys(envs), shownPath);
      envValues = {};
      return;
    }
    const spec = envs[envName] ?? {};
    const files = readValueSources(
      spec.values ?? [],
      {
        baseDir: dir,
        stateFile: shownPath,
        te,
        funcs,
        missingFileHandler: spec.missingFileHandler ?? state.missingFileHandler ?? 'Error',
        notify,
      },
      templateData(envName, {}, spec.kubeContext ?? ''),
      `environments.${envName}.values`,
    );
    let values: GoMap = {};
    for (const f of files) {
      try {
        const parsed = parseYaml(f.content, { filename: f.name });
        if (parsed !== null && parsed !== undefined) {
          if (!isMap(parsed)) throw new Error('a values file must hold a map');
          values = mergeMaps(values, parsed);
        }
      } catch (err) {
        throw new StackError(
          'EVALUES',
          `cannot read environment values ${f.name}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    }
    envValues = values;
    envKnown = true;
  };

  const loadFile = (file: string, shown: string, depth: number): void => {
    if (depth > 10) throw new StackError('ESTATE_READ', `${shown}: bases nest more than 10 deep`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const hint = opts.file ? '' : '; pass -f to name another state file';
      throw new StackError(
        'ESTATE_READ',
        `cannot read state file ${shown}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}${hint}`,
        { cause: err },
      );
    }
    const templated = file.endsWith('.gotmpl');
    for (const part of splitParts(text)) {
      let body = part.text;
      if (templated) {
        const kubeContext = state.environments?.[envName]?.kubeContext ?? '';
        body = renderGoTemplate(
          shown,
          `${'\n'.repeat(part.firstLine - 1)}${part.text}`,
          templateData(envName, envValues, kubeContext),
          funcs(),
        ).slice(part.firstLine - 1);
      }
      const lineCounter = new LineCounter();
      const doc = parseDocument(body, { lineCounter, prettyErrors: false, uniqueKeys: false });
      let data: unknown;
      try {
        data = parseYaml(body, { filename: shown });
      } catch (err) {
        if (err instanceof YamlSyntaxError) {
          throw new StackError('ESTATE_YAML', err.message, {
            pos: {
              file: templated ? `${shown} (rendered)` : shown,
              line: err.line + part.firstLine - 1,
              column: err.column,
            },
            cause: err,
          });
        }
        throw err;
      }
      if (data === null || data === undefined) continue;
      validateState(data, {
        file: shown,
        doc,
        lineCounter,
        lineOffset: part.firstLine - 1,
        rendered: templated,
      });
      const raw = data as RawState;
      for (const base of raw.bases ?? []) {
        const p = isAbsolute(base) ? base : resolve(dirname(file), base);
        loadFile(p, relative(opts.cwd, p) || p, depth + 1);
      }
      delete raw.bases;
      (raw.releases ?? []).forEach((_, i) => {
        const node = doc.getIn(['releases', i], true) as { range?: [number, number] } | undefined;
        const lp = node?.range ? lineCounter.linePos(node.range[0]) : { line: 0, col: 0 };
        releasePos.push({ file: shown, line: lp.line + part.firstLine - 1, column: lp.col });
        releaseDirs.push(dirname(file));
      });
      const hadEnvs = JSON.stringify(state.environments ?? {});
      state = mergeState(state, raw);
      if (JSON.stringify(state.environments ?? {}) !== hadEnvs || (!envKnown && raw.environments)) loadEnv();
    }
  };
  loadFile(path, shownPath, 0);

  const envs = state.environments ?? {};
  if (envName !== 'default' && !Object.hasOwn(envs, envName)) {
    throw unknownEnvironment(envName, Object.keys(envs), shownPath);
  }
  const spec = envs[envName] ?? {};
  return {
    path,
    shownPath,
    dir,
    raw: state,
    environment: {
      name: envName,
      values: envValues,
      kubeContext: spec.kubeContext ?? '',
      missingFileHandler: spec.missingFileHandler ?? state.missingFileHandler ?? 'Error',
    },
    releasePos,
    releaseDirs,
    te,
    funcs,
  };
}
