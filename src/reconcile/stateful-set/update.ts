/**
 * One pass of Kubernetes' StatefulSet control loop (stateful_set_control.go updateStatefulSet):
 * the pods of ordinals in range made, fixed or waited on in order, those past it removed from
 * the highest ordinal down, then the rolling update from the highest ordinal to the partition.
 * OrderedReady ("monotonic") stops at the first pod not Running and Ready; Parallel goes on.
 */
import type { ControllerRevision, Pod, StatefulSet, StatefulSetStatus } from '../../api/kinds/index.js';
import { templateOf } from '../workloads/history.js';
import { availableAt, isAvailable } from '../workloads/pods.js';
import {
  inOrdinalRange,
  isCreated,
  isHealthy,
  isRunningAndReady,
  isTerminating,
  newStatefulSetPod,
  ordinalOf,
  replicasOf,
  revisionOf,
  startOrdinal,
} from './identity.js';
import type { StatefulPodControl } from './pod-control.js';

export interface SetRevisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** What a pass leaves: the status it saw, and when a pod turns available (to look again then). */
export interface SyncResult {
  status: StatefulSetStatus;
  recheckAt?: number;
}

interface Pass {
  key: string;
  set: StatefulSet;
  revs: SetRevisions;
  control: StatefulPodControl;
  now: number;
  monotonic: boolean;
  minReadySeconds: number;
}

/** Pods at their ordinal in range (made up where missing) and the condemned past it, highest first. */
function partition(pass: Pass, pods: Pod[]): { replicas: Pod[]; condemned: Pod[] } {
  const { set, revs } = pass;
  const start = startOrdinal(set);
  const replicas: Pod[] = new Array(replicasOf(set));
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  const partitionAt = start + (set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
  for (let i = 0; i < replicas.length; i++) {
    if (replicas[i]) continue;
    const ordinal = start + i;
    // Below the partition a rolling update keeps the current revision, even for a pod made again.
    const rev = set.spec?.updateStrategy?.rollingUpdate && ordinal < partitionAt ? revs.current : revs.update;
    replicas[i] = newStatefulSetPod(set, templateOf(rev), rev.metadata.name!, ordinal);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  return { replicas, condemned };
}

/** Counts as Kubernetes' computeReplicaStatus does, over the pods the pass saw. */
function countStatus(pass: Pass, pods: Pod[]): StatefulSetStatus {
  const { set, revs } = pass;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision: revs.current.metadata.name,
    updateRevision: revs.update.metadata.name,
    collisionCount: revs.collisionCount,
  };
  const add = (
    k: 'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas',
  ) => (status[k] = (status[k] ?? 0) + 1);
  for (const pod of pods) {
    if (isCreated(pod)) add('replicas');
    if (isRunningAndReady(pod)) {
      add('readyReplicas');
      if (isAvailable(pod, pass.minReadySeconds, pass.now)) add('availableReplicas');
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (revisionOf(pod) === revs.current.metadata.name) add('currentReplicas');
      if (revisionOf(pod) === revs.update.metadata.name) add('updatedReplicas');
    }
  }
  // A rolling update is complete once every replica is updated and ready.
  const want = replicasOf(set);
  if (
    set.spec?.updateStrategy?.type !== 'OnDelete' &&
    status.updatedReplicas === want &&
    status.readyReplicas === want &&
    status.replicas === want
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  return status;
}

/** Kubernetes' processReplica: true when a monotonic pass must stop here. */
async function processReplica(pass: Pass, pod: Pod): Promise<boolean> {
  const { key, set, control, monotonic } = pass;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') {
    // Whatever ended it (an eviction, a node reboot), the ordinal must run again: a fresh pod follows.
    if (!isTerminating(pod)) await control.delete(key, set, pod);
    return true;
  }
  if (!isCreated(pod)) {
    if (control.claimIsStale(set, pod)) return true;
    await control.create(key, set, pod);
    return monotonic;
  }
  if (phase === 'Pending') await control.ensureClaims(set, pod);
  if (isTerminating(pod) && monotonic) return true;
  if (!isRunningAndReady(pod) && monotonic) return true;
  if (!isAvailable(pod, pass.minReadySeconds, pass.now) && monotonic) return true;
  if (!control.consistent(set, pod)) await control.restore(set, pod);
  return false;
}

/** Kubernetes' processCondemned: scale-down, one pod at a time when monotonic, only over healthy ones. */
async function processCondemned(pass: Pass, pod: Pod, firstUnhealthy: Pod | undefined): Promise<boolean> {
  const { key, set, control, monotonic } = pass;
  if (isTerminating(pod)) return monotonic;
  if (monotonic && pod !== firstUnhealthy) {
    if (!isRunningAndReady(pod) || !isAvailable(pod, pass.minReadySeconds, pass.now)) return true;
  }
  await control.delete(key, set, pod);
  return true;
}

/** Runs `fn` over `pods` in order, stopping at the first that asks to when monotonic; else over all at once. */
async function forAll(pass: Pass, pods: Pod[], fn: (pod: Pod) => Promise<boolean>): Promise<boolean> {
  if (!pass.monotonic) {
    await Promise.all(pods.map(fn));
    return false;
  }
  for (const pod of pods) if (await fn(pod)) return true;
  return false;
}

/** From the highest ordinal down to the partition: the first pod not at the update revision goes. */
async function rollingUpdate(pass: Pass, replicas: Pod[]): Promise<void> {
  const { key, set, revs, control } = pass;
  const partitionAt = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let i = replicas.length - 1; i >= partitionAt; i--) {
    const pod = replicas[i];
    if (revisionOf(pod) !== revs.update.metadata.name && !isTerminating(pod)) {
      await control.delete(key, set, pod);
      return;
    }
    if (!isHealthy(pod)) return;
  }
}

/** One pass over the set's pods; what it counted before acting. */
export async function syncStatefulSet(
  key: string,
  set: StatefulSet,
  revs: SetRevisions,
  pods: Pod[],
  control: StatefulPodControl,
  now: number,
): Promise<SyncResult> {
  const pass: Pass = {
    key,
    set,
    revs,
    control,
    now,
    monotonic: set.spec?.podManagementPolicy !== 'Parallel',
    minReadySeconds: set.spec?.minReadySeconds ?? 0,
  };
  const status = countStatus(pass, pods);
  const recheckAt = nextAvailable(pass, pods);
  if (set.metadata.deletionTimestamp) return { status, recheckAt };
  const { replicas, condemned } = partition(pass, pods);
  const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find((p) => !isHealthy(p));
  if (await forAll(pass, replicas, (p) => processReplica(pass, p))) return { status, recheckAt };
  await forAll(pass, condemned, async (p) => {
    await control.fixClaims(set, p);
    return false;
  });
  if (await forAll(pass, condemned, (p) => processCondemned(pass, p, firstUnhealthy)))
    return { status, recheckAt };
  if (set.spec?.updateStrategy?.type !== 'OnDelete') await rollingUpdate(pass, replicas);
  return { status, recheckAt };
}

/** When the first pod ready but not yet available turns available. */
function nextAvailable(pass: Pass, pods: Pod[]): number | undefined {
  if (!pass.minReadySeconds) return undefined;
  const times = pods
    .filter((p) => isRunningAndReady(p) && !isAvailable(p, pass.minReadySeconds, pass.now))
    .map((p) => availableAt(p, pass.minReadySeconds) ?? pass.now);
  return times.length ? Math.min(...times) : undefined;
}
