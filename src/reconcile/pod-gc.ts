import { NODES, type Node, PODS, type Pod, type PodCondition, type PodStatus } from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { onNode } from '../client/indexes.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from './controller.js';
import { ignoreNotFound, isNotFound, updateWithRetry } from './retry.js';

/** The key of the one check that counts every terminated pod against the threshold. */
const TERMINATED = '#terminated';
const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
const TERMINATED_INDEX = 'pod-gc-terminated';

const isTerminated = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isEvicted = (pod: Pod) => pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
const isReady = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
const outOfService = (node: Node) =>
  !isReady(node) && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE);

/** Evicted pods first, then the oldest, then by name: the order terminated pods are collected in. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  if (isEvicted(a) !== isEvicted(b)) return isEvicted(a) ? -1 : 1;
  const d =
    (Date.parse(a.metadata.creationTimestamp ?? '') || 0) -
    (Date.parse(b.metadata.creationTimestamp ?? '') || 0);
  return d || a.metadata.name!.localeCompare(b.metadata.name!);
}

/**
 * Kubernetes' pod garbage collector: deletes the oldest terminated pods past
 * --terminated-pod-gc-threshold, pods bound to a node that stays gone past a quarantine,
 * terminating pods no node will finish (unscheduled, or on a NotReady node tainted
 * out-of-service). A pod not yet ended is marked Failed first, so a Job replaces it.
 */
export const podGarbageCollector: ControllerFactory = (ctx) => {
  const pods = ctx.informers.for<Pod>(PODS);
  const nodes = ctx.informers.for<Node>(NODES);
  const threshold = ctx.settings.terminatedPodGcThreshold;
  pods.addIndex(TERMINATED_INDEX, (p) => (isTerminated(p) ? ['true'] : []));
  /** When each node was first seen missing by a pod bound to it. */
  const missingSince = new Map<string, number>();
  const podNeedsCheck = (pod: Pod): boolean => {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return !!pod.metadata.deletionTimestamp;
    const node = nodes.get(undefined, nodeName);
    return !node || (!!pod.metadata.deletionTimestamp && outOfService(node));
  };
  return {
    name: 'pod-garbage-collector',
    watches: [
      {
        def: PODS,
        keys: (pod: Pod) => [
          ...(threshold > 0 && isTerminated(pod) ? [TERMINATED] : []),
          ...(podNeedsCheck(pod) ? [objectKey(pod)] : []),
        ],
      },
      { def: NODES, keys: (node) => onNode(pods, node.metadata.name!).filter(podNeedsCheck).map(objectKey) },
    ],
    async reconcile(key) {
      if (key === TERMINATED)
        return collectTerminated(ctx, pods.byIndex(TERMINATED_INDEX, 'true'), threshold);
      const pod = pods.get(...splitKey(key));
      if (!pod) return undefined;
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) {
        if (pod.metadata.deletionTimestamp) await markFailedAndDelete(ctx, pod);
        return undefined;
      }
      const node = nodes.get(undefined, nodeName);
      if (node) {
        missingSince.delete(nodeName);
        if (pod.metadata.deletionTimestamp && outOfService(node)) await markFailedAndDelete(ctx, pod);
        return undefined;
      }
      return collectOrphan(ctx, pod, nodeName, missingSince);
    },
  };
};

async function collectTerminated(ctx: ControllerContext, terminated: Pod[], threshold: number) {
  const excess = terminated.length - threshold;
  if (threshold <= 0 || excess <= 0) return undefined;
  ctx.log(`pod-garbage-collector: deleting ${excess} terminated pods past the threshold of ${threshold}`);
  for (const pod of [...terminated].sort(byEvictionAndCreation).slice(0, excess))
    await markFailedAndDelete(ctx, pod);
  return undefined;
}

/** A pod whose node is gone: deleted once the node has stayed gone for the quarantine, as the API confirms. */
async function collectOrphan(
  ctx: ControllerContext,
  pod: Pod,
  nodeName: string,
  missingSince: Map<string, number>,
) {
  const now = ctx.clock.now();
  const since = missingSince.get(nodeName) ?? now;
  missingSince.set(nodeName, since);
  const left = since + ctx.settings.podGcOrphanQuarantineMs - now;
  if (left > 0) return left;
  try {
    await ctx.client.get(NODES, undefined, nodeName);
    missingSince.delete(nodeName);
    return undefined;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await markFailedAndDelete(ctx, pod, {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'DeletionByPodGC',
    message: 'PodGC: node no longer exists',
  });
  return undefined;
}

/** Kubernetes' markFailedAndDeletePodWithCondition: Failed first (with the condition), then deleted now. */
async function markFailedAndDelete(
  ctx: ControllerContext,
  pod: Pod,
  condition?: PodCondition,
): Promise<void> {
  if (!isTerminated(pod)) {
    await updateWithRetry(
      ctx.client,
      PODS,
      pod,
      (cur) => {
        if (isTerminated(cur)) return undefined;
        const status: PodStatus = { ...cur.status, phase: 'Failed' };
        if (condition) {
          const c = { ...condition, lastTransitionTime: timestamp(new Date(ctx.clock.now())) };
          status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
        }
        return { ...cur, status };
      },
      'status',
    );
  }
  await ignoreNotFound(
    ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
      gracePeriodSeconds: 0,
      preconditions: { uid: pod.metadata.uid },
    }),
  );
}
