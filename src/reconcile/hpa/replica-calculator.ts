/**
 * The replica count a resource metric asks for, as kube-controller-manager's ReplicaCalculator
 * works it out: usage over the pods' requests (or raw usage) against the target, within a
 * tolerance; pods without metrics count as using their whole request on a scale-down and nothing
 * on a scale-up, and pods not ready yet count as using nothing on a scale-up, so that neither
 * drives the autoscaler further than the pods that were measured.
 */

import { isSidecar } from '../../api/kinds/core/sidecar.js';
import type { Pod } from '../../api/kinds/index.js';
import { exactQuantity, milliValue } from '../../api/schema/quantity.js';

/** A pod's usage of one resource, in milli-units, and when it was measured. */
export interface PodMetric {
  timestamp: number;
  windowMs: number;
  value: number;
}

/** Metrics by pod name. */
export type PodMetrics = Map<string, PodMetric>;

export interface CalculatorSettings {
  /** How far usage may stray from the target before the count changes (--horizontal-pod-autoscaler-tolerance). */
  tolerance: number;
  /** After a pod starts, its CPU counts only once it is ready and measured since. */
  cpuInitializationPeriodMs: number;
  /** A pod not ready this long after it started is taken to have never been ready. */
  initialReadinessDelayMs: number;
  now: number;
}

export const DEFAULT_TOLERANCE = 0.1;

interface Groups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  /** Deleted and failed pods: not counted at all. */
  ignored: Set<string>;
}

/** Whether a pod's CPU sample is to be counted: not while it starts, nor if it never got ready. */
function cpuReady(pod: Pod, metric: PodMetric, s: CalculatorSettings): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
  if (!ready || started === undefined) return false;
  const transition = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  if (started + s.cpuInitializationPeriodMs > s.now)
    return ready.status !== 'False' && metric.timestamp >= transition + metric.windowMs;
  return !(ready.status === 'False' && started + s.initialReadinessDelayMs > transition);
}

export function groupPods(pods: Pod[], metrics: PodMetrics, resource: string, s: CalculatorSettings): Groups {
  const groups: Groups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    const metric = metrics.get(name);
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') groups.ignored.add(name);
    else if (pod.status?.phase === 'Pending') groups.unready.add(name);
    else if (!metric) groups.missing.add(name);
    else if (resource === 'cpu' && !cpuReady(pod, metric, s)) groups.unready.add(name);
    else groups.readyPodCount++;
  }
  return groups;
}

/** Each pod's request of the resource, in milli-units: of one container, or of all that run with it. */
export function podRequests(pods: Pod[], container: string, resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar);
    let sum = 0;
    for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
      if (container && c.name !== container) continue;
      const request = exactQuantity(c.resources?.requests?.[resource]);
      const milli = request ? milliValue(request) : 0;
      if (milli === 0)
        throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      sum += milli;
    }
    requests.set(pod.metadata.name ?? '', sum);
  }
  return requests;
}

/** GetResourceUtilizationRatio: usage over requests, as a whole percentage, against the target. */
function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number) {
  let used = 0;
  let requested = 0;
  let entries = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    used += metric.value;
    requested += request;
    entries++;
  }
  if (requested === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(used / entries) };
}

/** GetMetricUsageRatio: the average usage against the target average. */
function usageRatio(metrics: PodMetrics, target: number) {
  let used = 0;
  for (const metric of metrics.values()) used += metric.value;
  const average = Math.trunc(used / metrics.size);
  return { ratio: average / target, average };
}

function withoutPods(metrics: PodMetrics, ...sets: Set<string>[]): PodMetrics {
  return new Map([...metrics].filter(([name]) => !sets.some((s) => s.has(name))));
}

/**
 * The count a usage ratio asks for once pods without metrics and unready pods are given the
 * values that damp the change; no change when the damped ratio is within tolerance or turns
 * the other way.
 */
function dampedReplicas(
  currentReplicas: number,
  ratio: number,
  groups: Groups,
  metrics: PodMetrics,
  /** What a pod without metrics counts as using, for the ratio measured; undefined: left out. */
  missingValue: (name: string, ratio: number) => number | undefined,
  reratio: (metrics: PodMetrics) => number,
  tolerance: number,
): number {
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return currentReplicas;
    return Math.ceil(ratio * groups.readyPodCount);
  }
  const filled = new Map(metrics);
  for (const name of groups.missing) {
    const value = missingValue(name, ratio);
    if (value !== undefined) filled.set(name, { timestamp: 0, windowMs: 0, value });
  }
  if (scaleUpWithUnready)
    for (const name of groups.unready) filled.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  const newRatio = reratio(filled);
  if (Math.abs(1 - newRatio) <= tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1))
    return currentReplicas;
  const replicas = Math.ceil(newRatio * filled.size);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas))
    return currentReplicas;
  return replicas;
}

/** GetResourceReplicas: a target utilization (percent of request) of cpu or memory. */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  pods: Pod[],
  measured: PodMetrics,
  s: CalculatorSettings,
): { replicas: number; utilization: number; rawUtilization: number } {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, measured, resource, s);
  const metrics = withoutPods(measured, groups.ignored, groups.unready);
  const requests = podRequests(pods, container, resource);
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const { ratio, utilization, rawAverage } = utilizationRatio(metrics, requests, targetUtilization);
  const replicas = dampedReplicas(
    currentReplicas,
    ratio,
    groups,
    metrics,
    // A scale-down counts them at their whole request, a scale-up at nothing.
    (name, r) => (r < 1 ? (requests.get(name) ?? 0) : r > 1 ? 0 : undefined),
    (filled) => utilizationRatio(filled, requests, targetUtilization).ratio,
    s.tolerance,
  );
  return { replicas, utilization, rawUtilization: rawAverage };
}

/** GetRawResourceReplicas: a target average value (milli-units) of cpu or memory per pod. */
export function rawResourceReplicas(
  currentReplicas: number,
  targetAverage: number,
  resource: string,
  pods: Pod[],
  measured: PodMetrics,
  s: CalculatorSettings,
): { replicas: number; usage: number } {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, measured, resource, s);
  const metrics = withoutPods(measured, groups.ignored, groups.unready);
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const { ratio, average } = usageRatio(metrics, targetAverage);
  const replicas = dampedReplicas(
    currentReplicas,
    ratio,
    groups,
    metrics,
    (_name, r) => (r < 1 ? targetAverage : 0),
    (filled) => usageRatio(filled, targetAverage).ratio,
    s.tolerance,
  );
  return { replicas, usage: average };
}
