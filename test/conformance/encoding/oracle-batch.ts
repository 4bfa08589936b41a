/**
 * Runs many encoding cases through the real helm in one `helm template`: the case inputs go into
 * values.yaml (as YAML written by `yamlFlow`, so helm and bosun parse the same text), and each
 * case is one template whose output is base64-encoded (so any bytes survive helm's YAML checks).
 */
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';

/** A value written as YAML flow text that both parsers read back as the same Go value. */
export function yamlFlow(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '-0.0';
    return String(v);
  }
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${quote(k)}: ${yamlFlow(x)}`)
      .join(', ')}}`;
  throw new Error(`cannot write ${typeof v} as YAML`);
}

/** A double-quoted YAML scalar using only ASCII (escapes for everything else). */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

export interface BatchCase {
  /** The template action producing the text, with `@V` standing for the case's value (`.Values.cN`). */
  expr: string;
  /** The case's input, placed in values.yaml. */
  value?: unknown;
  /** Raw values.yaml text for the case's key instead of `value` (written as `cN: <raw>`). */
  raw?: string;
}

export interface Batch {
  valuesYaml: string;
  /** helm's output for each case, in order (undefined if helm failed as a whole). */
  outputs: string[];
  stderr: string;
}

/** One helm run for all cases. */
export async function runBatch(cases: readonly BatchCase[], extraValues = ''): Promise<Batch> {
  const lines = cases.map((c, i) => `c${i}: ${c.raw ?? yamlFlow(c.value)}`);
  const valuesYaml = `${lines.join('\n')}\n${extraValues}`;
  const files: Record<string, string> = { 'values.yaml': valuesYaml };
  cases.forEach((c, i) => {
    const expr = c.expr.replaceAll('@V', `.Values.c${i}`);
    files[`templates/c${i}.yaml`] = `v: {{ ${expr} | b64enc | quote }}\n`;
  });
  const r = await helmTemplateFiles(files);
  const docs = splitBySource(r.stdout);
  const outputs = cases.map((_, i) => {
    const d = docs.get(`t/templates/c${i}.yaml`);
    if (d === undefined) return undefined as unknown as string;
    const m = /^v: "(.*)"\n/.exec(d);
    return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : (undefined as unknown as string);
  });
  return { valuesYaml, outputs, stderr: r.stderr };
}
