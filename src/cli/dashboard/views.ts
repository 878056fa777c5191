/**
 * The rows of each dashboard view, from the watched caches. A row's cells are made only when it
 * is on screen (a thousand pods are sorted and filtered, a screenful printed); where kubectl has
 * a column for it, the cell is kubectl's own (the kind's server-side printer).
 */
import {
  CRON_JOBS,
  DAEMON_SETS,
  DEPLOYMENTS,
  EVENTS,
  HORIZONTAL_POD_AUTOSCALERS,
  INGRESSES,
  JOBS,
  type KindDef,
  NODES,
  PODS,
  SERVICES,
  STATEFUL_SETS,
} from '../../api/kinds/index.js';
import { since } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import { type ClusterWatch, quantity, type Source } from './cluster-watch.js';
import { healthView } from './health.js';
import { bar, type Cell, type Column, progress } from './table.js';

export const VIEWS = ['nodes', 'workloads', 'pods', 'services', 'events', 'health'] as const;
export type ViewName = (typeof VIEWS)[number];

/** What each view is made of: it is made again only when one of these changes. */
export const VIEW_SOURCES: Record<ViewName, readonly Source[]> = {
  nodes: ['nodes', 'pods', 'usage'],
  workloads: ['deployments', 'statefulSets', 'daemonSets', 'jobs', 'cronJobs', 'hpas'],
  pods: ['pods'],
  services: ['services', 'ingresses'],
  events: ['events'],
  health: ['metrics', 'events'],
};

/** The object a row stands for, which the keys act on. */
export interface RowTarget {
  def: KindDef;
  namespace?: string;
  name: string;
  obj: KubeObject;
}

export interface Row {
  key: string;
  target?: RowTarget;
  /** The row's cells at a time (ages change with it). */
  cells(now: number): Cell[];
}

export interface View {
  columns: Column[];
  rows: Row[];
  /** Rows newest last, where the cursor starts at the end (events). */
  tail?: boolean;
  /** No cell changes with the clock (no ages): nothing to redraw until a source changes. */
  still?: boolean;
}

export interface ViewOptions {
  /** undefined: every namespace. */
  namespace?: string;
  filter: string;
  /** The host port the Ingress proxy answers on, when known (cluster.json). */
  ingressPort?: number;
}

/** One cell of kubectl's printer for the kind, by column name. */
function printed(def: KindDef, obj: KubeObject, now: number, column: string): string {
  const printer = def.printer;
  if (!printer) return '';
  const i = printer.columns.findIndex((c) => c.name === column);
  return i < 0 ? '' : String(printer.cells(obj, now)[i] ?? '');
}

const text = (t: string | number, color?: string): Cell => ({ text: String(t), color });
const nsColumn: Column = { title: 'NAMESPACE', priority: 1 };
const nameColumn: Column = { title: 'NAME', name: true };

function inScope(obj: KubeObject, o: ViewOptions): boolean {
  if (o.namespace !== undefined && obj.metadata.namespace !== o.namespace) return false;
  return !o.filter || (obj.metadata.name ?? '').toLowerCase().includes(o.filter.toLowerCase());
}

const byNamespaceAndName = (a: KubeObject, b: KubeObject) =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

function objects(watch: ClusterWatch, def: KindDef, o: ViewOptions): KubeObject[] {
  return watch.informers
    .for(def)
    .list()
    .filter((obj) => inScope(obj, o))
    .sort(byNamespaceAndName);
}

const targetOf = (def: KindDef, obj: KubeObject): RowTarget => ({
  def,
  namespace: obj.metadata.namespace,
  name: obj.metadata.name ?? '',
  obj,
});

const keyOf = (def: KindDef, obj: KubeObject) =>
  `${def.resource}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

function nodesView(watch: ClusterWatch, o: ViewOptions): View {
  const podsOn = new Map<string, number>();
  for (const pod of watch.informer('pods').list()) {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (node && phase !== 'Succeeded' && phase !== 'Failed') podsOn.set(node, (podsOn.get(node) ?? 0) + 1);
  }
  const rows = objects(watch, NODES, { ...o, namespace: undefined }).map(
    (node): Row => ({
      key: keyOf(NODES, node),
      target: targetOf(NODES, node),
      cells: (now) => {
        const name = node.metadata.name ?? '';
        const status = printed(NODES, node, now, 'Status');
        const allocatable = (node.status as { allocatable?: Record<string, string> } | undefined)
          ?.allocatable;
        const usage = watch.nodeUsage.get(name);
        return [
          text(name),
          text(status, status.startsWith('Ready') ? 'green' : 'red'),
          text(printed(NODES, node, now, 'Roles')),
          bar(usage?.cpuMilli, quantity(allocatable?.cpu, true), 12),
          bar(usage?.memoryBytes, quantity(allocatable?.memory, false), 12),
          text(`${podsOn.get(name) ?? 0}/${allocatable?.pods ?? '?'}`),
          text(since(node.metadata.creationTimestamp, now)),
        ];
      },
    }),
  );
  return {
    columns: [
      nameColumn,
      { title: 'STATUS' },
      { title: 'ROLES', priority: 1 },
      { title: 'CPU' },
      { title: 'MEMORY' },
      { title: 'PODS' },
      { title: 'AGE', priority: 2 },
    ],
    rows,
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** A workload's kind, readiness, progress bar and a word on its state. */
function workloadCells(def: KindDef, obj: any, now: number): [string, string, Cell, Cell] {
  const s = obj.status ?? {};
  switch (def) {
    case DEPLOYMENTS: {
      const desired = obj.spec?.replicas ?? 1;
      const progressing = (s.conditions ?? []).find((c: any) => c.type === 'Progressing');
      const done =
        num(s.updatedReplicas) >= desired &&
        num(s.replicas) <= num(s.updatedReplicas) &&
        num(s.availableReplicas) >= num(s.updatedReplicas);
      const state = obj.spec?.paused
        ? text('paused', 'yellow')
        : progressing?.reason === 'ProgressDeadlineExceeded'
          ? text('deadline exceeded', 'red')
          : done
            ? text('rolled out', 'green')
            : text('rolling out', 'yellow');
      return [
        'deploy',
        `${num(s.readyReplicas)}/${desired}`,
        progress(num(s.updatedReplicas), desired, 12),
        state,
      ];
    }
    case STATEFUL_SETS: {
      const desired = obj.spec?.replicas ?? 1;
      const updated =
        s.updateRevision && s.updateRevision !== s.currentRevision
          ? num(s.updatedReplicas)
          : num(s.currentReplicas ?? s.replicas);
      const done = num(s.readyReplicas) >= desired && updated >= desired;
      return [
        'sts',
        `${num(s.readyReplicas)}/${desired}`,
        progress(Math.min(updated, desired), desired, 12),
        done ? text('ready', 'green') : text('rolling out', 'yellow'),
      ];
    }
    case DAEMON_SETS: {
      const desired = num(s.desiredNumberScheduled);
      const done = num(s.updatedNumberScheduled) >= desired && num(s.numberAvailable) >= desired;
      return [
        'ds',
        `${num(s.numberReady)}/${desired}`,
        progress(num(s.updatedNumberScheduled), desired, 12),
        done ? text('ready', 'green') : text('rolling out', 'yellow'),
      ];
    }
    case JOBS: {
      const completions = obj.spec?.completions ?? 1;
      const status = printed(def, obj, now, 'Status');
      const color = status === 'Complete' ? 'green' : status === 'Failed' ? 'red' : 'yellow';
      return [
        'job',
        `${num(s.active)} active`,
        progress(num(s.succeeded), completions, 12),
        text(status, color),
      ];
    }
    case CRON_JOBS: {
      const last = printed(def, obj, now, 'Last Schedule');
      return [
        'cj',
        `${(s.active ?? []).length} active`,
        text(printed(def, obj, now, 'Schedule')),
        text(obj.spec?.suspend ? 'suspended' : `last ${last}`, obj.spec?.suspend ? 'yellow' : undefined),
      ];
    }
    default: {
      const targets = printed(def, obj, now, 'Targets');
      const current = num(s.currentReplicas);
      const desired = num(s.desiredReplicas);
      return [
        'hpa',
        `${current}/${obj.spec?.minReplicas ?? 1}-${obj.spec?.maxReplicas ?? '?'}`,
        text(targets),
        hpaState(s, current, desired),
      ];
    }
  }
}

/**
 * Whether an HPA is scaling. One that cannot compute (ScalingActive False, as when it has no
 * metrics: kubectl's TARGETS then read `<unknown>/50%`) leaves desiredReplicas 0, which is no
 * scaling to 0: it says why it cannot, as kubectl describe's conditions do.
 */
function hpaState(s: any, current: number, desired: number): Cell {
  const active = (s.conditions ?? []).find((c: any) => c.type === 'ScalingActive');
  if (active?.status === 'False') return text(active.reason || 'ScalingActive False', 'red');
  if (!desired && !(s.currentMetrics ?? []).length) return text('metrics unknown', 'yellow');
  return current === desired ? text('steady', 'green') : text(`scaling to ${desired}`, 'yellow');
}

function workloadsView(watch: ClusterWatch, o: ViewOptions): View {
  const rows: Row[] = [];
  for (const def of [DEPLOYMENTS, STATEFUL_SETS, DAEMON_SETS, JOBS, CRON_JOBS, HORIZONTAL_POD_AUTOSCALERS])
    for (const obj of objects(watch, def, o))
      rows.push({
        key: keyOf(def, obj),
        target: targetOf(def, obj),
        cells: (now) => {
          const [kind, ready, bar, state] = workloadCells(def, obj, now);
          return [
            text(kind),
            ...(o.namespace === undefined ? [text(obj.metadata.namespace ?? '')] : []),
            text(obj.metadata.name ?? ''),
            text(ready),
            bar,
            state,
            text(since(obj.metadata.creationTimestamp, now)),
          ];
        },
      });
  return {
    columns: [
      { title: 'KIND' },
      ...(o.namespace === undefined ? [nsColumn] : []),
      nameColumn,
      { title: 'READY' },
      { title: 'PROGRESS' },
      { title: 'STATE', priority: 2, min: 10 },
      { title: 'AGE', priority: 3 },
    ],
    rows,
  };
}

const BAD_STATUS =
  /Err|BackOff|Failed|Error|Evicted|Unknown|NodeLost|OOMKilled|Invalid|ContainerStatusUnknown|Unschedulable/;

/** kubectl's STATUS in colour: healthy green, on its way yellow, broken red, done grey. */
export function statusColor(status: string, ready: string): string {
  if (status === 'Terminating') return 'magenta';
  if (BAD_STATUS.test(status)) return 'red';
  if (status === 'Completed' || status === 'Succeeded') return 'gray';
  if (status === 'Running') {
    const [have, want] = ready.split('/');
    return have === want ? 'green' : 'yellow';
  }
  return 'yellow';
}

/** The pods view's columns: kubectl's, a pod's IP and node given up first for room. */
export const podColumns = (allNamespaces: boolean): Column[] => [
  ...(allNamespaces ? [nsColumn] : []),
  nameColumn,
  { title: 'READY' },
  { title: 'STATUS' },
  { title: 'RESTARTS', priority: 2 },
  { title: 'AGE', priority: 3 },
  { title: 'IP', priority: 5 },
  { title: 'NODE', priority: 4 },
];

function podsView(watch: ClusterWatch, o: ViewOptions): View {
  const rows = objects(watch, PODS, o).map(
    (pod): Row => ({
      key: keyOf(PODS, pod),
      target: targetOf(PODS, pod),
      cells: (now) => {
        const cells = PODS.printer!.cells(pod, now).map((c) => String(c ?? ''));
        const [name, ready, status, restarts, age, ip, node] = cells;
        return [
          ...(o.namespace === undefined ? [text(pod.metadata.namespace ?? '')] : []),
          text(name),
          text(ready),
          text(status, statusColor(status, ready)),
          text(restarts, restarts.startsWith('0') ? undefined : 'yellow'),
          text(age),
          text(ip),
          text(node),
        ];
      },
    }),
  );
  return { columns: podColumns(o.namespace === undefined), rows };
}

/** Where a Service answers on this machine: its node ports and load-balancer ports. */
export function serviceUrl(svc: any): string {
  const ports: any[] = svc.spec?.ports ?? [];
  const lb = (svc.status?.loadBalancer?.ingress ?? []).find((i: any) => i.ip)?.ip;
  const scheme = (p: any) => (p.port === 443 || p.name === 'https' ? 'https' : 'http');
  if (svc.spec?.type === 'LoadBalancer' && lb)
    return ports.map((p) => `${scheme(p)}://${lb}:${p.port}`).join(' ');
  if (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer')
    return ports
      .filter((p) => p.nodePort)
      .map((p) => `${scheme(p)}://127.0.0.1:${p.nodePort}`)
      .join(' ');
  return '';
}

/** Where an Ingress answers: the Ingress proxy's host port, with the rule's host when it has one. */
export function ingressUrl(ing: any, port: number | undefined): string {
  if (!(ing.status?.loadBalancer?.ingress ?? []).length) return '';
  const host = (ing.spec?.rules ?? []).find((r: any) => r.host && !r.host.startsWith('*'))?.host;
  const address = host ?? ing.status.loadBalancer.ingress[0].ip ?? '127.0.0.1';
  return port === undefined ? `http://${address}` : `http://${address}${port === 80 ? '' : `:${port}`}`;
}

/**
 * The services view's columns. A cluster IP is for the cluster's own pods: an empty OPEN goes
 * first, a URL to open on this machine stays longer than the cluster IP.
 */
export const serviceColumns = (allNamespaces: boolean): Column[] => [
  { title: 'KIND' },
  ...(allNamespaces ? [nsColumn] : []),
  nameColumn,
  { title: 'TYPE/CLASS', priority: 3 },
  { title: 'ADDRESS', priority: 5 },
  { title: 'PORTS/HOSTS', priority: 2, min: 12 },
  { title: 'OPEN', priority: 4, min: 24 },
];

function servicesView(watch: ClusterWatch, o: ViewOptions): View {
  const rows: Row[] = [];
  const ns = (obj: KubeObject) => (o.namespace === undefined ? [text(obj.metadata.namespace ?? '')] : []);
  for (const svc of objects(watch, SERVICES, o))
    rows.push({
      key: keyOf(SERVICES, svc),
      target: targetOf(SERVICES, svc),
      cells: (now) => [
        text('svc'),
        ...ns(svc),
        text(svc.metadata.name ?? ''),
        text(printed(SERVICES, svc, now, 'Type')),
        text(printed(SERVICES, svc, now, 'Cluster-IP')),
        text(printed(SERVICES, svc, now, 'Port(s)')),
        text(serviceUrl(svc), 'cyan'),
      ],
    });
  for (const ing of objects(watch, INGRESSES, o))
    rows.push({
      key: keyOf(INGRESSES, ing),
      target: targetOf(INGRESSES, ing),
      cells: (now) => [
        text('ing'),
        ...ns(ing),
        text(ing.metadata.name ?? ''),
        text(printed(INGRESSES, ing, now, 'Class')),
        text(printed(INGRESSES, ing, now, 'Address') || '<pending>'),
        text(printed(INGRESSES, ing, now, 'Hosts')),
        text(ingressUrl(ing, o.ingressPort), 'cyan'),
      ],
    });
  return { columns: serviceColumns(o.namespace === undefined), rows };
}

const eventTime = (e: any): number =>
  Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;

function eventsView(watch: ClusterWatch, o: ViewOptions): View {
  const events = watch
    .informer('events')
    .list()
    .filter((e: any) => {
      if (o.namespace !== undefined && e.metadata.namespace !== o.namespace) return false;
      if (!o.filter) return true;
      const f = o.filter.toLowerCase();
      return [e.involvedObject?.name, e.reason, e.message].some((s) =>
        String(s ?? '')
          .toLowerCase()
          .includes(f),
      );
    })
    .sort((a, b) => eventTime(a) - eventTime(b));
  const rows = events.map(
    (e: any): Row => ({
      key: keyOf(EVENTS, e),
      target: targetOf(EVENTS, e),
      cells: (now) => [
        text(since(new Date(eventTime(e)).toISOString(), now)),
        ...(o.namespace === undefined ? [text(e.metadata.namespace ?? '')] : []),
        text(e.type ?? '', e.type === 'Warning' ? 'yellow' : undefined),
        text(e.reason ?? ''),
        text(`${String(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`),
        text(`${String(e.message ?? '').trim()}${num(e.count) > 1 ? ` (x${e.count})` : ''}`),
      ],
    }),
  );
  return {
    columns: [
      { title: 'LAST' },
      ...(o.namespace === undefined ? [nsColumn] : []),
      { title: 'TYPE', priority: 2 },
      { title: 'REASON', min: 12 },
      { title: 'OBJECT', priority: 1, min: 16 },
      { title: 'MESSAGE', min: 24 },
    ],
    rows,
    tail: true,
  };
}

export function buildView(name: ViewName, watch: ClusterWatch, o: ViewOptions): View {
  switch (name) {
    case 'nodes':
      return nodesView(watch, o);
    case 'workloads':
      return workloadsView(watch, o);
    case 'pods':
      return podsView(watch, o);
    case 'services':
      return servicesView(watch, o);
    case 'events':
      return eventsView(watch, o);
    case 'health':
      return healthView(watch);
  }
}
