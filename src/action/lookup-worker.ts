/**
 * The worker side of the synchronous `lookup` bridge (see lookup.ts): it owns a kube client,
 * answers one request at a time on its MessagePort, then wakes the blocked main thread through
 * the shared flag. Results are plain JSON values whose integers are bigints (Go's int64 in
 * unstructured objects).
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { isNotFoundError, KubeClient, NoKindMatchError } from '../kube/index.js';

interface Init {
  files: string[];
  context: string;
  namespace: string;
  flag: SharedArrayBuffer;
  port: MessagePort;
}

interface Request {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

const init = workerData as Init;
const flag = new Int32Array(init.flag);
const kube = KubeClient.fromKubeconfig({
  env: { KUBECONFIG: init.files.join(':') },
  context: init.context,
  namespace: init.namespace,
});

/** Integers become bigints (int64), other numbers stay float64, as client-go's unstructured decoding. */
function goNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(goNumbers);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = goNumbers(v);
    return out;
  }
  return value;
}

async function answer(req: Request): Promise<{ value?: unknown; error?: string }> {
  try {
    if (req.name !== '') {
      const obj = await kube.get({
        apiVersion: req.apiVersion,
        kind: req.kind,
        name: req.name,
        namespace: req.namespace,
      });
      return { value: obj ? goNumbers(obj) : {} };
    }
    const mapping = await kube.mapping(req.apiVersion, req.kind);
    const path = mapping.namespaced && req.namespace !== '' ? `namespaces/${req.namespace}/` : '';
    const base = req.apiVersion.includes('/') ? `/apis/${req.apiVersion}` : `/api/${req.apiVersion}`;
    const list = await kube.transport.request<Record<string, unknown>>({
      method: 'GET',
      path: `${base}/${path}${mapping.resource}`,
    });
    // client-go's list decoding gives every item its apiVersion and kind.
    const items = Array.isArray(list.items) ? list.items : [];
    list.items = items.map((i) => ({ apiVersion: req.apiVersion, kind: req.kind, ...(i as object) }));
    return { value: goNumbers(list) };
  } catch (err) {
    if (isNotFoundError(err)) return { value: {} };
    if (err instanceof NoKindMatchError) {
      return {
        error: `unable to get apiresource from unstructured: ${gvkString(req)}: ${err.message}`,
      };
    }
    return { error: (err as Error).message };
  }
}

function gvkString(req: Request): string {
  const [group, version] = req.apiVersion.includes('/') ? req.apiVersion.split('/', 2) : ['', req.apiVersion];
  return `${group}/${version}, Kind=${req.kind}`;
}

init.port.on('message', (req: Request) => {
  void answer(req).then((res) => {
    init.port.postMessage(res);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});
