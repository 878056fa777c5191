/** `minik8s metrics`: the cluster's health figures as a few aligned tables. */
import { humanDuration } from '../api/time.js';
import type { HealthSummary } from '../client/health-summary.js';
import { formatColumns } from './columns.js';
import type { Io } from './io.js';

/** A latency in seconds, to the precision a reader needs; `-` without observations. */
export function latency(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) return '-';
  if (seconds < 0.001) return `${(seconds * 1e6).toFixed(0)}µs`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)}ms`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 0)}s`;
}

/** A size in bytes, in binary units; `-` when unknown. */
export function byteSize(n: number | undefined): string {
  if (n === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)}${units[i]}`;
}

export function printHealth(h: HealthSummary, io: Io, window: boolean): void {
  const over = window
    ? `over ${humanDuration(h.seconds * 1000)}`
    : `since the API server started ${humanDuration(h.seconds * 1000)} ago`;
  io.out(`API requests (${over})`);
  const rows = [['VERB', 'REQUESTS', 'RATE/S', 'P50', 'P99']];
  for (const v of h.verbs)
    rows.push([
      v.verb,
      String(Math.round(v.requests)),
      v.perSecond.toFixed(2),
      latency(v.p50),
      latency(v.p99),
    ]);
  for (const line of formatColumns(rows)) io.out(`  ${line}`);
  io.out('');
  const facts = [
    ['Watchers', `${h.watchers} (${h.longRunning} long-running requests)`],
    ['Store', `${h.storeObjects} objects, ${byteSize(h.storeBytes)}, p99 operation ${latency(h.store.p99)}`],
    [
      'Scheduling',
      `${h.scheduled} scheduled, ${h.unschedulable} unschedulable; p99 attempt ${latency(h.schedulingAttempt.p99)}, p99 to bound ${latency(h.schedulingSli.p99)}`,
    ],
    [
      'Pod startup',
      `p50 ${latency(h.podStart.p50)}, p99 ${latency(h.podStart.p99)} (${h.nodesScraped} of ${h.nodes} nodes answered)`,
    ],
  ];
  for (const line of formatColumns(facts)) io.out(line);
  io.out('');
  io.out('Work queues');
  const queues = [['NAME', 'DEPTH', 'ADDS', 'P99 WAIT', 'P99 WORK']];
  for (const q of h.queues)
    queues.push([
      q.name,
      String(q.depth),
      String(Math.round(q.adds)),
      latency(q.p99Wait),
      latency(q.p99Work),
    ]);
  for (const line of formatColumns(queues)) io.out(`  ${line}`);
}
