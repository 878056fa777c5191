/**
 * The health view: the control plane's service-level figures beside Kubernetes' SLOs
 * (sig-scalability's slos.md), from the API server's /metrics where it has them, else from
 * what the dashboard watches (pod creation to containers started, creation to scheduled).
 */
import type { KubeObject } from '../../api/types.js';
import type { ClusterWatch } from './cluster-watch.js';
import { type Histogram, histogramQuantile, histograms, type Sample, total } from './prometheus-text.js';
import type { Cell } from './table.js';
import type { View } from './views.js';

interface Figure {
  name: string;
  p50?: number;
  p99?: number;
  /** Seconds the p99 must stay under; undefined: Kubernetes sets none. */
  slo?: number;
  /** A figure that is not a latency (bytes, counts), shown as it is. */
  value?: string;
  /** Where the figure comes from, when not /metrics. */
  note?: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A pod's figures in seconds: creation to scheduled, and creation to every container started. */
function podTimes(pod: any): { scheduled?: number; started?: number } {
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  if (!created) return {};
  const scheduledAt = (pod.status?.conditions ?? []).find(
    (c: any) => c.type === 'PodScheduled' && c.status === 'True',
  )?.lastTransitionTime;
  const out: { scheduled?: number; started?: number } = {};
  if (scheduledAt) out.scheduled = (Date.parse(scheduledAt) - created) / 1000;
  // The SLI counts stateless pods without init containers, whose containers all started once.
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const stateless = !(pod.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim);
  const simple = !(pod.spec?.initContainers ?? []).length && stateless;
  if (simple && statuses.length && statuses.every((s) => s.state?.running?.startedAt && !s.restartCount)) {
    const last = Math.max(...statuses.map((s) => Date.parse(s.state.running.startedAt)));
    out.started = (last - created) / 1000;
  }
  return out;
}

function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const fromHistogram = (name: string, h: Histogram | undefined, slo?: number): Figure => ({
  name,
  p50: h && histogramQuantile(0.5, h),
  p99: h && histogramQuantile(0.99, h),
  slo,
});

function apiLatency(samples: Sample[]): Figure[] {
  const byVerb = histograms(samples, 'apiserver_request_duration_seconds', (l) => l.verb !== 'WATCH', 'verb');
  if (!byVerb) return [];
  const figures: Figure[] = [];
  const mutating = histograms(samples, 'apiserver_request_duration_seconds', (l) =>
    MUTATING.has(l.verb ?? ''),
  );
  if (mutating) figures.push(fromHistogram('API mutating calls', mutating.get(''), 1));
  for (const [verb, h] of [...byVerb].sort(([a], [b]) => a.localeCompare(b))) {
    if (verb === 'CONNECT') continue;
    figures.push(fromHistogram(`API ${verb}`, h, verb === 'LIST' ? 30 : 1));
  }
  return figures;
}

/** Every figure, from /metrics (`samples`) and the watched pods. */
export function healthFigures(
  samples: Sample[] | null | undefined,
  pods: KubeObject[],
  lagMs: number[],
): Figure[] {
  const m = samples ?? [];
  const figures: Figure[] = [];
  const latency = apiLatency(m);
  figures.push(...(latency.length ? latency : [{ name: 'API call latency', slo: 1 }]));
  const times = pods.map(podTimes);
  const started = times.flatMap((t) => (t.started === undefined ? [] : [t.started]));
  const scheduled = times.flatMap((t) => (t.scheduled === undefined ? [] : [t.scheduled]));
  const kubeletStart = histograms(m, 'kubelet_pod_start_sli_duration_seconds');
  figures.push(
    kubeletStart
      ? fromHistogram('Pod startup', kubeletStart.get(''), 5)
      : {
          name: 'Pod startup',
          p50: quantile(started, 0.5),
          p99: quantile(started, 0.99),
          slo: 5,
          note: `${started.length} pods watched`,
        },
  );
  const scheduling = histograms(m, 'scheduler_scheduling_attempt_duration_seconds');
  figures.push(
    scheduling
      ? fromHistogram('Scheduling attempt', scheduling.get(''))
      : {
          name: 'Pod scheduling',
          p50: quantile(scheduled, 0.5),
          p99: quantile(scheduled, 0.99),
          note: `${scheduled.length} pods watched`,
        },
  );
  figures.push({
    name: 'Watch lag',
    p50: inSeconds(quantile(lagMs, 0.5)),
    p99: inSeconds(quantile(lagMs, 0.99)),
    note: `${lagMs.length} events timed`,
  });
  const size =
    total(m, 'apiserver_storage_size_bytes') ?? total(m, 'apiserver_storage_db_total_size_in_bytes');
  figures.push({ name: 'Store size', value: size === undefined ? undefined : bytes(size) });
  const requests = total(m, 'apiserver_request_total');
  figures.push({ name: 'API requests served', value: requests === undefined ? undefined : String(requests) });
  return figures;
}

const inSeconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function bytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function seconds(s: number | undefined): string {
  if (s === undefined || Number.isNaN(s)) return 'n/a';
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`;
}

function verdict(f: Figure): Cell {
  if (f.slo === undefined || f.p99 === undefined) return { text: '' };
  return f.p99 <= f.slo ? { text: 'ok', color: 'green' } : { text: 'over', color: 'red' };
}

export function healthView(watch: ClusterWatch): View {
  const figures = healthFigures(watch.metrics, watch.informer('pods').list(), watch.watchLagMs);
  const source =
    watch.metrics === undefined
      ? 'reading /metrics'
      : watch.metrics === null
        ? 'no /metrics on this server'
        : '';
  return {
    columns: [
      { title: 'FIGURE', width: 0 },
      { title: 'P50', width: 9 },
      { title: 'P99', width: 9 },
      { title: 'SLO P99', width: 8 },
      { title: '', width: 4 },
      { title: 'SOURCE', width: 18, priority: 1 },
    ],
    rows: figures.map((f) => ({
      key: f.name,
      cells: () => [
        { text: f.name },
        {
          text: f.value ?? seconds(f.p50),
          color: f.value === undefined && f.p50 === undefined ? 'gray' : undefined,
        },
        { text: f.value === undefined ? seconds(f.p99) : '' },
        { text: f.slo === undefined ? '—' : `≤ ${seconds(f.slo)}` },
        verdict(f),
        { text: f.note ?? (source || '/metrics'), color: 'gray' },
      ],
    })),
  };
}
