/**
 * Values sources of environments and releases: an ordered list of file paths (plain YAML, or
 * templates ending in `.gotmpl` / `.hbs`) and inline maps. A missing file is handled per
 * `missingFileHandler` (Error stops, Warn/Info/Debug report and go on).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { toYaml } from '../encoding/index.js';
import { type FuncMap, type GoMap, isMap } from '../gotemplate/index.js';
import { mergeValues, type ValueFile } from '../values/index.js';
import { type SourcePos, StackError } from './errors.js';
import { renderIfTemplate, type TemplateData, type TemplateEnv } from './templating.js';

export type MissingFileHandler = 'Error' | 'Warn' | 'Info' | 'Debug';

export interface Notice {
  readonly level: 'warn' | 'info' | 'debug';
  readonly message: string;
}

export interface ValuesContext {
  readonly baseDir: string;
  /** The state file's path as shown in messages. */
  readonly stateFile: string;
  readonly te: TemplateEnv;
  readonly funcs: () => FuncMap;
  readonly missingFileHandler: MissingFileHandler;
  readonly notify: (n: Notice) => void;
}

function shown(_ctx: ValuesContext, path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r || path;
}

/** Reads and renders the sources into helm `-f` files, in order. `where` names the list in messages. */
export function readValueSources(
  items: readonly unknown[],
  ctx: ValuesContext,
  data: TemplateData,
  where: string,
  pos?: SourcePos,
): ValueFile[] {
  const files: ValueFile[] = [];
  items.forEach((item, i) => {
    if (isMap(item)) {
      files.push({ name: `${ctx.stateFile}: ${where}[${i}]`, content: toYaml(item) });
      return;
    }
    const written = String(item);
    const path = isAbsolute(written) ? written : resolve(ctx.baseDir, written);
    if (!existsSync(path)) {
      const message = `values file "${written}" (${where}[${i}]) does not exist`;
      if (ctx.missingFileHandler === 'Error') {
        throw new StackError(
          'EVALUES_MISSING',
          `${message}; create it, or set missingFileHandler: Warn to skip missing files`,
          { pos },
        );
      }
      ctx.notify({
        level:
          ctx.missingFileHandler === 'Warn' ? 'warn' : ctx.missingFileHandler === 'Info' ? 'info' : 'debug',
        message: `skipping missing ${message}`,
      });
      return;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new StackError('ESTATE_READ', `cannot read values file "${written}": ${(err as Error).message}`, {
        pos,
        cause: err,
      });
    }
    files.push({
      name: shown(ctx, path),
      content: renderIfTemplate(shown(ctx, path), text, data, ctx.te, ctx.funcs),
    });
  });
  return files;
}

export interface SetEntry {
  readonly name: string;
  readonly value?: unknown;
  readonly values?: readonly unknown[];
  readonly file?: string;
}

/** helmfile's escaping of a --set value: the strvals syntax characters become literal. */
export function escapeSetValue(v: string): string {
  return v.replace(/[\\,{}]/g, (c) => `\\${c}`);
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  return String(v);
}

export interface ReleaseValueInputs {
  readonly files: readonly ValueFile[];
  readonly set: readonly SetEntry[];
  readonly setString: readonly SetEntry[];
  readonly setFile: readonly SetEntry[];
  readonly setJson: readonly SetEntry[];
}

/** Merges files and set entries in helm's order: files, --set-json, --set, --set-string, --set-file. */
export function mergeReleaseValues(inputs: ReleaseValueInputs, baseDir: string): GoMap {
  const set: string[] = [];
  const setJson: string[] = [];
  const setString: string[] = [];
  const setFile: string[] = [];
  for (const e of inputs.set) {
    if (e.file !== undefined) setFile.push(`${e.name}=${e.file}`);
    else if (e.values !== undefined)
      set.push(`${e.name}={${e.values.map((v) => escapeSetValue(scalarText(v))).join(',')}}`);
    else if (typeof e.value === 'object' && e.value !== null)
      setJson.push(`${e.name}=${JSON.stringify(e.value)}`);
    else set.push(`${e.name}=${escapeSetValue(scalarText(e.value))}`);
  }
  for (const e of inputs.setString) {
    if (e.values !== undefined)
      setString.push(`${e.name}={${e.values.map((v) => escapeSetValue(scalarText(v))).join(',')}}`);
    else setString.push(`${e.name}=${escapeSetValue(scalarText(e.value))}`);
  }
  for (const e of inputs.setFile) setFile.push(`${e.name}=${e.file ?? scalarText(e.value)}`);
  for (const e of inputs.setJson) {
    setJson.push(
      `${e.name}=${typeof e.value === 'string' ? e.value : JSON.stringify(e.value ?? e.values ?? null)}`,
    );
  }
  try {
    return mergeValues({
      valueFiles: inputs.files,
      setJson,
      set,
      setString,
      setFile,
      readFile: (p) => readFileSync(isAbsolute(p) ? p : resolve(baseDir, p), 'utf8'),
    });
  } catch (err) {
    throw new StackError('EVALUES', (err as Error).message, { cause: err });
  }
}
