/**
 * The simulated kube-controller-manager and kubelet, like kwok: Deployments create ReplicaSets,
 * ReplicaSets, StatefulSets, DaemonSets and Jobs create Pods, Pods turn Running and Ready (or
 * Succeeded) after a delay, PVCs bind and LoadBalancer Services get an ingress IP. Rollout status
 * is reported the way kubectl, helm 3's readiness checks and kstatus (helm 4) read it.
 *
 * The annotation `sandbox.bosun.dev/fail: crashloop|image-pull|never-ready` on a pod template (or
 * on the Deployment/StatefulSet/DaemonSet/Job itself) keeps its Pods from becoming ready, with
 * the container statuses a real cluster shows; a Job with it fails.
 */
import type { Api } from './api.js';
import { timestamp } from './api.js';
import { clone } from './patch.js';
import type { ResourceInfo } from './resources.js';
import { matchesLabelSelector } from './selectors.js';
import type { KubeObject } from './store.js';

export const FAIL_ANNOTATION = 'sandbox.bosun.dev/fail';
export const NODE_NAME = 'sandbox-node';
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export type Obj = KubeObject;

/** The hooks a workload controller needs from the controller loop. */
export interface Runtime {
  api: Api;
  now(): Date;
  readyDelayMs: number;
  info(group: string, resource: string): ResourceInfo;
  /** Objects whose controller ownerReference points at `uid`, in `gr`. */
  owned(uid: string, gr: string): Obj[];
  /** Re-run the reconcile of `gr/ns/name` after `ms`. */
  later(gr: string, ns: string | undefined, name: string, ms: number): void;
  allocPodIP(): string;
  /** Milliseconds since the controllers first saw the object with this uid (timestamps are only to the second). */
  age(uid: string): number;
}

export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  const s = JSON.stringify(template ?? {});
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

function ownerRef(owner: Obj, kind: string, apiVersion: string): Obj {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function failMode(...sources: (Obj | undefined)[]): string | undefined {
  for (const s of sources) {
    const v = s?.metadata?.annotations?.[FAIL_ANNOTATION] ?? s?.annotations?.[FAIL_ANNOTATION];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function condition(
  prev: Obj[] | undefined,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
  withUpdate = false,
): Obj {
  const old = (prev ?? []).find((c) => c.type === type);
  const c: Obj = { type, status, reason, message };
  if (withUpdate)
    c.lastUpdateTime = old && old.reason === reason && old.status === status ? old.lastUpdateTime : now;
  c.lastTransitionTime = old && old.status === status ? old.lastTransitionTime : now;
  return c;
}

function isReady(pod: Obj): boolean {
  return (pod.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

function isTerminal(pod: Obj): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function writeStatus(rt: Runtime, info: ResourceInfo, obj: Obj, status: Obj): void {
  if (JSON.stringify(obj.status ?? {}) === JSON.stringify(status)) return;
  rt.api.writeSystem(info, { ...obj, status });
}

/** Creates a Pod from a template for an owner. */
function createPod(
  rt: Runtime,
  owner: Obj,
  kind: string,
  apiVersion: string,
  template: Obj,
  name: string,
  extraLabels: Obj,
  fail?: string,
): void {
  const meta = clone(template?.metadata ?? {});
  meta.name = name;
  meta.namespace = owner.metadata.namespace;
  meta.labels = { ...meta.labels, ...extraLabels };
  if (fail) meta.annotations = { ...meta.annotations, [FAIL_ANNOTATION]: fail };
  meta.ownerReferences = [ownerRef(owner, kind, apiVersion)];
  delete meta.creationTimestamp;
  try {
    rt.api.create(
      rt.info('', 'pods'),
      owner.metadata.namespace,
      { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: clone(template?.spec ?? {}) },
      { fieldManager: 'kube-controller-manager' },
    );
  } catch {
    // the namespace is terminating or the name is taken: the next reconcile retries
  }
}

function deleteObj(rt: Runtime, group: string, resource: string, o: Obj): void {
  try {
    rt.api.delete(rt.info(group, resource), o.metadata.namespace, o.metadata.name, {});
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------- kubelet

export function reconcilePod(rt: Runtime, pod: Obj): void {
  if (pod.metadata.deletionTimestamp || isTerminal(pod)) return;
  const info = rt.info('', 'pods');
  const now = timestamp(rt.now());
  const containers: Obj[] = pod.spec?.containers ?? [];
  if (!pod.spec?.nodeName) {
    const next = clone(pod);
    next.spec.nodeName = NODE_NAME;
    next.status = {
      ...next.status,
      phase: 'Pending',
      hostIP: '10.0.0.1',
      hostIPs: [{ ip: '10.0.0.1' }],
      startTime: now,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        {
          type: 'Ready',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
        },
        {
          type: 'ContainersReady',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
        },
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
      })),
    };
    rt.api.writeSystem(info, next);
    rt.later('/pods', pod.metadata.namespace, pod.metadata.name, rt.readyDelayMs);
    return;
  }
  const started = Date.parse(pod.status?.startTime ?? now);
  if (rt.now().getTime() - started < rt.readyDelayMs) {
    rt.later(
      '/pods',
      pod.metadata.namespace,
      pod.metadata.name,
      started + rt.readyDelayMs - rt.now().getTime(),
    );
    return;
  }
  const fail = failMode(pod);
  const runOnce = pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure';
  const status = clone(pod.status ?? {});
  status.podIP ??= rt.allocPodIP();
  status.podIPs = [{ ip: status.podIP }];
  const cond = (type: string, ok: boolean, reason?: string) => {
    const c: Obj = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now };
    if (!ok && reason) {
      c.reason = reason;
      c.message = `containers with unready status: [${containers.map((x) => x.name).join(' ')}]`;
    }
    const old = (status.conditions ?? []).find((x: Obj) => x.type === type);
    if (old && old.status === c.status) c.lastTransitionTime = old.lastTransitionTime;
    return c;
  };
  const base = (c: Obj) => ({
    name: c.name,
    image: c.image,
    imageID: `docker.io/library/${c.image}@sha256:0`,
    containerID: `containerd://${c.name}`,
  });
  if (runOnce && !fail) {
    status.phase = 'Succeeded';
    status.containerStatuses = containers.map((c) => ({
      ...base(c),
      ready: false,
      restartCount: 0,
      started: false,
      state: {
        terminated: { exitCode: 0, reason: 'Completed', startedAt: status.startTime, finishedAt: now },
      },
      lastState: {},
    }));
    status.conditions = [
      cond('PodScheduled', true),
      cond('Initialized', true),
      cond('Ready', false, 'PodCompleted'),
      cond('ContainersReady', false, 'PodCompleted'),
    ];
  } else if (runOnce || fail === 'crashloop') {
    status.phase = runOnce ? 'Failed' : 'Running';
    status.containerStatuses = containers.map((c) => {
      const terminated = { exitCode: 1, reason: 'Error', startedAt: status.startTime, finishedAt: now };
      return runOnce
        ? { ...base(c), ready: false, restartCount: 0, started: false, state: { terminated }, lastState: {} }
        : {
            ...base(c),
            ready: false,
            restartCount: 3,
            started: false,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off 40s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
              },
            },
            lastState: { terminated },
          };
    });
    status.conditions = [
      cond('PodScheduled', true),
      cond('Initialized', true),
      cond('Ready', false, 'ContainersNotReady'),
      cond('ContainersReady', false, 'ContainersNotReady'),
    ];
  } else if (fail === 'image-pull') {
    status.phase = 'Pending';
    status.containerStatuses = containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } },
      lastState: {},
    }));
    status.conditions = [
      cond('PodScheduled', true),
      cond('Initialized', true),
      cond('Ready', false, 'ContainersNotReady'),
      cond('ContainersReady', false, 'ContainersNotReady'),
    ];
  } else {
    const ready = fail !== 'never-ready';
    status.phase = 'Running';
    status.containerStatuses = containers.map((c) => ({
      ...base(c),
      ready,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: status.startTime } },
      lastState: {},
    }));
    status.conditions = [
      cond('PodReadyToStartContainers', true),
      cond('Initialized', true),
      cond('Ready', ready, 'ContainersNotReady'),
      cond('ContainersReady', ready, 'ContainersNotReady'),
      cond('PodScheduled', true),
    ];
  }
  writeStatus(rt, info, pod, status);
}

// ---------------------------------------------------------------- ReplicaSets and Deployments

export function reconcileReplicaSet(rt: Runtime, rs: Obj): void {
  if (rs.metadata.deletionTimestamp) return;
  const info = rt.info('apps', 'replicasets');
  const desired = rs.spec?.replicas ?? 1;
  const pods = rt
    .owned(rs.metadata.uid, '/pods')
    .filter((p) => !p.metadata.deletionTimestamp && !isTerminal(p));
  if (pods.length < desired) {
    const owner = rs.metadata.ownerReferences?.find((o: Obj) => o.controller);
    const deploy = owner
      ? rt.api.store.get('apps/deployments', rs.metadata.namespace, owner.name)
      : undefined;
    for (let i = pods.length; i < desired; i++) {
      createPod(
        rt,
        rs,
        'ReplicaSet',
        'apps/v1',
        rs.spec.template,
        `${rs.metadata.name}-${rt.api.randomSuffix()}`,
        {},
        failMode(rs.spec.template, rs, deploy),
      );
    }
  } else if (pods.length > desired) {
    const victims = [...pods]
      .sort((a, b) => Number(isReady(a)) - Number(isReady(b)))
      .slice(0, pods.length - desired);
    for (const p of victims) deleteObj(rt, '', 'pods', p);
  }
  const live = rt
    .owned(rs.metadata.uid, '/pods')
    .filter((p) => !p.metadata.deletionTimestamp && !isTerminal(p));
  const ready = live.filter(isReady).length;
  const status: Obj = {
    replicas: live.length,
    fullyLabeledReplicas: live.length,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  if (ready > 0) {
    status.readyReplicas = ready;
    status.availableReplicas = ready;
  }
  writeStatus(rt, info, rs, status);
}

function maxUnavailable(d: Obj, desired: number): number {
  if (d.spec?.strategy?.type !== 'RollingUpdate') return 0;
  const v = d.spec.strategy.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  return m ? Math.floor((desired * Number(m[1])) / 100) : Number(v) || 0;
}

export function reconcileDeployment(rt: Runtime, d: Obj): void {
  if (d.metadata.deletionTimestamp) return;
  const rsInfo = rt.info('apps', 'replicasets');
  const desired: number = d.spec?.replicas ?? 1;
  const hash = templateHash(d.spec?.template);
  const owned = rt.owned(d.metadata.uid, 'apps/replicasets');
  let newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const revisions = owned.map((rs) =>
    Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
  );
  const maxRev = Math.max(0, ...revisions);
  if (!d.spec?.paused) {
    if (!newRS) {
      const template = clone(d.spec?.template ?? {});
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
      };
      const selector = clone(d.spec?.selector ?? {});
      selector.matchLabels = { ...selector.matchLabels, 'pod-template-hash': hash };
      try {
        newRS = rt.api.create(
          rsInfo,
          d.metadata.namespace,
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            metadata: {
              name: `${d.metadata.name}-${hash}`,
              namespace: d.metadata.namespace,
              labels: { ...d.spec?.template?.metadata?.labels, 'pod-template-hash': hash },
              annotations: {
                'deployment.kubernetes.io/desired-replicas': String(desired),
                'deployment.kubernetes.io/max-replicas': String(desired + 1),
                'deployment.kubernetes.io/revision': String(maxRev + 1),
              },
              ownerReferences: [ownerRef(d, 'Deployment', 'apps/v1')],
            },
            spec: { replicas: desired, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
          },
          { fieldManager: 'kube-controller-manager' },
        );
      } catch {
        return;
      }
    } else {
      const rev = Number(newRS.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      if (newRS.spec?.replicas !== desired || rev < maxRev) {
        const next = clone(newRS);
        next.spec.replicas = desired;
        next.metadata.annotations = {
          ...next.metadata.annotations,
          'deployment.kubernetes.io/desired-replicas': String(desired),
        };
        if (rev < maxRev) next.metadata.annotations['deployment.kubernetes.io/revision'] = String(maxRev + 1);
        newRS = rt.api.writeSystem(rsInfo, next) ?? newRS;
      }
    }
    // old ReplicaSets go away once the new one is fully available (a rolling update in one step)
    const newAvailable = newRS!.status?.availableReplicas ?? 0;
    if (newAvailable >= desired) {
      for (const rs of owned) {
        if (rs.metadata.uid !== newRS!.metadata.uid && (rs.spec?.replicas ?? 0) > 0) {
          rt.api.writeSystem(rsInfo, { ...rs, spec: { ...rs.spec, replicas: 0 } });
        }
      }
    }
  }
  const all = rt.owned(d.metadata.uid, 'apps/replicasets');
  const cur = all.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const sum = (f: string) => all.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);
  const replicas = sum('replicas');
  const updated = cur?.status?.replicas ?? 0;
  const ready = sum('readyReplicas');
  const available = sum('availableReplicas');
  const now = timestamp(rt.now());
  const prev: Obj[] = d.status?.conditions ?? [];
  const complete = updated === desired && replicas === desired && available === desired;
  const availableOK = available >= desired - maxUnavailable(d, desired);
  const rsName = cur?.metadata.name ?? `${d.metadata.name}-${hash}`;
  const conditions: Obj[] = [
    availableOK
      ? condition(
          prev,
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
          true,
        )
      : condition(
          prev,
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
          true,
        ),
  ];
  const oldProg = prev.find((c) => c.type === 'Progressing');
  if (complete)
    conditions.push(
      condition(
        prev,
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
        now,
        true,
      ),
    );
  else {
    const deadline = (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
    const since =
      oldProg && oldProg.reason === 'ReplicaSetUpdated'
        ? Date.parse(oldProg.lastUpdateTime)
        : rt.now().getTime();
    const elapsed = rt.now().getTime() - since;
    if (oldProg?.reason === 'ProgressDeadlineExceeded' || elapsed >= deadline) {
      conditions.push(
        condition(
          prev,
          'Progressing',
          'False',
          'ProgressDeadlineExceeded',
          `ReplicaSet "${rsName}" has timed out progressing.`,
          now,
          true,
        ),
      );
    } else {
      const c = condition(
        prev,
        'Progressing',
        'True',
        'ReplicaSetUpdated',
        `ReplicaSet "${rsName}" is progressing.`,
        now,
        true,
      );
      if (oldProg?.reason === 'ReplicaSetUpdated') c.lastUpdateTime = oldProg.lastUpdateTime;
      conditions.push(c);
      rt.later('apps/deployments', d.metadata.namespace, d.metadata.name, deadline - elapsed + 10);
    }
  }
  const status: Obj = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (replicas - available > 0) status.unavailableReplicas = replicas - available;
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'])
    if (status[k] === 0) delete status[k];
  status.terminatingReplicas = undefined;
  delete status.terminatingReplicas;
  status.conditions = conditions;
  writeStatus(rt, rt.info('apps', 'deployments'), d, status);
}

// ---------------------------------------------------------------- StatefulSets and DaemonSets

export function reconcileStatefulSet(rt: Runtime, s: Obj): void {
  if (s.metadata.deletionTimestamp) return;
  const ns = s.metadata.namespace;
  const desired: number = s.spec?.replicas ?? 1;
  const rev = `${s.metadata.name}-${templateHash(s.spec?.template)}`;
  const pods = rt.owned(s.metadata.uid, '/pods').filter((p) => !p.metadata.deletionTimestamp);
  for (const p of pods) {
    const idx = Number(p.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? -1);
    if (idx >= desired || p.metadata.labels?.['controller-revision-hash'] !== rev)
      deleteObj(rt, '', 'pods', p);
  }
  const pvcInfo = rt.info('', 'persistentvolumeclaims');
  for (let i = 0; i < desired; i++) {
    const podName = `${s.metadata.name}-${i}`;
    for (const t of s.spec?.volumeClaimTemplates ?? []) {
      const claim = `${t.metadata?.name}-${podName}`;
      if (!rt.api.store.get('/persistentvolumeclaims', ns, claim)) {
        try {
          rt.api.create(
            pvcInfo,
            ns,
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: claim, namespace: ns, labels: s.spec?.selector?.matchLabels },
              spec: clone(t.spec ?? {}),
            },
            { fieldManager: 'kube-controller-manager' },
          );
        } catch {
          // retried on the next reconcile
        }
      }
    }
    if (!rt.api.store.get('/pods', ns, podName)) {
      createPod(
        rt,
        s,
        'StatefulSet',
        'apps/v1',
        s.spec?.template,
        podName,
        {
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': rev,
          'statefulset.kubernetes.io/pod-name': podName,
        },
        failMode(s.spec?.template, s),
      );
    }
  }
  const live = rt.owned(s.metadata.uid, '/pods').filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isReady).length;
  const updated = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === rev).length;
  const allUpdated = updated === desired && live.length === desired;
  const status: Obj = {
    observedGeneration: s.metadata.generation ?? 1,
    replicas: live.length,
    readyReplicas: ready,
    currentReplicas: allUpdated ? updated : live.length - updated,
    updatedReplicas: updated,
    availableReplicas: ready,
    currentRevision: allUpdated ? rev : (s.status?.currentRevision ?? rev),
    updateRevision: rev,
    collisionCount: 0,
  };
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
    if (status[k] === 0) delete status[k];
  writeStatus(rt, rt.info('apps', 'statefulsets'), s, status);
}

export function reconcileDaemonSet(rt: Runtime, ds: Obj): void {
  if (ds.metadata.deletionTimestamp) return;
  const hash = templateHash(ds.spec?.template);
  const pods = rt.owned(ds.metadata.uid, '/pods').filter((p) => !p.metadata.deletionTimestamp);
  for (const p of pods)
    if (p.metadata.labels?.['controller-revision-hash'] !== hash) deleteObj(rt, '', 'pods', p);
  if (!pods.some((p) => p.metadata.labels?.['controller-revision-hash'] === hash)) {
    createPod(
      rt,
      ds,
      'DaemonSet',
      'apps/v1',
      ds.spec?.template,
      `${ds.metadata.name}-${rt.api.randomSuffix()}`,
      { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      failMode(ds.spec?.template, ds),
    );
  }
  const live = rt.owned(ds.metadata.uid, '/pods').filter((p) => !p.metadata.deletionTimestamp);
  const ready = live.filter(isReady).length;
  const updated = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length;
  const status: Obj = {
    currentNumberScheduled: live.length,
    desiredNumberScheduled: 1,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: updated,
  };
  if (ready > 0) status.numberAvailable = ready;
  else status.numberUnavailable = 1;
  writeStatus(rt, rt.info('apps', 'daemonsets'), ds, status);
}

// ---------------------------------------------------------------- Jobs, PVCs, Services

export function reconcileJob(rt: Runtime, job: Obj): void {
  if (job.metadata.deletionTimestamp || job.spec?.suspend) return;
  const done = (job.status?.conditions ?? []).some(
    (c: Obj) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  if (done) return;
  const pods = rt.owned(job.metadata.uid, '/pods');
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
  const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
  const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
  const completions: number = job.spec?.completions ?? 1;
  const fail = failMode(job.spec?.template, job);
  const now = timestamp(rt.now());
  const status: Obj = {
    ...clone(job.status ?? {}),
    startTime: job.status?.startTime ?? now,
    uncountedTerminatedPods: {},
  };
  const prev: Obj[] = job.status?.conditions ?? [];
  if (succeeded >= completions) {
    status.succeeded = succeeded;
    status.completionTime = now;
    status.conditions = [
      condition(
        prev,
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      ),
      condition(
        prev,
        'Complete',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      ),
    ].map((c) => ({ ...c, lastProbeTime: now }));
    delete status.active;
  } else if (failed > 0 && (fail || failed > (job.spec?.backoffLimit ?? 6))) {
    status.failed = failed;
    status.conditions = [
      condition(
        prev,
        'FailureTarget',
        'True',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        now,
      ),
      condition(
        prev,
        'Failed',
        'True',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        now,
      ),
    ].map((c) => ({ ...c, lastProbeTime: now }));
    delete status.active;
  } else {
    const want = Math.min(job.spec?.parallelism ?? 1, completions - succeeded);
    for (let i = active.length; i < want; i++) {
      createPod(
        rt,
        job,
        'Job',
        'batch/v1',
        job.spec?.template,
        `${job.metadata.name}-${rt.api.randomSuffix()}`,
        {},
        fail,
      );
    }
    status.active = Math.max(active.length, want);
    status.ready = active.filter(isReady).length;
    status.terminating = 0;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
  }
  writeStatus(rt, rt.info('batch', 'jobs'), job, status);
}

export function reconcilePVC(rt: Runtime, pvc: Obj): void {
  if (pvc.metadata.deletionTimestamp || pvc.status?.phase === 'Bound') return;
  const age = rt.age(pvc.metadata.uid);
  if (age < rt.readyDelayMs) {
    rt.later('/persistentvolumeclaims', pvc.metadata.namespace, pvc.metadata.name, rt.readyDelayMs - age);
    return;
  }
  const next = clone(pvc);
  next.spec.volumeName = `pvc-${pvc.metadata.uid}`;
  next.spec.storageClassName ??= 'standard';
  next.status = {
    phase: 'Bound',
    accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
    capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
  };
  rt.api.writeSystem(rt.info('', 'persistentvolumeclaims'), next);
}

export function reconcileService(rt: Runtime, svc: Obj, lbIP: () => string): void {
  if (svc.spec?.type !== 'LoadBalancer' || (svc.status?.loadBalancer?.ingress ?? []).length > 0) return;
  const age = rt.age(svc.metadata.uid);
  if (age < rt.readyDelayMs) {
    rt.later('/services', svc.metadata.namespace, svc.metadata.name, rt.readyDelayMs - age);
    return;
  }
  writeStatus(rt, rt.info('', 'services'), svc, {
    loadBalancer: { ingress: [{ ip: lbIP(), ipMode: 'VIP' }] },
  });
}

export { matchesLabelSelector };
