/**
 * Release records on the sandbox, checked with the real helm binaries: what bosun's Secret and
 * ConfigMap drivers write, helm 4 and helm 3 list, show history for and get values from; what
 * helm writes, bosun reads (and, for helm 4, re-encodes byte for byte).
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KubeClient } from '../../../src/kube/index.js';
import { goTime, type Release, releaseToJson } from '../../../src/release/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import {
  ConfigMapsDriver,
  type ConfigMapsPort,
  SecretsDriver,
  type SecretsPort,
  Storage,
} from '../../../src/storage/index.js';
import { isolatedHelmEnv, oracles, run, tempDir, writeTree } from '../../support/oracle.js';

let sb: Sandbox;
let kube: KubeClient;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('bosun-storage-it-');
  dir = t.dir;
  cleanup = t.cleanup;
  sb = await startSandbox({ dataDir: `${dir}/sandbox`, port: 0, readyDelayMs: 100 });
  kube = KubeClient.fromKubeconfig({ kubeconfig: sb.kubeconfigPath });
  for (const ns of ['shop', 'cm', 'theirs'])
    await kube.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }]);
  writeTree(`${dir}/chart`, {
    'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "4.5"\n',
    'values.yaml': 'replicas: 1\nimage:\n  tag: stable\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tag: {{ .Values.image.tag | quote }}\n',
    'templates/NOTES.txt': 'installed {{ .Release.Name }}\n',
  });
});

afterAll(async () => {
  kube?.close();
  await sb?.stop();
  cleanup?.();
});

// The ports are the storage contract; kube's clients must satisfy them.
const portsCheck = (k: KubeClient) => ({
  secrets: k.secrets() satisfies SecretsPort,
  configMaps: k.configMaps() satisfies ConfigMapsPort,
});

function helm(version: 'v4' | 'v3', args: string[], extraEnv: Record<string, string> = {}) {
  const bin = version === 'v4' ? oracles().helm4 : oracles().helm3;
  return run(bin, [...args, '--kubeconfig', sb.kubeconfigPath], {
    env: { ...isolatedHelmEnv(`${dir}/home-${version}`), ...extraEnv },
  });
}

function bosunRelease(
  name: string,
  namespace: string,
  version: number,
  status: Release['info']['status'],
  description: string,
): Release {
  const at = goTime(new Date(Date.UTC(2024, 0, 1, 12, version)));
  return {
    name,
    namespace,
    version,
    info: {
      first_deployed: goTime(new Date(Date.UTC(2024, 0, 1, 12, 1))),
      last_deployed: at,
      description,
      status,
      notes: `installed ${name}\n`,
    },
    chart: {
      metadata: { name: 'demo', version: '1.2.3', appVersion: '4.5', apiVersion: 'v2' },
      lock: null,
      templates: [{ name: 'templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n').toString('base64') }],
      values: { replicas: 1, image: { tag: 'stable' } },
      schema: null,
      files: null,
    },
    config: { replicas: 3, image: { tag: `v${version}` } },
    manifest: `---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  tag: "v${version}"\n`,
    hooks: [],
    labels: {},
    apply_method: 'ssa',
  };
}

describe.for(['v4', 'v3'] as const)('helm %s reads what bosun writes', (v) => {
  beforeAll(async () => {
    const store = new Storage(new SecretsDriver(portsCheck(kube).secrets, { namespace: 'shop' }));
    if (v === 'v4') {
      await store.create(bosunRelease('web', 'shop', 1, 'superseded', 'Install complete'));
      await store.create(bosunRelease('web', 'shop', 2, 'deployed', 'Upgrade complete'));
      const cms = new Storage(new ConfigMapsDriver(portsCheck(kube).configMaps, { namespace: 'cm' }));
      await cms.create(bosunRelease('cfg', 'cm', 1, 'deployed', 'Install complete'));
    }
  });

  test('list -A', async () => {
    const r = await helm(v, ['list', '-A', '-o', 'json']);
    expect(r.stderr).toBe('');
    const web = (JSON.parse(r.stdout) as Record<string, string>[]).find((x) => x.name === 'web');
    expect(web).toMatchObject({
      namespace: 'shop',
      revision: '2',
      status: 'deployed',
      chart: 'demo-1.2.3',
      app_version: '4.5',
    });
  });

  test('history', async () => {
    const r = await helm(v, ['history', 'web', '-n', 'shop', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(
      (JSON.parse(r.stdout) as Record<string, unknown>[]).map((h) => [h.revision, h.status, h.description]),
    ).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ]);
  });

  test('get values, get values --revision, get manifest, status', async () => {
    expect(JSON.parse((await helm(v, ['get', 'values', 'web', '-n', 'shop', '-o', 'json'])).stdout)).toEqual({
      replicas: 3,
      image: { tag: 'v2' },
    });
    expect(
      JSON.parse(
        (await helm(v, ['get', 'values', 'web', '-n', 'shop', '--revision', '1', '-o', 'json'])).stdout,
      ),
    ).toEqual({
      replicas: 3,
      image: { tag: 'v1' },
    });
    expect((await helm(v, ['get', 'manifest', 'web', '-n', 'shop'])).stdout).toContain('tag: "v2"');
    const st = await helm(v, ['status', 'web', '-n', 'shop']);
    expect(st.stdout).toContain('STATUS: deployed');
    expect(st.stdout).toContain('installed web');
  });

  test('the ConfigMap driver (HELM_DRIVER=configmap)', async () => {
    const r = await helm(v, ['list', '-n', 'cm', '-o', 'json'], { HELM_DRIVER: 'configmap' });
    expect((JSON.parse(r.stdout) as { name: string }[]).map((x) => x.name)).toEqual(['cfg']);
  });
});

describe.for(['v4', 'v3'] as const)('bosun reads what helm %s writes', (v) => {
  test('install, upgrade → history, deployed, values, latest listing', async () => {
    const name = `real-${v}`;
    let r = await helm(v, [
      'install',
      name,
      `${dir}/chart`,
      '-n',
      'theirs',
      '--set',
      'image.tag=one',
      '--set',
      'n=5',
    ]);
    expect(r.stderr).toBe('');
    r = await helm(v, ['upgrade', name, `${dir}/chart`, '-n', 'theirs', '--set', 'image.tag=two']);
    expect(r.stderr).toBe('');
    const store = new Storage(new SecretsDriver(kube.secrets(), { namespace: 'theirs' }));
    const hist = (await store.history(name)).sort((a, b) => a.version - b.version);
    expect(hist.map((h) => [h.version, h.info.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    const dep = await store.deployed(name);
    expect(dep.config).toEqual({ image: { tag: 'two' } });
    expect(dep.chart.metadata).toMatchObject({ name: 'demo', version: '1.2.3', appVersion: '4.5' });
    expect(dep.info.notes).toBe(`installed ${name}\n`);
    expect(dep.manifest).toContain(`name: ${name}`);
    expect((await store.get(name, 1)).config).toEqual({ image: { tag: 'one' }, n: 5 });
    const all = await new Storage(new SecretsDriver(kube.secrets(), { namespace: '' })).listLatest({
      include: (h) => h.name === name,
    });
    expect(all.map((x) => x.version)).toEqual([2]);
  });

  test('after the client-side field manager is upgraded, apply as "helm" changes helm-owned fields without conflicts', async () => {
    const name = `real-${v}`;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'theirs' };
    const obj = {
      ...ref,
      metadata: { name, namespace: 'theirs', labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
      data: { tag: 'three' },
    };
    const apply = () =>
      kube.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: obj.metadata, data: obj.data }]);
    // helm 3 applied client-side: its "helm" Update entry conflicts with a "helm" Apply.
    if (v === 'v3') await expect(apply()).rejects.toMatchObject({ statusCode: 409, reason: 'Conflict' });
    expect(await kube.upgradeClientSideFieldManager(ref)).toBe(v === 'v3');
    const [res] = await apply();
    expect(res!.object.data).toEqual({ tag: 'three' });
  });

  test.runIf(v === 'v4')('the helm 4 record re-encodes byte for byte', async () => {
    const secret = await kube.secrets().get('theirs', 'sh.helm.release.v1.real-v4.v2');
    expect(secret?.type).toBe('helm.sh/release.v1');
    expect(secret?.metadata.labels).toMatchObject({
      name: 'real-v4',
      owner: 'helm',
      status: 'deployed',
      version: '2',
    });
    const inner = Buffer.from(secret!.data!.release!, 'base64').toString('latin1');
    const json = gunzipSync(Buffer.from(inner, 'base64')).toString('utf8');
    const rel = await new Storage(new SecretsDriver(kube.secrets(), { namespace: 'theirs' })).get(
      'real-v4',
      2,
    );
    expect(releaseToJson(rel)).toBe(json);
  });
});
