import { describe, expect, test } from 'vitest';
import { computeStatus, type StatusMode } from './status.js';

const dep = (spec: object, status: object, meta: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', generation: 2, ...meta },
  spec: { replicas: 2, ...spec },
  status: { observedGeneration: 2, ...status },
});
const available = {
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  conditions: [
    { type: 'Available', status: 'True' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
  ],
};

describe('computeStatus (kstatus rules, helm readers)', () => {
  test.for<{ name: string; obj: any; mode?: StatusMode; want: string; msg?: string }>([
    { name: 'deployment available', obj: dep({}, available), want: 'Current' },
    {
      name: 'deployment old generation observed',
      obj: dep({}, { ...available, observedGeneration: 1 }),
      want: 'InProgress',
      msg: 'Deployment generation is 2, but latest observed generation is 1',
    },
    {
      name: 'deployment too few ready',
      obj: dep({}, { ...available, readyReplicas: 1 }),
      want: 'InProgress',
      msg: 'Ready: 1/2',
    },
    {
      name: 'deployment deadline exceeded',
      obj: dep(
        {},
        {
          ...available,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      ),
      want: 'Failed',
    },
    {
      name: 'terminating',
      obj: dep({}, available, { deletionTimestamp: '2024-01-01T00:00:00Z' }),
      want: 'Terminating',
    },
    {
      name: 'statefulset revision mismatch',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: { replicas: 1 },
        status: {
          replicas: 1,
          readyReplicas: 1,
          currentReplicas: 1,
          updatedReplicas: 1,
          currentRevision: 'a',
          updateRevision: 'b',
        },
      },
      want: 'InProgress',
    },
    {
      name: 'daemonset ready',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'x', generation: 1 },
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 1,
          currentNumberScheduled: 1,
          updatedNumberScheduled: 1,
          numberAvailable: 1,
          numberReady: 1,
        },
      },
      want: 'Current',
    },
    {
      name: 'replicaset not available',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'x' },
        spec: { replicas: 1 },
        status: { fullyLabeledReplicas: 1 },
      },
      want: 'InProgress',
      msg: 'Available: 0/1',
    },
    {
      name: 'pod ready',
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      },
      want: 'Current',
    },
    {
      name: 'pod crashloop',
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
        },
      },
      want: 'Failed',
    },
    {
      name: 'job started counts as ready without --wait-for-jobs',
      obj: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        status: { startTime: 'x', active: 1 },
      },
      want: 'Current',
    },
    {
      name: 'job running with --wait-for-jobs',
      obj: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        status: { startTime: 'x', active: 1 },
      },
      mode: { waitForJobs: true },
      want: 'InProgress',
    },
    {
      name: 'job complete',
      obj: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
      },
      mode: { waitForJobs: true },
      want: 'Current',
    },
    {
      name: 'job failed',
      obj: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        status: { failed: 1, conditions: [{ type: 'Failed', status: 'True' }] },
      },
      mode: { hooks: true },
      want: 'Failed',
    },
    {
      name: 'hook pod running is not done',
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      },
      mode: { hooks: true },
      want: 'InProgress',
    },
    {
      name: 'hook pod failed',
      obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Failed' } },
      mode: { hooks: true },
      want: 'Failed',
      msg: 'pod p failed',
    },
    {
      name: 'pvc pending',
      obj: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'v' },
        status: { phase: 'Pending' },
      },
      want: 'InProgress',
    },
    {
      name: 'lb without ingress',
      obj: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' },
        status: {},
      },
      want: 'InProgress',
    },
    {
      name: 'lb without ingress, kstatus rule',
      obj: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' },
      },
      mode: { loadBalancerIngress: false },
      want: 'Current',
    },
    {
      name: 'lb with ingress',
      obj: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' },
        status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
      },
      want: 'Current',
    },
    {
      name: 'crd installing',
      obj: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'c' },
        status: { conditions: [{ type: 'Established', status: 'False', reason: 'Installing' }] },
      },
      want: 'InProgress',
    },
    {
      name: 'crd established',
      obj: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'c' },
        status: { conditions: [{ type: 'Established', status: 'True' }] },
      },
      want: 'Current',
    },
    {
      name: 'custom resource Ready=False',
      obj: {
        apiVersion: 'x.io/v1',
        kind: 'Thing',
        metadata: { name: 't' },
        status: { conditions: [{ type: 'Ready', status: 'False', message: 'waiting' }] },
      },
      want: 'InProgress',
      msg: 'waiting',
    },
    {
      name: 'custom resource Stalled',
      obj: {
        apiVersion: 'x.io/v1',
        kind: 'Thing',
        metadata: { name: 't' },
        status: { conditions: [{ type: 'Stalled', status: 'True', message: 'broken' }] },
      },
      want: 'Failed',
    },
    {
      name: 'custom resource without conditions',
      obj: { apiVersion: 'x.io/v1', kind: 'Thing', metadata: { name: 't' } },
      want: 'Current',
    },
  ])('$name', ({ obj, mode, want, msg }) => {
    const r = computeStatus(obj, mode);
    expect(r.status).toBe(want);
    if (msg) expect(r.message).toBe(msg);
  });
});
