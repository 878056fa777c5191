/** Nodes, pods and clusters for the scheduler's plugin tests, and one call to run a plugin over them. */
import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  PodSpec,
  ServedPod,
  StorageClass,
  Taint,
} from '../../src/api/kinds/index.js';
import { CycleState, type FilterPlugin, type ScorePlugin } from '../../src/reconcile/scheduler/framework.js';
import { podInfo, SchedulerNodeInfo } from '../../src/reconcile/scheduler/node-info.js';
import type { SchedulerView } from '../../src/reconcile/scheduler/schedule.js';

export interface NodeOptions {
  labels?: Record<string, string>;
  allocatable?: Record<string, string>;
  taints?: Taint[];
  ready?: 'True' | 'False' | 'Unknown';
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      allocatable: o.allocatable ?? { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: o.ready ?? 'True' }],
      images: o.images,
    },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  /** Requests of its one container, as {cpu: '1', memory: '1Gi'}. */
  requests?: Record<string, string>;
  priority?: number;
  owner?: string;
  startTime?: string;
  spec?: Partial<PodSpec>;
}

let uids = 0;

export function makePod(name: string, o: PodOptions = {}): ServedPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}-${++uids}`,
      labels: o.labels,
      ownerReferences: o.owner
        ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: o.owner, controller: true }]
        : undefined,
    },
    spec: {
      containers: [
        { name: 'c', image: 'busybox', resources: o.requests ? { requests: o.requests } : undefined },
      ],
      nodeName: o.nodeName,
      priority: o.priority,
      ...o.spec,
    },
    status: o.startTime ? { startTime: o.startTime } : {},
  };
}

export interface ClusterExtras {
  namespaces?: Record<string, Record<string, string>>;
  claims?: PersistentVolumeClaim[];
  volumes?: PersistentVolume[];
  classes?: StorageClass[];
}

/** A cluster of these nodes, each with the pods whose nodeName names it. */
export function makeCluster(
  nodes: Node[],
  pods: ServedPod[] = [],
  extras: ClusterExtras = {},
): SchedulerView {
  const infos = nodes.map((n) => {
    const info = new SchedulerNodeInfo(n);
    for (const p of pods) if (p.spec.nodeName === n.metadata.name) info.addPod(podInfo(p));
    return info;
  });
  return {
    nodes: infos,
    namespaceLabels: (ns) => extras.namespaces?.[ns] ?? { 'kubernetes.io/metadata.name': ns },
    claim: (ns, name) => extras.claims?.find((c) => c.metadata.namespace === ns && c.metadata.name === name),
    volume: (name) => extras.volumes?.find((v) => v.metadata.name === name),
    storageClass: (name) => extras.classes?.find((c) => c.metadata.name === (name ?? 'standard')),
  };
}

/** What the filter plugin says of each node: its reasons, '' when the node fits, or PreFilter's word for all. */
export function filterAll(
  plugin: FilterPlugin,
  pod: ServedPod,
  cluster: SchedulerView,
): Record<string, string> {
  const state = new CycleState(podInfo(pod), cluster);
  const pre = plugin.preFilter?.(state);
  const out: Record<string, string> = {};
  for (const n of cluster.nodes) {
    if (pre === 'skip') out[n.name] = 'skip';
    else if (pre) out[n.name] = `prefilter: ${pre.reasons.join(', ')}`;
    else out[n.name] = plugin.filter(state, n)?.reasons.join(', ') ?? '';
  }
  return out;
}

/** The score plugin's normalized scores of every node, or 'skip'. */
export function scoreAll(
  plugin: ScorePlugin,
  pod: ServedPod,
  cluster: SchedulerView,
): Record<string, number> | 'skip' {
  const state = new CycleState(podInfo(pod), cluster);
  if (plugin.preScore?.(state, cluster.nodes) === 'skip') return 'skip';
  const scores = cluster.nodes.map((n) => plugin.score(state, n));
  plugin.normalize?.(scores, state);
  return Object.fromEntries(cluster.nodes.map((n, i) => [n.name, scores[i]]));
}
