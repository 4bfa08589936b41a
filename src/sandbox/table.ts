/**
 * Server-side printing: `meta.k8s.io/v1` `Table` answers for `kubectl get`, with the columns the
 * real API server prints for the common kinds, CRD `additionalPrinterColumns`, and Name/Age
 * otherwise.
 */
import type { ResourceInfo } from './resources.js';
import type { KubeObject } from './store.js';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: Date) => unknown;
}

/** k8s.io/apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) =>
    o.metadata?.creationTimestamp
      ? humanDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp))
      : '<unknown>',
};
const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata?.name ?? '' };
const num = (n: unknown) => (typeof n === 'number' ? n : 0);

function podStatus(p: KubeObject): string {
  if (p.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = p.status?.reason ?? p.status?.phase ?? 'Unknown';
  for (const c of p.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  return reason;
}

function servicePorts(s: KubeObject): string {
  const ports = (s.spec?.ports ?? []).map(
    (p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
  );
  return ports.length ? ports.join(',') : '<none>';
}

const COLUMNS: Record<string, Column[]> = {
  '/pods': [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (p) => {
        const cs = p.status?.containerStatuses ?? [];
        const total = (p.spec?.containers ?? []).length;
        return `${cs.filter((c: any) => c.ready).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: (p) =>
        String((p.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + num(c.restartCount), 0)),
    },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (p) => p.status?.podIP ?? '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (p) => p.spec?.nodeName ?? '<none>' },
  ],
  'apps/deployments': [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (d) => `${num(d.status?.readyReplicas)}/${num(d.spec?.replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (d) => num(d.status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (d) => num(d.status?.availableReplicas) },
    age,
  ],
  'apps/replicasets': [
    name,
    { name: 'Desired', type: 'integer', cell: (r) => num(r.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: (r) => num(r.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (r) => num(r.status?.readyReplicas) },
    age,
  ],
  'apps/statefulsets': [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (s) => `${num(s.status?.readyReplicas)}/${num(s.spec?.replicas)}`,
    },
    age,
  ],
  'apps/daemonsets': [
    name,
    { name: 'Desired', type: 'integer', cell: (d) => num(d.status?.desiredNumberScheduled) },
    { name: 'Current', type: 'integer', cell: (d) => num(d.status?.currentNumberScheduled) },
    { name: 'Ready', type: 'integer', cell: (d) => num(d.status?.numberReady) },
    { name: 'Up-to-date', type: 'integer', cell: (d) => num(d.status?.updatedNumberScheduled) },
    { name: 'Available', type: 'integer', cell: (d) => num(d.status?.numberAvailable) },
    age,
  ],
  'batch/jobs': [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (j) => {
        const c = (j.status?.conditions ?? []).find(
          (x: any) => x.status === 'True' && (x.type === 'Complete' || x.type === 'Failed'),
        );
        return c ? c.type : 'Running';
      },
    },
    {
      name: 'Completions',
      type: 'string',
      cell: (j) => `${num(j.status?.succeeded)}/${num(j.spec?.completions)}`,
    },
    age,
  ],
  '/services': [
    name,
    { name: 'Type', type: 'string', cell: (s) => s.spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: (s) => s.spec?.clusterIP ?? '<none>' },
    {
      name: 'External-IP',
      type: 'string',
      cell: (s) => {
        const ing = (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
        if (ing.length) return ing.join(',');
        return s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
      },
    },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
  ],
  '/configmaps': [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (c) => Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
    },
    age,
  ],
  '/secrets': [
    name,
    { name: 'Type', type: 'string', cell: (s) => s.type ?? 'Opaque' },
    { name: 'Data', type: 'integer', cell: (s) => Object.keys(s.data ?? {}).length },
    age,
  ],
  '/namespaces': [name, { name: 'Status', type: 'string', cell: (n) => n.status?.phase ?? 'Active' }, age],
  '/persistentvolumeclaims': [
    name,
    { name: 'Status', type: 'string', cell: (p) => p.status?.phase ?? 'Pending' },
    { name: 'Volume', type: 'string', cell: (p) => p.spec?.volumeName ?? '' },
    { name: 'Capacity', type: 'string', cell: (p) => p.status?.capacity?.storage ?? '' },
    {
      name: 'Access Modes',
      type: 'string',
      cell: (p) => (p.status?.accessModes ?? []).map((m: string) => m.replace(/[a-z]/g, '')).join(','),
    },
    { name: 'StorageClass', type: 'string', cell: (p) => p.spec?.storageClassName ?? '<unset>' },
    age,
  ],
  'apiextensions.k8s.io/customresourcedefinitions': [
    name,
    { name: 'Created At', type: 'date', cell: (c) => c.metadata?.creationTimestamp ?? '' },
  ],
};

function jsonPathCell(o: KubeObject, path: string): unknown {
  let cur: any = o;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === undefined || cur === null) return null;
    cur = cur[part];
  }
  return cur ?? null;
}

function crdColumns(crd: KubeObject | undefined, version: string): Column[] | undefined {
  const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === version);
  const extra: any[] = v?.additionalPrinterColumns ?? [];
  if (!extra.length) return undefined;
  return [
    name,
    ...extra.map((c) => ({
      name: c.name,
      type: c.type === 'date' ? 'string' : c.type,
      priority: c.priority ?? 0,
      cell: (o: KubeObject, now: Date) => {
        const val = jsonPathCell(o, c.jsonPath);
        if (c.type === 'date' && typeof val === 'string')
          return humanDuration(now.getTime() - Date.parse(val));
        return val;
      },
    })),
  ];
}

export function toTable(
  info: ResourceInfo,
  items: KubeObject[],
  opts: {
    rv: string;
    now: Date;
    includeObject: string;
    crd?: KubeObject;
    continue?: string;
    withColumns?: boolean;
  },
): KubeObject {
  const cols = (info.custom ? crdColumns(opts.crd, info.version) : undefined) ??
    COLUMNS[`${info.group}/${info.resource}`] ?? [name, age];
  const rows = items.map((o) => {
    const row: KubeObject = { cells: cols.map((c) => c.cell(o, opts.now)) };
    if (opts.includeObject === 'Object') row.object = o;
    else if (opts.includeObject !== 'None') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    }
    return row;
  });
  const meta: KubeObject = { resourceVersion: opts.rv };
  if (opts.continue) meta.continue = opts.continue;
  const table: KubeObject = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  if (opts.withColumns !== false) {
    table.columnDefinitions = cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.name,
      priority: c.priority ?? 0,
    }));
  } else table.columnDefinitions = null;
  table.rows = rows;
  return table;
}
