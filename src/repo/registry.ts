/**
 * Charts in OCI registries: resolving a reference with `--version` (exact tag, or the newest
 * tag matching a constraint), pulling the chart layer, pushing a packaged chart with helm's
 * config/layer media types and annotations, and `registry login|logout`.
 */
import { readFileSync, statSync } from 'node:fs';
import { type Chart, loadArchive, type Metadata } from '../chart/index.js';
import { marshalJson } from '../encoding/index.js';
import { parseConstraint, parseStrictVersion, parseVersion, type Version } from '../semver/index.js';
import { sha256Hex } from './cache.js';
import { metadataJson, metadataOf } from './chart-version.js';
import { messageOf, RepoError } from './errors.js';
import { jsonStruct } from './fs-util.js';
import {
  CHART_LAYER_MEDIA_TYPE,
  CONFIG_MEDIA_TYPE,
  type Descriptor,
  LEGACY_CHART_LAYER_MEDIA_TYPE,
  manifestJson,
  OciClient,
  type OciClientOptions,
  PROV_LAYER_MEDIA_TYPE,
  removeCredentials,
  saveCredentials,
} from './oci.js';
import { formatOciRef, type OciRef, parseOciRef } from './oci-ref.js';

export interface ResolvedOci {
  ref: OciRef;
  /** Tag or digest to fetch. */
  reference: string;
  /** Known manifest digest (when the user pinned one). */
  digest?: string;
}

/** Tags that are strict semver (with `_` read as `+`), newest first. */
export async function semverTags(client: OciClient, repository: string): Promise<string[]> {
  const vs: Version[] = [];
  for (const t of await client.tags(repository)) {
    try {
      vs.push(parseStrictVersion(t.replaceAll('_', '+')));
    } catch {
      // not a chart version
    }
  }
  return vs.sort((a, b) => b.compare(a)).map((v) => v.toString());
}

/** helm's ValidateReference: which tag or digest `ref` + `version` mean. */
export async function resolveOci(raw: string, version: string, client: OciClient): Promise<ResolvedOci> {
  const ref = parseOciRef(raw);
  let v = version;
  if (v === '') v = ref.tag;
  else if (ref.tag !== '' && ref.tag !== v.replaceAll('+', '_')) {
    throw new RepoError(
      'CHART_REF_INVALID',
      `chart reference and version mismatch: ${version} is not ${ref.tag}`,
    );
  }
  if (ref.digest) {
    if (v === '') return { ref, reference: ref.digest, digest: ref.digest };
    const m = await client.manifest(ref.repository, v.replaceAll('+', '_'));
    if (m.digest !== ref.digest) {
      throw new RepoError(
        'DIGEST_MISMATCH',
        `chart reference digest mismatch: ${m.digest} is not ${ref.digest}`,
      );
    }
    return { ref: { ...ref, tag: v.replaceAll('+', '_') }, reference: ref.digest, digest: ref.digest };
  }
  let tag: string;
  let exact = false;
  try {
    parseVersion(v);
    exact = true;
  } catch {
    // a constraint (or nothing): look at the tags
  }
  if (exact) tag = v;
  else {
    const tags = await semverTags(client, ref.repository);
    if (tags.length === 0) {
      throw new RepoError('CHART_NOT_FOUND', `unable to locate any tags in provided repository: ${raw}`);
    }
    const found = tags.find((t) => t === v) ?? matchConstraint(tags, v);
    if (!found) {
      throw new RepoError(
        'CHART_VERSION_NOT_FOUND',
        `could not locate a version matching provided version string ${v} in ${raw}; available versions: ${tags.slice(0, 20).join(', ')}`,
      );
    }
    tag = found;
  }
  return { ref: { ...ref, tag: tag.replaceAll('+', '_') }, reference: tag.replaceAll('+', '_') };
}

function matchConstraint(tags: string[], v: string): string | undefined {
  let c: ReturnType<typeof parseConstraint>;
  try {
    c = parseConstraint(v === '' ? '*' : v);
  } catch (err) {
    throw new RepoError('CONSTRAINT_INVALID', `invalid version constraint "${v}": ${messageOf(err)}`);
  }
  return tags.find((t) => c.check(parseVersion(t)));
}

export interface OciPullResult {
  data: Buffer;
  /** `host/repo/chart:tag` or `…@digest` as helm prints it. */
  ref: string;
  manifestDigest: string;
  chartDigest: string;
  metadata: Metadata;
  /** helm's file name: `<chart>-<tag>.tgz` */
  fileName: string;
  /** Lines helm prints (Pulled:/Digest:). */
  output: string;
}

export async function ociPull(raw: string, version: string, opts: OciClientOptions): Promise<OciPullResult> {
  const first = parseOciRef(raw);
  const client = new OciClient(first.registry, opts);
  const r = await resolveOci(raw, version, client);
  const { manifest, digest } = await client.manifest(r.ref.repository, r.reference);
  if (manifest.config?.mediaType !== CONFIG_MEDIA_TYPE) {
    throw new RepoError('OCI_ERROR', `could not load config with mediatype ${CONFIG_MEDIA_TYPE} from ${raw}`);
  }
  let output = '';
  const layer = (manifest.layers ?? []).find(
    (l) => l.mediaType === CHART_LAYER_MEDIA_TYPE || l.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE,
  );
  if (!layer) {
    throw new RepoError(
      'OCI_ERROR',
      `manifest does not contain a layer with mediatype ${CHART_LAYER_MEDIA_TYPE}`,
    );
  }
  if (layer.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE) {
    output += `Warning: chart media type ${LEGACY_CHART_LAYER_MEDIA_TYPE} is deprecated\n`;
  }
  const config = await client.blob(r.ref.repository, manifest.config);
  const metadata = metadataOf(JSON.parse(config.toString('utf8')) as Record<string, unknown>);
  if (metadata.APIVersion === '') metadata.APIVersion = 'v1';
  const data = await client.blob(r.ref.repository, layer);
  const printed = formatOciRef(r.ref);
  output += `Pulled: ${printed}\nDigest: ${digest}\n`;
  const name = r.ref.repository.slice(r.ref.repository.lastIndexOf('/') + 1);
  const tagForFile = r.ref.tag || version || r.reference;
  return {
    data,
    ref: printed,
    manifestDigest: digest,
    chartDigest: layer.digest,
    metadata,
    fileName: `${name}-${tagForFile}.tgz`,
    output,
  };
}

/** helm's OCI annotations for a chart. */
export function chartAnnotations(md: Metadata, created: string): Record<string, string> {
  const a: Record<string, string> = {};
  const add = (k: string, v: string | undefined) => {
    if (v && v.trim() !== '') a[k] = v;
  };
  add('org.opencontainers.image.description', md.Description);
  add('org.opencontainers.image.title', md.Name);
  add('org.opencontainers.image.version', md.Version);
  add('org.opencontainers.image.url', md.Home);
  add('org.opencontainers.image.created', created);
  if (md.Sources && md.Sources.length > 0) add('org.opencontainers.image.source', md.Sources[0]);
  if (md.Maintainers && md.Maintainers.length > 0) {
    const s = md.Maintainers.map((m) => `${m?.Name ?? ''}${m?.Email ? ` (${m.Email})` : ''}`).join(', ');
    add('org.opencontainers.image.authors', s);
  }
  for (const [k, v] of Object.entries(md.Annotations ?? {})) {
    if (k === 'org.opencontainers.image.version' || k === 'org.opencontainers.image.title') continue;
    a[k] = v;
  }
  return a;
}

function rfc3339(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** `helm push CHART.tgz oci://host/path`: returns what helm prints. */
export async function ociPush(archivePath: string, remote: string, opts: OciClientOptions): Promise<string> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(archivePath);
  } catch {
    throw new RepoError('CHART_INVALID', `${archivePath}: no such file`);
  }
  if (st.isDirectory())
    throw new RepoError('CHART_INVALID', 'cannot push directory, must provide chart archive (.tgz)');
  if (!remote.startsWith('oci://')) {
    throw new RepoError('CHART_REF_INVALID', `scheme prefix missing from remote (e.g. "oci://")`);
  }
  const data = readFileSync(archivePath);
  let chart: Chart;
  try {
    chart = loadArchive(data);
  } catch (err) {
    throw new RepoError('CHART_INVALID', `${archivePath}: ${messageOf(err)}`, { cause: err });
  }
  const md = chart.metadata;
  const ref = parseOciRef(`${remote.replace(/\/+$/, '')}/${md.Name}:${md.Version}`);
  let provData: Buffer | undefined;
  try {
    provData = readFileSync(`${archivePath}.prov`);
  } catch {
    // no provenance file
  }
  const client = new OciClient(ref.registry, opts);
  const chartDesc: Descriptor = {
    mediaType: CHART_LAYER_MEDIA_TYPE,
    digest: `sha256:${sha256Hex(data)}`,
    size: data.length,
  };
  const configData = Buffer.from(marshalJson(jsonStruct(metadataJson(md))));
  const configDesc: Descriptor = {
    mediaType: CONFIG_MEDIA_TYPE,
    digest: `sha256:${sha256Hex(configData)}`,
    size: configData.length,
  };
  const layers = [chartDesc];
  if (provData) {
    layers.push({
      mediaType: PROV_LAYER_MEDIA_TYPE,
      digest: `sha256:${sha256Hex(provData)}`,
      size: provData.length,
    });
  }
  layers.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  const manifest = Buffer.from(
    manifestJson({
      schemaVersion: 2,
      config: configDesc,
      layers,
      annotations: chartAnnotations(md, rfc3339(st.mtime)),
    }),
  );
  await client.pushBlob(ref.repository, configData, configDesc.digest);
  await client.pushBlob(ref.repository, data, chartDesc.digest);
  if (provData)
    await client.pushBlob(
      ref.repository,
      provData,
      layers.find((l) => l.mediaType === PROV_LAYER_MEDIA_TYPE)!.digest,
    );
  await client.putManifest(ref.repository, ref.tag, manifest);
  const printed = formatOciRef(ref);
  let out = `Pushed: ${printed}\nDigest: sha256:${sha256Hex(manifest)}\n`;
  if (ref.tag.includes('_')) {
    out += `${printed} contains an underscore.\n\nOCI artifact references (e.g. tags) do not support the plus sign (+). To support\nstoring semantic versions, Helm adopts the convention of changing plus (+) to\nan underscore (_) in chart version tags when pushing to a registry and back to\na plus (+) when pulling from a registry.\n`;
  }
  return out;
}

export async function registryLogin(
  host: string,
  username: string,
  password: string,
  opts: OciClientOptions & { registryConfig: string },
): Promise<string> {
  const h = host.replace(/^oci:\/\//, '').split('/')[0]!;
  const client = new OciClient(h, { ...opts, username, password });
  try {
    await client.ping();
  } catch (err) {
    throw new RepoError(
      err instanceof RepoError ? err.code : 'OCI_ERROR',
      `authenticating to "${h}": ${messageOf(err)}`,
      { cause: err },
    );
  }
  await saveCredentials(opts.registryConfig, h, username, password);
  return 'Login Succeeded\n';
}

export async function registryLogout(host: string, registryConfig: string): Promise<string> {
  const h = host.replace(/^oci:\/\//, '').split('/')[0]!;
  if (!(await removeCredentials(registryConfig, h))) {
    throw new RepoError('OCI_AUTH', `not logged in to "${h}"`);
  }
  return `Removing login credentials for ${h}\n`;
}
