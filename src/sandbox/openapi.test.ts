import { describe, expect, test } from 'vitest';
import { openapiV3GroupVersion } from './openapi.js';
import { Registry } from './resources.js';

describe('OpenAPI v3 group-version documents', () => {
  const reg = new Registry();
  const paths = (group: string, version: string) =>
    Object.keys((openapiV3GroupVersion(reg, group, version)?.paths ?? {}) as Record<string, unknown>);

  test.for([
    { gv: ['', 'v1'], has: '/api/v1/namespaces/{namespace}/configmaps/{name}', lacks: [] as string[] },
    {
      gv: ['authorization.k8s.io', 'v1'],
      has: undefined,
      lacks: ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'],
    },
  ])('PATCH is published for stored resources only: $gv', ({ gv, has, lacks }) => {
    const p = paths(gv[0]!, gv[1]!);
    if (has) expect(p).toContain(has);
    for (const l of lacks) expect(p).not.toContain(l);
  });
});
