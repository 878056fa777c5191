/** Kubernetes' deploymentutil: the arithmetic and bookkeeping of Deployments over ReplicaSets. */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/kinds/index.js';
import { scaledValue } from '../../api/schema/int-or-percent.js';
import { timestamp } from '../../api/time.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Deployment annotations never copied to its ReplicaSets, nor back by a rollback. */
export const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  ROLLBACK_TO,
]);

/** The reasons of the Progressing and Available conditions. */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export const replicasOf = (obj: Deployment | ReplicaSet): number => obj.spec?.replicas ?? 0;

/** The revision annotation as a number (0 when missing or not a number). */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const n = Number.parseInt(obj.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

export const maxRevision = (rss: ReplicaSet[]): number => Math.max(0, ...rss.map(revisionOf));

const isRollingUpdate = (d: Deployment) => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable down; when both come to zero (as 1%
 * of 10 does), one pod may be unavailable, for surging may be impossible (a quota).
 */
function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const rolling = d.spec?.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const surge = scaledValue(rolling?.maxSurge ?? 0, desired, true);
  const unavailable = scaledValue(rolling?.maxUnavailable ?? 0, desired, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicasOf(d));
}

const sum = (rss: (ReplicaSet | undefined)[], count: (rs: ReplicaSet) => number | undefined) =>
  rss.reduce((n, rs) => n + (rs ? (count(rs) ?? 0) : 0), 0);

/** Pods the ReplicaSets ask for (spec.replicas). */
export const specReplicas = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.spec?.replicas);
/** Pods the ReplicaSets have (status.replicas). */
export const actualReplicas = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.replicas);
export const readyReplicas = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.readyReplicas);
export const availableReplicas = (rss: (ReplicaSet | undefined)[]) =>
  sum(rss, (rs) => rs.status?.availableReplicas);

/** ReplicaSets that ask for pods. */
export const activeReplicaSets = (rss: (ReplicaSet | undefined)[]): ReplicaSet[] =>
  rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);

const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** Oldest first; the name breaks ties (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Largest first, newer first among equals (ReplicaSetsBySizeNewer): where surplus goes when scaling up. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** Largest first, older first among equals (ReplicaSetsBySizeOlder): what shrinks first when scaling down. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const n = Number.parseInt(rs.metadata.annotations?.[DESIRED_REPLICAS] ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Sets the desired and max-replicas annotations; false when they already say so. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  if (a[DESIRED_REPLICAS] === String(desired) && a[MAX_REPLICAS] === String(max)) return false;
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return true;
}

/** A ReplicaSet that has all the Deployment's pods, all available (IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = replicasOf(d);
  return (
    replicasOf(rs) === desired &&
    desiredReplicasAnnotation(rs) === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

export function getCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(
  now: number,
  type: string,
  status: string,
  reason: string,
  message: string,
): DeploymentCondition {
  const t = timestamp(new Date(now));
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * Puts a condition in the status unless one of its type already says the same (status and
 * reason); a condition whose status stays keeps its lastTransitionTime.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const left = (status.conditions ?? []).filter((c) => c.type !== type);
  if (left.length) status.conditions = left;
  else delete status.conditions;
}

/** Every pod updated, no old one left, all available, and the latest spec seen (DeploymentComplete). */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const desired = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === desired &&
    (s.replicas ?? 0) === desired &&
    (s.availableReplicas ?? 0) === desired &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Progress since the last status: more pods updated, ready or available, or fewer old ones. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const n = (v: number | undefined) => v ?? 0;
  return (
    n(next.updatedReplicas) > n(old.updatedReplicas) ||
    n(next.replicas) - n(next.updatedReplicas) < n(old.replicas) - n(old.updatedReplicas) ||
    n(next.readyReplicas) > n(old.readyReplicas) ||
    n(next.availableReplicas) > n(old.availableReplicas)
  );
}

/** When the rollout runs out of time: its last progress plus progressDeadlineSeconds (undefined: never). */
export function progressDeadline(d: Deployment, s: DeploymentStatus): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === Reason.NewReplicaSetAvailable || c.reason === Reason.ProgressDeadlineExceeded)
    return undefined;
  return (Date.parse(c.lastUpdateTime ?? '') || 0) + d.spec!.progressDeadlineSeconds! * 1000;
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds, or said so already. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  if (getCondition(s, 'Progressing')?.reason === Reason.ProgressDeadlineExceeded) return true;
  const deadline = progressDeadline(d, s);
  return deadline !== undefined && deadline < now;
}
