/**
 * helm's encoding template functions (pkg/engine/funcs.go, plus Sprig's JSON ones that helm
 * keeps), with each one's own way of failing: some return "", some a map with an "Error" key or
 * a one-element list holding the message, some the error text itself, and the must* ones fail
 * the template (throwing = returning a Go error / panicking).
 */
import { JsonMarshalError, marshalJson } from './go-json.js';
import type { FuncMap, TemplateFunc } from './go-values.js';
import { decodeGoJson, parseGoJson } from './json-parse.js';
import { toYaml } from './to-yaml.js';
import { toYamlPretty } from './to-yaml-pretty.js';
import { toToml } from './toml-encode.js';
import { parseToml } from './toml-parse.js';
import { parseYamlArray, parseYamlMap } from './yaml-parse.js';

function fn(params: TemplateFunc['params'], f: (...args: any[]) => unknown): TemplateFunc {
  return { fn: f, params };
}

/** An error carrying exactly Go's err.Error() text. */
export class GoError extends Error {
  readonly code = 'EGOENCODING';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoError';
  }
}

/** sigs.k8s.io/yaml.Marshal's error text. */
function yamlMarshal(v: unknown): string {
  try {
    return toYaml(v);
  } catch (e) {
    if (e instanceof JsonMarshalError)
      throw new GoError(`error marshaling into JSON: ${e.message}`, { cause: e });
    throw new GoError((e as Error).message, { cause: e });
  }
}

function trimNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A copy of `m` with Go's error text under "Error" (helm's fromYaml/fromJson/fromToml). */
function withError(m: Record<string, unknown>, e: unknown): Record<string, unknown> {
  m.Error = messageOf(e);
  return m;
}

/** helm's toYaml: sigs.k8s.io/yaml.Marshal without the final newline; "" on error. */
export function helmToYaml(v: unknown): string {
  try {
    return trimNewline(yamlMarshal(v));
  } catch {
    return '';
  }
}

/** helm's fromYaml: the document's map, or a map with "Error" set to the message. */
export function helmFromYaml(s: string): Record<string, unknown> {
  try {
    return parseYamlMap(s);
  } catch (e) {
    return withError({}, e);
  }
}

/** The template functions, keyed by name. */
export function encodingFuncs(): FuncMap {
  const m: FuncMap = new Map();
  m.set('toYaml', fn(['any'], helmToYaml));
  m.set(
    'mustToYaml',
    fn(['any'], (v: unknown) => trimNewline(yamlMarshal(v))),
  );
  m.set(
    'toYamlPretty',
    fn(['any'], (v: unknown) => {
      try {
        return trimNewline(toYamlPretty(v));
      } catch {
        return '';
      }
    }),
  );
  m.set('fromYaml', fn(['string'], helmFromYaml));
  m.set(
    'fromYamlArray',
    fn(['string'], (s: string) => {
      try {
        return parseYamlArray(s);
      } catch (e) {
        return [messageOf(e)];
      }
    }),
  );
  m.set(
    'toJson',
    fn(['any'], (v: unknown) => {
      try {
        return marshalJson(v);
      } catch {
        return '';
      }
    }),
  );
  m.set(
    'mustToJson',
    fn(['any'], (v: unknown) => marshalJson(v)),
  );
  m.set(
    'fromJson',
    fn(['string'], (s: string) => {
      // Go fills the map as far as it can and helm adds the error to it.
      const d = decodeGoJson(s, 'map');
      if (!d.error) return d.value;
      return withError((d.value as Record<string, unknown> | undefined) ?? {}, d.error);
    }),
  );
  m.set(
    'fromJsonArray',
    fn(['string'], (s: string) => {
      const d = decodeGoJson(s, 'slice');
      return d.error ? [d.error.message] : d.value;
    }),
  );
  // Sprig's: json.Unmarshal into interface{}, returning the error.
  m.set(
    'mustFromJson',
    fn(['string'], (s: string) => parseGoJson(s)),
  );
  m.set(
    'toPrettyJson',
    fn(['any'], (v: unknown) => {
      try {
        return marshalJson(v, { indent: '  ' });
      } catch {
        return '';
      }
    }),
  );
  m.set(
    'mustToPrettyJson',
    fn(['any'], (v: unknown) => marshalJson(v, { indent: '  ' })),
  );
  // Sprig's toRawJson panics on error; mustToRawJson returns it. Both fail the template.
  m.set(
    'toRawJson',
    fn(['any'], (v: unknown) => marshalJson(v, { escapeHTML: false })),
  );
  m.set(
    'mustToRawJson',
    fn(['any'], (v: unknown) => marshalJson(v, { escapeHTML: false })),
  );
  m.set(
    'toToml',
    fn(['any'], (v: unknown) => {
      try {
        return toToml(v);
      } catch (e) {
        return messageOf(e);
      }
    }),
  );
  m.set(
    'mustToToml',
    fn(['any'], (v: unknown) => toToml(v)),
  );
  m.set(
    'fromToml',
    fn(['string'], (s: string) => {
      try {
        return parseToml(s);
      } catch (e) {
        return withError({}, e);
      }
    }),
  );
  return m;
}
