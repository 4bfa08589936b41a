/**
 * OCI chart references (`oci://host[:port]/path/chart[:tag][@sha256:…]`) as helm parses them:
 * a `+` in a tag becomes `_` (OCI tags cannot hold `+`), and back again when listing tags.
 */
import { RepoError } from './errors.js';

export interface OciRef {
  registry: string;
  repository: string;
  tag: string;
  digest: string;
}

export const isOci = (ref: string): boolean => ref.startsWith('oci://');

export function parseOciRef(raw: string): OciRef {
  let s = raw.replace(/^oci:\/\//, '');
  let digest = '';
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
  }
  let tag = '';
  const slash = s.indexOf('/');
  if (slash <= 0)
    throw new RepoError('CHART_REF_INVALID', `invalid OCI reference "${raw}": missing repository`);
  const registry = s.slice(0, slash);
  let repository = s.slice(slash + 1);
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1).replaceAll('+', '_');
    repository = repository.slice(0, colon);
  }
  if (
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)
  ) {
    throw new RepoError(
      'CHART_REF_INVALID',
      `invalid OCI reference "${raw}": invalid repository "${repository}"`,
    );
  }
  if (tag && !/^\w[\w.-]{0,127}$/.test(tag)) {
    throw new RepoError('CHART_REF_INVALID', `invalid OCI reference "${raw}": invalid tag "${tag}"`);
  }
  if (digest && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw new RepoError('CHART_REF_INVALID', `invalid OCI reference "${raw}": invalid digest "${digest}"`);
  }
  return { registry, repository, tag, digest };
}

export function formatOciRef(r: OciRef): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${!r.tag && r.digest ? `@${r.digest}` : ''}`;
}

/** The key helm (oras) stores credentials under for a registry host. */
export function credentialsKey(host: string): string {
  const h = host.replace(/^https?:\/\//, '').split('/')[0]!;
  return h === 'docker.io' || h === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : h;
}
