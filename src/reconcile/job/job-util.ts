import type { Job, JobCondition, Pod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';

/** Held on every pod a Job makes until the Job has counted the pod (job-tracking finalizer). */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** An Indexed Job's pod index, as annotation and label. */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

const trueCondition = (job: Job, type: string): JobCondition | undefined =>
  job.status?.conditions?.find((c) => c.type === type && c.status === 'True');

/** Complete or Failed: the condition that says the Job is over. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return trueCondition(job, 'Complete') ?? trueCondition(job, 'Failed');
}

export const isFinished = (job: Job): boolean => !!finishedCondition(job);
export const isSucceeded = (job: Job): boolean => !!trueCondition(job, 'Complete');
export const hasCondition = (job: Job, type: string): JobCondition | undefined => trueCondition(job, type);
export const isIndexed = (job: Job): boolean => job.spec?.completionMode === 'Indexed';
export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(TRACKING_FINALIZER) ?? false;
}

/** The pod's completion index, when it has a valid one. */
export function completionIndex(pod: Pod): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

const terminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Being deleted and not yet ended: what status.terminating counts. */
export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp && !terminal(pod);
}

/** Replacements wait for a pod to be Failed, not merely terminating (podReplacementPolicy Failed). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/**
 * Whether the Job counts the pod as failed. Kubernetes' kubelet marks a deleted pod Failed once
 * its containers are gone and then deletes it with grace 0; the node agent here only does the
 * latter, which our finalizer holds, so that grace 0 says as much as the Failed phase.
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (pod.status?.phase === 'Succeeded' || !pod.metadata.deletionTimestamp) return false;
  return !onlyReplaceFailedPods(job) || pod.metadata.deletionGracePeriodSeconds === 0;
}

/** When the pod ended: its last container's finish, else its deletion, else its creation. */
export function finishedAt(pod: Pod): number {
  const times = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .map((s) => Date.parse(s.state?.terminated?.finishedAt ?? ''))
    .filter(Number.isFinite);
  if (times.length) return Math.max(...times);
  return Date.parse(pod.metadata.deletionTimestamp ?? pod.metadata.creationTimestamp ?? '') || 0;
}

export function newCondition(type: string, reason: string, message: string, now: number): JobCondition {
  const t = timestamp(new Date(now));
  return { type, status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t };
}

/**
 * Sets a condition as Kubernetes' ensureJobConditionStatus does: a condition that is absent and
 * would be False is not added; one that changes takes the new time. Whether anything changed.
 */
export function ensureCondition(
  job: Job,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): boolean {
  const conditions = (job.status ??= {}).conditions ?? [];
  const t = timestamp(new Date(now));
  const c = conditions.find((x) => x.type === type);
  if (!c) {
    if (status === 'False') return false;
    job.status.conditions = [...conditions, { ...newCondition(type, reason, message, now), status }];
    return true;
  }
  if (c.status === status && c.reason === reason && c.message === message) return false;
  if (c.status !== status) c.lastTransitionTime = t;
  Object.assign(c, { status, reason, message, lastProbeTime: t });
  return true;
}

/** A set of indexes as status.completedIndexes writes it: "1,3-5,7". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j;
  }
  return parts.join(',');
}

/** status.completedIndexes read back, keeping the indexes below `completions`. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a) && i < completions; i++) out.add(i);
  }
  return out;
}
