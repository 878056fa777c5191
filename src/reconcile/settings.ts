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
  /** How often each autoscaler reads its metrics and rescales (--horizontal-pod-autoscaler-sync-period). */
  horizontalPodAutoscalerSyncPeriodMs: number;
  /** How far back recommendations hold off a scale-down (--horizontal-pod-autoscaler-downscale-stabilization). */
  horizontalPodAutoscalerDownscaleStabilizationMs: number;
  /** How long after a pod starts its CPU counts only once it is ready (--horizontal-pod-autoscaler-cpu-initialization-period). */
  horizontalPodAutoscalerCpuInitializationPeriodMs: number;
  /** A pod not ready this long after it started never was (--horizontal-pod-autoscaler-initial-readiness-delay). */
  horizontalPodAutoscalerInitialReadinessDelayMs: number;
  /** A Job's first replacement of a failed pod waits this long; each failure after doubles it (DefaultJobPodFailureBackOff). */
  jobPodFailureBackoffMs: number;
  /** The most a Job waits before replacing a failed pod (MaxJobPodFailureBackOff). */
  jobPodFailureBackoffMaxMs: number;
  /** Terminated pods kept before the oldest are deleted (--terminated-pod-gc-threshold; 0: never). */
  terminatedPodGcThreshold: number;
  /** How long a pod's node must stay missing before the pod is deleted (the pod GC's quarantine). */
  podGcOrphanQuarantineMs: number;
  /**
   * How long a PodDisruptionBudget counts an evicted pod as going (DeletionTimeout), and how
   * long a pod keeps an eviction's DisruptionTarget condition without being deleted.
   */
  disruptionTimeoutMs: number;
  /** kube-scheduler's podInitialBackoffSeconds: an unschedulable pod waits this long before its second try... */
  podInitialBackoffMs: number;
  /** ...doubling on each failed try, up to podMaxBackoffSeconds. */
  podMaxBackoffMs: number;
  /** The most endpoints one EndpointSlice holds (kube-controller-manager --max-endpoints-per-slice). */
  maxEndpointsPerSlice: number;
  /** How often the API server puts its address back into the `kubernetes` Service's endpoints (its EndpointInterval). */
  apiServerEndpointsIntervalMs: number;
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
  horizontalPodAutoscalerSyncPeriodMs: 15_000,
  horizontalPodAutoscalerDownscaleStabilizationMs: 300_000,
  horizontalPodAutoscalerCpuInitializationPeriodMs: 300_000,
  horizontalPodAutoscalerInitialReadinessDelayMs: 30_000,
  jobPodFailureBackoffMs: 10_000,
  jobPodFailureBackoffMaxMs: 600_000,
  terminatedPodGcThreshold: 12_500,
  podGcOrphanQuarantineMs: 40_000,
  disruptionTimeoutMs: 120_000,
  podInitialBackoffMs: 1_000,
  podMaxBackoffMs: 10_000,
  maxEndpointsPerSlice: 100,
  apiServerEndpointsIntervalMs: 10_000,
};
