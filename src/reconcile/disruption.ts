import {
  budgetMatcher,
  DEPLOYMENTS,
  kinds,
  PODS,
  type Pod,
  type PodDisruptionBudget,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  STATEFUL_SETS,
} from '../api/kinds/index.js';
import { setDisruptionAllowedCondition } from '../api/kinds/policy/pdb-status.js';
import { POD_DISRUPTION_BUDGETS } from '../api/kinds/policy/pod-disruption-budget.js';
import { scaledValue } from '../api/schema/int-or-percent.js';
import { sameJson } from '../api/schema/same-json.js';
import { timestamp } from '../api/time.js';
import type { KubeObject, OwnerReference } from '../api/types.js';
import type { EventRecorder } from '../client/event-recorder.js';
import type { Informer } from '../client/informer.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from './controller.js';
import { ignoreNotFound, updateWithRetry } from './retry.js';
import { controllerOf, isReady } from './workloads/pods.js';

/** Keys of pods whose eviction's DisruptionTarget condition may have gone stale. */
const STALE = 'stale-disruption:';

interface Disruption {
  ctx: ControllerContext;
  pdbs: Informer<PodDisruptionBudget>;
  pods: Informer<Pod>;
  recorder: EventRecorder;
}

const selects = (pdb: PodDisruptionBudget, pod: Pod) => budgetMatcher(pdb)(pod.metadata.labels ?? {});
const disruptionTarget = (pod: Pod) =>
  pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');

/**
 * Kubernetes' disruption controller: keeps each PodDisruptionBudget's status (healthy pods,
 * pods expected from their controllers' scale, disruptions allowed, the DisruptionAllowed
 * condition) for the eviction subresource to spend, forgets evictions whose pods were not
 * deleted in time, and clears a stale DisruptionTarget condition from pods never deleted.
 */
export const disruptionController: ControllerFactory = (ctx) => {
  const d: Disruption = {
    ctx,
    pdbs: ctx.informers.for<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS),
    pods: ctx.informers.for<Pod>(PODS),
    recorder: ctx.recorder('controllermanager'),
  };
  const budgetsOf = (pod: Pod) =>
    d.pdbs
      .list(pod.metadata.namespace)
      .filter((pdb) => selects(pdb, pod))
      .map(objectKey);
  const allIn = (obj: KubeObject) => d.pdbs.list(obj.metadata.namespace).map(objectKey);
  return {
    name: 'disruption',
    watches: [
      { def: POD_DISRUPTION_BUDGETS, keys: (pdb) => [objectKey(pdb)] },
      {
        def: PODS,
        keys: (pod: Pod) => [
          ...budgetsOf(pod),
          ...(disruptionTarget(pod) && !pod.metadata.deletionTimestamp ? [STALE + objectKey(pod)] : []),
        ],
      },
      ...[DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS, REPLICATION_CONTROLLERS].map((def) => ({
        def,
        keys: allIn,
      })),
    ],
    async reconcile(key) {
      if (key.startsWith(STALE)) return clearStaleDisruption(d, key.slice(STALE.length));
      const pdb = d.pdbs.get(...splitKey(key));
      return pdb ? syncBudget(d, pdb) : undefined;
    },
  };
};

async function syncBudget(d: Disruption, pdb: PodDisruptionBudget): Promise<number | undefined> {
  const pods = d.pods.list(pdb.metadata.namespace).filter((p) => selects(pdb, p));
  if (!pods.length) d.recorder.record(pdb, 'Normal', 'NoPods', 'No matching pods found');
  let expected: { expectedCount: number; desiredHealthy: number };
  try {
    expected = await expectedPodCount(d, pdb, pods);
  } catch (err) {
    const message = (err as Error).message;
    d.recorder.record(
      pdb,
      'Warning',
      'CalculateExpectedPodCountFailed',
      `Failed to calculate the number of expected pods: ${message}`,
    );
    await writeStatus(d, pdb, (s) => {
      s.status = { ...s.status!, disruptionsAllowed: 0 };
      setDisruptionAllowedCondition(s, d.ctx.clock.now(), message);
    });
    throw err;
  }
  const now = d.ctx.clock.now();
  const { disrupted, recheckAt } = disruptedPods(d, pdb, pods, now);
  const currentHealthy = pods.filter(
    (p) => !p.metadata.deletionTimestamp && !(p.metadata.name! in disrupted) && isReady(p),
  ).length;
  const { expectedCount, desiredHealthy } = expected;
  const allowed = expectedCount > 0 ? Math.max(0, currentHealthy - desiredHealthy) : 0;
  await writeStatus(d, pdb, (s) => {
    s.status = {
      ...s.status,
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      disruptionsAllowed: allowed,
      disruptedPods: Object.keys(disrupted).length ? disrupted : undefined,
      observedGeneration: s.metadata.generation,
    };
    setDisruptionAllowedCondition(s, now);
  });
  return recheckAt === undefined ? undefined : recheckAt - now;
}

async function writeStatus(
  d: Disruption,
  pdb: PodDisruptionBudget,
  change: (pdb: PodDisruptionBudget) => void,
) {
  await updateWithRetry(
    d.ctx.client,
    POD_DISRUPTION_BUDGETS,
    pdb,
    (cur) => {
      const next = structuredClone(cur);
      change(next);
      return sameJson(next.status, cur.status) ? undefined : next;
    },
    'status',
  );
}

/**
 * The evictions the API server recorded that are still to be seen through: a pod evicted
 * within the timeout and not yet being deleted counts as gone; past it, it counts again.
 */
function disruptedPods(d: Disruption, pdb: PodDisruptionBudget, pods: Pod[], now: number) {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const at = recorded[pod.metadata.name!];
    if (pod.metadata.deletionTimestamp || !at) continue;
    const expires = Date.parse(at) + d.ctx.settings.disruptionTimeoutMs;
    if (expires < now) {
      d.recorder.record(
        pod,
        'Warning',
        'NotDeleted',
        `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`,
      );
      continue;
    }
    disrupted[pod.metadata.name!] = at;
    recheckAt = Math.min(recheckAt ?? expires, expires);
  }
  return { disrupted, recheckAt };
}

/** Kubernetes' getExpectedPodCount: minAvailable as a count needs only the pods; anything else their controllers' scale. */
async function expectedPodCount(d: Disruption, pdb: PodDisruptionBudget, pods: Pod[]) {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable === undefined && typeof minAvailable === 'number')
    return { expectedCount: pods.length, desiredHealthy: minAvailable };
  if (maxUnavailable === undefined && minAvailable === undefined)
    return { expectedCount: 0, desiredHealthy: 0 };
  const { expectedCount, unmanaged } = await expectedScale(d, pods);
  if (unmanaged.length)
    d.recorder.record(
      pdb,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
    );
  const desiredHealthy =
    maxUnavailable !== undefined
      ? Math.max(0, expectedCount - scaledValue(maxUnavailable, expectedCount, true))
      : scaledValue(minAvailable!, expectedCount, true);
  return { expectedCount, desiredHealthy };
}

/** The sum of the scales of the pods' controllers (a Deployment's, for its ReplicaSets' pods). */
async function expectedScale(d: Disruption, pods: Pod[]) {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name!);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = await scaleOf(d, ref, pod.metadata.namespace!);
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.replicas);
  }
  return { expectedCount: [...scales.values()].reduce((a, b) => a + b, 0), unmanaged };
}

/** A controller's desired replicas, read through its scale subresource's paths. */
async function scaleOf(
  d: Disruption,
  ref: OwnerReference,
  namespace: string,
): Promise<{ uid: string; replicas: number } | undefined> {
  const def = kinds.byKind(ref.apiVersion, ref.kind);
  const paths = def?.subresources?.find((s) => s.name === 'scale')?.scale;
  if (!def || !paths) return undefined;
  const obj = await ignoreNotFound(d.ctx.client.get(def, namespace, ref.name));
  if (!obj || obj.metadata.uid !== ref.uid) return undefined;
  const owner = controllerOf(obj);
  // A Deployment's ReplicaSets come and go during a rollout: the Deployment's scale is the one expected.
  if (def === REPLICA_SETS && owner?.kind === 'Deployment') return scaleOf(d, owner, namespace);
  let v: unknown = obj;
  for (const k of paths.specReplicasPath.split('.').filter(Boolean)) v = (v as Record<string, unknown>)?.[k];
  return { uid: obj.metadata.uid!, replicas: typeof v === 'number' ? v : 0 };
}

/** A pod an eviction marked DisruptionTarget but that was never deleted gets the condition set False. */
async function clearStaleDisruption(d: Disruption, key: string): Promise<number | undefined> {
  const pod = d.pods.get(...splitKey(key));
  const c = pod && !pod.metadata.deletionTimestamp ? disruptionTarget(pod) : undefined;
  if (!pod || !c) return undefined;
  const left =
    (Date.parse(c.lastTransitionTime ?? '') || 0) + d.ctx.settings.disruptionTimeoutMs - d.ctx.clock.now();
  if (left > 0) return left;
  await updateWithRetry(
    d.ctx.client,
    PODS,
    pod,
    (cur) => {
      if (cur.metadata.deletionTimestamp || !disruptionTarget(cur)) return undefined;
      const t = timestamp(new Date(d.ctx.clock.now()));
      const conditions = (cur.status?.conditions ?? []).map((x) =>
        x.type === 'DisruptionTarget' ? { type: x.type, status: 'False', lastTransitionTime: t } : x,
      );
      return { ...cur, status: { ...cur.status, conditions } };
    },
    'status',
  );
  return undefined;
}
