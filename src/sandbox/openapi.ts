/**
 * A minimal OpenAPI v3 surface: the root index and one document per group-version listing, for
 * each resource, the PATCH operation with its group-version-kind and the `fieldValidation`
 * parameter. kubectl reads it to learn that the server validates fields itself (so it skips
 * client-side schema validation); object schemas are not published, so kubectl computes
 * strategic merge patches from its compiled-in types.
 */
import { createHash } from 'node:crypto';
import { gvString, type Registry } from './resources.js';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openapiV3Root(reg: Registry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [group, versions] of reg.groups()) {
    for (const v of versions) {
      const p = gvPath(group, v);
      const hash = createHash('sha256')
        .update(JSON.stringify(openapiV3GroupVersion(reg, group, v)))
        .digest('hex')
        .slice(0, 32)
        .toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}

const PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

export function openapiV3GroupVersion(
  reg: Registry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const infos = reg.inGroupVersion(group, version);
  if (infos.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of infos) {
    // Create-only resources (reviews) cannot be patched.
    if (r.virtual) continue;
    const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const gvk = { group, version, kind: r.kind };
    paths[base] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: PARAMS,
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.35.0' },
    paths,
    components: { schemas: {} },
  };
}

export { gvString };

function pbString(field: number, s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([(field << 3) | 2, b.length]), b]);
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * An empty OpenAPI v2 document (no paths, no definitions), as protobuf or JSON. With it,
 * kubectl's field-validation check for a kind it cannot find (a custom resource whose CRD is in
 * the same manifest) ends in "no schema, skip client-side validation" instead of an error.
 */
export function openapiV2(protobuf: boolean): Buffer | Record<string, unknown> {
  if (!protobuf) return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths: {} };
  const info = Buffer.concat([pbString(1, 'Kubernetes'), pbString(2, 'v1.35.0')]);
  return Buffer.concat([pbString(1, '2.0'), Buffer.from([(2 << 3) | 2, info.length]), info]);
}
