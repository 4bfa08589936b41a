/**
 * `.Files`: a chart's non-template files, as helm's `files` type (a `map[string][]byte` with
 * methods Get, GetBytes, Glob, Lines, AsConfig, AsSecrets).
 */
import { toYaml } from '../encoding/index.js';
import { type GoMap, GoStruct } from '../gotemplate/index.js';
import { compileGlob } from './glob.js';

const utf8 = new TextDecoder('utf-8');

export class Files extends GoStruct {
  readonly goTypeName = 'engine.files';
  readonly #files: Map<string, Uint8Array>;

  constructor(files: Iterable<readonly [string, Uint8Array]>) {
    super();
    this.#files = new Map(files);
  }

  override goMethods(): readonly string[] {
    return ['Get', 'GetBytes', 'Glob', 'Lines', 'AsConfig', 'AsSecrets'];
  }

  override goMapEntries(): GoMap {
    const out: GoMap = {};
    for (const [k, v] of this.#files) out[k] = v;
    return out;
  }

  /** A missing key of a `map[string][]byte` is an empty []byte (prints `[]`). */
  override goMapZero(): unknown {
    return new Uint8Array();
  }

  toJSONValue(): unknown {
    const out: GoMap = {};
    for (const [k, v] of this.#files) out[k] = v;
    return out;
  }

  GetBytes(name: string): Uint8Array {
    return this.#files.get(name) ?? new Uint8Array();
  }

  Get(name: string): string {
    return utf8.decode(this.GetBytes(name));
  }

  Glob(pattern: string): Files {
    let re: RegExp;
    try {
      re = compileGlob(pattern);
    } catch {
      re = compileGlob('**');
    }
    return new Files([...this.#files].filter(([name]) => re.test(name)));
  }

  AsConfig(): string {
    const m: GoMap = {};
    for (const [k, v] of this.#files) m[k.slice(k.lastIndexOf('/') + 1)] = utf8.decode(v);
    return toYaml(m).replace(/\n$/, '');
  }

  AsSecrets(): string {
    const m: GoMap = {};
    for (const [k, v] of this.#files) m[k.slice(k.lastIndexOf('/') + 1)] = Buffer.from(v).toString('base64');
    return toYaml(m).replace(/\n$/, '');
  }

  Lines(path: string): string[] {
    const data = this.#files.get(path);
    if (data === undefined) return [];
    let s = utf8.decode(data);
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return s.split('\n');
  }
}
