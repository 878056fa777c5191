/**
 * client-go's work queue metrics (k8s.io/component-base/metrics/prometheus/workqueue), one
 * series per queue name: a controller's queue is named after the controller.
 */
import { Counter, exponentialBuckets, Gauge, Histogram } from 'prom-client';

const BUCKETS = exponentialBuckets(10e-9, 10, 10);
const name = ['name'];

const depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: name });
const adds = new Counter({
  name: 'workqueue_adds_total',
  help: 'Total number of adds handled by workqueue',
  labelNames: name,
});
const latency = new Histogram({
  name: 'workqueue_queue_duration_seconds',
  help: 'How long in seconds an item stays in workqueue before being requested.',
  labelNames: name,
  buckets: BUCKETS,
});
const workDuration = new Histogram({
  name: 'workqueue_work_duration_seconds',
  help: 'How long in seconds processing an item from workqueue takes.',
  labelNames: name,
  buckets: BUCKETS,
});
const retries = new Counter({
  name: 'workqueue_retries_total',
  help: 'Total number of retries handled by workqueue',
  labelNames: name,
});

/** What one queue reports, its label bound once so that each call on the hot path is a few additions. */
export interface QueueMetrics {
  added(waiting: number): void;
  /** A key taken after waiting `waitedMs`; the queue now holds `waiting`. */
  taken(waitedMs: number, waiting: number): void;
  done(workedMs: number): void;
  retried(): void;
}

export function queueMetrics(queue: string): QueueMetrics {
  const l = { name: queue };
  const d = depth.labels(l);
  const a = adds.labels(l);
  const q = latency.labels(l);
  const w = workDuration.labels(l);
  const r = retries.labels(l);
  return {
    added: (waiting) => {
      a.inc();
      d.set(waiting);
    },
    taken: (waitedMs, waiting) => {
      q.observe(waitedMs / 1000);
      d.set(waiting);
    },
    done: (workedMs) => w.observe(workedMs / 1000),
    retried: () => r.inc(),
  };
}

/** A queue that reports nothing: one without a name (tests, one-off queues). */
export const noQueueMetrics: QueueMetrics = { added() {}, taken() {}, done() {}, retried() {} };
