/**
 * The health view: the control plane's service-level figures beside Kubernetes' SLOs
 * (sig-scalability's slos.md), from the figures `minik8s metrics` prints (the API server's
 * /metrics and each node agent's), over the API server's life; and the watch lag, which only a
 * watcher can time.
 */
import { type HealthSummary, type Quantiles, STREAMING_VERBS } from '../../client/health-summary.js';
import { byteSize, latency } from '../health.js';
import type { ClusterWatch } from './cluster-watch.js';
import type { Cell } from './table.js';
import type { View } from './views.js';

export interface Figure extends Quantiles {
  name: string;
  /** Seconds the p99 must stay under; undefined: Kubernetes sets none. */
  slo?: number;
  /** A figure that is not a latency (bytes, counts), shown as it is. */
  value?: string;
  /** Where the figure comes from and how much it counts. */
  source: string;
}

/** Kubernetes' read-only call SLO: 1 s for one object, 30 s for a list (cluster scope). */
const readSlo = (verb: string) => (verb === 'LIST' ? 30 : 1);
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Every figure: from the metrics (`h`, undefined until first read) and the watch's timed events. */
export function healthFigures(h: HealthSummary | undefined, lagMs: readonly number[]): Figure[] {
  const lag = quantilesOf(lagMs.map((ms) => ms / 1000));
  const watchLag = { name: 'Watch lag', ...lag, source: `${lagMs.length} events timed` };
  if (!h) return [watchLag];
  const verbs = h.verbs.filter((v) => !STREAMING_VERBS.includes(v.verb));
  const calls = (n: number) => `apiserver, ${count(n)} call${Math.round(n) === 1 ? '' : 's'}`;
  const mutated = verbs
    .filter((v) => v.verb !== 'GET' && v.verb !== 'LIST')
    .reduce((n, v) => n + v.requests, 0);
  return [
    { name: 'API mutating calls', ...h.mutating, slo: 1, source: calls(mutated) },
    ...verbs
      .sort((a, b) => a.verb.localeCompare(b.verb))
      .map((v) => ({
        name: `API ${v.verb}`,
        p50: v.p50,
        p99: v.p99,
        slo: readSlo(v.verb),
        source: calls(v.requests),
      })),
    {
      name: 'Pod startup',
      ...h.podStart,
      slo: 5,
      source: `kubelet, ${h.nodesScraped} of ${h.nodes} nodes`,
    },
    { name: 'Pod scheduling', ...h.schedulingSli, source: `scheduler, ${count(h.scheduled)} bound` },
    { name: 'Scheduling attempt', ...h.schedulingAttempt, source: 'scheduler' },
    watchLag,
    { name: 'Store operation', ...h.store, source: 'store' },
    {
      name: 'Store size',
      value: h.storeBytes === undefined ? 'n/a' : byteSize(h.storeBytes),
      source: `store, ${count(h.storeObjects)} objects`,
    },
  ];
}

/** The median and 99th percentile of a few values, nearest-rank. */
function quantilesOf(values: number[]): Quantiles {
  if (values.length === 0) return {};
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99) };
}

const figure = (s: number | undefined): Cell =>
  s === undefined ? { text: 'n/a', color: 'gray' } : { text: latency(s) };

function verdict(f: Figure): Cell {
  if (f.slo === undefined || f.p99 === undefined) return { text: '' };
  return f.p99 <= f.slo ? { text: 'ok', color: 'green' } : { text: 'over', color: 'red' };
}

export function healthView(watch: ClusterWatch): View {
  const figures = healthFigures(watch.health, watch.watchLagMs);
  // The figures of the last good read stay on screen when a read fails; this row says why.
  const trouble = watch.metricsError
    ? { name: '/metrics failed', why: watch.metricsError }
    : watch.health
      ? undefined
      : { name: 'reading /metrics', why: '' };
  return {
    still: true,
    columns: [
      { title: 'FIGURE', name: true },
      { title: 'P50' },
      { title: 'P99' },
      { title: 'SLO P99' },
      { title: '' },
      { title: 'SOURCE', priority: 1, min: 16 },
    ],
    rows: [
      ...figures.map((f) => ({
        key: f.name,
        cells: () => [
          { text: f.name },
          f.value === undefined
            ? figure(f.p50)
            : { text: f.value, color: f.value === 'n/a' ? 'gray' : undefined },
          f.value === undefined ? figure(f.p99) : { text: '' },
          { text: f.slo === undefined ? '—' : `≤ ${f.slo}s` },
          verdict(f),
          { text: f.source, color: 'gray' },
        ],
      })),
      ...(trouble
        ? [
            {
              key: 'trouble',
              cells: () => [
                { text: trouble.name, color: 'yellow' },
                ...['', '', '', ''].map((text) => ({ text })),
                { text: trouble.why, color: 'yellow' },
              ],
            },
          ]
        : []),
    ],
  };
}
