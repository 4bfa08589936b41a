/**
 * The controller loop: store events enqueue reconciles (batched on the next tick), timers
 * re-run them after the simulated delays. Besides the workloads (`workloads.ts`) it runs the
 * namespace lifecycle (a terminating namespace empties, then goes), the garbage collector
 * (ownerReferences: background, foreground and orphan deletion) and creates the start-up
 * objects of a fresh cluster (default namespaces, a node, each namespace's default ServiceAccount).
 */
import type { Api } from './api.js';
import { timestamp } from './api.js';
import { clone } from './patch.js';
import type { ResourceInfo } from './resources.js';
import { grKey, type KubeObject, type StoreEvent } from './store.js';
import {
  NODE_NAME,
  type Runtime,
  reconcileDaemonSet,
  reconcileDeployment,
  reconcileJob,
  reconcilePod,
  reconcilePVC,
  reconcileReplicaSet,
  reconcileService,
  reconcileStatefulSet,
} from './workloads.js';

export interface ControllerOptions {
  readyDelayMs: number;
  now: () => Date;
}

const WATCHED = new Set([
  '/pods',
  'apps/replicasets',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  '/persistentvolumeclaims',
  '/services',
  '/namespaces',
]);

export class Controllers {
  private readonly queue = new Map<string, { gr: string; ns?: string; name: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** owner uid → keys of objects that reference it. */
  private readonly dependents = new Map<string, Set<string>>();
  private scheduled = false;
  private stopped = false;
  private unsubscribe?: () => void;
  private podIP = 0;
  private lbIP = 0;
  private readonly rt: Runtime;
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly api: Api,
    private readonly opts: ControllerOptions,
  ) {
    this.rt = {
      api,
      now: opts.now,
      readyDelayMs: opts.readyDelayMs,
      info: (g, r) => this.info(g, r),
      owned: (uid, gr) => this.owned(uid, gr),
      later: (gr, ns, name, ms) => this.later(gr, ns, name, ms),
      age: (uid) => {
        const t = this.opts.now().getTime();
        const first = this.firstSeen.get(uid);
        if (first === undefined) {
          this.firstSeen.set(uid, t);
          return 0;
        }
        return t - first;
      },
      allocPodIP: () => {
        const n = ++this.podIP;
        return `10.244.${(n >> 8) & 0xff}.${n & 0xff}`;
      },
    };
  }

  private info(group: string, resource: string): ResourceInfo {
    const i = this.api.registry.forGroupResource(group, resource);
    if (!i) throw new Error(`unknown resource ${group}/${resource}`);
    return i;
  }

  bootstrap(): void {
    const store = this.api.store;
    for (const gr of store.groupResources()) for (const o of store.list(gr)) this.index(gr, o, undefined);
    const nsInfo = this.info('', 'namespaces');
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      if (!store.get('/namespaces', undefined, ns))
        this.api.create(nsInfo, undefined, { metadata: { name: ns } }, { fieldManager: 'kube-apiserver' });
    }
    if (!store.get('/nodes', undefined, NODE_NAME)) this.createNode();
    this.unsubscribe = store.subscribe((ev) => this.onEvent(ev));
    for (const gr of WATCHED)
      for (const o of store.list(gr)) this.enqueue(gr, o.metadata.namespace, o.metadata.name);
    for (const gr of store.groupResources()) {
      for (const o of store.list(gr))
        if (o.metadata.deletionTimestamp) this.enqueue(gr, o.metadata.namespace, o.metadata.name);
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private createNode(): void {
    const now = timestamp(this.opts.now());
    const node = this.api.create(
      this.info('', 'nodes'),
      undefined,
      {
        metadata: {
          name: NODE_NAME,
          labels: {
            'kubernetes.io/hostname': NODE_NAME,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'node-role.kubernetes.io/control-plane': '',
          },
        },
        spec: { podCIDR: '10.244.0.0/16' },
      },
      { fieldManager: 'kubelet' },
    );
    this.api.writeSystem(this.info('', 'nodes'), {
      ...node,
      status: {
        capacity: { cpu: '8', memory: '16Gi', pods: '110' },
        allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
        addresses: [
          { type: 'InternalIP', address: '10.0.0.1' },
          { type: 'Hostname', address: NODE_NAME },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.35.0',
          containerRuntimeVersion: 'containerd://2.0.0',
          osImage: 'bosun sandbox',
          operatingSystem: 'linux',
          architecture: 'amd64',
          kernelVersion: '6.0.0',
          kubeProxyVersion: '',
          bootID: '',
          machineID: '',
          systemUUID: '',
        },
      },
    });
  }

  private key(gr: string, ns: string | undefined, name: string): string {
    return `${gr}|${ns ?? ''}|${name}`;
  }

  private index(gr: string, obj: KubeObject, old: KubeObject | undefined): void {
    const k = this.key(gr, obj.metadata.namespace, obj.metadata.name);
    for (const r of old?.metadata?.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(k);
    for (const r of obj.metadata?.ownerReferences ?? []) {
      let s = this.dependents.get(r.uid);
      if (!s) this.dependents.set(r.uid, (s = new Set()));
      s.add(k);
    }
  }

  private owned(uid: string, gr: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const k of this.dependents.get(uid) ?? []) {
      const [g, ns, name] = k.split('|') as [string, string, string];
      if (g !== gr) continue;
      const o = this.api.store.get(g, ns || undefined, name);
      if (o && (o.metadata.ownerReferences ?? []).some((r: KubeObject) => r.uid === uid && r.controller))
        out.push(o);
    }
    return out;
  }

  private later(gr: string, ns: string | undefined, name: string, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        this.enqueue(gr, ns, name);
      },
      Math.max(0, ms),
    );
    t.unref();
    this.timers.add(t);
  }

  private enqueue(gr: string, ns: string | undefined, name: string): void {
    if (this.stopped) return;
    this.queue.set(this.key(gr, ns, name), { gr, ns, name });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private onEvent(ev: StoreEvent): void {
    const o = ev.object;
    const ns = o.metadata.namespace;
    if (ev.type === 'DELETED') {
      this.firstSeen.delete(o.metadata.uid);
      const k = this.key(ev.gr, ns, o.metadata.name);
      for (const r of o.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(k);
      // dependents of a deleted owner are collected
      for (const dk of this.dependents.get(o.metadata.uid) ?? []) {
        const [g, dns, dname] = dk.split('|') as [string, string, string];
        this.enqueue(`gc:${g}`, dns || undefined, dname);
      }
      if (ns) {
        const nsObj = this.api.store.get('/namespaces', undefined, ns);
        if (nsObj?.metadata.deletionTimestamp) this.enqueue('/namespaces', undefined, ns);
      }
    } else {
      if (ev.type === 'ADDED' && WATCHED.has(ev.gr))
        this.firstSeen.set(o.metadata.uid, this.opts.now().getTime());
      this.index(ev.gr, o, ev.old);
      if (WATCHED.has(ev.gr) || o.metadata.deletionTimestamp) this.enqueue(ev.gr, ns, o.metadata.name);
    }
    for (const r of o.metadata.ownerReferences ?? []) {
      if (!r.controller) continue;
      const ownerGr =
        r.kind === 'ReplicaSet'
          ? 'apps/replicasets'
          : r.kind === 'Deployment'
            ? 'apps/deployments'
            : r.kind === 'StatefulSet'
              ? 'apps/statefulsets'
              : r.kind === 'DaemonSet'
                ? 'apps/daemonsets'
                : r.kind === 'Job'
                  ? 'batch/jobs'
                  : undefined;
      if (ownerGr) this.enqueue(ownerGr, ns, r.name);
    }
  }

  private drain(): void {
    this.scheduled = false;
    const items = [...this.queue.values()];
    this.queue.clear();
    for (const it of items) {
      if (this.stopped) return;
      try {
        this.reconcile(it.gr, it.ns, it.name);
      } catch {
        // a conflict with a concurrent client write: the event it caused re-queues the object
      }
    }
  }

  private reconcile(gr: string, ns: string | undefined, name: string): void {
    if (gr.startsWith('gc:')) {
      this.collect(gr.slice(3), ns, name);
      return;
    }
    const o = this.api.store.get(gr, ns, name);
    if (!o) return;
    if (o.metadata.deletionTimestamp) {
      this.finalize(gr, o);
      return;
    }
    switch (gr) {
      case '/pods':
        reconcilePod(this.rt, o);
        return;
      case 'apps/replicasets':
        reconcileReplicaSet(this.rt, o);
        return;
      case 'apps/deployments':
        reconcileDeployment(this.rt, o);
        return;
      case 'apps/statefulsets':
        reconcileStatefulSet(this.rt, o);
        return;
      case 'apps/daemonsets':
        reconcileDaemonSet(this.rt, o);
        return;
      case 'batch/jobs':
        reconcileJob(this.rt, o);
        return;
      case '/persistentvolumeclaims':
        reconcilePVC(this.rt, o);
        return;
      case '/services':
        reconcileService(this.rt, o, () => `172.18.255.${++this.lbIP}`);
        return;
      case '/namespaces':
        this.namespaceCreated(o);
        return;
    }
  }

  private namespaceCreated(ns: KubeObject): void {
    const name = ns.metadata.name;
    if (!this.api.store.get('/serviceaccounts', name, 'default')) {
      try {
        this.api.create(
          this.info('', 'serviceaccounts'),
          name,
          { metadata: { name: 'default' } },
          { fieldManager: 'kube-controller-manager' },
        );
      } catch {
        // terminating namespace
      }
    }
  }

  /** A dependent whose owner went away: delete it unless another owner remains. */
  private collect(gr: string, ns: string | undefined, name: string): void {
    const o = this.api.store.get(gr, ns, name);
    if (!o) return;
    const refs: KubeObject[] = o.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => this.ownerExists(r, o.metadata.namespace));
    if (alive.length > 0) return;
    const [group, resource] = gr.split('/') as [string, string];
    const info = this.api.registry.forGroupResource(group, resource);
    if (!info) return;
    try {
      this.api.delete(info, ns, name, { propagationPolicy: 'Background' });
    } catch {
      // already gone
    }
  }

  private ownerExists(ref: KubeObject, ns: string | undefined): boolean {
    for (const gr of this.api.store.groupResources()) {
      const [group] = gr.split('/');
      const apiGroup = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
      if (group !== apiGroup) continue;
      const info = this.api.registry.forGroupResource(group!, gr.split('/')[1]!);
      if (!info || info.kind !== ref.kind) continue;
      const o = this.api.store.get(gr, info.namespaced ? ns : undefined, ref.name);
      if (o && o.metadata.uid === ref.uid) return true;
    }
    return false;
  }

  /** Objects being deleted: namespaces empty out; foreground/orphan finalizers are processed. */
  private finalize(gr: string, o: KubeObject): void {
    const [group, resource] = [gr.slice(0, gr.indexOf('/')), gr.slice(gr.indexOf('/') + 1)];
    const info = this.api.registry.forGroupResource(group, resource);
    if (!info) return;
    if (gr === '/namespaces') {
      const ns = o.metadata.name;
      let remaining = 0;
      for (const g of this.api.store.groupResources()) {
        const [gg, rr] = [g.slice(0, g.indexOf('/')), g.slice(g.indexOf('/') + 1)];
        const ri = this.api.registry.forGroupResource(gg, rr);
        if (!ri?.namespaced) continue;
        for (const child of this.api.store.list(g, ns)) {
          remaining++;
          if (!child.metadata.deletionTimestamp) {
            try {
              this.api.delete(ri, ns, child.metadata.name, { propagationPolicy: 'Background' });
            } catch {
              // gone already
            }
          }
        }
      }
      const left = this.api.store.groupResources().some((g) => this.api.store.list(g, ns).length > 0);
      if (remaining === 0 || !left) {
        const next = clone(o);
        next.spec = { ...next.spec, finalizers: [] };
        this.api.writeSystem(info, next, 'namespace-controller');
      }
      return;
    }
    const finalizers: string[] = o.metadata.finalizers ?? [];
    if (finalizers.includes('foregroundDeletion')) {
      const deps = [...(this.dependents.get(o.metadata.uid) ?? [])];
      let blocking = 0;
      for (const dk of deps) {
        const [g, dns, dname] = dk.split('|') as [string, string, string];
        const d = this.api.store.get(g, dns || undefined, dname);
        if (!d) continue;
        blocking++;
        const [dg, dr] = [g.slice(0, g.indexOf('/')), g.slice(g.indexOf('/') + 1)];
        const di = this.api.registry.forGroupResource(dg, dr);
        if (di && !d.metadata.deletionTimestamp) {
          try {
            this.api.delete(di, dns || undefined, dname, { propagationPolicy: 'Foreground' });
          } catch {
            // gone already
          }
        }
      }
      if (blocking === 0) this.dropFinalizer(info, o, 'foregroundDeletion');
      else this.later(gr, o.metadata.namespace, o.metadata.name, 50);
    } else if (finalizers.includes('orphan')) {
      for (const dk of [...(this.dependents.get(o.metadata.uid) ?? [])]) {
        const [g, dns, dname] = dk.split('|') as [string, string, string];
        const d = this.api.store.get(g, dns || undefined, dname);
        const [dg, dr] = [g.slice(0, g.indexOf('/')), g.slice(g.indexOf('/') + 1)];
        const di = this.api.registry.forGroupResource(dg, dr);
        if (!d || !di) continue;
        this.api.writeSystem(
          di,
          {
            ...d,
            metadata: {
              ...d.metadata,
              ownerReferences: (d.metadata.ownerReferences ?? []).filter(
                (r: KubeObject) => r.uid !== o.metadata.uid,
              ),
            },
          },
          'garbage-collector',
        );
      }
      this.dropFinalizer(info, o, 'orphan');
    }
  }

  private dropFinalizer(info: ResourceInfo, o: KubeObject, f: string): void {
    const next = clone(o);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((x: string) => x !== f);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    this.api.writeSystem(info, next, 'garbage-collector');
  }
}

export { grKey };
