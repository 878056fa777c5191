/**
 * The figures worth a quick look, read from the API server's /metrics and each node agent's
 * (through nodes/NAME/proxy/metrics): request rate and latency by verb, watchers, store size,
 * scheduling and pod start latency, work queue depth. Counters and histograms are taken over
 * a window between two scrapes, or over the process's life from one.
 */
import { NODES, type Node } from '../api/kinds/index.js';
import type { Client } from './client.js';
import { histogramQuantile, parsePrometheusText, type Sample, sumBy, sumOf } from './prometheus-text.js';

export interface VerbFigures {
  verb: string;
  requests: number;
  perSecond: number;
  p50?: number;
  p99?: number;
}

export interface QueueFigures {
  name: string;
  depth: number;
  adds: number;
  p99Wait?: number;
  p99Work?: number;
}

export interface HealthSummary {
  /** Seconds the counters cover: the window, or the API server's uptime. */
  seconds: number;
  verbs: VerbFigures[];
  watchers: number;
  longRunning: number;
  storeObjects: number;
  storeBytes: number;
  storeP99?: number;
  scheduled: number;
  unschedulable: number;
  schedulingP99?: number;
  schedulingSliP99?: number;
  podStartP50?: number;
  podStartP99?: number;
  /** Nodes whose agent answered /metrics, of all nodes. */
  nodesScraped: number;
  nodes: number;
  queues: QueueFigures[];
}

const keyOf = (s: Sample) => `${s.name}${JSON.stringify(s.labels)}`;

/** What counters and histograms gained between two scrapes; gauges keep their last value. */
export function sampleDelta(before: Sample[], after: Sample[]): Sample[] {
  const old = new Map(before.map((s) => [keyOf(s), s.value]));
  const cumulative = /(_total|_bucket|_sum|_count)$/;
  return after.map((s) =>
    cumulative.test(s.name) ? { ...s, value: s.value - (old.get(keyOf(s)) ?? 0) } : s,
  );
}

async function scrape(client: Client, path: string): Promise<Sample[]> {
  const res = await client.raw('GET', path, { timeoutMs: 10_000 });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return parsePrometheusText(res.body.toString('utf8'));
}

/** Every node's agent metrics, joined; nodes that do not answer (hollow ones, stopped ones) are left out. */
async function nodeSamples(client: Client): Promise<{ samples: Sample[]; scraped: number; nodes: number }> {
  const nodes = (await client.list<Node>(NODES)).items;
  const answers = await Promise.all(
    nodes.map((n) =>
      scrape(client, `/api/v1/nodes/${encodeURIComponent(n.metadata.name!)}/proxy/metrics`).catch(
        () => undefined,
      ),
    ),
  );
  // Each node's series apart, as Prometheus tells them apart by their target.
  const samples = answers.flatMap(
    (a, i) => a?.map((s) => ({ ...s, labels: { ...s.labels, node: nodes[i].metadata.name! } })) ?? [],
  );
  return { samples, scraped: answers.filter((a) => a).length, nodes: nodes.length };
}

export function summarize(
  api: Sample[],
  node: Sample[],
  seconds: number,
  counts: { scraped: number; nodes: number },
): HealthSummary {
  const requests = sumBy(api, 'apiserver_request_total', 'verb');
  const verbs = [...requests]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([verb, n]) => ({
      verb,
      requests: n,
      perSecond: seconds > 0 ? n / seconds : 0,
      p50: histogramQuantile(api, 'apiserver_request_duration_seconds', 0.5, { verb }),
      p99: histogramQuantile(api, 'apiserver_request_duration_seconds', 0.99, { verb }),
    }));
  const depths = sumBy(api, 'workqueue_depth', 'name');
  const adds = sumBy(api, 'workqueue_adds_total', 'name');
  const queues = [...depths.keys()]
    .map((name) => ({
      name,
      depth: depths.get(name) ?? 0,
      adds: adds.get(name) ?? 0,
      p99Wait: histogramQuantile(api, 'workqueue_queue_duration_seconds', 0.99, { name }),
      p99Work: histogramQuantile(api, 'workqueue_work_duration_seconds', 0.99, { name }),
    }))
    .filter((q) => q.depth > 0 || q.adds > 0)
    .sort((a, b) => b.depth - a.depth || b.adds - a.adds);
  return {
    seconds,
    verbs,
    watchers: sumOf(api, 'apiserver_registered_watchers'),
    longRunning: sumOf(api, 'apiserver_longrunning_requests'),
    storeObjects: sumOf(api, 'apiserver_storage_objects'),
    storeBytes: sumOf(api, 'apiserver_storage_size_bytes'),
    storeP99: histogramQuantile(api, 'etcd_request_duration_seconds', 0.99),
    scheduled: sumOf(api, 'scheduler_schedule_attempts_total', { result: 'scheduled' }),
    unschedulable: sumOf(api, 'scheduler_schedule_attempts_total', { result: 'unschedulable' }),
    schedulingP99: histogramQuantile(api, 'scheduler_scheduling_attempt_duration_seconds', 0.99),
    schedulingSliP99: histogramQuantile(api, 'scheduler_pod_scheduling_sli_duration_seconds', 0.99),
    podStartP50: histogramQuantile(node, 'kubelet_pod_start_sli_duration_seconds', 0.5),
    podStartP99: histogramQuantile(node, 'kubelet_pod_start_sli_duration_seconds', 0.99),
    nodesScraped: counts.scraped,
    nodes: counts.nodes,
    queues,
  };
}

/** Scrapes the cluster once, or twice `windowMs` apart, and sums up what it read. */
export async function healthSummary(client: Client, windowMs = 0): Promise<HealthSummary> {
  const first = await Promise.all([scrape(client, '/metrics'), nodeSamples(client)]);
  if (!windowMs) {
    const [api, nodes] = first;
    const started = sumOf(api, 'process_start_time_seconds');
    const uptime = started ? Date.now() / 1000 - started : 0;
    return summarize(api, nodes.samples, uptime, nodes);
  }
  const start = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const [api, nodes] = await Promise.all([scrape(client, '/metrics'), nodeSamples(client)]);
  const seconds = (performance.now() - start) / 1000;
  return summarize(sampleDelta(first[0], api), sampleDelta(first[1].samples, nodes.samples), seconds, nodes);
}
