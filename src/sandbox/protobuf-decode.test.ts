import { describe, expect, test } from 'vitest';
import { decodeProtobuf, messageName } from './protobuf.js';
import { decodeMessage, goDuration } from './protobuf-decode.js';

// A tiny protobuf writer for the cases below.
function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
}
const vi = (no: number, v: number | bigint | boolean) => [
  ...varint(BigInt(no << 3)),
  ...varint(typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v)),
];
const ld = (no: number, b: number[] | string) => {
  const bytes = typeof b === 'string' ? [...Buffer.from(b, 'utf8')] : b;
  return [...varint(BigInt((no << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
};
const buf = (...parts: number[][]) => Buffer.from(parts.flat());

describe('decodeMessage', () => {
  test.for([
    {
      name: 'zero non-pointer omitempty scalars are dropped, zero pointers kept',
      msg: 'apps.v1.DeploymentSpec',
      body: buf(vi(1, 0), vi(5, 0), vi(7, false), ld(3, ld(1, []))),
      want: { replicas: 0, template: { metadata: {} } },
    },
    {
      name: 'non-omitempty zero scalars are kept',
      msg: 'core.v1.ContainerPort',
      body: buf(ld(1, ''), vi(3, 80), ld(4, 'TCP')),
      want: { containerPort: 80, protocol: 'TCP' },
    },
    {
      name: 'IntOrString int and string, Quantity',
      msg: 'policy.v1.PodDisruptionBudgetSpec',
      body: buf(ld(1, [...vi(1, 0), ...vi(2, 1)]), ld(3, [...vi(1, 1), ...ld(3, '50%')])),
      want: { minAvailable: 1, maxUnavailable: '50%' },
    },
    {
      name: 'maps with string and Quantity values',
      msg: 'core.v1.ResourceRequirements',
      body: buf(
        ld(1, [...ld(1, 'cpu'), ...ld(2, ld(1, '200m'))]),
        ld(1, [...ld(1, 'memory'), ...ld(2, ld(1, '1Gi'))]),
      ),
      want: { limits: { cpu: '200m', memory: '1Gi' } },
    },
    {
      name: 'embedded struct is inlined (IngressRule.http)',
      msg: 'networking.v1.IngressRule',
      body: buf(ld(1, 'foo.com'), ld(2, ld(1, ld(1, ld(1, '/bar'))))),
      want: { host: 'foo.com', http: { paths: [{ path: '/bar' }] } },
    },
    {
      name: 'zero Time is null, set Time is RFC 3339; repeated strings',
      msg: 'meta.v1.ObjectMeta',
      body: buf(ld(1, 'x'), ld(8, []), ld(9, vi(1, 1700000000)), ld(14, 'a'), ld(14, 'b')),
      want: {
        name: 'x',
        creationTimestamp: null,
        deletionTimestamp: '2023-11-14T22:13:20Z',
        finalizers: ['a', 'b'],
      },
    },
    {
      name: 'bytes map values are base64 (Secret.data)',
      msg: 'core.v1.Secret',
      body: buf(ld(1, []), ld(2, [...ld(1, 'k'), ...ld(2, 'v')])),
      want: { metadata: {}, data: { k: 'dg==' } },
    },
    {
      name: 'packed repeated int64 (PodSecurityContext.supplementalGroups)',
      msg: 'core.v1.PodSecurityContext',
      body: buf(ld(4, [1, 2, 3])),
      want: { supplementalGroups: [1, 2, 3] },
    },
    {
      name: 'map of wrapped string lists (SubjectAccessReviewSpec.extra)',
      msg: 'authorization.v1.SubjectAccessReviewSpec',
      body: buf(ld(3, 'u'), ld(5, [...ld(1, 'scopes'), ...ld(2, [...ld(1, 'a'), ...ld(1, 'b')])])),
      want: { user: 'u', extra: { scopes: ['a', 'b'] } },
    },
    {
      name: 'unknown fields are skipped',
      msg: 'core.v1.ServiceAccount',
      body: buf(ld(1, ld(1, 'sa')), vi(99, 7)),
      want: { metadata: { name: 'sa' } },
    },
  ])('$name', ({ msg, body, want }) => {
    expect(decodeMessage(msg, body)).toEqual(want);
  });
});

describe('goDuration', () => {
  test.each([
    [0n, '0s'],
    [1500n, '1.5µs'],
    [2_000_000n, '2ms'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-5_000_000_000n, '-5s'],
  ])('%s ns → %s', (ns, want) => {
    expect(goDuration(ns)).toBe(want);
  });
});

describe('decodeProtobuf envelope', () => {
  const envelope = (apiVersion: string, kind: string, raw: number[]) =>
    Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      buf(ld(1, [...ld(1, apiVersion), ...ld(2, kind)]), ld(2, raw)),
    ]);

  test('an rbac Role gets its apiVersion and kind', () => {
    const raw = [...ld(1, ld(1, 'r')), ...ld(2, [...ld(1, 'get'), ...ld(3, 'pods'), ...ld(2, '')])];
    expect(decodeProtobuf(envelope('rbac.authorization.k8s.io/v1', 'Role', raw))).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [{ verbs: ['get'], resources: ['pods'], apiGroups: [''] }],
    });
  });

  test('an unknown kind is refused with 415', () => {
    expect(() => decodeProtobuf(envelope('example.com/v1', 'Widget', []))).toThrow(
      expect.objectContaining({
        status: 415,
        details: { causes: [expect.objectContaining({ message: expect.stringMatching(/Widget/) })] },
      }),
    );
  });

  test.each([
    ['v1', 'Service', 'core.v1.Service'],
    ['apps/v1', 'Deployment', 'apps.v1.Deployment'],
    ['networking.k8s.io/v1', 'Ingress', 'networking.v1.Ingress'],
    ['v1', 'DeleteOptions', 'meta.v1.DeleteOptions'],
  ])('%s %s → %s', (apiVersion, kind, want) => {
    expect(messageName(apiVersion, kind)).toBe(want);
  });
});
