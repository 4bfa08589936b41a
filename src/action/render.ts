/**
 * Rendering a release: dependencies processed, values coalesced and validated, templates
 * executed, NOTES.txt pulled out, manifests split into hooks and resources in install order —
 * helm's Install/Upgrade path up to (not including) talking to the cluster
 * (pkg/action/action.go renderResources, pkg/chart/common/util/values.go ToRenderValues).
 */
import type { Chart } from '../chart/index.js';
import type { Capabilities, LookupFunc } from '../engine/index.js';
import type { FuncMap, GoMap, ParseCache } from '../gotemplate/index.js';
import { type Hook, InstallOrder, type Manifest, sortManifests, trimSpace } from '../release/index.js';
import { loadRenderLib, type RenderLib } from './lazy.js';

export interface ReleaseOptions {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly isInstall: boolean;
  readonly isUpgrade: boolean;
}

export interface RenderReleaseInput {
  readonly chart: Chart;
  /** The user-supplied values (already merged from -f and --set flags). */
  readonly values: GoMap;
  readonly release: ReleaseOptions;
  readonly capabilities: Capabilities;
  readonly funcs: FuncMap;
  readonly lookup?: LookupFunc;
  readonly includeCrds?: boolean;
  /** Render NOTES.txt of subcharts too (helm's --render-subchart-notes). */
  readonly subNotes?: boolean;
  readonly skipSchemaValidation?: boolean;
  /** Replace Secret bodies with a marker (helm's --hide-secret). */
  readonly hideSecret?: boolean;
  readonly warn?: (message: string) => void;
  /** Share parsed templates across many renders of the same chart in one process. */
  readonly parseCache?: ParseCache;
}

export interface RenderedRelease {
  /** The chart after dependency processing (what the release record stores). */
  readonly chart: Chart;
  /** Coalesced values the templates saw as `.Values`. */
  readonly values: GoMap;
  readonly manifest: string;
  readonly manifests: readonly Manifest[];
  readonly hooks: readonly Hook[];
  readonly notes: string;
}

/** A render that failed after templates ran; `partialManifest` holds what helm shows with --debug. */
export class ReleaseRenderError extends Error {
  readonly code: string;
  constructor(
    message: string,
    readonly partialManifest: string,
    options: { cause: unknown; code?: string },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ReleaseRenderError';
    this.code = options.code ?? 'ERENDER';
  }
}

/** An error before any template ran (dependencies, kubeVersion, values schema). */
export class ReleasePrepareError extends Error {
  readonly code: string;
  constructor(message: string, options: { cause?: unknown; code?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ReleasePrepareError';
    this.code = options.code ?? 'EPREPARE';
  }
}

const notesSuffix = 'NOTES.txt';

/** helm's checkIfInstallable: only application charts (type "" or "application") install. */
export function checkInstallable(chart: Chart): void {
  const type = chart.metadata.Type;
  if (type === '' || type === 'application') return;
  throw new ReleasePrepareError(`${type} charts are not installable`, { code: 'ENOT_INSTALLABLE' });
}

/** helm's CheckDependencies: every dependency in Chart.yaml must be present in charts/. */
export function checkDependencies(chart: Chart): void {
  const present = new Set(chart.dependencies.map((d) => d.name));
  const missing = (chart.metadata.Dependencies ?? [])
    .filter((d) => d && !present.has(d.Name))
    .map((d) => d!.Name);
  if (missing.length > 0) {
    throw new ReleasePrepareError(
      `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
      { code: 'EMISSING_DEPENDENCY' },
    );
  }
}

/** The top-level template data (`.Chart`, `.Release`, `.Capabilities`, `.Values`). */
export async function toRenderValues(
  chart: Chart,
  values: GoMap,
  release: ReleaseOptions,
  capabilities: Capabilities,
  skipSchemaValidation = false,
): Promise<GoMap> {
  return renderValuesWith(await loadRenderLib(), chart, values, release, capabilities, skipSchemaValidation);
}

/** toRenderValues with chart, engine and values already loaded. */
export function renderValuesWith(
  lib: RenderLib,
  chart: Chart,
  values: GoMap,
  release: ReleaseOptions,
  capabilities: Capabilities,
  skipSchemaValidation = false,
): GoMap {
  const top: GoMap = {
    Chart: chart.metadata.asMap(),
    Capabilities: capabilities,
    Release: {
      Name: release.name,
      Namespace: release.namespace,
      IsUpgrade: release.isUpgrade,
      IsInstall: release.isInstall,
      Revision: BigInt(release.revision),
      Service: 'Helm',
    },
  };
  const vals = lib.values.coalesceValues(chart, values);
  if (!skipSchemaValidation) {
    try {
      lib.chart.validateValuesAgainstSchema(chart, vals);
    } catch (err) {
      throw new ReleasePrepareError((err as Error).message, { cause: err, code: 'ESCHEMA' });
    }
  }
  top.Values = vals;
  return top;
}

export async function renderRelease(input: RenderReleaseInput): Promise<RenderedRelease> {
  return renderReleaseWith(await loadRenderLib(), input);
}

/** renderRelease with chart, engine and values already loaded (synchronous, for a sync `lookup`). */
export function renderReleaseWith(lib: RenderLib, input: RenderReleaseInput): RenderedRelease {
  const { isCompatibleRange, processDependencies } = lib.chart;
  const { renderChart, toRenderChart } = lib.engine;
  let chart: Chart;
  try {
    chart = processDependencies(input.chart, input.values, input.warn ? { warn: input.warn } : {});
  } catch (err) {
    throw new ReleasePrepareError(`chart dependencies processing failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const kubeVersion = chart.metadata.KubeVersion;
  if (kubeVersion !== '' && !isCompatibleRange(kubeVersion, input.capabilities.KubeVersion.String())) {
    throw new ReleasePrepareError(
      `chart requires kubeVersion: ${kubeVersion} which is incompatible with Kubernetes ${input.capabilities.KubeVersion.Version}`,
      { code: 'EKUBEVERSION' },
    );
  }
  const top = renderValuesWith(
    lib,
    chart,
    input.values,
    input.release,
    input.capabilities,
    input.skipSchemaValidation,
  );

  let files: Map<string, string>;
  try {
    files = renderChart(toRenderChart(chart), top, input.funcs, {
      ...(input.lookup ? { lookup: input.lookup } : {}),
      ...(input.warn ? { warn: input.warn } : {}),
      ...(input.parseCache ? { parseCache: input.parseCache } : {}),
    });
  } catch (err) {
    throw new ReleaseRenderError((err as Error).message, '', {
      cause: err,
      code: (err as { code?: string }).code,
    });
  }

  const notesParts: string[] = [];
  const rootNotes = `${chart.name}/templates/${notesSuffix}`;
  for (const k of [...files.keys()].sort()) {
    if (!k.endsWith(notesSuffix)) continue;
    if (input.subNotes || k === rootNotes) notesParts.push(files.get(k)!);
    files.delete(k);
  }

  let sorted: ReturnType<typeof sortManifests>;
  try {
    sorted = sortManifests(files, InstallOrder);
  } catch (err) {
    let partial = '';
    for (const [name, content] of files) {
      if (trimSpace(content) === '') continue;
      partial += `---\n# Source: ${name}\n${content}\n`;
    }
    throw new ReleaseRenderError((err as Error).message, partial, { cause: err, code: 'EMANIFEST' });
  }

  let manifest = '';
  if (input.includeCrds) {
    const utf8 = new TextDecoder();
    for (const crd of chart.crdObjects())
      manifest += `---\n# Source: ${crd.filename}\n${utf8.decode(crd.file.data)}\n`;
  }
  for (const m of sorted.manifests) {
    if (input.hideSecret && m.head.kind === 'Secret' && m.head.apiVersion === 'v1') {
      manifest += `---\n# Source: ${m.name}\n# HIDDEN: The Secret output has been suppressed\n`;
    } else {
      manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
    }
  }
  return {
    chart,
    values: top.Values as GoMap,
    manifest,
    manifests: sorted.manifests,
    hooks: sorted.hooks,
    notes: notesParts.join('\n'),
  };
}
