/**
 * Runs Sprig conformance cases through the real helm and through bosun (gotemplate's
 * TemplateSet with bosun's Sprig functions), with the same template text on both sides.
 *
 * Each case is one template action. Case N becomes `templates/cN.yaml` with the body
 * `v: {{ print (ACTION) | toJson }}` — `print` is Go's fmt.Sprint (how text/template prints a
 * value) and `toJson` turns that text into a YAML-safe string — and all value cases render in
 * one `helm template` run. Cases that must fail run one helm each (helm stops at the first
 * error) and are compared by the message after "error calling NAME: ".
 */
import { sprigFuncs } from '../../../src/engine/sprig/index.js';
import { func, TemplateSet } from '../../../src/gotemplate/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';

export interface Case {
  /** Test name: the function and what the case is about. */
  name: string;
  /** The action text between `{{` and `}}`. */
  tpl: string;
}

/** Values every case can read as `.Values.*` (JSON is YAML; numbers arrive as float64 in both). */
export const values = {
  int: 3,
  flt: 2.5,
  str: '12',
  big: 10000000,
  zero: 0,
  emptyStr: '',
  emptyMap: {},
  emptyList: [],
  list: [1, 'two', 3.5],
  nested: { a: { b: 'deep' }, x: 1 },
  yes: true,
  no: false,
  none: null,
};

const valueBody = (tpl: string): string => `v: {{ print (${tpl}) | toJson }}\n`;
const errorBody = (tpl: string): string => `v: {{ ${tpl} }}\n`;

/** helm's toJson for the only thing the cases feed it: a string (Go escapes <, > and & in JSON). */
const toJsonString = func(['any'], (s: string) =>
  JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  ),
);

function render(body: string): string {
  const set = new TemplateSet(new Map([...sprigFuncs({ now: () => new Date() }), ['toJson', toJsonString]]), {
    missingKey: 'zero',
  });
  set.parse('c.yaml', body);
  return set.execute('c.yaml', { Values: JSON.parse(JSON.stringify(values)) });
}

const decode = (doc: string): string => JSON.parse(doc.replace(/^v: /, ''));

/** bosun's printed result for an action. */
export function bosunPrint(tpl: string): string {
  return decode(render(valueBody(tpl)));
}

/** bosun's error message for an action that must fail (the part after "error calling NAME: "). */
export function bosunError(tpl: string): string {
  try {
    return `no error; printed ${render(errorBody(tpl))}`;
  } catch (e) {
    const msg = (e as Error).message;
    const m = /error calling [A-Za-z0-9_]+: (.*)$/m.exec(msg);
    return m ? m[1]! : msg;
  }
}

/** Renders all value cases in one helm run: case name → printed text. */
export async function helmPrints(cases: readonly Case[]): Promise<Map<string, string>> {
  const files: Record<string, string> = { 'values.yaml': JSON.stringify(values) };
  cases.forEach((c, i) => {
    files[`templates/c${i}.yaml`] = valueBody(c.tpl);
  });
  const r = await helmTemplateFiles(files);
  if (r.code !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  const docs = splitBySource(r.stdout);
  const out = new Map<string, string>();
  cases.forEach((c, i) => {
    const doc = docs.get(`t/templates/c${i}.yaml`);
    if (doc === undefined) throw new Error(`no output for ${c.name}`);
    out.set(c.name, decode(doc));
  });
  return out;
}

/** Runs one failing case through helm: the message after "error calling NAME: ". */
export async function helmError(c: Case): Promise<string> {
  const r = await helmTemplateFiles({
    'values.yaml': JSON.stringify(values),
    'templates/c.yaml': errorBody(c.tpl),
  });
  if (r.code === 0) return `no error; printed ${splitBySource(r.stdout).get('t/templates/c.yaml')}`;
  const m = /error calling [A-Za-z0-9_]+: (.*)$/m.exec(r.stderr);
  return m ? m[1]! : r.stderr.trim();
}
