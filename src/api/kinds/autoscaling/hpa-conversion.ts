import type { KubeObject } from '../../types.js';

/**
 * autoscaling/v1 and autoscaling/v2 views of one stored HorizontalPodAutoscaler (stored as v2),
 * converted as Kubernetes converts them: v1 carries the CPU utilization target in its own field
 * and what it cannot express in annotations, so a round trip through v1 loses nothing.
 */
const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

// The shapes are those of the two API versions, which the schemas check.
type Any = any;

const isCpuUtilization = (m: Any) =>
  m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';
const isCpuStatus = (m: Any) =>
  m?.type === 'Resource' &&
  m.resource?.name === 'cpu' &&
  m.resource.current?.averageUtilization !== undefined;

function takeAnnotation(obj: KubeObject, key: string): unknown[] | Record<string, unknown> | undefined {
  const text = obj.metadata.annotations?.[key];
  if (text === undefined) return undefined;
  delete obj.metadata.annotations![key];
  if (Object.keys(obj.metadata.annotations!).length === 0) delete obj.metadata.annotations;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function putAnnotation(obj: KubeObject, key: string, value: unknown): void {
  obj.metadata.annotations = { ...obj.metadata.annotations, [key]: JSON.stringify(value) };
}

/** The autoscaling/v1 form of a stored (v2) object. */
export function hpaToV1(stored: KubeObject): KubeObject {
  const obj = structuredClone(stored) as Any;
  obj.apiVersion = 'autoscaling/v1';
  const spec = obj.spec ?? {};
  const metrics: Any[] = spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  obj.spec = {
    scaleTargetRef: spec.scaleTargetRef,
    ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas: spec.maxReplicas,
    ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
  };
  if (others.length) putAnnotation(obj, METRICS, others);
  if (spec.behavior) putAnnotation(obj, BEHAVIOR, spec.behavior);
  if (stored.status) {
    const status = obj.status as Any;
    const current: Any[] = status.currentMetrics ?? [];
    const cpuNow = current.find(isCpuStatus);
    const otherNow = current.filter((m) => m !== cpuNow);
    obj.status = {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(cpuNow ? { currentCPUUtilizationPercentage: cpuNow.resource.current.averageUtilization } : {}),
    };
    if (otherNow.length) putAnnotation(obj, CURRENT_METRICS, otherNow);
    if (status.conditions?.length) putAnnotation(obj, CONDITIONS, status.conditions);
  }
  return obj;
}

/** The stored (v2) form of an autoscaling/v1 object. */
export function hpaToV2(v1: KubeObject): KubeObject {
  const obj = structuredClone(v1) as Any;
  obj.apiVersion = 'autoscaling/v2';
  const spec = obj.spec ?? {};
  const metrics: Any[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined)
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  const extra = takeAnnotation(obj, METRICS);
  if (Array.isArray(extra)) metrics.push(...extra);
  const behavior = takeAnnotation(obj, BEHAVIOR);
  obj.spec = {
    scaleTargetRef: spec.scaleTargetRef,
    ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas: spec.maxReplicas,
    ...(metrics.length ? { metrics } : {}),
    ...(behavior ? { behavior } : {}),
  };
  const currentExtra = takeAnnotation(obj, CURRENT_METRICS);
  const conditions = takeAnnotation(obj, CONDITIONS);
  if (obj.status) {
    const status = obj.status;
    const current: Any[] = [];
    if (status.currentCPUUtilizationPercentage !== undefined)
      current.push({
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
      });
    if (Array.isArray(currentExtra)) current.push(...currentExtra);
    obj.status = {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(current.length ? { currentMetrics: current } : {}),
      ...(Array.isArray(conditions) && conditions.length ? { conditions } : {}),
    };
  }
  return obj;
}
