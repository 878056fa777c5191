import type { Node, Taint, Toleration } from '../../api/kinds/index.js';
import { defaultNormalize, type FilterPlugin, type ScorePlugin, unresolvable } from './framework.js';

/** Kubernetes' Toleration.ToleratesTaint. */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some(
    (t) =>
      (!t.effect || t.effect === taint.effect) &&
      (!t.key || t.key === taint.key) &&
      (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')),
  );
}

/** Condition → the NoSchedule taint Kubernetes' node lifecycle controller gives a node in it. */
const CONDITION_TAINTS: [type: string, status: string, key: string][] = [
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
  ['NetworkUnavailable', 'True', 'node.kubernetes.io/network-unavailable'],
];

function conditionTaints(node: Node): Taint[] {
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready')?.status;
  const keys: string[] = [];
  if (ready === 'Unknown') keys.push('node.kubernetes.io/unreachable');
  else if (ready !== 'True') keys.push('node.kubernetes.io/not-ready');
  for (const [type, status, key] of CONDITION_TAINTS)
    if (conditions.some((c) => c.type === type && c.status === status)) keys.push(key);
  return keys.map((key) => ({ key, effect: 'NoSchedule' }));
}

const effective = new WeakMap<Node, Taint[]>();

/**
 * The node's taints, with those Kubernetes' TaintNodesByCondition would add for its conditions
 * (not ready, unreachable, under pressure): the node lifecycle controller here only sets the
 * NoExecute ones, yet a node that is not Ready must not take new pods that do not tolerate it.
 */
export function taintsOf(node: Node): Taint[] {
  let taints = effective.get(node);
  if (!taints) {
    const own = node.spec?.taints ?? [];
    const implied = conditionTaints(node).filter(
      (t) => !own.some((o) => o.key === t.key && o.effect === t.effect),
    );
    taints = [...own, ...implied];
    effective.set(node, taints);
  }
  return taints;
}

const PREFER_NO_SCHEDULE = 'PreferNoSchedule';

/** Hard taints a pod must tolerate; soft ones (PreferNoSchedule) count against a node, fewer is better. */
export const taintToleration: FilterPlugin & ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  filter(state, info) {
    const tolerations = state.pod.pod.spec.tolerations;
    const taint = taintsOf(info.node).find(
      (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t),
    );
    return taint
      ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`)
      : undefined;
  },
  score(state, info) {
    const tolerations = (state.pod.pod.spec.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === PREFER_NO_SCHEDULE,
    );
    return taintsOf(info.node).filter((t) => t.effect === PREFER_NO_SCHEDULE && !tolerates(tolerations, t))
      .length;
  },
  normalize: (scores) => defaultNormalize(scores, true),
};
