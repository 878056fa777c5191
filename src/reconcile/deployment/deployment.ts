import {
  DEPLOYMENTS,
  type Deployment,
  PODS,
  type Pod,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import { ownedBy } from '../../client/indexes.js';
import type { Informer } from '../../client/informer.js';
import { labelSelectorMatcher } from '../../store/selector.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { isConflict } from '../retry.js';
import { claim } from '../workloads/claim.js';
import { controllerOf } from '../workloads/pods.js';
import { claimCandidates } from '../workloads/selectors.js';
import { type DeploymentPass, findNewReplicaSet, getNewReplicaSet } from './replica-sets.js';
import { rolloutRecreate, rolloutRolling } from './rollout.js';
import { checkPausedConditions, cleanupDeployment, scale, syncDeploymentStatus } from './sync.js';
import { activeReplicaSets, desiredReplicasAnnotation, replicasOf } from './util.js';

const COMPONENT = 'deployment-controller';

/**
 * Kubernetes' Deployment controller: rolls a Deployment's pod template out through
 * ReplicaSets, one per revision, by its strategy (RollingUpdate or Recreate), scales them
 * when the Deployment is resized or paused, keeps revisionHistoryLimit old ones, and reports
 * the counts and the Available and Progressing conditions.
 */
export const deploymentController: ControllerFactory = (ctx) => {
  const deployments = ctx.informers.for<Deployment>(DEPLOYMENTS);
  const replicaSets = ctx.informers.for<ReplicaSet>(REPLICA_SETS);
  const pods = ctx.informers.for<Pod>(PODS);
  const recorder = ctx.recorder(COMPONENT);
  const ownerKey = (obj: ReplicaSet) => {
    const ref = controllerOf(obj);
    return ref?.kind === 'Deployment' ? `${obj.metadata.namespace}/${ref.name}` : undefined;
  };
  // A ReplicaSet's change concerns its Deployment, or (an orphan) every Deployment that may adopt it.
  const replicaSetKeys = (rs: ReplicaSet): string[] => {
    if (controllerOf(rs)) return [ownerKey(rs)].filter((k): k is string => !!k);
    return deployments
      .list(rs.metadata.namespace)
      .filter((d) => labelSelectorMatcher(d.spec?.selector)(rs.metadata.labels))
      .map(objectKey);
  };
  // A Recreate rollout waits for the old pods to be gone: their changes concern it.
  const podKeys = (pod: Pod): string[] => {
    const ref = controllerOf(pod);
    const rs = ref?.kind === 'ReplicaSet' ? replicaSets.get(pod.metadata.namespace, ref.name) : undefined;
    const key = rs && ownerKey(rs);
    const [ns, name] = key ? splitKey(key) : [];
    return key && deployments.get(ns, name!)?.spec?.strategy?.type === 'Recreate' ? [key] : [];
  };
  return {
    name: COMPONENT,
    watches: [
      { def: DEPLOYMENTS, keys: (d: Deployment) => [objectKey(d)] },
      { def: REPLICA_SETS, keys: replicaSetKeys },
      { def: PODS, keys: podKeys },
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const d = deployments.get(ns, name);
      if (!d) return undefined;
      const p: DeploymentPass = { ctx, recorder, d: structuredClone(d), rsList: [] };
      try {
        p.rsList = await claimReplicaSets(ctx, replicaSets, d);
        return await syncDeployment(p, (rs) => podsOf(pods, rs));
      } catch (err) {
        // Written over a stale copy: the change that made it stale is on its way and enqueues the key.
        if (isConflict(err)) return 1000;
        throw err;
      }
    },
  };
};

async function claimReplicaSets(
  ctx: ControllerContext,
  replicaSets: Informer<ReplicaSet>,
  d: Deployment,
): Promise<ReplicaSet[]> {
  const matches = labelSelectorMatcher(d.spec?.selector);
  const candidates = claimCandidates(replicaSets, d, d.spec?.selector?.matchLabels);
  const claimed = await claim(ctx, d, REPLICA_SETS, candidates, (rs) => matches(rs.metadata.labels));
  return claimed.map((rs) => structuredClone(rs));
}

function podsOf(pods: Informer<Pod>, rs: ReplicaSet): Pod[] {
  return ownedBy(pods, rs.metadata.uid!).filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
}

/** syncDeployment: what a Deployment needs now, by its state (deleted, paused, resized, rolling out). */
async function syncDeployment(
  p: DeploymentPass,
  podsOfRS: (rs: ReplicaSet) => Pod[],
): Promise<number | undefined> {
  if (p.d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = await replicaSetsOf(p, false);
    await syncDeploymentStatus(p, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    return undefined;
  }
  await checkPausedConditions(p);
  if (p.d.spec?.paused || (await isScalingEvent(p))) {
    await sync(p);
    return undefined;
  }
  const { oldRSs } = await replicaSetsOf(p, false);
  return p.d.spec?.strategy?.type === 'Recreate'
    ? rolloutRecreate(p, oldRSs, podsOfRS)
    : rolloutRolling(p, oldRSs);
}

/** The new ReplicaSet (made when `create`) and the old ones, revisions brought up to date. */
async function replicaSetsOf(
  p: DeploymentPass,
  create: boolean,
): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const current = findNewReplicaSet(p.d, p.rsList);
  const oldRSs = p.rsList.filter((rs) => rs !== current);
  return { newRS: await getNewReplicaSet(p, oldRSs, create), oldRSs };
}

/** A ReplicaSet asking for pods was sized for another Deployment size than the current one. */
async function isScalingEvent(p: DeploymentPass): Promise<boolean> {
  const { newRS, oldRSs } = await replicaSetsOf(p, false);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== replicasOf(p.d);
  });
}

/** sync: a resize or a paused Deployment, scaled without rolling anything out. */
async function sync(p: DeploymentPass): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsOf(p, false);
  await scale(p, newRS, oldRSs);
  if (p.d.spec?.paused) await cleanupDeployment(p, oldRSs);
  await syncDeploymentStatus(p, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
}
