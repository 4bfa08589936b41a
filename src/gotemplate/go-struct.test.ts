/**
 * GoStruct values in templates: Go map types with methods (helm's `.Files`, a map[string][]byte
 * with Get/Glob/…) and methods called with arguments through field chains. The expected texts
 * are what helm v4 prints (test/conformance/gotemplate/go-struct.test.ts checks the same shapes
 * against the real helm).
 */
import { describe, expect, test } from 'vitest';
import { GoStruct, type MissingKey, type ParamType, TemplateExecError, TemplateSet } from './index.js';

const utf8 = new TextEncoder();

/** A stand-in for helm's engine.files: map[string][]byte with methods. */
class Files extends GoStruct {
  readonly goTypeName = 'engine.files';
  readonly #files: Map<string, Uint8Array>;
  constructor(files: Record<string, string>) {
    super();
    this.#files = new Map(Object.entries(files).map(([k, v]) => [k, utf8.encode(v)]));
  }
  override goMethods(): readonly string[] {
    return ['Get', 'Glob', 'Fail'];
  }
  override goMethodParams(name: string): { params: readonly ParamType[] } | undefined {
    return name === 'Get' || name === 'Glob' ? { params: ['string'] } : undefined;
  }
  override goMapEntries(): Record<string, unknown> {
    return Object.fromEntries(this.#files);
  }
  override goMapZero(): unknown {
    return new Uint8Array();
  }
  Get(name: string): string {
    return new TextDecoder().decode(this.#files.get(name) ?? new Uint8Array());
  }
  Glob(prefix: string): Files {
    const p = prefix.replace(/\*$/, '');
    const out: Record<string, string> = {};
    for (const [k, v] of this.#files) if (k.startsWith(p)) out[k] = new TextDecoder().decode(v);
    return new Files(out);
  }
  Fail(): never {
    throw new Error('it failed');
  }
}

class VersionSet extends GoStruct {
  readonly goTypeName = 'common.VersionSet';
  readonly #versions: string[];
  constructor(versions: string[]) {
    super();
    this.#versions = versions;
  }
  override goMethods(): readonly string[] {
    return ['Has'];
  }
  override goMethodParams(): { params: readonly ParamType[] } {
    return { params: ['string'] };
  }
  Has(v: string): boolean {
    return this.#versions.includes(v);
  }
}

class HelmVersion extends GoStruct {
  readonly goTypeName = 'version.BuildInfo';
  readonly Version = 'v4.1.4';
  readonly GoVersion = 'go1.25.9';
}

class Capabilities extends GoStruct {
  readonly goTypeName = '*common.Capabilities';
  readonly APIVersions = new VersionSet(['v1', 'apps/v1']);
  readonly HelmVersion = new HelmVersion();
}

function top(): unknown {
  return {
    Files: new Files({ 'a.txt': 'hi', 'files/b.yaml': 'x: 1\n', readme: 'r' }),
    Capabilities: new Capabilities(),
  };
}

function run(text: string, missingKey: MissingKey = 'zero'): string {
  const set = new TemplateSet(new Map(), { missingKey });
  set.parse('t', text);
  return set.execute('t', top());
}

describe('a Go map type with methods', () => {
  test.for([
    {
      name: 'range yields sorted keys and []byte values',
      text: '{{ range $k, $v := .Files }}{{ $k }}={{ $v }};{{ end }}',
      want: 'a.txt=[104 105];files/b.yaml=[120 58 32 49 10];readme=[114];',
    },
    { name: 'range with dot', text: '{{ range .Files }}{{ len . }},{{ end }}', want: '2,5,1,' },
    { name: 'len', text: '{{ len .Files }} {{ len (.Files.Glob "files/*") }}', want: '3 1' },
    { name: 'index', text: '{{ index .Files "a.txt" }}', want: '[104 105]' },
    {
      name: 'index of a missing key is the element zero value',
      text: '{{ index .Files "nope" }}|{{ printf "%T" (index .Files "nope") }}',
      want: '[]|[]uint8',
    },
    { name: 'field selects a key', text: '{{ .Files.readme }}', want: '[114]' },
    {
      name: 'missing key under missingkey=zero is the element zero value',
      text: '{{ .Files.nope }}|{{ printf "%T" .Files.nope }}',
      want: '[]|[]uint8',
    },
    {
      name: 'missing key under missingkey=default',
      text: '{{ .Files.nope }}',
      mk: 'default',
      want: '<no value>',
    },
    {
      name: 'prints as its map',
      text: '{{ .Files }}|{{ printf "%v %T" (.Files.Glob "a") (.Files.Glob "a") }}',
      want: 'map[a.txt:[104 105] files/b.yaml:[120 58 32 49 10] readme:[114]]|map[a.txt:[104 105]] engine.files',
    },
    {
      name: 'truthy when it has entries',
      text: '{{ if .Files }}yes{{ end }} {{ not .Files }} {{ if .Files.Glob "zz/*" }}yes{{ else }}no{{ end }}',
      want: 'yes false no',
    },
    {
      name: 'with, and, or use its truth',
      text: '{{ with .Files.Glob "zz/*" }}x{{ else }}empty{{ end }} {{ or (.Files.Glob "zz/*") "dflt" }}',
      want: 'empty dflt',
    },
  ] as { name: string; text: string; mk?: MissingKey; want: string }[])('$name', (c) => {
    expect(run(c.text, c.mk)).toBe(c.want);
  });
});

describe('methods with arguments through field chains', () => {
  test.for([
    { name: 'method of a field', text: '{{ .Files.Get "a.txt" }}', want: 'hi' },
    { name: 'method two fields deep', text: '{{ .Capabilities.APIVersions.Has "apps/v1" }}', want: 'true' },
    {
      name: 'method of a parenthesized result',
      text: '{{ (.Files.Glob "files/*").Get "files/b.yaml" }}',
      want: 'x: 1\n',
    },
    { name: 'method of a variable', text: '{{ $f := .Files }}{{ $f.Get "readme" }}', want: 'r' },
    {
      name: 'method of a variable chain',
      text: '{{ $c := .Capabilities }}{{ $c.APIVersions.Has "batch/v1" }}',
      want: 'false',
    },
    { name: 'pipeline final argument', text: '{{ "a.txt" | .Files.Get }}', want: 'hi' },
    { name: 'in an if', text: '{{ if .Capabilities.APIVersions.Has "v1" }}core{{ end }}', want: 'core' },
    {
      name: 'struct fields print without the type name',
      text: '{{ .Capabilities.HelmVersion }}',
      want: '{v4.1.4 go1.25.9}',
    },
  ])('$name', (c) => {
    expect(run(c.text)).toBe(c.want);
  });

  test.for([
    {
      name: 'argument type from goMethodParams',
      text: '{{ .Capabilities.APIVersions.Has 1 }}',
      want: 'template: t:1:33: executing "t" at <1>: expected string; found 1',
    },
    {
      name: 'argument count',
      text: '{{ .Files.Get }}',
      want: 'template: t:1:9: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 0',
    },
    {
      name: 'a map key is not a method',
      text: '{{ .Files.nope "x" }}',
      want: 'template: t:1:9: executing "t" at <.Files.nope>: nope is not a method but has arguments',
    },
    {
      name: 'a struct field is not a method',
      text: '{{ .Capabilities.HelmVersion.Version "x" }}',
      want:
        'template: t:1:16: executing "t" at <.Capabilities.HelmVersion.Version>: ' +
        'Version has arguments but cannot be invoked as function',
    },
    {
      name: 'a method that fails',
      text: '{{ .Files.Fail }}',
      want: 'template: t:1:9: executing "t" at <.Files.Fail>: error calling Fail: it failed',
    },
    {
      name: 'missing key under missingkey=error',
      text: '{{ .Files.nope }}',
      mk: 'error',
      want: 'template: t:1:9: executing "t" at <.Files.nope>: map has no entry for key "nope"',
    },
  ] as { name: string; text: string; mk?: MissingKey; want: string }[])('error: $name', (c) => {
    let err: unknown;
    try {
      run(c.text, c.mk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateExecError);
    expect((err as Error).message).toBe(c.want);
  });
});
