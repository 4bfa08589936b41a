import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { compareObjects } from './drift.js';

function deployment(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...meta },
    spec,
  };
}

const containers = (...cs: Record<string, unknown>[]) => ({
  replicas: 2,
  template: { spec: { containers: cs } },
});

describe('compareObjects', () => {
  test.for([
    {
      name: 'identical objects have no drift',
      live: deployment({ replicas: 2 }),
      desired: deployment({ replicas: 2 }),
      want: [],
    },
    {
      name: 'a scaled deployment drifts on spec.replicas',
      live: deployment({ replicas: 5 }),
      desired: deployment({ replicas: 2 }),
      want: [{ path: 'spec.replicas', live: 5, desired: 2 }],
    },
    {
      name: 'server-maintained metadata and status are ignored',
      live: {
        ...deployment(
          { replicas: 2 },
          { resourceVersion: '9', generation: 4, uid: 'u', creationTimestamp: 'x', managedFields: [] },
        ),
        status: { replicas: 2 },
      },
      desired: deployment({ replicas: 2 }, { resourceVersion: '10', generation: 5 }),
      want: [],
    },
    {
      name: 'containers are matched by name, not position',
      live: deployment(containers({ name: 'b', image: 'b:1' }, { name: 'a', image: 'a:2' })),
      desired: deployment(containers({ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' })),
      want: [{ path: 'spec.template.spec.containers[name=a].image', live: 'a:2', desired: 'a:1' }],
    },
    {
      name: 'an item added live shows as live only, a missing one as desired only',
      live: deployment(containers({ name: 'a' }, { name: 'debug' })),
      desired: deployment(containers({ name: 'a' }, { name: 'b' })),
      want: [
        { path: 'spec.template.spec.containers[name=b]', desired: { name: 'b' } },
        { path: 'spec.template.spec.containers[name=debug]', live: { name: 'debug' } },
      ],
    },
    {
      name: 'positional lists compare by index when lengths match',
      live: deployment({ args: ['--a', '--x'] }),
      desired: deployment({ args: ['--a', '--b'] }),
      want: [{ path: 'spec.args[1]', live: '--x', desired: '--b' }],
    },
    {
      name: 'positional lists of different lengths differ as a whole',
      live: deployment({ args: ['--a'] }),
      desired: deployment({ args: ['--a', '--b'] }),
      want: [{ path: 'spec.args', live: ['--a'], desired: ['--a', '--b'] }],
    },
    {
      name: 'keys that are not identifiers are quoted',
      live: deployment({}, { labels: { 'app.kubernetes.io/name': 'x' } }),
      desired: deployment({}, { labels: { 'app.kubernetes.io/name': 'web' } }),
      want: [{ path: 'metadata.labels["app.kubernetes.io/name"]', live: 'x', desired: 'web' }],
    },
    {
      name: 'a field the release removes shows without a desired value',
      live: deployment({ paused: true }),
      desired: deployment({}),
      want: [{ path: 'spec.paused', live: true }],
    },
    {
      name: 'Secret data is masked',
      live: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { pw: 'YQ==' } },
      desired: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { pw: 'Yg==' } },
      want: [{ path: 'data.pw', live: '(sensitive value)', desired: '(sensitive value)' }],
    },
  ])('$name', ({ live, desired, want }) => {
    const got = compareObjects(live as KubeObject, desired as KubeObject).map(({ managers: _, ...c }) => c);
    expect(got).toEqual(want);
  });

  test.for([
    {
      name: 'kubectl scale owns spec.replicas through the scale subresource',
      fields: [
        { manager: 'helm', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } },
        {
          manager: 'kubectl',
          operation: 'Update',
          subresource: 'scale',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
      ],
      live: { replicas: 5 },
      desired: { replicas: 2 },
      want: ['kubectl (scale)'],
    },
    {
      name: 'an edited container image is owned through its keyed list item',
      fields: [
        {
          manager: 'kubectl-edit',
          operation: 'Update',
          fieldsV1: {
            'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } } },
          },
        },
        {
          manager: 'helm',
          operation: 'Apply',
          fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:name': {} } } } },
        },
      ],
      live: { containers: [{ name: 'a', image: 'a:2' }] },
      desired: { containers: [{ name: 'a', image: 'a:1' }] },
      want: ['kubectl-edit'],
    },
    {
      name: 'an atomic list is owned as a whole',
      fields: [{ manager: 'kubectl-patch', operation: 'Update', fieldsV1: { 'f:spec': { 'f:args': {} } } }],
      live: { args: ['--x'] },
      desired: { args: ['--b'] },
      want: ['kubectl-patch'],
    },
  ])('managers: $name', ({ fields, live, desired, want }) => {
    const changes = compareObjects(deployment(live, { managedFields: fields }), deployment(desired));
    expect(changes.map((c) => c.managers)).toEqual([want]);
  });
});
