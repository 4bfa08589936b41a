/**
 * helm's `lookup` against the live cluster, for templates (which are synchronous). The first
 * call starts a worker thread holding its own kube client; each call posts the request to the
 * worker and blocks on a shared flag (Atomics.wait) until the answer is on the port, then reads
 * it synchronously (receiveMessageOnPort). Semantics follow helm's engine: a missing object or
 * resource is an empty map; a name of "" lists; namespace "" lists every namespace.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LookupFunc } from '../engine/index.js';
import type { GoMap } from '../gotemplate/index.js';
import type { KubeClient } from '../kube/index.js';

export class LookupError extends Error {
  readonly code = 'ELOOKUP';
}

export interface ClusterLookup {
  readonly lookup: LookupFunc;
  /** Stops the worker (if one was started). */
  close(): void;
}

/** A synchronous lookup bound to the cluster `kube` talks to; `timeoutMs` bounds each call. */
export function clusterLookup(kube: KubeClient, timeoutMs = 30_000): ClusterLookup {
  let worker: Worker | undefined;
  let port: MessageChannel['port1'] | undefined;
  let flag: Int32Array | undefined;
  const start = () => {
    const shared = new SharedArrayBuffer(4);
    flag = new Int32Array(shared);
    const channel = new MessageChannel();
    port = channel.port1;
    worker = new Worker(new URL('./lookup-worker.js', import.meta.url), {
      workerData: {
        files: kube.config.files,
        context: kube.context,
        namespace: kube.namespace,
        flag: shared,
        port: channel.port2,
      },
      transferList: [channel.port2],
    });
    worker.unref();
  };
  const lookup: LookupFunc = (apiVersion, kind, namespace, name) => {
    if (!worker) start();
    Atomics.store(flag!, 0, 0);
    port!.postMessage({ apiVersion, kind, namespace, name });
    const woke = Atomics.wait(flag!, 0, 0, timeoutMs);
    if (woke === 'timed-out')
      throw new LookupError(`lookup ${apiVersion} ${kind} ${namespace}/${name}: timed out`);
    const msg = receiveMessageOnPort(port!)?.message as { value?: GoMap; error?: string } | undefined;
    if (!msg) throw new LookupError(`lookup ${apiVersion} ${kind} ${namespace}/${name}: no answer`);
    if (msg.error !== undefined) throw new LookupError(msg.error);
    return msg.value ?? {};
  };
  return {
    lookup,
    close() {
      port?.close();
      void worker?.terminate();
      worker = undefined;
    },
  };
}

/** Runs a render with the cluster-backed lookup (or without one when `useCluster` is false). */
export function withClusterLookup<T>(
  cfg: { kube: KubeClient; lookup?: LookupFunc },
  useCluster: boolean,
  body: (lookup: LookupFunc | undefined) => T,
): T {
  if (!useCluster) return body(undefined);
  if (cfg.lookup) return body(cfg.lookup);
  const l = clusterLookup(cfg.kube);
  try {
    return body(l.lookup);
  } finally {
    l.close();
  }
}
