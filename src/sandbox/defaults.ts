/**
 * Defaulting the API server applies on create and update (the fields clients such as helm 3's
 * readiness checks dereference: Deployment replicas and strategy, Job completions and
 * backoffLimit, StatefulSet and DaemonSet update strategies, Service clusterIP and ports …).
 */
import type { ResourceInfo } from './resources.js';

export interface Allocator {
  clusterIP(): string;
  nodePort(): number;
}

type Obj = Record<string, any>;

function dflt(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function podSpecDefaults(spec: Obj): void {
  dflt(spec, 'restartPolicy', 'Always');
  dflt(spec, 'dnsPolicy', 'ClusterFirst');
  dflt(spec, 'schedulerName', 'default-scheduler');
  dflt(spec, 'terminationGracePeriodSeconds', 30);
  dflt(spec, 'securityContext', {});
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (typeof c !== 'object' || c === null) continue;
    const image = String(c.image ?? '');
    const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
    dflt(c, 'imagePullPolicy', tagged || image.includes('@') ? 'IfNotPresent' : 'Always');
    dflt(c, 'terminationMessagePath', '/dev/termination-log');
    dflt(c, 'terminationMessagePolicy', 'File');
    dflt(c, 'resources', {});
    for (const p of c.ports ?? []) if (p && typeof p === 'object') dflt(p, 'protocol', 'TCP');
  }
}

/** Applies defaults in place; `old` is the stored object on update. */
export function applyDefaults(info: ResourceInfo, obj: Obj, old: Obj | undefined, alloc: Allocator): void {
  if (info.custom) return;
  const spec: Obj = obj.spec && typeof obj.spec === 'object' ? obj.spec : {};
  const key = `${info.group}/${info.resource}`;
  switch (key) {
    case '/namespaces':
      // spec.finalizers only changes through the finalize subresource (and the namespace controller)
      obj.spec = {
        ...spec,
        finalizers: old ? (old.spec?.finalizers ?? []) : (spec.finalizers ?? ['kubernetes']),
      };
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      if (!obj.status?.phase) obj.status = { ...obj.status, phase: 'Active' };
      return;
    case '/secrets':
      dflt(obj, 'type', 'Opaque');
      if (obj.stringData && typeof obj.stringData === 'object') {
        obj.data = { ...obj.data };
        for (const [k, v] of Object.entries(obj.stringData))
          obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      return;
    case '/services': {
      obj.spec = spec;
      dflt(spec, 'type', 'ClusterIP');
      if (spec.type !== 'ExternalName') {
        if (!spec.clusterIP && old?.spec?.clusterIP) {
          spec.clusterIP = old.spec.clusterIP;
          spec.clusterIPs = old.spec.clusterIPs;
        }
        dflt(spec, 'clusterIP', alloc.clusterIP());
        dflt(spec, 'clusterIPs', [spec.clusterIP]);
        dflt(spec, 'ipFamilies', ['IPv4']);
        dflt(spec, 'ipFamilyPolicy', 'SingleStack');
        dflt(spec, 'internalTrafficPolicy', 'Cluster');
      }
      dflt(spec, 'sessionAffinity', 'None');
      for (const p of spec.ports ?? []) {
        if (!p || typeof p !== 'object') continue;
        dflt(p, 'protocol', 'TCP');
        dflt(p, 'targetPort', p.port);
        if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
          const prev = (old?.spec?.ports ?? []).find((o: Obj) => o.port === p.port);
          dflt(p, 'nodePort', prev?.nodePort ?? alloc.nodePort());
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
        dflt(spec, 'externalTrafficPolicy', 'Cluster');
      if (spec.type === 'LoadBalancer') dflt(spec, 'allocateLoadBalancerNodePorts', true);
      if (old?.status) obj.status = old.status;
      else dflt(obj, 'status', { loadBalancer: {} });
      return;
    }
    case '/pods':
      obj.spec = spec;
      podSpecDefaults(spec);
      dflt(spec, 'serviceAccountName', 'default');
      dflt(spec, 'serviceAccount', spec.serviceAccountName);
      dflt(spec, 'enableServiceLinks', true);
      dflt(spec, 'priority', 0);
      if (!old) obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
      return;
    case '/persistentvolumeclaims':
      obj.spec = spec;
      dflt(spec, 'volumeMode', 'Filesystem');
      if (!old) obj.status = { phase: 'Pending' };
      return;
    case 'apps/deployments':
      obj.spec = spec;
      dflt(spec, 'replicas', 1);
      dflt(spec, 'strategy', { type: 'RollingUpdate' });
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate = {
          maxUnavailable: '25%',
          maxSurge: '25%',
          ...spec.strategy.rollingUpdate,
        };
      }
      dflt(spec, 'revisionHistoryLimit', 10);
      dflt(spec, 'progressDeadlineSeconds', 600);
      return;
    case 'apps/replicasets':
      obj.spec = spec;
      dflt(spec, 'replicas', 1);
      return;
    case 'apps/statefulsets':
      obj.spec = spec;
      dflt(spec, 'replicas', 1);
      dflt(spec, 'podManagementPolicy', 'OrderedReady');
      dflt(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate = { partition: 0, ...spec.updateStrategy.rollingUpdate };
      }
      dflt(spec, 'revisionHistoryLimit', 10);
      dflt(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
      return;
    case 'apps/daemonsets':
      obj.spec = spec;
      dflt(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate = {
          maxUnavailable: 1,
          maxSurge: 0,
          ...spec.updateStrategy.rollingUpdate,
        };
      }
      dflt(spec, 'revisionHistoryLimit', 10);
      return;
    case 'batch/jobs': {
      obj.spec = spec;
      dflt(spec, 'parallelism', 1);
      dflt(spec, 'completions', 1);
      dflt(spec, 'backoffLimit', 6);
      dflt(spec, 'completionMode', 'NonIndexed');
      dflt(spec, 'suspend', false);
      dflt(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
      if (!spec.manualSelector) {
        const uid = obj.metadata.uid;
        const jobLabels = {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': obj.metadata.name,
          'controller-uid': uid,
          'job-name': obj.metadata.name,
        };
        dflt(spec, 'selector', { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
        spec.template = { ...spec.template, metadata: { ...spec.template?.metadata } };
        spec.template.metadata.labels = { ...spec.template.metadata.labels, ...jobLabels };
      }
      return;
    }
    case 'batch/cronjobs':
      obj.spec = spec;
      dflt(spec, 'concurrencyPolicy', 'Allow');
      dflt(spec, 'suspend', false);
      dflt(spec, 'successfulJobsHistoryLimit', 3);
      dflt(spec, 'failedJobsHistoryLimit', 1);
      return;
    case 'apiextensions.k8s.io/customresourcedefinitions':
      obj.spec = spec;
      dflt(spec, 'conversion', { strategy: 'None' });
      return;
  }
}
