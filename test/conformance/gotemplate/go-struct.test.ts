/**
 * GoStruct semantics against the real helm: `.Files` (a Go map[string][]byte with methods) ranges,
 * indexes, lens, prints and tests true like its map, while `.Files.Get "x"` calls a method; methods
 * with arguments through field chains (`.Capabilities.APIVersions.Has "apps/v1"`,
 * `(.Files.Glob "x/*").AsConfig`).
 *
 * helm renders every case with `tpl` from values.yaml (values are not part of .Files), printed
 * base64-encoded; bosun's gotemplate renders the same text over small stand-ins of helm's `files`
 * and `Capabilities` types defined here (the executor, not the engine, is under test).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { toYaml } from '../../../src/encoding/index.js';
import { GoStruct, type ParamType, TemplateSet } from '../../../src/gotemplate/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';

const FILES: Record<string, string> = {
  'a.txt': 'hi',
  'files/b.yaml': 'x: 1\n',
  'files/c.yaml': 'y: 2\nz: 3\n',
  'files/sub/d.txt': 'deep',
};

const utf8 = new TextEncoder();
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** helm's path.Match-style glob for these cases: `*` within a path segment. */
function globRe(pattern: string): RegExp {
  const re = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${re}$`);
}

class Files extends GoStruct {
  readonly goTypeName = 'engine.files';
  readonly #files: Map<string, Uint8Array>;
  constructor(files: Iterable<[string, Uint8Array]>) {
    super();
    this.#files = new Map(files);
  }
  override goMethods(): readonly string[] {
    return ['Get', 'GetBytes', 'Glob', 'Lines', 'AsConfig'];
  }
  override goMethodParams(name: string): { params: readonly ParamType[] } | undefined {
    return name === 'AsConfig' ? { params: [] } : { params: ['string'] };
  }
  override goMapEntries(): Record<string, unknown> {
    return Object.fromEntries(this.#files);
  }
  override goMapZero(): unknown {
    return new Uint8Array();
  }
  GetBytes(name: string): Uint8Array {
    return this.#files.get(name) ?? new Uint8Array();
  }
  Get(name: string): string {
    return decode(this.GetBytes(name));
  }
  Glob(pattern: string): Files {
    const re = globRe(pattern);
    return new Files([...this.#files].filter(([k]) => re.test(k)));
  }
  Lines(name: string): string[] {
    return this.Get(name).replace(/\n$/, '').split('\n');
  }
  AsConfig(): string {
    const m: Record<string, string> = {};
    for (const [k, v] of this.#files) m[k.slice(k.lastIndexOf('/') + 1)] = decode(v);
    return toYaml(m).replace(/\n$/, '');
  }
}

class VersionSet extends GoStruct {
  readonly goTypeName = 'common.VersionSet';
  override goMethods(): readonly string[] {
    return ['Has'];
  }
  override goMethodParams(): { params: readonly ParamType[] } {
    return { params: ['string'] };
  }
  Has(v: string): boolean {
    return v === 'v1' || v === 'apps/v1' || v === 'networking.k8s.io/v1';
  }
}

class Capabilities extends GoStruct {
  readonly goTypeName = '*common.Capabilities';
  readonly APIVersions = new VersionSet();
}

const cases: { name: string; template: string }[] = [
  { name: 'range', template: '{{ range $k, $v := .Files }}{{ $k }}={{ $v }};{{ end }}' },
  { name: 'range dot', template: '{{ range .Files }}{{ len . }},{{ end }}' },
  {
    name: 'len',
    template: '{{ len .Files }} {{ len (.Files.Glob "files/*") }} {{ len (.Files.Glob "zz/*") }}',
  },
  { name: 'index', template: '{{ index .Files "a.txt" }} {{ printf "%s" (index .Files "a.txt") }}' },
  { name: 'index missing', template: '{{ index .Files "nope" }}|{{ printf "%T" (index .Files "nope") }}' },
  { name: 'field missing', template: '{{ .Files.nope }}|{{ printf "%T" .Files.nope }}' },
  { name: 'print', template: '{{ .Files }}' },
  { name: 'printf', template: '{{ printf "%v|%T" (.Files.Glob "files/*") .Files }}' },
  { name: 'truth', template: '{{ if .Files }}yes{{ end }} {{ not .Files }} {{ not (.Files.Glob "zz/*") }}' },
  { name: 'with else', template: '{{ with .Files.Glob "zz/*" }}x{{ else }}empty{{ end }}' },
  { name: 'and or', template: '{{ and .Files "t" }} {{ or (.Files.Glob "zz/*") "dflt" }}' },
  { name: 'get', template: '{{ .Files.Get "a.txt" }}|{{ .Files.Get "missing" }}|{{ "a.txt" | .Files.Get }}' },
  { name: 'get bytes', template: '{{ .Files.GetBytes "a.txt" }}' },
  { name: 'glob as config', template: '{{ (.Files.Glob "files/*").AsConfig }}' },
  {
    name: 'glob range',
    template: '{{ range $k, $v := .Files.Glob "files/*" }}{{ $k }}:{{ printf "%s" $v }};{{ end }}',
  },
  { name: 'glob method', template: '{{ (.Files.Glob "files/*").Get "files/c.yaml" }}' },
  { name: 'lines', template: '{{ range .Files.Lines "files/c.yaml" }}[{{ . }}]{{ end }}' },
  { name: 'variable', template: '{{ $f := .Files }}{{ $f.Get "a.txt" }} {{ len $f }}' },
  {
    name: 'capabilities has',
    template:
      '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "nope/v1" }}' +
      '{{ if .Capabilities.APIVersions.Has "networking.k8s.io/v1" }} ingress{{ end }}',
  },
  { name: 'capabilities via variable', template: '{{ $c := .Capabilities }}{{ $c.APIVersions.Has "v1" }}' },
];

function ours(template: string): string {
  const set = new TemplateSet(new Map(), { missingKey: 'zero' });
  set.parse('case', template);
  const files = new Files(Object.entries(FILES).map(([k, v]) => [k, utf8.encode(v)]));
  return set
    .execute('case', { Files: files, Capabilities: new Capabilities(), Values: {} })
    .replaceAll('<no value>', '');
}

describe('GoStruct values match helm', () => {
  const helmOut = new Map<string, string>();
  beforeAll(async () => {
    const values: Record<string, string> = {};
    cases.forEach((c, i) => {
      values[`c${i}`] = c.template;
    });
    const tpl = '{{- range $k, $v := .Values }}\n{{ $k }}: {{ tpl $v $ | b64enc | quote }}{{ end }}\n';
    const r = await helmTemplateFiles({
      ...FILES,
      'values.yaml': JSON.stringify(values),
      'templates/all.yaml': tpl,
    });
    if (r.code !== 0) throw new Error(`helm failed: ${r.stderr}`);
    const doc = splitBySource(r.stdout).get('t/templates/all.yaml') ?? '';
    for (const line of doc.split('\n')) {
      const m = /^c(\d+): "(.*)"$/.exec(line);
      if (m) helmOut.set(cases[Number(m[1])]!.name, Buffer.from(m[2]!, 'base64').toString('utf8'));
    }
  }, 120_000);

  test.for(cases)('$name', (c) => {
    expect(helmOut.has(c.name)).toBe(true);
    expect(ours(c.template)).toBe(helmOut.get(c.name));
  });
});
