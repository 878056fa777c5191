import type { Pod, ReplicaSetCondition, ReplicaSetStatus } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { availableAt, isAvailable, isReady } from '../workloads/pods.js';
import { messageOf } from './manage.js';

export interface StatusInput {
  pods: Pod[];
  replicas: number;
  templateLabels: Record<string, string>;
  minReadySeconds: number;
  now: number;
  conditions: ReplicaSetCondition[] | undefined;
  /** What stopped the last pass creating or deleting pods. */
  manageError: unknown;
}

/**
 * Kubernetes' calculateStatus of a ReplicaSet: counts of its active pods (those carrying all
 * the template's labels, ready, available), and a ReplicaFailure condition while creating or
 * deleting pods fails, cleared once a pass succeeds.
 */
export function calculateStatus(s: StatusInput): Omit<ReplicaSetStatus, 'observedGeneration'> {
  const labels = Object.entries(s.templateLabels);
  const fullyLabeled = s.pods.filter((p) => labels.every(([k, v]) => p.metadata.labels?.[k] === v));
  let conditions = s.conditions ?? [];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (s.manageError !== undefined && !failure) {
    conditions = [
      ...conditions,
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: s.pods.length > s.replicas ? 'FailedDelete' : 'FailedCreate',
        message: messageOf(s.manageError),
        lastTransitionTime: timestamp(new Date(s.now)),
      },
    ];
  } else if (s.manageError === undefined && failure) {
    conditions = conditions.filter((c) => c !== failure);
  }
  // Counts of zero are left out, as Kubernetes' omitempty fields are.
  const counts = {
    fullyLabeledReplicas: fullyLabeled.length,
    readyReplicas: s.pods.filter(isReady).length,
    availableReplicas: s.pods.filter((p) => isAvailable(p, s.minReadySeconds, s.now)).length,
  };
  return {
    replicas: s.pods.length,
    ...Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
    ...(conditions.length ? { conditions } : {}),
  };
}

/** How long until the next ready pod turns available (undefined: none is waiting to). */
export function nextAvailableInMs(pods: Pod[], minReadySeconds: number, now: number): number | undefined {
  if (!minReadySeconds) return undefined;
  const waits = pods
    .map((p) => availableAt(p, minReadySeconds))
    .filter((at): at is number => at !== undefined && at > now)
    .map((at) => at - now);
  return waits.length ? Math.min(...waits) : undefined;
}
