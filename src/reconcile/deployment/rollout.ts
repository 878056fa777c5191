import type { Pod, ReplicaSet } from '../../api/kinds/index.js';
import { type DeploymentPass, getNewReplicaSet, newRSNewReplicas, scaleReplicaSet } from './replica-sets.js';
import { cleanupDeployment, syncRolloutStatus } from './sync.js';
import {
  activeReplicaSets,
  actualReplicas,
  availableReplicas,
  byCreation,
  deploymentComplete,
  maxUnavailable,
  replicasOf,
  specReplicas,
} from './util.js';

/**
 * rolloutRolling: grow the new ReplicaSet as far as maxSurge lets it, else shrink the old ones
 * as far as maxUnavailable lets them; once complete, drop history beyond the limit.
 */
export async function rolloutRolling(p: DeploymentPass, oldRSs: ReplicaSet[]): Promise<number | undefined> {
  const newRS = (await getNewReplicaSet(p, oldRSs, true))!;
  const all = () => [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(p, all(), newRS)) return syncRolloutStatus(p, all(), newRS);
  if (await reconcileOldReplicaSets(p, oldRSs, newRS)) return syncRolloutStatus(p, all(), newRS);
  if (deploymentComplete(p.d, p.d.status ?? {})) await cleanupDeployment(p, oldRSs);
  return syncRolloutStatus(p, all(), newRS);
}

async function reconcileNewReplicaSet(
  p: DeploymentPass,
  all: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<boolean> {
  const desired = replicasOf(p.d);
  if (replicasOf(newRS) === desired) return false;
  const target = replicasOf(newRS) > desired ? desired : newRSNewReplicas(p.d, all, newRS);
  return (await scaleReplicaSet(p, newRS, target)).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go without the available ones dropping under
 * replicas - maxUnavailable, counting the new ReplicaSet's unavailable pods against it; old
 * ReplicaSets' unhealthy pods go first, as they cost no availability.
 */
async function reconcileOldReplicaSets(
  p: DeploymentPass,
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<boolean> {
  const active = activeReplicaSets(oldRSs);
  if (specReplicas(active) === 0) return false;
  const minAvailable = replicasOf(p.d) - maxUnavailable(p.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas([...oldRSs, newRS]) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(p, active, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(p, cleaned.oldRSs, newRS);
  return cleaned.count + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(
  p: DeploymentPass,
  oldRSs: ReplicaSet[],
  maxCleanup: number,
): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  let count = 0;
  const out: ReplicaSet[] = [];
  for (const rs of [...oldRSs].sort(byCreation)) {
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (count >= maxCleanup || replicasOf(rs) === 0 || unhealthy <= 0) {
      out.push(rs);
      continue;
    }
    const down = Math.min(maxCleanup - count, unhealthy);
    out.push((await scaleReplicaSet(p, rs, replicasOf(rs) - down)).rs);
    count += down;
  }
  return { oldRSs: out, count };
}

async function scaleDownOldForRollingUpdate(
  p: DeploymentPass,
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<number> {
  const minAvailable = replicasOf(p.d) - maxUnavailable(p.d);
  const available = availableReplicas([...oldRSs, newRS]);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let done = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (done >= total) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), total - done);
    await scaleReplicaSet(p, rs, replicasOf(rs) - down);
    done += down;
  }
  return done;
}

/**
 * rolloutRecreate: every old pod goes first; the new ReplicaSet is made and scaled up only
 * once none of the old pods runs any more (terminating ones included).
 */
export async function rolloutRecreate(
  p: DeploymentPass,
  oldRSs: ReplicaSet[],
  podsOf: (rs: ReplicaSet) => Pod[],
): Promise<number | undefined> {
  let newRS = await getNewReplicaSet(p, oldRSs, false);
  const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) if ((await scaleReplicaSet(p, rs, 0)).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(oldRSs, podsOf)) return syncRolloutStatus(p, all(), newRS);
  newRS ??= (await getNewReplicaSet(p, oldRSs, true))!;
  await scaleReplicaSet(p, newRS, replicasOf(p.d));
  if (deploymentComplete(p.d, p.d.status ?? {})) await cleanupDeployment(p, oldRSs);
  return syncRolloutStatus(p, all(), newRS);
}

function oldPodsRunning(oldRSs: ReplicaSet[], podsOf: (rs: ReplicaSet) => Pod[]): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  return oldRSs.some((rs) =>
    podsOf(rs).some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded'),
  );
}
