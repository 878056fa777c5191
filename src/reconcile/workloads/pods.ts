import type { Pod, PodCondition, PodTemplateSpec } from '../../api/kinds/index.js';
import type { KubeObject, OwnerReference } from '../../api/types.js';

/** The reference a controller puts on what it makes: the one controlling owner. */
export function controllerRefOf(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The object's controlling owner reference, if it has one. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/**
 * A pod made from a controller's template, as Kubernetes' GetPodFromTemplate makes it: the
 * template's labels, annotations and spec, owned by the controller. `name` for controllers
 * that name their pods (StatefulSet), else a generateName of `<owner>-`.
 */
export function podFromTemplate(
  owner: KubeObject,
  template: PodTemplateSpec,
  opts: {
    name?: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } = {},
): Pod {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(opts.name ? { name: opts.name } : { generateName: opts.generateName ?? `${owner.metadata.name}-` }),
      namespace: owner.metadata.namespace,
      labels: { ...meta.labels, ...opts.labels },
      annotations: { ...meta.annotations, ...opts.annotations },
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRefOf(owner)],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}

const condition = (pod: Pod, type: string): PodCondition | undefined =>
  pod.status?.conditions?.find((c) => c.type === type);

/** Not finished and not being deleted: a pod that counts toward a controller's replicas. */
export function isActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isReady(pod: Pod): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds by `now` (Kubernetes' IsPodAvailable). */
export function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = condition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** When a ready pod turns available, for a controller to look again then (undefined: not ready). */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const ready = condition(pod, 'Ready');
  if (ready?.status !== 'True') return undefined;
  return (Date.parse(ready.lastTransitionTime ?? '') || 0) + minReadySeconds * 1000;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const deletionCost = (p: Pod) => Number.parseInt(p.metadata.annotations?.[DELETION_COST] ?? '0', 10) || 0;

function compareForDeletion(a: Pod, b: Pod, rank?: (pod: Pod) => number): number {
  const scheduled = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
  const phase = (p: Pod) => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
  if (rank) {
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
  }
  if (isReady(a)) {
    const since = (p: Pod) => Date.parse(condition(p, 'Ready')?.lastTransitionTime ?? '') || 0;
    if (since(a) !== since(b)) return since(b) - since(a);
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}

/**
 * Kubernetes' order for choosing which pods go first when there are too many (ActivePods):
 * unscheduled before scheduled, pending before unknown before running, not ready before ready,
 * ready for less time first, more restarts first, newer first.
 */
export function deletionOrder(a: Pod, b: Pod): number {
  return compareForDeletion(a, b);
}

/**
 * The order a ReplicaSet removes pods in (ActivePodsWithRanks): as deletionOrder, but among
 * pods equally far along, a lower `controller.kubernetes.io/pod-deletion-cost` first, then the
 * higher `rank` (how many related pods share its node) first, so scaling down keeps pods spread.
 */
export function rankedDeletionOrder(rank: (pod: Pod) => number): (a: Pod, b: Pod) => number {
  return (a, b) => compareForDeletion(a, b, rank);
}
