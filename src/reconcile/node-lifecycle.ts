import { LEASES, type Lease, NODES, type Node, PODS, type Pod, type Taint } from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { onNode } from '../client/indexes.js';
import type { ControllerContext, ControllerFactory } from './controller.js';
import { ignoreNotFound, updateWithRetry } from './retry.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Watches node heartbeats (Leases in kube-node-lease): a node silent past the grace period
 * turns Ready=Unknown and gets the unreachable NoExecute taint; its pods are removed once
 * their toleration of that taint runs out, so their controllers replace them elsewhere.
 */
export const nodeLifecycle: ControllerFactory = (ctx) => {
  const nodes = ctx.informers.for<Node>(NODES);
  const leases = ctx.informers.for<Lease>(LEASES);
  const pods = ctx.informers.for<Pod>(PODS);
  const grace = ctx.settings.nodeMonitorGracePeriodMs;
  const recorder = ctx.recorder('node-controller');
  // Heartbeats could not arrive while the control plane was down: nodes get a full grace period after it starts.
  const startedAt = ctx.clock.now();
  return {
    name: 'node-lifecycle',
    resyncMs: ctx.settings.nodeMonitorPeriodMs,
    watches: [
      { def: NODES, keys: (n) => [n.metadata.name!] },
      { def: LEASES, keys: (l) => (l.metadata.namespace === 'kube-node-lease' ? [l.metadata.name!] : []) },
    ],
    async reconcile(name) {
      const node = nodes.get(undefined, name);
      if (!node) return undefined;
      const renew = leases.get('kube-node-lease', name)?.spec?.renewTime;
      const last = Math.max(Date.parse(renew ?? node.metadata.creationTimestamp ?? '') || 0, startedAt);
      const silentMs = ctx.clock.now() - last;
      const taint = node.spec?.taints?.find((t) => t.key === UNREACHABLE);
      if (silentMs <= grace) {
        if (taint) await setUnreachableTaint(ctx, node, false);
        return grace - silentMs + 1000;
      }
      await markUnknown(ctx, node);
      // Kubernetes' MarkPodsNotReady: nothing vouches for these pods any more, so nothing may send them work.
      for (const pod of onNode(pods, name)) {
        if (await markNotReady(ctx, pod))
          recorder.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      }
      const added = taint?.timeAdded ? Date.parse(taint.timeAdded) : ctx.clock.now();
      if (!taint) await setUnreachableTaint(ctx, node, true);
      const due = onNode(pods, name).map((pod) => ({
        pod,
        leftMs: tolerationLeftMs(pod, ctx.clock.now() - added),
      }));
      for (const { pod } of due.filter((d) => d.leftMs <= 0)) {
        recorder.record(
          pod,
          'Normal',
          'TaintManagerEviction',
          `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
        );
        await ignoreNotFound(
          ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 }),
        );
      }
      const waiting = due.filter((d) => d.leftMs > 0).map((d) => d.leftMs);
      return Math.min(ctx.settings.nodeMonitorPeriodMs, ...waiting);
    },
  };
};

/** How long the pod may still stay on a node tainted unreachable for taintedMs (0 or less: evict). */
function tolerationLeftMs(pod: Pod, taintedMs: number): number {
  const tolerations = (pod.spec?.tolerations ?? []).filter(
    (t) =>
      (t.key === UNREACHABLE || (t.operator === 'Exists' && !t.key)) &&
      (!t.effect || t.effect === 'NoExecute'),
  );
  const seconds = tolerations.length
    ? Math.min(...tolerations.map((t) => t.tolerationSeconds ?? Number.POSITIVE_INFINITY))
    : 0;
  return seconds * 1000 - taintedMs;
}

async function markUnknown(ctx: ControllerContext, node: Node): Promise<void> {
  await updateWithRetry(
    ctx.client,
    NODES,
    node,
    (cur) => {
      const conditions = cur.status?.conditions ?? [{ type: 'Ready', status: 'Unknown' }];
      if (conditions.find((c) => c.type === 'Ready')?.status === 'Unknown') return undefined;
      const t = timestamp(new Date(ctx.clock.now()));
      const next = conditions.map((c) => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: t,
      }));
      return { ...cur, status: { ...cur.status, conditions: next } };
    },
    'status',
  );
}

/** Turns the pod's Ready condition False; true when this call did. */
async function markNotReady(ctx: ControllerContext, pod: Pod): Promise<boolean> {
  const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  if (!ready(pod) || pod.metadata.deletionTimestamp) return false;
  const updated = await ignoreNotFound(
    updateWithRetry(
      ctx.client,
      PODS,
      pod,
      (cur) => {
        if (!ready(cur)) return undefined;
        const t = timestamp(new Date(ctx.clock.now()));
        const conditions = cur.status!.conditions!.map((c) =>
          c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: t } : c,
        );
        return { ...cur, status: { ...cur.status, conditions } };
      },
      'status',
    ),
  );
  return updated !== undefined;
}

async function setUnreachableTaint(ctx: ControllerContext, node: Node, present: boolean): Promise<void> {
  await updateWithRetry(ctx.client, NODES, node, (cur) => {
    const taints = cur.spec?.taints ?? [];
    const has = taints.some((t) => t.key === UNREACHABLE);
    if (has === present) return undefined;
    const unreachable: Taint = {
      key: UNREACHABLE,
      effect: 'NoExecute',
      timeAdded: timestamp(new Date(ctx.clock.now())),
    };
    const next = present ? [...taints, unreachable] : taints.filter((t) => t.key !== UNREACHABLE);
    return { ...cur, spec: { ...cur.spec, taints: next } };
  });
}
