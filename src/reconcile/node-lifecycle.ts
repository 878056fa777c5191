import { ApiError } from '../api/errors.js';
import { LEASES, NODES, PODS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import { timestamp } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import type { Controller } from './controller.js';

export const NODE_MONITOR_GRACE_MS = 40_000;
const CHECK_EVERY_MS = 5_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}
interface Taint {
  key: string;
  effect: string;
  timeAdded?: string;
}

export interface NodeLifecycleOptions {
  /** Called for a pod removed from an unreachable node: its containers are nobody's now. */
  onEvicted?: (pod: KubeObject) => void;
  now?: () => number;
}

/**
 * Watches node heartbeats (Leases in kube-node-lease): a node silent for 40 s turns
 * Ready=Unknown and gets the unreachable NoExecute taint; its pods are removed once their
 * toleration of that taint runs out, so their controllers replace them elsewhere.
 */
export function nodeLifecycle(svc: ResourceService, opts: NodeLifecycleOptions = {}): Controller {
  const now = opts.now ?? Date.now;
  // Heartbeats could not arrive while the control plane was down: nodes get a full grace period after it starts.
  const startedAt = now();
  return {
    name: 'node-lifecycle',
    resyncMs: CHECK_EVERY_MS,
    watches: [
      { def: NODES, keys: (n) => [n.metadata.name!] },
      { def: LEASES, keys: (l) => (l.metadata.namespace === 'kube-node-lease' ? [l.metadata.name!] : []) },
    ],
    reconcile(name) {
      const node = svc.store.get({ group: '', resource: 'nodes' }, '', name);
      if (!node) return undefined;
      const lease = svc.store.get(
        { group: 'coordination.k8s.io', resource: 'leases' },
        'kube-node-lease',
        name,
      );
      const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
      const last = Math.max(Date.parse(renew ?? node.metadata.creationTimestamp ?? '') || 0, startedAt);
      const silentMs = now() - last;
      const spec = (node.spec ?? {}) as { taints?: Taint[] };
      const status = (node.status ?? {}) as { conditions?: Condition[] };
      const ready = status.conditions?.find((c) => c.type === 'Ready');
      const taint = spec.taints?.find((t) => t.key === UNREACHABLE);
      if (silentMs <= NODE_MONITOR_GRACE_MS) {
        if (taint)
          patchNode(svc, node, {
            spec: { ...spec, taints: spec.taints!.filter((t) => t.key !== UNREACHABLE) },
          });
        return NODE_MONITOR_GRACE_MS - silentMs + 1000;
      }
      if (ready?.status !== 'Unknown') {
        const t = timestamp(new Date(now()));
        const conditions = (status.conditions ?? [{ type: 'Ready', status: 'Unknown' }]).map((c) => ({
          ...c,
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: t,
        }));
        patchNode(svc, node, { status: { ...status, conditions } }, 'status');
      }
      const added = taint?.timeAdded ? Date.parse(taint.timeAdded) : now();
      if (!taint) {
        patchNode(svc, node, {
          spec: {
            ...spec,
            taints: [
              ...(spec.taints ?? []),
              { key: UNREACHABLE, effect: 'NoExecute', timeAdded: timestamp(new Date(added)) },
            ],
          },
        });
      }
      return evict(svc, name, now() - added, opts.onEvicted);
    },
  };
}

/** Removes the node's pods whose toleration of `unreachable` has run out; returns when to look again. */
function evict(
  svc: ResourceService,
  node: string,
  taintedMs: number,
  onEvicted?: (pod: KubeObject) => void,
): number {
  let next = CHECK_EVERY_MS;
  for (const pod of svc.list(PODS, { fieldSelector: `spec.nodeName=${node}` }).items) {
    const tolerations = (
      (
        pod.spec as {
          tolerations?: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }[];
        }
      ).tolerations ?? []
    ).filter(
      (t) =>
        (t.key === UNREACHABLE || (t.operator === 'Exists' && !t.key)) &&
        (!t.effect || t.effect === 'NoExecute'),
    );
    const seconds = tolerations.length
      ? Math.min(...tolerations.map((t) => t.tolerationSeconds ?? Number.POSITIVE_INFINITY))
      : 0;
    const leftMs = seconds * 1000 - taintedMs;
    if (leftMs > 0) {
      next = Math.min(next, leftMs);
      continue;
    }
    try {
      svc.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
      onEvicted?.(pod);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  return next;
}

function patchNode(
  svc: ResourceService,
  node: KubeObject,
  patch: Record<string, unknown>,
  sub?: 'status',
): void {
  try {
    svc.update(
      NODES,
      undefined,
      node.metadata.name!,
      { ...node, ...patch },
      { fieldValidation: 'Ignore' },
      sub,
    );
  } catch (err) {
    if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
  }
}
