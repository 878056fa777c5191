import type { HorizontalPodAutoscalerStatus, MetricStatus } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';

/** setCondition: a condition's lastTransitionTime moves only when its status does. */
export function setCondition(
  status: HorizontalPodAutoscalerStatus,
  type: string,
  value: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  const conditions = status.conditions ?? [];
  let c = conditions.find((x) => x.type === type);
  if (!c) {
    c = { type, status: '' };
    conditions.push(c);
  }
  if (c.status !== value) c.lastTransitionTime = timestamp(new Date(now));
  c.status = value;
  c.reason = reason;
  c.message = message;
  status.conditions = conditions;
}

/**
 * setStatus: the status made afresh from what this sync saw, keeping the conditions and the last
 * scale time (now, when it rescaled). Metrics not computed this time are left out.
 */
export function nextStatus(
  status: HorizontalPodAutoscalerStatus,
  currentReplicas: number,
  desiredReplicas: number,
  currentMetrics: MetricStatus[] | undefined,
  rescaledAt?: number,
): HorizontalPodAutoscalerStatus {
  const lastScaleTime = rescaledAt !== undefined ? timestamp(new Date(rescaledAt)) : status.lastScaleTime;
  return {
    ...(currentReplicas ? { currentReplicas } : {}),
    desiredReplicas,
    ...(lastScaleTime ? { lastScaleTime } : {}),
    ...(currentMetrics?.length ? { currentMetrics } : {}),
    ...(status.conditions?.length ? { conditions: status.conditions } : {}),
  };
}
