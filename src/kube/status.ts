/**
 * Readiness of one object from its own fields, as kstatus computes it (the rules helm 4 waits
 * with), plus helm's stricter readers: Jobs must complete with `--wait-for-jobs` and for hooks,
 * hook Pods must succeed. Pure: the caller feeds objects from watches.
 */

export type ResourceStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating' | 'NotFound' | 'Unknown';

export interface StatusResult {
  status: ResourceStatus;
  message: string;
}

export interface StatusMode {
  /** Jobs are ready only when complete (helm's `--wait-for-jobs`). */
  waitForJobs?: boolean;
  /** Hook mode (helm's WatchUntilReady): Jobs must complete, Pods succeed; other kinds are ready. */
  hooks?: boolean;
  /**
   * LoadBalancer Services are ready only once they have an ingress address or external IPs
   * (helm 3's and helm 4's legacy check). kstatus only wants a cluster IP. Default true.
   */
  loadBalancerIngress?: boolean;
  /** Milliseconds since the epoch, for the Pod scheduling window (default Date.now()). */
  now?: number;
}

type Obj = Record<string, any>;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function field(obj: Obj, path: string): unknown {
  let cur: any = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}
function int(obj: Obj, path: string, dflt: number): number {
  const v = field(obj, path);
  return typeof v === 'number' ? Math.trunc(v) : dflt;
}
function str(obj: Obj, path: string, dflt: string): string {
  const v = field(obj, path);
  return typeof v === 'string' ? v : dflt;
}
function conditions(obj: Obj): Condition[] {
  const c = field(obj, 'status.conditions');
  return Array.isArray(c) ? (c as Condition[]) : [];
}

const current = (message: string): StatusResult => ({ status: 'Current', message });
const inProgress = (message: string): StatusResult => ({ status: 'InProgress', message });
const failed = (message: string): StatusResult => ({ status: 'Failed', message });

function genericProperties(obj: Obj): StatusResult | undefined {
  if (str(obj, 'metadata.deletionTimestamp', ''))
    return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const gen = field(obj, 'metadata.generation');
  const observed = field(obj, 'status.observedGeneration');
  if (typeof gen === 'number' && typeof observed === 'number' && gen !== observed) {
    return inProgress(`${obj.kind} generation is ${gen}, but latest observed generation is ${observed}`);
  }
  for (const c of conditions(obj)) {
    if (c.type === 'Reconciling' && c.status === 'True') return inProgress(c.message ?? '');
    if (c.type === 'Stalled' && c.status === 'True') return failed(c.message ?? '');
  }
  return undefined;
}

function deployment(o: Obj): StatusResult {
  let progressing = int(o, 'spec.progressDeadlineSeconds', 2147483647) === 2147483647;
  let available = false;
  for (const c of conditions(o)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    }
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const spec = int(o, 'spec.replicas', 1);
  const replicas = int(o, 'status.replicas', 0);
  const updated = int(o, 'status.updatedReplicas', 0);
  const ready = int(o, 'status.readyReplicas', 0);
  const avail = int(o, 'status.availableReplicas', 0);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (updated > avail) return inProgress(`Available: ${avail}/${updated}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress('ReplicaSet not Available');
  if (!available) return inProgress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function statefulSet(o: Obj): StatusResult {
  if (str(o, 'spec.updateStrategy.type', '') === 'OnDelete')
    return current('StatefulSet is using the ondelete update strategy');
  const spec = int(o, 'spec.replicas', 1);
  const ready = int(o, 'status.readyReplicas', 0);
  const cur = int(o, 'status.currentReplicas', 0);
  const updated = int(o, 'status.updatedReplicas', 0);
  const replicas = int(o, 'status.replicas', 0);
  const partition = int(o, 'spec.updateStrategy.rollingUpdate.partition', -1);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition) return inProgress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > cur) return inProgress(`current: ${cur}/${spec}`);
  if (str(o, 'status.currentRevision', '') !== str(o, 'status.updateRevision', '')) {
    return inProgress('Waiting for updated revision to match current');
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function replicaSet(o: Obj): StatusResult {
  if (conditions(o).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) {
    return inProgress('Replica Failure condition. Check Pods');
  }
  const spec = int(o, 'spec.replicas', 1);
  const replicas = int(o, 'status.replicas', 0);
  const ready = int(o, 'status.readyReplicas', 0);
  const avail = int(o, 'status.availableReplicas', 0);
  const labelled = int(o, 'status.fullyLabeledReplicas', 0);
  if (spec > labelled) return inProgress(`Labelled: ${labelled}/${spec}`);
  if (spec > avail) return inProgress(`Available: ${avail}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function daemonSet(o: Obj): StatusResult {
  if (typeof field(o, 'metadata.generation') !== 'number')
    return inProgress('DaemonSet metadata.generation not found');
  if (typeof field(o, 'status.observedGeneration') !== 'number') {
    return inProgress('DaemonSet status.observedGeneration not found');
  }
  const desired = int(o, 'status.desiredNumberScheduled', -1);
  const cur = int(o, 'status.currentNumberScheduled', 0);
  const updated = int(o, 'status.updatedNumberScheduled', 0);
  const avail = int(o, 'status.numberAvailable', 0);
  const ready = int(o, 'status.numberReady', 0);
  if (desired === -1) return inProgress('Missing .status.desiredNumberScheduled');
  if (desired > cur) return inProgress(`Current: ${cur}/${desired}`);
  if (desired > updated) return inProgress(`Updated: ${updated}/${desired}`);
  if (desired > avail) return inProgress(`Available: ${avail}/${desired}`);
  if (desired > ready) return inProgress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function pod(o: Obj, now: number): StatusResult {
  const phase = str(o, 'status.phase', '');
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running': {
      if (conditions(o).some((c) => c.type === 'Ready' && c.status === 'True'))
        return current('Pod is Ready');
      const statuses = field(o, 'status.containerStatuses');
      const looping = (Array.isArray(statuses) ? statuses : [])
        .filter((cs: Obj) => cs?.state?.waiting?.reason === 'CrashLoopBackOff')
        .map((cs: Obj) => cs.name);
      if (looping.length) return failed(`Containers in CrashLoop state: ${looping.join(',')}`);
      return inProgress('Pod is running but is not Ready');
    }
    case 'Pending': {
      const c = conditions(o).find((x) => x.type === 'PodScheduled' && x.status === 'False');
      if (c?.reason === 'Unschedulable') {
        const created = Date.parse(str(o, 'metadata.creationTimestamp', ''));
        if (Number.isFinite(created) && now - 15_000 >= created) return failed('Pod could not be scheduled');
        return inProgress('Pod has not been scheduled');
      }
      return inProgress('Pod is in the Pending phase');
    }
    case '':
      return inProgress('Pod phase not available');
    default:
      return { status: 'Unknown', message: `unknown phase ${phase}` };
  }
}

function job(o: Obj): StatusResult {
  const parallelism = int(o, 'spec.parallelism', 1);
  const completions = int(o, 'spec.completions', parallelism);
  const succeeded = int(o, 'status.succeeded', 0);
  const active = int(o, 'status.active', 0);
  const failedN = int(o, 'status.failed', 0);
  for (const c of conditions(o)) {
    if (c.type === 'Complete' && c.status === 'True')
      return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === 'Failed' && c.status === 'True')
      return failed(`Job Failed. failed: ${failedN}/${completions}`);
  }
  if (!str(o, 'status.startTime', '')) return inProgress('Job not started');
  return current(`Job in progress. success:${succeeded}, active: ${active}, failed: ${failedN}`);
}

/** helm's job reader for --wait-for-jobs and hooks: done only when complete. */
function jobToCompletion(o: Obj): StatusResult {
  const r = job(o);
  const finished = conditions(o).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  return finished ? r : inProgress('Job in progress');
}

/** helm's pod reader for hooks: a hook Pod must succeed. */
function hookPod(o: Obj): StatusResult {
  const phase = str(o, 'status.phase', '');
  const name = str(o, 'metadata.name', '');
  if (phase === 'Succeeded') return current(`pod ${name} succeeded`);
  if (phase === 'Failed') return failed(`pod ${name} failed`);
  return inProgress('Pod in progress');
}

function service(o: Obj, lbIngress: boolean): StatusResult {
  const type = str(o, 'spec.type', 'ClusterIP');
  if (type === 'ExternalName') return current('Service is ready');
  if (type === 'LoadBalancer') {
    if (!str(o, 'spec.clusterIP', '')) return inProgress('ClusterIP not set. Service type: LoadBalancer');
    if (lbIngress) {
      const ext = field(o, 'spec.externalIPs');
      const ingress = field(o, 'status.loadBalancer.ingress');
      if (!(Array.isArray(ext) && ext.length) && !(Array.isArray(ingress) && ingress.length)) {
        return inProgress('LoadBalancer has no ingress address yet');
      }
    }
  }
  return current('Service is ready');
}

function crd(o: Obj): StatusResult {
  for (const c of conditions(o)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.message ?? '');
    if (c.type === 'Established') {
      if (c.status === 'False' && c.reason !== 'Installing') return failed(c.message ?? '');
      if (c.status === 'True') return current('CRD is established');
    }
  }
  return inProgress('Install in progress');
}

function groupOf(apiVersion: unknown): string {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.indexOf('/');
  return i < 0 ? '' : s.slice(0, i);
}

/** The status of `obj` (a live object as the API returns it). */
export function computeStatus(obj: Obj, mode: StatusMode = {}): StatusResult {
  const group = groupOf(obj.apiVersion);
  const key = group ? `${group}/${obj.kind}` : String(obj.kind);
  const now = mode.now ?? Date.now();
  if (mode.hooks) {
    if (key === 'batch/Job') return jobToCompletion(obj);
    if (key === 'Pod') return hookPod(obj);
    return current('Resource is current');
  }
  if (mode.waitForJobs && key === 'batch/Job') return jobToCompletion(obj);
  const generic = genericProperties(obj);
  if (generic) return generic;
  switch (key) {
    case 'Service':
      return service(obj, mode.loadBalancerIngress ?? true);
    case 'Pod':
      return pod(obj, now);
    case 'PersistentVolumeClaim': {
      const phase = str(obj, 'status.phase', 'unknown');
      return phase === 'Bound' ? current('PVC is Bound') : inProgress(`PVC is not Bound. phase: ${phase}`);
    }
    case 'apps/StatefulSet':
      return statefulSet(obj);
    case 'apps/DaemonSet':
    case 'extensions/DaemonSet':
      return daemonSet(obj);
    case 'apps/Deployment':
    case 'extensions/Deployment':
      return deployment(obj);
    case 'apps/ReplicaSet':
    case 'extensions/ReplicaSet':
      return replicaSet(obj);
    case 'policy/PodDisruptionBudget':
      return current('AllowedDisruptions has been computed.');
    case 'Secret':
    case 'ConfigMap':
    case 'batch/CronJob':
      return current('Resource is always ready');
    case 'batch/Job':
      return job(obj);
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return crd(obj);
  }
  const ready = conditions(obj).find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return current('Resource is Ready');
  if (ready && (ready.status === 'False' || ready.status === 'Unknown'))
    return inProgress(ready.message ?? '');
  return current('Resource is current');
}
