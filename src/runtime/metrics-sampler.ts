import type { MetricsSource, NodeUsage, PodRef, PodUsage, Usage } from '../api/metrics/source.js';
import { type Clock, realClock } from '../client/clock.js';
import type { ContainerInfo, ContainerRuntime } from './container-runtime.js';
import { LABEL, SANDBOX } from './labels.js';

/** metrics-server's --metric-resolution: how often every node and pod container is measured. */
export const DEFAULT_METRIC_RESOLUTION_MS = 15_000;

export interface SamplerOptions {
  resolutionMs?: number;
  clock?: Clock;
  log?: (message: string) => void;
}

/** One reading of a container's cgroup: CPU time used since it started, memory in use now. */
interface Point {
  at: number;
  cpuNs: number;
  memoryBytes: number;
}

/** The last two readings of one container; a container started again (a new id) starts afresh. */
interface Series {
  id: string;
  last: Point;
  prev?: Point;
}

/** A container the sampler reads, and what its readings are kept under. */
interface Target {
  info: ContainerInfo;
  key: string;
}

/** Docker answers a stats request on its next collection, about a second away: reads go in parallel. */
const READS_AT_ONCE = 32;

/**
 * Measures a cluster's nodes and pods through the container runtime, as metrics-server scrapes
 * the kubelets: every resolution it reads the stats of each running node container (whose cgroup
 * holds its pods', so a node's usage includes them) and each pod container, and keeps the last two
 * readings. CPU usage is the rate between them; memory is the working set of the last.
 */
export class RuntimeMetrics implements MetricsSource {
  private series = new Map<string, Series>();
  private readonly resolutionMs: number;
  private readonly clock: Clock;
  private readonly log: (message: string) => void;
  private cancel?: () => void;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly runtime: Pick<ContainerRuntime, 'listContainers' | 'stats'>,
    private readonly cluster: string,
    opts: SamplerOptions = {},
  ) {
    this.resolutionMs = opts.resolutionMs ?? DEFAULT_METRIC_RESOLUTION_MS;
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? (() => {});
  }

  /** Measures now, then every resolution until stopped. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      // A round still reading when the next is due (a slow engine) lets that one pass.
      this.running ??= this.sample().finally(() => {
        this.running = undefined;
      });
      this.cancel = this.clock.after(this.resolutionMs, tick);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.running;
  }

  /** One round: reads every running container of the cluster, and forgets those that are gone. */
  async sample(): Promise<void> {
    let containers: ContainerInfo[];
    try {
      containers = await this.runtime.listContainers({ [LABEL.cluster]: this.cluster });
    } catch (err) {
      this.log(`metrics: cannot list the cluster's containers: ${(err as Error).message}`);
      return;
    }
    const targets = containers.flatMap((info) => {
      const key = info.state === 'running' ? keyOf(info) : undefined;
      return key ? [{ info, key }] : [];
    });
    const next = new Map<string, Series>();
    for (let i = 0; i < targets.length; i += READS_AT_ONCE)
      await Promise.all(targets.slice(i, i + READS_AT_ONCE).map((t) => this.read(t, next)));
    this.series = next;
  }

  private async read({ info, key }: Target, next: Map<string, Series>): Promise<void> {
    let point: Point;
    try {
      const stats = await this.runtime.stats(info.id, { network: false });
      const at = Date.parse(stats.timestamp);
      point = {
        at: Number.isNaN(at) ? this.clock.now() : at,
        cpuNs: stats.cpuUsageCoreNanoSeconds,
        memoryBytes: stats.memoryWorkingSetBytes,
      };
    } catch {
      // Gone between the listing and the reading: it is left out, as a container no longer listed.
      return;
    }
    const known = this.series.get(key);
    if (known?.id !== info.id) next.set(key, { id: info.id, last: point });
    else if (point.at > known.last.at) next.set(key, { id: info.id, last: point, prev: known.last });
    else next.set(key, known);
  }

  async nodes(names: string[]): Promise<(NodeUsage | undefined)[]> {
    return names.map((name) => {
      const s = this.series.get(nodeKey(name));
      const usage = s && usageOf(s);
      return usage && { timestamp: s.last.at, windowMs: s.last.at - s.prev!.at, usage };
    });
  }

  async pods(pods: PodRef[]): Promise<(PodUsage | undefined)[]> {
    const byPod = new Map<string, { name: string; series: Series }[]>();
    for (const [key, series] of this.series) {
      const [kind, uid, name] = key.split('/');
      if (kind === 'pod') byPod.set(uid, [...(byPod.get(uid) ?? []), { name, series }]);
    }
    return pods.map((pod) => podUsage(byPod.get(pod.uid) ?? []));
  }
}

const nodeKey = (name: string) => `node/${name}`;

/**
 * Node containers carry the cluster's label and their node's name but no pod's; a pod's carry its
 * uid. A pod's sandbox holds only its network: it is not one of the pod's containers.
 */
function keyOf(info: ContainerInfo): string | undefined {
  const uid = info.labels[LABEL.podUid];
  const container = info.labels[LABEL.container];
  if (uid) return container && container !== SANDBOX ? `pod/${uid}/${container}` : undefined;
  const node = info.labels[LABEL.node];
  return node ? nodeKey(node) : undefined;
}

/** The usage between a series' two readings; none before the second, or across a counter reset. */
function usageOf(s: Series): Usage | undefined {
  if (!s.prev || s.last.cpuNs < s.prev.cpuNs) return undefined;
  const seconds = (s.last.at - s.prev.at) / 1000;
  return { cpuNanoCores: (s.last.cpuNs - s.prev.cpuNs) / seconds, memoryBytes: s.last.memoryBytes };
}

/** A pod's usage once each of its containers has one; its window is that of its earliest reading. */
function podUsage(containers: { name: string; series: Series }[]): PodUsage | undefined {
  if (!containers.length) return undefined;
  const measured = containers.map((c) => ({ ...c, usage: usageOf(c.series) }));
  if (measured.some((c) => !c.usage)) return undefined;
  const earliest = measured.reduce((a, b) => (b.series.last.at < a.series.last.at ? b : a)).series;
  return {
    timestamp: earliest.last.at,
    windowMs: earliest.last.at - earliest.prev!.at,
    containers: measured.map((c) => ({ name: c.name, usage: c.usage! })),
  };
}
