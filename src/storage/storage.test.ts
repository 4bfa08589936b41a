import { describe, expect, test } from 'vitest';
import { decodeRelease, type Release, type ReleaseStatus } from '../release/index.js';
import {
  ConfigMapsDriver,
  type Driver,
  MemoryDriver,
  NoDeployedReleasesError,
  type ObjectPort,
  type PortObjectMeta,
  ReleaseExistsError,
  ReleaseNotFoundError,
  ReleaseTooLargeError,
  type SecretObject,
  SecretsDriver,
  Storage,
  selectDriver,
  UnknownDriverError,
} from './index.js';

/** An in-memory object store with the port's contract, counting list calls. */
class FakePort<T extends { metadata: PortObjectMeta }> implements ObjectPort<T> {
  readonly objects = new Map<string, T>();
  lists = 0;
  private id(ns: string, name: string) {
    return `${ns}/${name}`;
  }
  async get(ns: string, name: string) {
    const o = this.objects.get(this.id(ns, name));
    return o && structuredClone(o);
  }
  async list(ns: string, selector: string) {
    this.lists++;
    // Equality and inequality requirements, the only ones the drivers use.
    const reqs = selector
      ? selector.split(',').map((r) => /^([^!=]+)(!?=)(.*)$/.exec(r)!.slice(1) as [string, string, string])
      : [];
    return [...this.objects.values()].filter(
      (o) =>
        (ns === '' || o.metadata.namespace === ns) &&
        reqs.every(([k, op, v]) => (o.metadata.labels?.[k] === v) === (op === '=')),
    );
  }
  async create(ns: string, obj: T) {
    const id = this.id(ns, obj.metadata.name);
    if (this.objects.has(id))
      throw Object.assign(new Error('exists'), { reason: 'AlreadyExists', statusCode: 409 });
    this.objects.set(id, structuredClone({ ...obj, metadata: { ...obj.metadata, namespace: ns } }));
    return obj;
  }
  async update(ns: string, obj: T) {
    const id = this.id(ns, obj.metadata.name);
    if (!this.objects.has(id))
      throw Object.assign(new Error('missing'), { reason: 'NotFound', statusCode: 404 });
    this.objects.set(id, structuredClone({ ...obj, metadata: { ...obj.metadata, namespace: ns } }));
    return obj;
  }
  async delete(ns: string, name: string) {
    return this.objects.delete(this.id(ns, name));
  }
}

function rel(name: string, version: number, status: ReleaseStatus, namespace = 'default'): Release {
  return {
    name,
    namespace,
    version,
    info: {
      status,
      description: `rev ${version}`,
      notes: '',
      first_deployed: '2024-01-01T00:00:00Z',
      last_deployed: '2024-01-01T00:00:00Z',
    },
    chart: {
      metadata: { name: 'c', version: '1.0.0' },
      lock: null,
      templates: [],
      values: {},
      schema: null,
      files: null,
    },
    config: { v: version },
    manifest: '',
    hooks: [],
    labels: {},
  };
}

/** The same store, also able to list metadata alone (as the kube client can). */
class FakeMetaPort<T extends { metadata: PortObjectMeta }> extends FakePort<T> {
  gets = 0;
  override async get(ns: string, name: string) {
    this.gets++;
    return super.get(ns, name);
  }
  async listMetadata(ns: string, selector: string) {
    return (await this.list(ns, selector)).map((o) => ({ metadata: structuredClone(o.metadata) }));
  }
}

const drivers: { name: string; make: (ns?: string) => { driver: Driver; port?: FakePort<any> } }[] = [
  { name: 'memory', make: (ns = 'default') => ({ driver: new MemoryDriver(ns) }) },
  {
    name: 'secrets',
    make: (ns = 'default') => {
      const port = new FakePort<SecretObject>();
      return { driver: new SecretsDriver(port, { namespace: ns, now: () => 1700000000 }), port };
    },
  },
  {
    name: 'secrets, metadata listing',
    make: (ns = 'default') => {
      const port = new FakeMetaPort<SecretObject>();
      return { driver: new SecretsDriver(port, { namespace: ns, now: () => 1700000000 }), port };
    },
  },
  {
    name: 'configmaps',
    make: (ns = 'default') => {
      const port = new FakePort<any>();
      return { driver: new ConfigMapsDriver(port, { namespace: ns, now: () => 1700000000 }), port };
    },
  },
];

describe.for(drivers)('$name driver under Storage', ({ make }) => {
  test('create, get, update, delete, errors', async () => {
    const s = new Storage(make().driver);
    await s.create(rel('web', 1, 'deployed'));
    await expect(s.create(rel('web', 1, 'deployed'))).rejects.toBeInstanceOf(ReleaseExistsError);
    expect((await s.get('web', 1)).config).toEqual({ v: 1 });
    await expect(s.get('web', 2)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(s.get('web', 2)).rejects.toThrow('release: not found');
    const r = rel('web', 1, 'superseded');
    await s.update(r);
    expect((await s.get('web', 1)).info.status).toBe('superseded');
    await expect(s.update(rel('web', 9, 'failed'))).rejects.toBeInstanceOf(ReleaseNotFoundError);
    expect((await s.delete('web', 1)).version).toBe(1);
    await expect(s.delete('web', 1)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(s.history('web')).rejects.toBeInstanceOf(ReleaseNotFoundError);
  });

  test('history, last, deployed', async () => {
    const s = new Storage(make().driver);
    for (const [v, st] of [
      [1, 'superseded'],
      [2, 'deployed'],
      [3, 'failed'],
    ] as const)
      await s.create(rel('web', v, st));
    await s.create(rel('other', 1, 'failed'));
    expect((await s.history('web')).map((r) => r.version).sort()).toEqual([1, 2, 3]);
    expect((await s.last('web')).version).toBe(3);
    expect((await s.deployed('web')).version).toBe(2);
    await expect(s.deployed('other')).rejects.toBeInstanceOf(NoDeployedReleasesError);
    await expect(s.deployed('other')).rejects.toThrow('"other" has no deployed releases');
    expect((await s.listDeployed()).map((r) => r.name)).toEqual(['web']);
    expect((await s.listReleases()).length).toBe(4);
  });

  test.for([
    // [existing revisions with status, maxHistory, revisions left after creating the next one]
    {
      name: 'keeps max including the new one',
      revs: ['superseded', 'superseded', 'deployed'],
      max: 2,
      left: [3, 4],
    },
    {
      name: 'never prunes the deployed revision',
      revs: ['deployed', 'failed', 'failed'],
      max: 2,
      left: [1, 4],
    },
    { name: 'no limit when 0', revs: ['superseded', 'deployed'], max: 0, left: [1, 2, 3] },
    {
      name: 'max 1 keeps only the new one and deployed',
      revs: ['superseded', 'deployed'],
      max: 1,
      left: [2, 3],
    },
    { name: 'nothing to prune below max', revs: ['deployed'], max: 5, left: [1, 2] },
  ])('maxHistory: $name', async ({ revs, max, left }) => {
    const s = new Storage(make().driver, { maxHistory: max });
    for (const [i, st] of revs.entries())
      await new Storage(s.driver).create(rel('web', i + 1, st as ReleaseStatus));
    await s.create(rel('web', revs.length + 1, 'pending-upgrade'));
    expect((await s.history('web')).map((r) => r.version).sort()).toEqual(left);
  });

  test('listLatest picks each release’s newest revision per namespace, with include/keep', async () => {
    const { driver } = make('');
    const s = new Storage(driver);
    await s.create(rel('a', 1, 'superseded', 'ns1'));
    await s.create(rel('a', 2, 'deployed', 'ns1'));
    await s.create(rel('a', 1, 'failed', 'ns2'));
    await s.create(rel('b', 1, 'uninstalled', 'ns1'));
    const all = await s.listLatest();
    expect(all.map((r) => `${r.namespace}/${r.name}@${r.version}`).sort()).toEqual([
      'ns1/a@2',
      'ns1/b@1',
      'ns2/a@1',
    ]);
    const kept = await s.listLatest({ include: (h) => h.name === 'a', keep: (h) => h.status === 'deployed' });
    expect(kept.map((r) => `${r.namespace}/${r.name}@${r.version}`)).toEqual(['ns1/a@2']);
  });
});

describe('Secret records', () => {
  test('are named, typed and labelled as helm writes them', async () => {
    const port = new FakePort<SecretObject>();
    const s = new Storage(new SecretsDriver(port, { namespace: 'shop', now: () => 1700000000 }));
    await s.create({ ...rel('web', 1, 'deployed', 'shop'), labels: { team: 'a' } });
    const obj = port.objects.get('shop/sh.helm.release.v1.web.v1')!;
    expect(obj.type).toBe('helm.sh/release.v1');
    expect(obj.metadata.labels).toEqual({
      name: 'web',
      owner: 'helm',
      status: 'deployed',
      version: '1',
      createdAt: '1700000000',
      team: 'a',
    });
    // On the wire the data is base64 of the base64(gzip(JSON)) text.
    const inner = Buffer.from(obj.data!.release!, 'base64').toString('latin1');
    expect(Buffer.from(inner, 'base64').subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect(decodeRelease(inner).name).toBe('web');
    expect((await s.get('web', 1)).labels).toEqual({ team: 'a' });
    await s.update({ ...rel('web', 1, 'superseded', 'shop'), labels: { team: 'a' } });
    expect(port.objects.get('shop/sh.helm.release.v1.web.v1')!.metadata.labels).toMatchObject({
      status: 'superseded',
      modifiedAt: '1700000000',
    });
  });

  test('listLatest lists once and decodes only the newest revisions', async () => {
    const port = new FakePort<SecretObject>();
    const s = new Storage(new SecretsDriver(port, { namespace: '' }));
    for (let v = 1; v <= 5; v++) await s.create(rel('web', v, v === 5 ? 'deployed' : 'superseded'));
    // A corrupt old revision would make a full decode skip it; listLatest never touches it.
    port.objects.get('default/sh.helm.release.v1.web.v2')!.data = {
      release: Buffer.from('garbage').toString('base64'),
    };
    port.lists = 0;
    const latest = await s.listLatest();
    expect(latest.map((r) => r.version)).toEqual([5]);
    expect(port.lists).toBe(1);
  });

  test('with metadata listing, listLatest reads only the newest revision of each release', async () => {
    const port = new FakeMetaPort<SecretObject>();
    const s = new Storage(new SecretsDriver(port, { namespace: '' }));
    for (const name of ['a', 'b'])
      for (let v = 1; v <= 4; v++) await s.create(rel(name, v, v === 4 ? 'deployed' : 'superseded'));
    port.gets = 0;
    port.lists = 0;
    const latest = await s.listLatest({ keep: (h) => h.name === 'a', exact: true });
    expect(latest.map((r) => `${r.name}@${r.version}`)).toEqual(['a@4']);
    expect([port.lists, port.gets]).toEqual([1, 1]);
  });

  test.for([
    { name: 'default: a superseded newest revision is not seen', exact: false, want: ['a@2'] },
    { name: 'exact: every revision counts', exact: true, want: ['a@3'] },
  ])('listLatest $name', async ({ exact, want }) => {
    for (const port of [new FakePort<SecretObject>(), new FakeMetaPort<SecretObject>()]) {
      const s = new Storage(new SecretsDriver(port, { namespace: '' }));
      await s.create(rel('a', 1, 'superseded'));
      await s.create(rel('a', 2, 'deployed'));
      await s.create(rel('a', 3, 'superseded')); // no flow leaves this; a hand-edited store might
      expect((await s.listLatest({ exact })).map((r) => `${r.name}@${r.version}`)).toEqual(want);
    }
  });

  test('a record over 1 MiB is refused before the API is called', async () => {
    const port = new FakePort<SecretObject>();
    const s = new Storage(new SecretsDriver(port, { namespace: 'default' }));
    const big = rel('web', 1, 'deployed');
    big.manifest = Array.from({ length: 400_000 }, (_, i) => `${(i * 2654435761) % 1e9}`).join(';');
    await expect(s.create(big)).rejects.toBeInstanceOf(ReleaseTooLargeError);
    expect(port.objects.size).toBe(0);
  });
});

describe('selectDriver (HELM_DRIVER)', () => {
  const port = new FakePort<any>();
  test.for([
    { env: undefined, want: 'Secret' },
    { env: '', want: 'Secret' },
    { env: 'secrets', want: 'Secret' },
    { env: 'configmap', want: 'ConfigMap' },
    { env: 'configmaps', want: 'ConfigMap' },
    { env: 'memory', want: 'Memory' },
  ])('$env → $want', ({ env, want }) => {
    expect(
      selectDriver({ driver: env, namespace: 'x', secrets: () => port, configMaps: () => port }).name,
    ).toBe(want);
  });
  test('unknown driver', () => {
    expect(() => selectDriver({ driver: 'etcd', namespace: 'x' })).toThrow(UnknownDriverError);
    expect(() => selectDriver({ driver: 'etcd', namespace: 'x' })).toThrow('unknown driver "etcd"');
  });
});
