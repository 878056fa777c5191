/**
 * What the metrics API (metrics.k8s.io) asks of whatever measures nodes and pods: the container
 * runtime in minik8s, as the kubelet's summary API is for metrics-server. The API finds the
 * nodes and pods a request names or selects in its own store; the source says what they used.
 */

/** CPU and memory used over one window: the rate of CPU between two samples, memory at the later one. */
export interface Usage {
  /** CPU cores used, in billionths of a core. */
  cpuNanoCores: number;
  /** The memory working set: memory used less the page cache the kernel may reclaim. */
  memoryBytes: number;
}

/** The interval a usage was measured over: [timestamp - windowMs, timestamp], in ms since the epoch. */
export interface Window {
  timestamp: number;
  windowMs: number;
}

export interface NodeUsage extends Window {
  usage: Usage;
}

export interface PodUsage extends Window {
  containers: { name: string; usage: Usage }[];
}

/** A pod as the source knows it: by uid, since a pod made again under the same name is another pod. */
export interface PodRef {
  uid: string;
  namespace: string;
  name: string;
}

export interface MetricsSource {
  /** The usage of each node named, in order; undefined for one not measured twice yet. */
  nodes(names: string[]): Promise<(NodeUsage | undefined)[]>;
  /** The usage of each pod, in order; undefined until each of its running containers was measured twice. */
  pods(pods: PodRef[]): Promise<(PodUsage | undefined)[]>;
}

/** A source that has measured nothing: a control plane without a container runtime. */
export const noMetrics: MetricsSource = {
  nodes: async (names) => names.map(() => undefined),
  pods: async (pods) => pods.map(() => undefined),
};
