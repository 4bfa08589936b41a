/** The body of `bosun helm template`, loaded lazily. */

import { nameAndChart, template } from '../../../action/index.js';
import { helmFuncs, KubeVersion } from '../../../engine/index.js';
import { UserError } from '../../exit.js';
import type { ValueFlags } from '../../flags.js';
import { loadChartArgument, readUserValues } from '../../inputs.js';

export async function runTemplate(
  args: string[],
  opts: Record<string, unknown>,
  values: ValueFlags,
): Promise<void> {
  if (args.length === 0) throw new UserError('"helm template" requires at least 1 argument');
  const { name, chart: chartRef } = nameAndChart(args, {
    generateName: Boolean(opts.generateName),
    ...(typeof opts.nameTemplate === 'string' ? { nameTemplate: opts.nameTemplate } : {}),
    releaseName: 'release-name',
    funcs: helmFuncs(),
  });
  let kubeVersion: KubeVersion | undefined;
  if (typeof opts.kubeVersion === 'string') {
    try {
      kubeVersion = KubeVersion.parse(opts.kubeVersion);
    } catch (err) {
      throw new UserError(`invalid kube version '${opts.kubeVersion}': ${(err as Error).message}`);
    }
  }
  const userValues = await readUserValues(values);
  const chart = await loadChartArgument(chartRef, opts);
  const out = await template({
    releaseName: name,
    namespace: typeof opts.namespace === 'string' ? opts.namespace : 'default',
    chart,
    values: userValues,
    ...(kubeVersion ? { kubeVersion } : {}),
    apiVersions: (opts.apiVersions as string[]) ?? [],
    isUpgrade: Boolean(opts.isUpgrade),
    includeCrds: Boolean(opts.includeCrds),
    skipTests: Boolean(opts.skipTests),
    noHooks: opts.hooks === false,
    showOnly: (opts.showOnly as string[]) ?? [],
    ...(typeof opts.outputDir === 'string' ? { outputDir: opts.outputDir } : {}),
    useReleaseName: Boolean(opts.releaseName),
    skipSchemaValidation: Boolean(opts.skipSchemaValidation),
    subNotes: Boolean(opts.renderSubchartNotes),
    enableDNS: Boolean(opts.enableDns),
    debug: Boolean(opts.debug),
    onWrite: (p) => process.stdout.write(`wrote ${p}\n`),
    warn: (m) => process.stderr.write(`level=WARN msg=${JSON.stringify(m)}\n`),
  });
  process.stdout.write(out);
}
