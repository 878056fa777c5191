/**
 * kube-scheduler's metrics (pkg/scheduler/metrics): attempts by result, how long each attempt
 * took, and the scheduling SLI, from a pod's first attempt to its binding, by attempts made.
 */
import { Counter, exponentialBuckets, Histogram } from 'prom-client';

const PROFILE = 'default-scheduler';

const attempts = new Counter({
  name: 'scheduler_schedule_attempts_total',
  help: "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
  labelNames: ['result', 'profile'],
});
const attemptDuration = new Histogram({
  name: 'scheduler_scheduling_attempt_duration_seconds',
  help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
  labelNames: ['result', 'profile'],
  buckets: exponentialBuckets(0.001, 2, 15),
});
const sli = new Histogram({
  name: 'scheduler_pod_scheduling_sli_duration_seconds',
  help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.',
  labelNames: ['attempts'],
  buckets: exponentialBuckets(0.01, 2, 20),
});

export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** The pods being scheduled: when each was first tried and how many attempts it took. */
export class SchedulingMetrics {
  private readonly pending = new Map<string, { since: number; attempts: number }>();

  /** Starts an attempt on the pod; the returned function ends it with its result. */
  attempt(uid: string): (result: AttemptResult) => void {
    const start = performance.now();
    const pod = this.pending.get(uid) ?? { since: start, attempts: 0 };
    pod.attempts++;
    this.pending.set(uid, pod);
    return (result) => {
      const end = performance.now();
      const labels = { result, profile: PROFILE };
      attempts.inc(labels);
      attemptDuration.observe(labels, (end - start) / 1000);
      if (result !== 'scheduled') return;
      sli.observe({ attempts: String(pod.attempts) }, (end - pod.since) / 1000);
      this.pending.delete(uid);
    };
  }

  /** The pod went away or was bound by someone else: it leaves the SLI. */
  forget(uid: string): void {
    this.pending.delete(uid);
  }
}
