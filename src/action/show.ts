/**
 * `helm show chart|values|readme|crds|all`: the parts of a chart as helm prints them
 * (pkg/action/show.go). Chart.yaml is re-encoded from the parsed metadata (sigs.k8s.io/yaml
 * of *chart.Metadata: JSON field names, empty fields dropped, keys sorted); values.yaml and
 * the README are printed as written; CRDs of the chart and its subcharts follow, each
 * separated by `---` unless the file already starts with it.
 */
import type { Chart } from '../chart/index.js';
import { toYaml } from '../encoding/index.js';

export type ShowFormat = 'all' | 'chart' | 'values' | 'readme' | 'crds';

export const showFormats: readonly ShowFormat[] = ['all', 'chart', 'values', 'readme', 'crds'];

/** File names helm accepts as the README, compared without regard to case. */
const readmeNames = ['readme.md', 'readme.txt', 'readme'];

const utf8 = new TextDecoder();

/** What `helm show FORMAT` prints for a loaded chart. */
export function show(chart: Chart, format: ShowFormat): string {
  const all = format === 'all';
  let out = '';
  if (all || format === 'chart') out += `${toYaml(chart.metadata.toJSONValue())}\n`;

  // helm's chart has nil values (and `show all` prints no separator) without a values.yaml.
  const valuesFile = chart.raw.find((f) => f.name === 'values.yaml');
  if ((all || format === 'values') && valuesFile) {
    if (all) out += '---\n';
    out += `${utf8.decode(valuesFile.data)}\n`;
  }

  if (all || format === 'readme') {
    const readme = findReadme(chart);
    if (readme !== undefined) {
      if (all) out += '---\n';
      out += `${readme}\n`;
    }
  }

  if (all || format === 'crds') {
    for (const crd of chart.crdObjects()) {
      const text = utf8.decode(crd.file.data);
      if (!text.startsWith('---')) out += '---\n';
      out += `${text}\n`;
    }
  }
  return out;
}

/** The first of the chart's files named like a README (in load order), as text. */
function findReadme(chart: Chart): string | undefined {
  for (const f of chart.files) {
    const lower = f.name.toLowerCase();
    if (readmeNames.includes(lower)) return utf8.decode(f.data);
  }
  return undefined;
}
