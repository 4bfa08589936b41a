/**
 * A real OCI registry (Debian's docker-registry, the CNCF distribution registry) on
 * 127.0.0.1: the real helm v4 pushes and bosun pulls; bosun pushes and helm pulls; the
 * chart bytes and the printed lines are compared. Skipped, with the reason printed, when the
 * registry binary is not installed (`apt-get install -y docker-registry`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../support/oracle.js';
import { bosun, helm, type RegistryProcess, startRegistry, writeChart } from './support.js';

const installed = existsSync('/usr/bin/docker-registry') || existsSync('/usr/bin/registry');
if (!installed) {
  console.warn('SKIP oci tests: docker-registry is not installed (apt-get install -y docker-registry)');
}

let tmp: ReturnType<typeof tempDir>;
let reg: RegistryProcess | undefined;
let pkgDir: string;

beforeAll(async () => {
  if (!installed) return;
  tmp = tempDir('bosun-repo-oci-');
  reg = await startRegistry(join(tmp.dir, 'registry'));
  pkgDir = join(tmp.dir, 'pkg');
  const src = join(tmp.dir, 'src');
  for (const [name, v] of [
    ['fromhelm', '0.1.0'],
    ['fromhelm', '0.2.0'],
    ['frombosun', '1.0.0+build.7'],
  ] as const) {
    const c = writeChart(join(src, v), name, v);
    const r = await helm(join(tmp.dir, 'h'), ['package', c, '-d', pkgDir]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await reg?.stop();
  tmp?.cleanup();
});

const home = (n: string) => join(tmp.dir, `home-${n}`);

describe.skipIf(!installed)('OCI registry', () => {
  test('helm pushes, bosun pulls (tag, constraint, digest)', async () => {
    for (const v of ['0.1.0', '0.2.0']) {
      const p = await helm(home('h'), [
        'push',
        join(pkgDir, `fromhelm-${v}.tgz`),
        `oci://${reg!.host}/charts`,
        '--plain-http',
      ]);
      expect(p.code, p.stderr).toBe(0);
    }
    const ref = `oci://${reg!.host}/charts/fromhelm`;
    const cases: [string, string[], string][] = [
      ['exact', ['--version=0.1.0'], 'fromhelm-0.1.0.tgz'],
      ['constraint', ['--version=~0.2'], 'fromhelm-0.2.0.tgz'],
      ['latest', [], 'fromhelm-0.2.0.tgz'],
    ];
    for (const [name, args, file] of cases) {
      const outB = join(home('b'), name);
      const outH = join(home('h'), name);
      mkdirSync(outB, { recursive: true });
      mkdirSync(outH, { recursive: true });
      const b = await bosun(home('b'), ['helm', 'pull', ref, ...args, '--plain-http'], { cwd: outB });
      const h = await helm(home('h'), ['pull', ref, ...args, '--plain-http'], { cwd: outH });
      expect(b.code, b.stderr).toBe(0);
      expect(readdirSync(outB)).toEqual([file]);
      expect(readdirSync(outB)).toEqual(readdirSync(outH));
      expect(readFileSync(join(outB, file))).toEqual(readFileSync(join(pkgDir, file)));
      expect(b.stdout).toBe(h.stdout + h.stderr.replace(/^(?!Pulled|Digest).*\n/gm, ''));
    }
    // Pin by manifest digest.
    const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(
      (
        await bosun(home('b'), ['helm', 'pull', ref, '--version=0.1.0', '--plain-http'], {
          cwd: join(home('b'), 'exact'),
        })
      ).stdout,
    )?.[1];
    expect(digest).toBeDefined();
    const pinned = join(home('b'), 'pinned');
    mkdirSync(pinned, { recursive: true });
    const d = await bosun(home('b'), ['helm', 'pull', `${ref}@${digest}`, '--plain-http', '--untar'], {
      cwd: pinned,
    });
    expect(d.code, d.stderr).toBe(0);
    expect(readFileSync(join(pinned, 'fromhelm/Chart.yaml'), 'utf8')).toContain('version: 0.1.0');
  });

  test('bosun pushes (a + version), helm pulls the same bytes', async () => {
    const file = join(pkgDir, 'frombosun-1.0.0+build.7.tgz');
    const p = await bosun(home('b'), ['helm', 'push', file, `oci://${reg!.host}/charts`, '--plain-http']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain(`Pushed: ${reg!.host}/charts/frombosun:1.0.0_build.7`);
    const out = join(home('h'), 'pulled');
    mkdirSync(out, { recursive: true });
    const h = await helm(
      home('h'),
      ['pull', `oci://${reg!.host}/charts/frombosun`, '--version', '1.0.0+build.7', '--plain-http'],
      { cwd: out },
    );
    expect(h.code, h.stderr).toBe(0);
    expect(readFileSync(join(out, readdirSync(out)[0]!))).toEqual(readFileSync(file));
    const show = await helm(home('h'), [
      'show',
      'chart',
      `oci://${reg!.host}/charts/frombosun`,
      '--version',
      '1.0.0+build.7',
      '--plain-http',
    ]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('name: frombosun');
  });

  test('registry login stores credentials where helm reads them; logout removes them', async () => {
    const h = home('login');
    const r = await bosun(
      h,
      ['helm', 'registry', 'login', reg!.host, '-u', 'me', '--password-stdin', '--plain-http'],
      { input: 'pw\n' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Login Succeeded\n');
    const cfg = JSON.parse(readFileSync(join(h, 'config/registry/config.json'), 'utf8'));
    expect(cfg.auths[reg!.host].auth).toBe(Buffer.from('me:pw').toString('base64'));
    const out = await bosun(h, ['helm', 'registry', 'logout', reg!.host]);
    expect(out.code, out.stderr).toBe(0);
    const again = await bosun(h, ['helm', 'registry', 'logout', reg!.host]);
    expect(again.code).toBe(1);
  });

  test('an unknown tag lists the available versions', async () => {
    const r = await bosun(home('b'), [
      'helm',
      'pull',
      `oci://${reg!.host}/charts/fromhelm`,
      '--version=^9',
      '--plain-http',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('available versions: 0.2.0, 0.1.0');
  });
});
