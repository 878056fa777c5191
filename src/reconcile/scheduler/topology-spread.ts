import type { LabelSelector, ServedPod, TopologySpreadConstraint } from '../../api/kinds/index.js';
import {
  type CycleState,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type ScorePlugin,
  unresolvable,
  unschedulable,
} from './framework.js';
import { selectorMatcher } from './labels.js';
import { podFitsNodeAffinity } from './node-affinity.js';
import { taintsOf, tolerates } from './taint-toleration.js';

export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
export const ERR_SPREAD_LABEL = `${ERR_SPREAD} (missing required label)`;

const NAME = 'PodTopologySpread';
const HOSTNAME = 'kubernetes.io/hostname';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
  /** The pods this constraint counts on a node. */
  count(info: NodeInfo): number;
  /** 1 when the incoming pod is one of them. */
  selfMatch: number;
}

/** The selector with matchLabelKeys: each key's value on the incoming pod must match too. */
function withLabelKeys(c: TopologySpreadConstraint, pod: ServedPod): LabelSelector | undefined {
  const labels = pod.metadata.labels ?? {};
  const keys = (c.matchLabelKeys ?? []).filter((k) => labels[k] !== undefined);
  if (!c.labelSelector || !keys.length) return c.labelSelector;
  const extra = keys.map((key) => ({ key, operator: 'In', values: [labels[key]] }));
  return { ...c.labelSelector, matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra] };
}

function compile(c: TopologySpreadConstraint, pod: ServedPod): Constraint {
  const selector = selectorMatcher(withLabelKeys(c, pod));
  const ns = pod.metadata.namespace;
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    minDomains: c.minDomains ?? 1,
    honorAffinity: c.nodeAffinityPolicy !== 'Ignore',
    honorTaints: c.nodeTaintsPolicy === 'Honor',
    count(info) {
      let n = 0;
      for (const pi of info.pods.values()) {
        const p = pi.pod;
        if (p.metadata.namespace === ns && !p.metadata.deletionTimestamp && selector(p.metadata.labels)) n++;
      }
      return n;
    },
    selfMatch: selector(pod.metadata.labels) ? 1 : 0,
  };
}

const controllerOf = (pod: ServedPod) => pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;

/**
 * kube-scheduler's default constraints for a pod that states none (spread by node at most 3
 * apart, by zone at most 5, as a preference), counting the pods of the pod's controller: what
 * SelectorSpread did, and what the default selector (its ReplicaSet's, StatefulSet's) amounts to.
 */
function defaultConstraints(pod: ServedPod): Constraint[] {
  const owner = controllerOf(pod);
  if (!owner) return [];
  const ns = pod.metadata.namespace;
  const count = (info: NodeInfo) => {
    let n = 0;
    for (const pi of info.pods.values())
      if (
        pi.pod.metadata.namespace === ns &&
        controllerOf(pi.pod) === owner &&
        !pi.pod.metadata.deletionTimestamp
      )
        n++;
    return n;
  };
  const c = (topologyKey: string, maxSkew: number): Constraint => ({
    maxSkew,
    topologyKey,
    minDomains: 1,
    honorAffinity: true,
    honorTaints: false,
    count,
    selfMatch: 1,
  });
  return [c(HOSTNAME, 3), c('topology.kubernetes.io/zone', 5)];
}

function constraintsOf(pod: ServedPod, when: TopologySpreadConstraint['whenUnsatisfiable']): Constraint[] {
  return (pod.spec.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => compile(c, pod));
}

/** Whether the node is among those a constraint counts (its node affinity and taint policies). */
function eligible(state: CycleState, c: Constraint, info: NodeInfo): boolean {
  const spec = state.pod.pod.spec;
  if (c.honorAffinity && !podFitsNodeAffinity(spec, info.node)) return false;
  return (
    !c.honorTaints ||
    taintsOf(info.node).every((t) => t.effect === 'PreferNoSchedule' || tolerates(spec.tolerations, t))
  );
}

const hasKeys = (info: NodeInfo, cs: Constraint[]) =>
  cs.every((c) => info.labels[c.topologyKey] !== undefined);

interface FilterState {
  constraints: Constraint[];
  /** Per constraint: matching pods per domain value, and the fewest in any domain. */
  counts: Map<string, number>[];
  minMatch: number[];
}

function preFilter(state: CycleState): FilterState | undefined {
  const constraints = constraintsOf(state.pod.pod, 'DoNotSchedule');
  if (!constraints.length) return undefined;
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of state.cluster.nodes) {
    if (!hasKeys(info, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!eligible(state, c, info)) return;
      const value = info.labels[c.topologyKey];
      counts[i].set(value, (counts[i].get(value) ?? 0) + c.count(info));
    });
  }
  const minMatch = constraints.map((c, i) =>
    counts[i].size < c.minDomains ? 0 : Math.min(...counts[i].values()),
  );
  return { constraints, counts, minMatch };
}

function filter(state: CycleState, info: NodeInfo) {
  const s = state.data.get(NAME) as FilterState;
  for (const [i, c] of s.constraints.entries()) {
    const value = info.labels[c.topologyKey];
    if (value === undefined) return unresolvable(ERR_SPREAD_LABEL);
    const skew = (s.counts[i].get(value) ?? 0) + c.selfMatch - s.minMatch[i];
    if (skew > c.maxSkew) return unschedulable(ERR_SPREAD);
  }
  return undefined;
}

interface ScoreState {
  constraints: Constraint[];
  /** Per constraint: matching pods per domain value (per node for the hostname key), and its weight. */
  counts: Map<string, number>[];
  weights: number[];
  ignored: Set<string>;
  ignoredIndexes: Set<number>;
}

function preScore(state: CycleState, nodes: readonly NodeInfo[]): ScoreState | undefined {
  const pod = state.pod.pod;
  const explicit = (pod.spec.topologySpreadConstraints ?? []).length > 0;
  const constraints = explicit ? constraintsOf(pod, 'ScheduleAnyway') : defaultConstraints(pod);
  if (!constraints.length) return undefined;
  const ignored = new Set<string>();
  const ignoredIndexes = new Set<number>();
  nodes.forEach((info, i) => {
    if (explicit && !hasKeys(info, constraints)) {
      ignored.add(info.name);
      ignoredIndexes.add(i);
    }
  });
  const counts = constraints.map(() => new Map<string, number>());
  const domains = constraints.map(() => new Set<string>());
  for (const info of nodes) {
    if (ignored.has(info.name)) continue;
    constraints.forEach((c, i) => {
      const value = info.labels[c.topologyKey];
      if (value === undefined) return;
      domains[i].add(value);
      if (c.topologyKey === HOSTNAME) counts[i].set(value, eligible(state, c, info) ? c.count(info) : 0);
      else counts[i].set(value, 0);
    });
  }
  // Other domains count every node of the cluster in them, not only those the pod may go to.
  for (const info of state.cluster.nodes) {
    if (explicit && !hasKeys(info, constraints)) continue;
    constraints.forEach((c, i) => {
      const value = info.labels[c.topologyKey];
      if (c.topologyKey === HOSTNAME || value === undefined || !counts[i].has(value)) return;
      if (eligible(state, c, info)) counts[i].set(value, counts[i].get(value)! + c.count(info));
    });
  }
  const weights = domains.map((d) => Math.log(d.size + 2));
  return { constraints, counts, weights, ignored, ignoredIndexes };
}

function score(state: CycleState, info: NodeInfo): number {
  const s = state.data.get(`${NAME}/score`) as ScoreState;
  if (s.ignored.has(info.name)) return 0;
  let sum = 0;
  for (const [i, c] of s.constraints.entries()) {
    const value = info.labels[c.topologyKey];
    if (value === undefined) continue;
    sum += (s.counts[i].get(value) ?? 0) * s.weights[i] + (c.maxSkew - 1);
  }
  return Math.round(sum);
}

/**
 * PodTopologySpread: DoNotSchedule constraints as a filter (a domain may not get more than
 * maxSkew above the emptiest), ScheduleAnyway ones, or the default spreading of a controller's
 * pods, as a score that favours the emptier domains.
 */
export const topologySpread: FilterPlugin & ScorePlugin = {
  name: NAME,
  weight: 2,
  preFilter(state) {
    const s = preFilter(state);
    if (!s) return 'skip';
    state.data.set(NAME, s);
    return undefined;
  },
  filter,
  preScore(state, nodes) {
    const s = preScore(state, nodes);
    if (!s) return 'skip';
    state.data.set(`${NAME}/score`, s);
    return undefined;
  },
  score,
  normalize(scores, state) {
    const { ignoredIndexes } = state.data.get(`${NAME}/score`) as ScoreState;
    const counted = scores.filter((_, i) => !ignoredIndexes.has(i));
    const min = Math.min(...counted);
    const max = Math.max(0, ...counted);
    for (let i = 0; i < scores.length; i++) {
      if (ignoredIndexes.has(i)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};
