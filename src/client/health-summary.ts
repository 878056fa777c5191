/**
 * The figures worth a quick look, read from the API server's /metrics and each node agent's
 * (through nodes/NAME/proxy/metrics): request rate and latency by verb, watchers, store size,
 * scheduling and pod start latency, work queue depth. Counters and histograms are taken over
 * a window between two scrapes, or over the process's life from one.
 */
import { NODES, type Node } from '../api/kinds/index.js';
import { LONG_RUNNING_SUBRESOURCES } from '../api/long-running.js';
import type { Client } from './client.js';
import {
  hasSeries,
  histogramQuantile,
  type LabelFilter,
  parsePrometheusText,
  type Sample,
  sumBy,
  sumOf,
} from './prometheus-text.js';

/** Verbs of streams (watches, exec, proxy): their duration is how long the stream lasted. */
export const STREAMING_VERBS = ['WATCH', 'CONNECT'];

/** The verbs of Kubernetes' "mutating API calls" SLI. */
export const MUTATING_VERBS = ['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION'];

/** A latency histogram's median and 99th percentile, in seconds; undefined without observations. */
export interface Quantiles {
  p50?: number;
  p99?: number;
}

export interface VerbFigures extends Quantiles {
  verb: string;
  requests: number;
  perSecond: number;
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
  /** Every mutating call's latency, the verbs together. */
  mutating: Quantiles;
  watchers: number;
  longRunning: number;
  storeObjects: number;
  /** undefined: the store does not report its size (etcd's own /metrics has it). */
  storeBytes?: number;
  /** Each store operation's latency. */
  store: Quantiles;
  scheduled: number;
  unschedulable: number;
  /** One scheduling attempt, binding included. */
  schedulingAttempt: Quantiles;
  /** A pod's first scheduling attempt to its binding (the scheduler's SLI). */
  schedulingSli: Quantiles;
  /** Creation to every container running, without image pulls (the kubelet's SLI). */
  podStart: Quantiles;
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

const quantiles = (samples: Sample[], name: string, filter?: LabelFilter): Quantiles => ({
  p50: histogramQuantile(samples, name, 0.5, filter),
  p99: histogramQuantile(samples, name, 0.99, filter),
});

async function scrape(client: Client, path: string): Promise<Sample[]> {
  const res = await client.raw('GET', path, { timeoutMs: 10_000 });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return parsePrometheusText(res.body.toString('utf8'));
}

/** One scrape of the API server and of the node agents. */
export interface ClusterSamples {
  api: Sample[];
  /** Every node agent's samples, each labelled with its `node`. */
  node: Sample[];
  /** Nodes whose agent answered, of all nodes. */
  scraped: number;
  nodes: number;
}

/**
 * Scrapes the API server's /metrics and every Ready node agent's, joined; nodes that do not answer
 * (hollow ones) are left out. A node that is not Ready (stopped) is not asked: the API server's
 * proxy would wait out its timeout for it. `nodes`: the nodes, when the caller watches them
 * already; else they are listed.
 */
export async function scrapeCluster(client: Client, nodes?: Node[]): Promise<ClusterSamples> {
  const [api, all] = await Promise.all([
    scrape(client, '/metrics'),
    nodes ?? client.list<Node>(NODES).then((l) => l.items),
  ]);
  const names = all
    .filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((n) => n.metadata.name ?? '');
  const answers = await Promise.all(
    names.map((name) =>
      scrape(client, `/api/v1/nodes/${encodeURIComponent(name)}/proxy/metrics`).catch(() => undefined),
    ),
  );
  // Each node's series apart, as Prometheus tells them apart by their target.
  const node = answers.flatMap(
    (a, i) => a?.map((s) => ({ ...s, labels: { ...s.labels, node: names[i] } })) ?? [],
  );
  return { api, node, scraped: answers.filter((a) => a).length, nodes: all.length };
}

/** Seconds since the API server started, which its counters cover. */
export function apiServerUptime(api: Sample[]): number {
  const started = sumOf(api, 'process_start_time_seconds');
  return started ? Date.now() / 1000 - started : 0;
}

export function summarize({ api, node, scraped, nodes }: ClusterSamples, seconds: number): HealthSummary {
  const requests = sumBy(api, 'apiserver_request_total', 'verb');
  // Streams, whatever their verb (a followed log is a GET), are no API calls to time.
  const calls = api.filter((s) => !LONG_RUNNING_SUBRESOURCES.has(s.labels.subresource ?? ''));
  const verbs = [...requests]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([verb, n]) => ({
      verb,
      requests: n,
      perSecond: seconds > 0 ? n / seconds : 0,
      ...quantiles(calls, 'apiserver_request_duration_seconds', { verb }),
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
    mutating: quantiles(calls, 'apiserver_request_duration_seconds', { verb: MUTATING_VERBS }),
    watchers: sumOf(api, 'apiserver_registered_watchers'),
    longRunning: sumOf(api, 'apiserver_longrunning_requests'),
    storeObjects: sumOf(api, 'apiserver_storage_objects'),
    storeBytes: hasSeries(api, 'apiserver_storage_size_bytes')
      ? sumOf(api, 'apiserver_storage_size_bytes')
      : undefined,
    store: quantiles(api, 'etcd_request_duration_seconds'),
    scheduled: sumOf(api, 'scheduler_schedule_attempts_total', { result: 'scheduled' }),
    unschedulable: sumOf(api, 'scheduler_schedule_attempts_total', { result: 'unschedulable' }),
    schedulingAttempt: quantiles(api, 'scheduler_scheduling_attempt_duration_seconds'),
    schedulingSli: quantiles(api, 'scheduler_pod_scheduling_sli_duration_seconds'),
    podStart: quantiles(node, 'kubelet_pod_start_sli_duration_seconds'),
    nodesScraped: scraped,
    nodes,
    queues,
  };
}

/** Scrapes the cluster once, or twice `windowMs` apart, and sums up what it read. */
export async function healthSummary(client: Client, windowMs = 0): Promise<HealthSummary> {
  const first = await scrapeCluster(client);
  if (!windowMs) return summarize(first, apiServerUptime(first.api));
  const start = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const second = await scrapeCluster(client);
  const seconds = (performance.now() - start) / 1000;
  return summarize(
    {
      ...second,
      api: sampleDelta(first.api, second.api),
      node: sampleDelta(first.node, second.node),
    },
    seconds,
  );
}
