/** Release names: helm's validation and the NAME/CHART argument rules of install and template. */
import { type FuncMap, TemplateSet } from '../gotemplate/index.js';

const validName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const validNameSource = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export class ReleaseNameError extends Error {
  readonly code = 'ERELEASE_NAME';
}

/** helm's ValidateReleaseName: at most 53 characters of a DNS-1123 subdomain. */
export function validateReleaseName(name: string): void {
  if (name === '') throw new ReleaseNameError('no name provided');
  if (name.length > 53 || !validName.test(name)) {
    throw new ReleaseNameError(
      `invalid release name, must match regex ${validNameSource} and the length must not be longer than 53`,
    );
  }
}

export interface NameOptions {
  readonly generateName?: boolean;
  readonly nameTemplate?: string;
  /** A default name (helm template uses "release-name"). */
  readonly releaseName?: string;
  readonly funcs: FuncMap;
  readonly now?: () => Date;
}

/** helm's Install.NameAndChart: picks the release name and chart reference from the arguments. */
export function nameAndChart(args: readonly string[], opts: NameOptions): { name: string; chart: string } {
  const flagsNotSet = () => {
    if (opts.generateName) throw new ReleaseNameError('cannot set --generate-name and also specify a name');
    if (opts.nameTemplate) throw new ReleaseNameError('cannot set --name-template and also specify a name');
  };
  if (args.length > 2) {
    throw new ReleaseNameError(
      `expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`,
    );
  }
  if (args.length === 2) {
    flagsNotSet();
    return { name: args[0]!, chart: args[1]! };
  }
  if (opts.nameTemplate) {
    const set = new TemplateSet(opts.funcs, { missingKey: 'default' });
    set.parse('name-template', opts.nameTemplate);
    return { name: set.execute('name-template', null), chart: args[0]! };
  }
  if (opts.releaseName) return { name: opts.releaseName, chart: args[0]! };
  if (!opts.generateName) throw new ReleaseNameError('must either provide a name or specify --generate-name');
  let base = args[0]!.replace(/\/+$/, '');
  base = base.slice(base.lastIndexOf('/') + 1);
  if (base === '.' || base === '') base = 'chart';
  const dot = base.indexOf('.');
  if (dot !== -1) base = base.slice(0, dot);
  const now = opts.now ?? (() => new Date());
  return { name: `${base}-${Math.floor(now().getTime() / 1000)}`, chart: args[0]! };
}
