#!/usr/bin/env node
// Sandbox benchmark: start-up time, GET and LIST (1,000 Secrets) requests per second, server-side
// apply of a 50-object manifest, and memory with 10,000 objects. Needs `npm run build` first.
// Usage: node bench/sandbox/run.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../dist/sandbox/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bosun-sandbox-bench-'));

function client(sb) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: sb.caPem });
  return (method, path, body, type = 'application/json') =>
    new Promise((resolve, reject) => {
      const url = new URL(path, sb.url);
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = request(
        url,
        {
          method,
          agent,
          headers: { Authorization: `Bearer ${sb.token}`, ...(payload ? { 'Content-Type': type } : {}) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            res.statusCode >= 400
              ? reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`))
              : resolve(Buffer.concat(chunks)),
          );
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
}

async function rate(fn, seconds = 3, concurrency = 8) {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        n++;
      }
    }),
  );
  return n / seconds;
}

const out = {};
try {
  let t0 = performance.now();
  let sb = await startSandbox({ dataDir: join(dir, 'fresh'), readyDelayMs: 100 });
  out.startupFreshMs = +(performance.now() - t0).toFixed(1);
  await sb.stop();
  t0 = performance.now();
  sb = await startSandbox({ dataDir: join(dir, 'fresh'), readyDelayMs: 100 });
  out.startupRestartMs = +(performance.now() - t0).toFixed(1);
  const http = client(sb);

  for (let i = 0; i < 1000; i++) {
    await http('POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `s-${i}`, labels: { bench: 'yes' } },
      data: { k: Buffer.from(`value-${i}`).toString('base64') },
    });
  }
  out.getPerSec = Math.round(await rate(() => http('GET', '/api/v1/namespaces/default/secrets/s-500')));
  out.list1000SecretsPerSec = +(
    await rate(() => http('GET', '/api/v1/namespaces/default/secrets'), 3, 4)
  ).toFixed(1);

  const docs = [];
  for (let i = 0; i < 50; i++) {
    docs.push(
      i % 2
        ? {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `cm-${i}`, namespace: 'default', labels: { app: 'bench' } },
            data: { a: String(i), b: 'x'.repeat(200) },
          }
        : {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: `d-${i}`, namespace: 'default' },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: `d-${i}` } },
              template: {
                metadata: { labels: { app: `d-${i}` } },
                spec: {
                  containers: [
                    {
                      name: 'c',
                      image: 'nginx:1.27',
                      env: [{ name: 'I', value: String(i) }],
                      ports: [{ containerPort: 80 }],
                    },
                  ],
                },
              },
            },
          },
    );
  }
  const applyAll = (gen) =>
    Promise.all(
      docs.map((d) => {
        const p =
          d.kind === 'ConfigMap'
            ? `/api/v1/namespaces/default/configmaps/${d.metadata.name}`
            : `/apis/apps/v1/namespaces/default/deployments/${d.metadata.name}`;
        const body = d.kind === 'ConfigMap' ? { ...d, data: { ...d.data, gen: String(gen) } } : d;
        return http('PATCH', `${p}?fieldManager=bench`, body, 'application/apply-patch+yaml');
      }),
    );
  t0 = performance.now();
  await applyAll(0);
  out.ssa50CreateMs = +(performance.now() - t0).toFixed(1);
  t0 = performance.now();
  await applyAll(1);
  out.ssa50UpdateMs = +(performance.now() - t0).toFixed(1);

  for (let i = 0; i < 9000; i++) {
    await http('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `m-${i}` },
      data: { v: `value-${i}` },
    });
  }
  global.gc?.();
  out.objects = sb.objectCount();
  out.heapUsedMiB = +(process.memoryUsage().heapUsed / 1048576).toFixed(1);
  out.rssMiB = +(process.memoryUsage().rss / 1048576).toFixed(1);
  await sb.stop();
  t0 = performance.now();
  sb = await startSandbox({ dataDir: join(dir, 'fresh'), readyDelayMs: 100 });
  out.startupWith10kObjectsMs = +(performance.now() - t0).toFixed(1);
  await sb.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(out, null, 2));
