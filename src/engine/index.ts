/**
 * engine — helm's template engine: Sprig and helm's functions (include, tpl, required, fail,
 * lookup as an injected function, the encoding functions), `.Files`, `.Capabilities`, and
 * rendering a whole chart tree into template path → text, as helm's pkg/engine does.
 *
 * Must not touch the network or the cluster (lookup is injected). Imports gotemplate,
 * encoding, chart, values and semver.
 *
 * Example:
 *   const out = renderChart(toRenderChart(chart), { Values: vals, Release: {...},
 *     Capabilities: new Capabilities() }, helmFuncs());
 *   out.get('web/templates/service.yaml')  // 'apiVersion: v1\nkind: Service\n…'
 */
export {
  Capabilities,
  defaultAPIVersions,
  HelmVersion,
  helmBuildInfo,
  KubeVersion,
  VersionSet,
} from './capabilities.js';
export { toRenderChart } from './chart-adapter.js';
export type { RandomSource } from './crypto/index.js';
export { seededRandom, systemRandom } from './crypto/index.js';
export { RenderError } from './errors.js';
export { Files } from './files.js';
export { type FuncOptions, helmFuncs } from './funcs.js';
export { type LookupFunc, type RenderChart, type RenderOptions, renderChart } from './render.js';
