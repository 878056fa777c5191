/**
 * The durations controllers wait on, with Kubernetes' defaults. They are settings so a test
 * (or an impatient user) can shorten them. What controllers still hard-code are short re-check
 * intervals while they wait for something else to finish (a namespace's contents going, say),
 * which no one needs to tune.
 */
export interface ControllerSettings {
  /** A node silent this long turns NotReady/Unknown (kube-controller-manager --node-monitor-grace-period). */
  nodeMonitorGracePeriodMs: number;
  /** How often node health is checked (--node-monitor-period). */
  nodeMonitorPeriodMs: number;
  /** Events older than this are deleted (kube-apiserver --event-ttl). */
  eventTtlMs: number;
  /** How long a deleted namespace waits before its contents are removed. */
  namespaceDeletionDelayMs: number;
  /** How soon an unschedulable pod is tried again when nothing it waits for changes. */
  unschedulableRetryMs: number;
  /**
   * How often the containers of deleted pods are looked for on nodes that are not Ready (the
   * period of Kubernetes' pod garbage collector, which cleans up after dead nodes too).
   */
  podContainerSweepPeriodMs: number;
  /** How often each controller looks at every object again without a change (0: never). */
  resyncMs: number;
  /** kube-scheduler's podInitialBackoffSeconds: an unschedulable pod waits this long before its second try... */
  podInitialBackoffMs: number;
  /** ...doubling on each failed try, up to podMaxBackoffSeconds. */
  podMaxBackoffMs: number;
}

export const DEFAULT_CONTROLLER_SETTINGS: ControllerSettings = {
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  eventTtlMs: 3_600_000,
  // `kubectl delete -f` deletes a file's objects one by one after their namespace: emptying
  // the namespace at once would make it report them NotFound. A real cluster takes seconds too.
  namespaceDeletionDelayMs: 2_000,
  unschedulableRetryMs: 5_000,
  podContainerSweepPeriodMs: 20_000,
  resyncMs: 30_000,
  podInitialBackoffMs: 1_000,
  podMaxBackoffMs: 10_000,
};
