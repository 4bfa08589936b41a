/** Adapts the chart module's Chart to what the engine renders. */
import type { Chart } from '../chart/index.js';
import type { RenderChart } from './render.js';

export function toRenderChart(chart: Chart): RenderChart {
  return {
    name: chart.name,
    fullPath: chart.chartFullPath(),
    isRoot: chart.isRoot,
    isLibrary: chart.isLibrary,
    metadata: chart.metadata.asMap(),
    templates: chart.templates,
    files: chart.files,
    dependencies: chart.dependencies.map(toRenderChart),
  };
}
