/**
 * Shared driver: a table of named cases, each a template function applied to a value, run once
 * through the real helm (one template per case) and through bosun's parse + function.
 */
import { beforeAll, expect, test } from 'vitest';
import { encodingFuncs, parseYaml } from '../../../src/encoding/index.js';
import { type Batch, type BatchCase, runBatch } from './oracle-batch.js';

export interface FuncCase {
  name: string;
  /** Template function name, applied as `{{ fn .Values.cN }}`. */
  fn: string;
  value?: unknown;
  /** values.yaml text for the value instead of `value`. */
  raw?: string;
}

const funcs = encodingFuncs();

/** bosun's result for one case: the function applied to bosun's parse of the same values.yaml. */
function ours(c: FuncCase, values: Record<string, unknown>, i: number): string {
  const f = funcs.get(c.fn);
  if (!f) throw new Error(`no function ${c.fn}`);
  const out = f.fn(values[`c${i}`]);
  return typeof out === 'string' ? out : String(funcs.get('toJson')!.fn(out));
}

/**
 * Declares one vitest test per case. Functions whose result is not a string (fromYaml…) are
 * compared through toJson on both sides.
 */
export function conformanceTable(cases: readonly FuncCase[], nonString: readonly string[] = []): void {
  let batch: Batch;
  let values: Record<string, unknown>;
  beforeAll(async () => {
    const bc: BatchCase[] = cases.map((c) => ({
      expr: nonString.includes(c.fn) ? `${c.fn} @V | toJson` : `${c.fn} @V`,
      ...(c.raw !== undefined ? { raw: c.raw } : { value: c.value }),
    }));
    batch = await runBatch(bc);
    if (batch.outputs.some((o) => o === undefined)) throw new Error(`helm failed:\n${batch.stderr}`);
    values = parseYaml(batch.valuesYaml) as Record<string, unknown>;
  }, 180_000);
  test.for(cases.map((c, i) => ({ ...c, i })))('$fn $name', (c) => {
    expect(ours(c, values, c.i)).toBe(batch.outputs[c.i]);
  });
}
