/** Building release records from charts and values, as helm's createRelease does. */
import type { Chart, ChartFile } from '../chart/index.js';
import type { GoMap } from '../gotemplate/index.js';
import {
  encodeRelease,
  goTime,
  goZeroTime,
  isPendingStatus,
  type ChartFile as RecordFile,
  type Release,
  type ReleaseChart,
  type ReleaseStatus,
} from '../release/index.js';
import { maxRecordBytes, ReleaseTooLargeError } from '../storage/index.js';
import { dropLease } from './lease.js';

function b64(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

function recordFile(f: ChartFile): RecordFile {
  return f.modTime
    ? { name: f.name, data: b64(f.data), modtime: goTime(f.modTime) }
    : { name: f.name, data: b64(f.data) };
}

/** The chart as helm's record stores it: the top-level chart only, data base64-encoded. */
export function recordChart(chart: Chart): ReleaseChart {
  const chartYaml = chart.raw.find((f) => f.name === 'Chart.yaml');
  const schemaFile = chart.raw.find((f) => f.name === 'values.schema.json');
  const out: ReleaseChart = {
    metadata: chart.metadata.toJSONValue() as ReleaseChart['metadata'],
    lock: chart.lock ? (chart.lock.toJSONValue() as unknown as ReleaseChart['lock']) : null,
    templates: chart.templates.map(recordFile),
    values: chart.values,
    schema: chart.schema ? b64(chart.schema) : null,
    schemamodtime: schemaFile?.modTime ? goTime(schemaFile.modTime) : goZeroTime,
    // helm's loader leaves the slice nil when the chart has no other files: JSON null.
    files: chart.files.length ? chart.files.map(recordFile) : null,
  };
  if (chartYaml?.modTime) out.modtime = goTime(chartYaml.modTime);
  return out;
}

export interface NewReleaseInput {
  name: string;
  namespace: string;
  chart: Chart;
  config: GoMap;
  version: number;
  now: Date;
  labels?: Record<string, string>;
  firstDeployed?: string;
}

export function newRelease(input: NewReleaseInput): Release {
  const ts = goTime(input.now);
  return {
    name: input.name,
    namespace: input.namespace,
    chart: recordChart(input.chart),
    config: input.config,
    info: {
      first_deployed: input.firstDeployed ?? ts,
      last_deployed: ts,
      status: 'unknown',
      description: '',
      notes: '',
    },
    manifest: '',
    hooks: [],
    version: input.version,
    labels: input.labels ?? {},
    apply_method: 'ssa',
  };
}

/** Sets status and description; a final status drops the pending lease labels. */
export function setStatus(rel: Release, status: ReleaseStatus, description: string): void {
  rel.info.status = status;
  rel.info.description = description;
  if (!isPendingStatus(status)) dropLease(rel);
}

/**
 * Refuses, before anything is applied, a revision whose record would not fit in a Secret or
 * ConfigMap (helm would fail only when storing it, after applying the chart's objects).
 */
export function checkRecordSize(rel: Release): void {
  const bytes = encodeRelease(rel).length;
  if (bytes > maxRecordBytes) throw new ReleaseTooLargeError(rel.name, rel.version, bytes, maxRecordBytes);
}
