/** The default profile's plugins, named and worded as kube-scheduler's. */
import type { NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from '../../api/kinds/index.js';
import type { FilterPlugin, NodeInfo, Profile, ScorePlugin } from './framework.js';
import { podRequests } from './node-info.js';

export const nodeReady: FilterPlugin = {
  name: 'NodeReady',
  filter: (_pod, { node }) =>
    node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True'
      ? undefined
      : 'node(s) were not ready',
};

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter: (_pod, { node }) => (node.spec?.unschedulable ? 'node(s) were unschedulable' : undefined),
};

export function tolerates(tolerations: Toleration[] = [], taint: Taint): boolean {
  return tolerations.some(
    (t) =>
      (!t.effect || t.effect === taint.effect) &&
      (t.operator === 'Exists'
        ? !t.key || t.key === taint.key
        : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}

export const taintToleration: FilterPlugin & ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  filter(pod, { node }) {
    const taint = node.spec?.taints?.find(
      (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t),
    );
    return taint ? `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}` : undefined;
  },
  score(pod, { node }) {
    const soft = (node.spec?.taints ?? []).filter(
      (t) => t.effect === 'PreferNoSchedule' && !tolerates(pod.spec.tolerations, t),
    );
    return Math.max(0, 100 - 10 * soft.length);
  },
};

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const [n, bound] = [Number(value), Number(values[0])];
      if (value === undefined || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions match the node's labels and all its fields its name. */
function termMatches(term: NodeSelectorTerm, info: NodeInfo): boolean {
  const labels = info.node.metadata.labels ?? {};
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) =>
      requirementMatches(r, r.key === 'metadata.name' ? info.node.metadata.name : undefined),
    )
  );
}

export const nodeAffinity: FilterPlugin & ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  filter(pod, info) {
    const labels = info.node.metadata.labels ?? {};
    const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
    const terms =
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const affinityOk = !terms || terms.some((t) => termMatches(t, info));
    return selectorOk && affinityOk ? undefined : "node(s) didn't match Pod's node affinity/selector";
  },
  score(pod, info) {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const sum = preferred.reduce((a, p) => a + (termMatches(p.preference, info) ? p.weight : 0), 0);
    return Math.min(100, sum);
  },
};

export const nodeResourcesFit: FilterPlugin & ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(pod, { allocatable, requested }) {
    const want = podRequests(pod.spec);
    if (requested.pods + 1 > allocatable.pods) return 'Too many pods';
    if (requested.cpu + want.cpu > allocatable.cpu) return 'Insufficient cpu';
    if (requested.memory + want.memory > allocatable.memory) return 'Insufficient memory';
    return undefined;
  },
  // LeastAllocated, with the pod count as a third resource so pods that request nothing still spread.
  score(pod, { allocatable, requested }) {
    const want = podRequests(pod.spec);
    const free = (r: 'cpu' | 'memory' | 'pods') =>
      Number.isFinite(allocatable[r]) && allocatable[r] > 0
        ? Math.max(0, (allocatable[r] - requested[r] - want[r]) / allocatable[r])
        : 1;
    return (100 * (free('cpu') + free('memory') + free('pods'))) / 3;
  },
};

export const defaultProfile: Profile = {
  filters: [nodeReady, nodeUnschedulable, nodeAffinity, taintToleration, nodeResourcesFit],
  scores: [nodeResourcesFit, nodeAffinity, taintToleration],
};
