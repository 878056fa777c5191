import {
  type Deployment,
  type DeploymentStatus,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import { ignoreNotFound } from '../retry.js';
import {
  type DeploymentPass,
  scaleReplicaSet,
  writeDeploymentStatus,
  writeProgressing,
} from './replica-sets.js';
import {
  activeReplicaSets,
  actualReplicas,
  availableReplicas,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  isSaturated,
  MAX_REPLICAS,
  maxSurge,
  maxUnavailable,
  newCondition,
  progressDeadline,
  Reason,
  readyReplicas,
  removeCondition,
  replicasOf,
  revisionOf,
  setCondition,
  specReplicas,
} from './util.js';

/** Kubernetes' calculateStatus: the counts `kubectl get deploy` and `rollout status` read, and Available. */
export function calculateStatus(
  allRSs: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const counts: Record<string, number> = {
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
  };
  // Counts of zero are left out, as Kubernetes' omitempty fields are.
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    ...Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    ...(d.status?.conditions ? { conditions: [...d.status.conditions] } : {}),
  };
  const minimum = available >= replicasOf(d) - maxUnavailable(d);
  setCondition(
    status,
    minimum
      ? newCondition(
          now,
          'Available',
          'True',
          Reason.MinimumReplicasAvailable,
          'Deployment has minimum availability.',
        )
      : newCondition(
          now,
          'Available',
          'False',
          Reason.MinimumReplicasUnavailable,
          'Deployment does not have minimum availability.',
        ),
  );
  return status;
}

/** Writes the status when it changed (syncDeploymentStatus). */
export async function syncDeploymentStatus(
  p: DeploymentPass,
  allRSs: ReplicaSet[],
  newRS: ReplicaSet | undefined,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, p.d, p.ctx.clock.now());
  if (!sameJson(p.d.status, status)) await writeDeploymentStatus(p, status);
}

/**
 * syncRolloutStatus: the status with the Progressing condition of a rollout under way
 * (NewReplicaSetAvailable once complete, ReplicaSetUpdated on progress, ProgressDeadlineExceeded
 * after progressDeadlineSeconds without any) and the ReplicaFailure of its ReplicaSets.
 * Resolves to when to look again for the deadline.
 */
export async function syncRolloutStatus(
  p: DeploymentPass,
  allRSs: ReplicaSet[],
  newRS: ReplicaSet | undefined,
): Promise<number | undefined> {
  const d = p.d;
  const now = p.ctx.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) progressCondition(d, newRS, status, current, now);
  const failure = activeFirst(allRSs, newRS)
    .flatMap((rs) => rs.status?.conditions ?? [])
    .find((c) => c.type === 'ReplicaFailure');
  if (failure) setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  else removeCondition(status, 'ReplicaFailure');
  if (!sameJson(d.status, status)) await writeDeploymentStatus(p, status);
  if (deploymentComplete(p.d, status)) return undefined;
  const deadline = progressDeadline(p.d, status);
  return deadline === undefined ? undefined : Math.max(0, deadline - now) + 1000;
}

function progressCondition(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  status: DeploymentStatus,
  current: ReturnType<typeof getCondition>,
  now: number,
): void {
  const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deploymentComplete(d, status)) {
    const done = `${what} has successfully progressed.`;
    setCondition(status, newCondition(now, 'Progressing', 'True', Reason.NewReplicaSetAvailable, done));
  } else if (deploymentProgressing(d, status)) {
    // Progress moves lastUpdateTime even when the reason stays: the deadline counts from the last progress.
    const next = newCondition(
      now,
      'Progressing',
      'True',
      Reason.ReplicaSetUpdated,
      `${what} is progressing.`,
    );
    if (current?.status === 'True') next.lastTransitionTime = current.lastTransitionTime;
    removeCondition(status, 'Progressing');
    setCondition(status, next);
  } else if (deploymentTimedOut(d, status, now)) {
    const late = `${what} has timed out progressing.`;
    setCondition(status, newCondition(now, 'Progressing', 'False', Reason.ProgressDeadlineExceeded, late));
  }
}

/** getReplicaFailures reads the new ReplicaSet first, then the old ones. */
const activeFirst = (allRSs: ReplicaSet[], newRS: ReplicaSet | undefined) =>
  newRS ? [newRS, ...allRSs.filter((rs) => rs !== newRS)] : allRSs;

/**
 * checkPausedConditions: a Progressing condition of Unknown status while paused
 * (DeploymentPaused) and just after resuming (DeploymentResumed), so that time spent paused
 * never counts against the progress deadline.
 */
export async function checkPausedConditions(p: DeploymentPass): Promise<void> {
  const d = p.d;
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, 'Progressing');
  if (current?.reason === Reason.ProgressDeadlineExceeded) return;
  const pausedSaid = current?.reason === Reason.DeploymentPaused;
  if (d.spec?.paused && !pausedSaid)
    await writeProgressing(p, 'Unknown', Reason.DeploymentPaused, 'Deployment is paused');
  else if (!d.spec?.paused && pausedSaid)
    await writeProgressing(p, 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed');
}

/**
 * The ReplicaSet to scale to the Deployment's size when only one asks for pods, or the newest
 * when none does (FindActiveOrLatest); undefined when several do.
 */
function activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestOld = [...oldRSs].sort(byCreation).reverse();
  const active = activeReplicaSets([...newestOld, newRS]);
  if (active.length === 0) return newRS ?? newestOld[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * Kubernetes' scale: a Deployment resized in the middle of a rollout grows or shrinks its
 * ReplicaSets in proportion to their sizes (the one that is alone takes the new size), the
 * largest taking what rounding leaves over.
 */
export async function scale(
  p: DeploymentPass,
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
): Promise<void> {
  const d = p.d;
  const only = activeOrLatest(newRS, oldRSs);
  if (only) {
    if (replicasOf(only) !== replicasOf(d)) await scaleReplicaSet(p, only, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleReplicaSet(p, old, 0);
    return;
  }
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  const operation = toAdd > 0 ? 'up' : 'down';
  all.sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const share = proportion(rs, d, toAdd, added);
    added += share;
    return replicasOf(rs) + share;
  });
  if (toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  for (const [i, rs] of all.entries()) await scaleReplicaSet(p, rs, sizes[i], operation);
}

/** GetProportion: a ReplicaSet's share of `toAdd`, by its size against the Deployment's size before. */
function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const fraction = replicaSetFraction(rs, d);
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const maxNow = replicasOf(d) + maxSurge(d);
  let maxBefore = Number.parseInt(rs.metadata.annotations?.[MAX_REPLICAS] ?? '', 10);
  if (!Number.isFinite(maxBefore) || maxBefore === 0) maxBefore = d.status?.replicas ?? 0;
  if (maxBefore === 0) return 0;
  // Go's integer.RoundToInt32 rounds halves away from zero.
  const size = (replicasOf(rs) * maxNow) / maxBefore;
  return Math.sign(size) * Math.round(Math.abs(size)) - replicasOf(rs);
}

/**
 * cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, oldest revision first,
 * deleted once they have no pods and their controller has seen their last spec.
 */
export async function cleanupDeployment(p: DeploymentPass, oldRSs: ReplicaSet[]): Promise<void> {
  const limit = p.d.spec?.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = cleanable.length - limit;
  if (excess <= 0) return;
  const byRevision = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of byRevision.slice(0, excess)) {
    const idle =
      (rs.status?.replicas ?? 0) === 0 &&
      replicasOf(rs) === 0 &&
      (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0);
    if (idle)
      await ignoreNotFound(p.ctx.client.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!));
  }
}
