/**
 * The kubelet's own metrics (pkg/kubelet/metrics): how long pods take to start, and how many
 * pods and containers run. A process running several agents (hollow nodes) sums them.
 */
import { Gauge, Histogram } from 'prom-client';
import type { PodStatus, ServedPod } from '../api/kinds/index.js';
import type { ContainerState } from './container-runtime.js';

/** The buckets of kubelet_pod_start_sli_duration_seconds and kubelet_pod_start_duration_seconds. */
const START_BUCKETS = [
  0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700,
  3600,
];

const startSli = new Histogram({
  name: 'kubelet_pod_start_sli_duration_seconds',
  help: 'Duration in seconds to start a pod, excluding time to pull images and run init containers, measured from pod creation timestamp to when all its containers are reported as started and observed via watch',
  buckets: START_BUCKETS,
});
const startDuration = new Histogram({
  name: 'kubelet_pod_start_duration_seconds',
  help: 'Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run',
  buckets: START_BUCKETS,
});

/** What one agent counts, read on each scrape. */
export interface RunningCounts {
  pods: number;
  containers: Record<ContainerState, number>;
}

const sources = new Set<() => Promise<RunningCounts>>();
const counts = async () => Promise.all([...sources].map((s) => s().catch(() => undefined)));

new Gauge({
  name: 'kubelet_running_pods',
  help: 'Number of pods that have a running pod sandbox',
  async collect() {
    this.set((await counts()).reduce((n, c) => n + (c?.pods ?? 0), 0));
  },
});
new Gauge({
  name: 'kubelet_running_containers',
  help: 'Number of containers currently running',
  labelNames: ['container_state'],
  async collect() {
    this.reset();
    for (const c of await counts())
      for (const [state, n] of Object.entries(c?.containers ?? {})) this.inc({ container_state: state }, n);
  },
});

/** Counts what an agent runs on every scrape, until the returned function is called. */
export function countRunning(source: () => Promise<RunningCounts>): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/**
 * Times each pod's start once: from its creation (and from when this agent first saw it) to the
 * first status with every container running. The SLI leaves out the span from the pod's first
 * image pull starting to its last one ending, as the kubelet's pod startup latency tracker does.
 */
export class PodStartTimes {
  private readonly firstSeen = new Map<string, number>();
  private readonly started = new Set<string>();
  private readonly pulls = new Map<string, { first: number; last?: number }>();

  seen(pod: ServedPod): void {
    const uid = pod.metadata.uid;
    if (this.firstSeen.has(uid) || this.started.has(uid)) return;
    // A pod that ran before this agent started (adopted after a restart) started long ago.
    if (pod.status?.phase && pod.status.phase !== 'Pending') this.started.add(uid);
    else this.firstSeen.set(uid, Date.now());
  }

  status(pod: ServedPod, status: PodStatus): void {
    const uid = pod.metadata.uid;
    const seenAt = this.firstSeen.get(uid);
    if (seenAt === undefined) return;
    const containers = status.containerStatuses ?? [];
    if (!containers.length || !containers.every((c) => c.state?.running)) return;
    const now = Date.now();
    const created = Date.parse(pod.metadata.creationTimestamp ?? '');
    const pull = this.pulls.get(uid);
    const pulling = pull?.last === undefined ? 0 : pull.last - pull.first;
    if (!Number.isNaN(created)) startSli.observe(Math.max(0, now - created - pulling) / 1000);
    startDuration.observe((now - seenAt) / 1000);
    this.firstSeen.delete(uid);
    this.pulls.delete(uid);
    this.started.add(uid);
  }

  imagePull(uid: string, phase: 'started' | 'finished'): void {
    if (!this.firstSeen.has(uid)) return;
    const pull = this.pulls.get(uid);
    if (phase === 'started') {
      if (!pull) this.pulls.set(uid, { first: Date.now() });
    } else if (pull) pull.last = Date.now();
  }

  forget(uid: string): void {
    this.firstSeen.delete(uid);
    this.pulls.delete(uid);
    this.started.delete(uid);
  }
}
