import { describe, expect, test } from 'vitest';
import type { LockEntry, LockFile } from './lock.js';
import { formatLock } from './lock.js';
import { type PromotedRelease, promoteLock } from './promote.js';

const rel = (id: string, chart: string, version?: string): PromotedRelease => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, name, namespace, chart, ...(version === undefined ? {} : { version }) };
};

const entry = (id: string, chart: string, version: string, constraint = ''): LockEntry => {
  const [namespace, name] = id.split('/') as [string, string];
  return {
    id,
    name,
    namespace,
    chart,
    constraint,
    version,
    digest: `sha256:${name}-${version}`,
    source: 'live',
  };
};

const staging: PromotedRelease[] = [rel('shop/web', 'repo/web', '^1'), rel('shop/db', 'repo/db')];
const lock: LockFile = {
  version: 2,
  environments: {
    staging: {
      generated: 'then',
      releases: [entry('shop/web', 'repo/web', '1.4.0', '^1'), entry('shop/db', 'repo/db', '2.0.1')],
    },
    prod: { generated: 'before', releases: [entry('shop-prod/web', 'repo/web', '1.3.0', '^1')] },
  },
};
const now = () => new Date(0);

describe('promote', () => {
  test('copies the pins of matching releases (by name and chart), shows the change, lists the unpinned', () => {
    const prod = [
      rel('shop-prod/web', 'repo/web', '^1'),
      rel('shop-prod/db', 'repo/db'),
      rel('shop-prod/cache', 'repo/redis'),
    ];
    const r = promoteLock({
      lock,
      from: 'staging',
      to: 'prod',
      fromReleases: staging,
      toReleases: prod,
      toIds: prod.map((p) => p.id),
      now,
    });
    expect(r.promoted).toEqual([
      {
        id: 'shop-prod/web',
        chart: 'repo/web',
        version: '1.4.0',
        digest: 'sha256:web-1.4.0',
        previous: '1.3.0',
      },
      { id: 'shop-prod/db', chart: 'repo/db', version: '2.0.1', digest: 'sha256:db-2.0.1' },
    ]);
    expect(r.unpinned).toEqual(['shop-prod/cache']);
    expect(r.lock.environments.staging).toBe(lock.environments.staging);
    expect(r.lock.environments.prod).toEqual({
      generated: '1970-01-01T00:00:00.000Z',
      promotedFrom: 'staging',
      releases: [
        { ...entry('shop-prod/web', 'repo/web', '1.4.0', '^1'), digest: 'sha256:web-1.4.0' },
        { ...entry('shop-prod/db', 'repo/db', '2.0.1'), digest: 'sha256:db-2.0.1' },
      ],
    });
    expect(r.diff).toContain('-      version: 1.3.0');
    expect(r.diff).toContain('+      version: 1.4.0');
    expect(r.diff).toContain('+    promotedFrom: staging');

    // Promoting again changes nothing, not even the timestamp.
    const again = promoteLock({
      lock: r.lock,
      from: 'staging',
      to: 'prod',
      fromReleases: staging,
      toReleases: prod,
      toIds: prod.map((p) => p.id),
      now: () => new Date(1),
      currentText: formatLock(r.lock),
    });
    expect(again.diff).toBe('');
  });

  test.for([
    {
      name: 'the source environment was never locked',
      from: 'qa',
      prod: [rel('p/web', 'repo/web', '^1')],
      fromReleases: staging,
      error: 'releases.lock pins nothing for environment "qa"; run "bosun lock -e qa" first',
    },
    {
      name: 'a release uses another chart in the target',
      from: 'staging',
      prod: [rel('p/web', 'other/web', '^1'), rel('p/db', 'repo/postgres')],
      fromReleases: staging,
      error:
        'nothing was promoted: releases use different charts in the two environments:\n  p/web uses other/web in "prod" but shop/web uses repo/web in "staging"\n  p/db uses repo/postgres in "prod" but shop/db uses repo/db in "staging"',
    },
    {
      name: "the source's pins are out of date with its state",
      from: 'staging',
      prod: [rel('p/web', 'repo/web', '^1')],
      fromReleases: [rel('shop/web', 'repo/web', '^2')],
      error:
        'the pins of environment "staging" are out of date with the state file: shop/web (its chart or version changed since it was locked); run "bosun lock -e staging" first',
    },
    {
      name: 'from and to are the same',
      from: 'prod',
      prod: [],
      fromReleases: staging,
      error: '--from and --to are both "prod"',
    },
  ])('refused: $name', ({ from, prod, fromReleases, error }) => {
    expect(() =>
      promoteLock({
        lock,
        from,
        to: 'prod',
        fromReleases,
        toReleases: prod,
        toIds: prod.map((p) => p.id),
        now,
      }),
    ).toThrow(error);
  });
});
