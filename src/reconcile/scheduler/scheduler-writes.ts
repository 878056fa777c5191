/** What the scheduler writes besides bindings: pods' PodScheduled condition, nominations, preemption. */
import {
  budgetMatcher,
  type LabelSelector,
  PODS,
  type PodCondition,
  type ServedPod,
} from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { KubeClient } from '../../client/kube-client.js';
import { ignoreNotFound, updateWithRetry } from '../retry.js';
import type { PodInfo } from './framework.js';
import type { Budget } from './preemption.js';

export interface SchedulerWrites {
  client: KubeClient;
  recorder: EventRecorder;
  clock: Clock;
}

function withCondition(conditions: PodCondition[] | undefined, c: PodCondition): PodCondition[] {
  return [...(conditions ?? []).filter((x) => x.type !== c.type), c];
}

/**
 * Says why on the pod's PodScheduled condition (and sets or clears its nominated node), with a
 * FailedScheduling event when the message is new: one event per distinct message.
 */
export async function markUnschedulable(
  w: SchedulerWrites,
  pod: ServedPod,
  reason: 'Unschedulable' | 'SchedulerError',
  message: string,
  nominate?: string,
): Promise<void> {
  let changed = false;
  await updateWithRetry(
    w.client,
    PODS,
    pod,
    (cur) => {
      const status = cur.status ?? {};
      const now = status.conditions?.find((c) => c.type === 'PodScheduled');
      changed = !(now?.status === 'False' && now.reason === reason && now.message === message);
      const nominee = nominate === undefined ? status.nominatedNodeName : nominate || undefined;
      if (!changed && nominee === status.nominatedNodeName) return undefined;
      const condition: PodCondition = {
        type: 'PodScheduled',
        status: 'False',
        reason,
        message,
        lastProbeTime: null,
        lastTransitionTime:
          now?.status === 'False' ? now.lastTransitionTime : timestamp(new Date(w.clock.now())),
      };
      const next = { ...status, conditions: withCondition(status.conditions, condition) };
      if (nominee) next.nominatedNodeName = nominee;
      else delete next.nominatedNodeName;
      return { ...cur, status: next };
    },
    'status',
  );
  if (changed) w.recorder.record(pod, 'Warning', 'FailedScheduling', message);
}

/**
 * Preemption's writes, as kube-scheduler's prepareCandidate: each victim is marked as a
 * DisruptionTarget and deleted with its own grace period, with a Preempted event; pods of lower
 * priority nominated to the same node lose that nomination.
 */
export async function evictVictims(
  w: SchedulerWrites,
  preemptor: ServedPod,
  node: string,
  victims: PodInfo[],
  nominatedThere: PodInfo[],
): Promise<void> {
  const priority = preemptor.spec.priority ?? 0;
  for (const { pod } of victims) {
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
      lastTransitionTime: timestamp(new Date(w.clock.now())),
    };
    await updateWithRetry(
      w.client,
      PODS,
      pod,
      (cur) => ({
        ...cur,
        status: { ...cur.status, conditions: withCondition(cur.status?.conditions, condition) },
      }),
      'status',
    );
    await ignoreNotFound(w.client.delete(PODS, pod.metadata.namespace, pod.metadata.name));
    w.recorder.record(
      pod,
      'Normal',
      'Preempted',
      `Preempted by pod ${preemptor.metadata.uid} on node ${node}`,
    );
  }
  for (const { pod } of nominatedThere) {
    if ((pod.spec.priority ?? 0) >= priority || pod.metadata.uid === preemptor.metadata.uid) continue;
    await updateWithRetry(
      w.client,
      PODS,
      pod,
      (cur) => {
        if (!cur.status?.nominatedNodeName) return undefined;
        const status = { ...cur.status };
        delete status.nominatedNodeName;
        return { ...cur, status };
      },
      'status',
    );
  }
}

/** A PodDisruptionBudget as preemption reads it; a budget with no (or an empty) selector protects nothing. */
export function budgetOf(pdb: KubeObject): Budget {
  const status = (pdb.status ?? {}) as {
    disruptionsAllowed?: number;
    disruptedPods?: Record<string, string>;
  };
  return {
    namespace: pdb.metadata.namespace ?? '',
    selector: budgetMatcher(pdb as { spec?: { selector?: LabelSelector } }),
    disruptionsAllowed: status.disruptionsAllowed ?? 0,
    disrupted: new Set(Object.keys(status.disruptedPods ?? {})),
  };
}
