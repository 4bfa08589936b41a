import { describe, expect, test } from 'vitest';
import type { ListedRelease, StackDrift } from '../../stack/index.js';
import { formatDrift, formatReleaseDrift, formatStatusDrift } from './drift.js';
import { makeStyle } from './style.js';

const s = makeStyle(false);

const web: StackDrift = {
  id: 'shop/web',
  name: 'web',
  namespace: 'shop',
  revision: 4,
  checked: 3,
  fields: 2,
  summary: '2 fields in 1 object drifted, 1 object deleted',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      state: 'changed',
      changes: [
        { path: 'spec.replicas', live: 5, desired: 2, managers: ['kubectl-scale'] },
        { path: 'spec.paused', live: true, managers: [] },
      ],
    },
    { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web', state: 'deleted', changes: [] },
  ],
};

const db: StackDrift = {
  id: 'shop/db',
  name: 'db',
  namespace: 'shop',
  revision: 1,
  checked: 2,
  fields: 0,
  summary: 'in sync',
  objects: [],
};

describe('drift text', () => {
  test('a drifted release lists each field as live → release, with who changed it', () => {
    expect(formatReleaseDrift(web, s)).toBe(
      [
        'shop/web: drift from revision 4 (2 fields in 1 object drifted, 1 object deleted):',
        '  Deployment (apps) shop/web:',
        '    spec.replicas: 5 → 2  (by kubectl-scale)',
        '    spec.paused: true → (absent)',
        '  Service shop/web: deleted',
        '',
      ].join('\n'),
    );
  });

  test.for([
    { name: 'nothing drifted', drifts: [db], want: 'Drift: none (1 release checked)\n' },
    { name: 'one of two drifted', drifts: [db, web], want: 'Drift: 1 of 2 releases drifted\n' },
    {
      name: 'an unchecked release is counted',
      drifts: [db, { ...db, id: 'shop/x', error: 'boom', summary: 'unknown (error)' }],
      want: 'Drift: none (2 releases checked), 1 could not be checked\n',
    },
  ])('summary line: $name', ({ drifts, want }) => {
    expect(formatDrift(drifts, s).split('\n').slice(-2).join('\n')).toBe(want);
  });

  test('status --drift adds a DRIFT column and the details below', () => {
    const listed = (r: StackDrift): ListedRelease => ({
      id: r.id,
      name: r.name,
      namespace: r.namespace,
      chart: `./charts/${r.name}`,
      installed: true,
      labels: {},
      needs: [],
      revision: r.revision,
      status: 'deployed',
      chartVersion: '1.0.0',
      appVersion: '1',
      updated: null,
      description: null,
    });
    const text = formatStatusDrift([listed(db), listed(web)], [db, web], s);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+NAMESPACE\s+REVISION\s+STATUS\s+CHART\s+VERSION\s+DRIFT$/);
    expect(lines[1]).toMatch(/^db\s+shop\s+1\s+deployed\s+\.\/charts\/db\s+1\.0\.0\s+in sync$/);
    expect(lines[2]).toMatch(/web .* 2 fields in 1 object drifted, 1 object deleted$/);
    expect(text).toContain('\nshop/web: drift from revision 4');
  });
});
