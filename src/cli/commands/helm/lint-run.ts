/** The body of `bosun helm lint`, loaded lazily: helm's report format and exit status. */
import {
  formatLintMessage,
  hasWarningsOrErrors,
  type LintOptions,
  lintPath,
  Severity,
  subchartPaths,
} from '../../../action/index.js';
import { KubeVersion } from '../../../engine/index.js';
import { UserError } from '../../exit.js';
import type { ValueFlags } from '../../flags.js';
import { readUserValues } from '../../inputs.js';

export async function runLint(
  args: string[],
  opts: Record<string, unknown>,
  flags: ValueFlags,
): Promise<void> {
  if (args.length === 0) {
    throw new UserError('"helm lint" requires at least 1 argument\n\nUsage:  helm lint PATH [flags]', {
      code: 'EARGS',
    });
  }
  let kubeVersion: KubeVersion | undefined;
  if (typeof opts.kubeVersion === 'string' && opts.kubeVersion !== '') {
    try {
      kubeVersion = KubeVersion.parse(opts.kubeVersion);
    } catch (err) {
      throw new UserError(`invalid kube version '${opts.kubeVersion}': ${(err as Error).message}`);
    }
  }
  const paths = [...args];
  if (opts.withSubcharts) for (const p of args) paths.push(...subchartPaths(p));
  const values = await readUserValues(flags);
  const quiet = Boolean(opts.quiet);
  const lintOpts: LintOptions = {
    values,
    namespace: typeof opts.namespace === 'string' ? opts.namespace : 'default',
    strict: Boolean(opts.strict),
    skipSchemaValidation: Boolean(opts.skipSchemaValidation),
    ...(kubeVersion ? { kubeVersion } : {}),
  };
  let out = '';
  let failed = 0;
  let errorsOrWarnings = 0;
  for (const path of paths) {
    const result = await lintPath(path, { ...lintOpts, values: structuredClone(values) });
    const noisy = hasWarningsOrErrors(result);
    if (noisy) errorsOrWarnings++;
    if (quiet && !noisy) continue;
    out += `==> Linting ${path}\n`;
    if (result.messages.length === 0) for (const e of result.errors) out += `Error ${e}\n`;
    for (const m of result.messages) {
      if (!quiet || m.severity > Severity.Info) out += `${formatLintMessage(m)}\n`;
    }
    if (result.errors.length !== 0) failed++;
    out += '\n';
  }
  process.stdout.write(out);
  const summary = `${paths.length} chart(s) linted, ${failed} chart(s) failed`;
  if (failed > 0) throw new UserError(summary, { code: 'ELINT' });
  if (!quiet || errorsOrWarnings > 0) process.stdout.write(`${summary}\n`);
}
