import { describe, expect, test } from 'vitest';
import { context, load } from '../../test/stack/kit.js';
import { type DriftedObject, detectDrift, driftSummary, runSync, selectReleases } from './index.js';

const stackFile = `releases:
  - { name: db, chart: ./db }
  - { name: web, chart: ./web, needs: [db] }
  - { name: later, chart: ./later }
`;

const scaled: DriftedObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'default',
  name: 'web',
  state: 'changed',
  changes: [{ path: 'spec.replicas', live: 5, desired: 2, managers: ['kubectl-scale'] }],
};

describe('driftSummary', () => {
  const changed = (n: number): DriftedObject => ({
    ...scaled,
    changes: Array.from({ length: n }, (_, i) => ({ path: `p${i}`, live: 1, desired: 2, managers: [] })),
  });
  test.for([
    { name: 'no objects', objects: [], revision: 3, want: 'in sync' },
    { name: 'not installed', objects: [], revision: null, want: 'not installed' },
    { name: 'one field', objects: [changed(1)], revision: 1, want: '1 field in 1 object drifted' },
    {
      name: 'fields over objects',
      objects: [changed(2), changed(1)],
      revision: 1,
      want: '3 fields in 2 objects drifted',
    },
    {
      name: 'deleted and unchecked objects',
      objects: [
        changed(1),
        { ...scaled, state: 'deleted', changes: [] },
        { ...scaled, state: 'error', changes: [], error: 'forbidden' },
      ],
      revision: 1,
      want: '1 field in 1 object drifted, 1 object deleted, 1 object not checked',
    },
  ] as const)('$name', ({ objects, revision, want }) => {
    expect(driftSummary({ revision, objects })).toBe(want);
  });

  test('an error wins', () => {
    expect(driftSummary({ revision: 1, objects: [], error: 'boom' })).toBe('unknown (error)');
  });
});

describe('detectDrift', () => {
  test('reports each selected release in selection order: in sync, drifted, not installed', async () => {
    const stack = load({ 'releases.yaml': stackFile });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, ['name!=later']), ctx, { onlyChanged: false });
    ops.drifted.set('default/web', [scaled]);
    const drifts = await detectDrift(stack, selectReleases(stack, []), ctx);
    expect(drifts.map((d) => [d.id, d.revision, d.fields, d.summary])).toEqual([
      ['default/db', 1, 0, 'in sync'],
      ['default/later', null, 0, 'not installed'],
      ['default/web', 1, 1, '1 field in 1 object drifted'],
    ]);
    expect(drifts[2]!.objects).toEqual([scaled]);
  });

  test('a release whose drift cannot be read carries the error; the others are still checked', async () => {
    const stack = load({ 'releases.yaml': stackFile });
    const { ctx, ops } = context();
    await runSync(stack, selectReleases(stack, []), ctx, { onlyChanged: false });
    const failing = Object.create(ops) as typeof ops;
    failing.drift = async (ref, opts) => {
      if (ref.name === 'db') throw new Error('forbidden: cannot patch deployments');
      return ops.drift(ref, opts);
    };
    const drifts = await detectDrift(stack, selectReleases(stack, []), { ...ctx, ops: failing });
    expect(drifts.map((d) => [d.id, d.summary, d.error])).toEqual([
      ['default/db', 'unknown (error)', 'forbidden: cannot patch deployments'],
      ['default/later', 'in sync', undefined],
      ['default/web', 'in sync', undefined],
    ]);
  });

  test('release operations without drift support report it per release', async () => {
    const stack = load({ 'releases.yaml': stackFile });
    const { ctx, ops } = context();
    // The same operations with the optional method left out.
    const noDrift = new Proxy(ops, { get: (t, k) => (k === 'drift' ? undefined : Reflect.get(t, k)) });
    const drifts = await detectDrift(stack, selectReleases(stack, ['name=db']), { ...ctx, ops: noDrift });
    expect(drifts[0]!.error).toBe('drift detection is not available with these release operations');
  });
});
