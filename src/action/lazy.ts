/**
 * The chart model, the template engine and values coalescing, loaded on first use: release
 * commands (list, history, status, get, uninstall, rollback, recover) never render, so importing
 * `action` must not pay for them. Rendering verbs await `loadRenderLib()` once and hand the
 * loaded modules to synchronous code.
 */
import type * as chartModule from '../chart/index.js';
import type * as engineModule from '../engine/index.js';
import type * as valuesModule from '../values/index.js';

export interface RenderLib {
  readonly chart: typeof chartModule;
  readonly engine: typeof engineModule;
  readonly values: typeof valuesModule;
}

/** The template engine alone (helm's functions, Capabilities, KubeVersion). */
export function loadEngine(): Promise<typeof engineModule> {
  return import('../engine/index.js');
}

/** chart, engine and values together, as rendering and linting need them. */
export async function loadRenderLib(): Promise<RenderLib> {
  const [chart, engine, values] = await Promise.all([
    import('../chart/index.js'),
    loadEngine(),
    import('../values/index.js'),
  ]);
  return { chart, engine, values };
}
