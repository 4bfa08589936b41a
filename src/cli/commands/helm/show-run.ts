/** The body of `bosun helm show …`, loaded lazily. */
import { type ShowFormat, show } from '../../../action/index.js';
import { type Chart, ChartLoadError } from '../../../chart/index.js';
import { UserError } from '../../exit.js';
import { loadChartArgument } from '../../inputs.js';

export async function runShow(
  format: ShowFormat,
  args: string[],
  opts: Record<string, unknown>,
  signal: AbortSignal,
): Promise<void> {
  if (args.length !== 1) {
    throw new UserError(
      `"helm show ${format}" requires 1 argument\n\nUsage:  helm show ${format} [CHART] [flags]`,
      { code: 'EARGS' },
    );
  }
  if (typeof opts.jsonpath === 'string' && opts.jsonpath !== '') {
    throw new UserError('--jsonpath is not supported by bosun yet', { code: 'EUNSUPPORTED' });
  }
  const located: Record<string, unknown> = { ...opts };
  if (located.version === undefined && located.devel) located.version = '>0.0.0-0';
  let chart: Chart;
  try {
    chart = await loadChartArgument(args[0]!, located, signal);
  } catch (err) {
    // `helm show` loads with the v2 loader directly, which words a missing Chart.yaml this way.
    if (err instanceof ChartLoadError && err.code === 'ECHART_NOT_FOUND') {
      throw new UserError('Chart.yaml file is missing', { code: err.code, cause: err });
    }
    throw err;
  }
  process.stdout.write(show(chart, format));
}
