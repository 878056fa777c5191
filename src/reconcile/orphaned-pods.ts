import { NODES, type Node, PODS, type Pod, type PodCondition } from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { onNode } from '../client/indexes.js';
import { type ControllerFactory, objectKey, splitKey } from './controller.js';
import { ignoreNotFound, isNotFound, updateWithRetry } from './retry.js';

/** How long a pod's node must stay unknown before its pods go (kube-controller-manager's podgc quarantineTime). */
const QUARANTINE_MS = 40_000;

/**
 * The orphan half of Kubernetes' pod garbage collector (gcOrphaned): a pod bound to a node that
 * no longer exists (`minik8s node remove`, `kubectl delete node`) has no agent to run or end it,
 * so it is marked Failed with a DisruptionTarget condition and removed, and its controller
 * makes a replacement where it can. A node seen deleted is gone at once; one never seen waits
 * out the quarantine first, and either is confirmed by a read past the cache.
 */
export const orphanedPodCollector: ControllerFactory = (ctx) => {
  const pods = ctx.informers.for<Pod>(PODS);
  const nodes = ctx.informers.for<Node>(NODES);
  const nodeGone = (name: string) => !nodes.get(undefined, name);
  const deleted = new Set<string>();
  const missingSince = new Map<string, number>();
  const nodeKeys = (n: Node) => {
    const name = n.metadata.name!;
    missingSince.delete(name);
    if (!nodeGone(name)) {
      deleted.delete(name);
      return [];
    }
    deleted.add(name);
    return onNode(pods, name).map(objectKey);
  };
  /** Milliseconds the node's pods must still wait; 0 when they may go. */
  const quarantineLeft = (node: string) => {
    if (deleted.has(node)) return 0;
    const now = ctx.clock.now();
    const since = missingSince.get(node) ?? now;
    missingSince.set(node, since);
    return Math.max(0, since + QUARANTINE_MS - now);
  };

  return {
    name: 'orphaned-pods',
    watches: [
      { def: PODS, keys: (p: Pod) => (p.spec?.nodeName && nodeGone(p.spec.nodeName) ? [objectKey(p)] : []) },
      { def: NODES, keys: nodeKeys },
    ],
    async reconcile(key) {
      const pod = pods.get(...splitKey(key));
      const node = pod?.spec?.nodeName;
      if (!pod || !node || !nodeGone(node)) return undefined;
      const wait = quarantineLeft(node);
      if (wait) return wait;
      try {
        await ctx.client.get(NODES, undefined, node);
        return undefined;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      ctx.log(`deleting pod ${key}: its node ${node} no longer exists`);
      await markFailed(ctx, pod);
      await ignoreNotFound(
        ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid },
        }),
      );
      return undefined;
    },
  };
};

async function markFailed(ctx: Parameters<ControllerFactory>[0], pod: Pod): Promise<void> {
  await updateWithRetry(
    ctx.client,
    PODS,
    pod,
    (cur): Pod | undefined => {
      const status = cur.status ?? {};
      if (status.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True'))
        return undefined;
      const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
        lastTransitionTime: timestamp(new Date(ctx.clock.now())),
      };
      const conditions = [...(status.conditions ?? []), condition];
      return { ...cur, status: { ...status, phase: terminal ? status.phase : 'Failed', conditions } };
    },
    'status',
  );
}
