import { timestamp } from '../../time.js';
import type { PodDisruptionBudget } from '../types.generated.js';

/**
 * Kubernetes' UpdateDisruptionAllowedCondition: DisruptionAllowed True (SufficientPods) while
 * disruptions are allowed, else False (InsufficientPods); `failed` sets False with SyncFailed.
 */
export function setDisruptionAllowedCondition(pdb: PodDisruptionBudget, now: number, failed?: string): void {
  const status = pdb.status!;
  const allowed = !failed && status.disruptionsAllowed > 0;
  const next = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: failed ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods',
    message: failed ?? '',
    observedGeneration: status.observedGeneration,
  };
  const conditions = status.conditions ?? [];
  const old = conditions.find((c) => c.type === next.type);
  const lastTransitionTime =
    old && old.status === next.status ? old.lastTransitionTime : timestamp(new Date(now));
  const condition = { ...next, lastTransitionTime };
  status.conditions = old ? conditions.map((c) => (c === old ? condition : c)) : [...conditions, condition];
}
