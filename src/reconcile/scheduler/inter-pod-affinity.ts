import type { ServedPod } from '../../api/kinds/index.js';
import {
  type ClusterView,
  type CycleState,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type ScorePlugin,
  unresolvable,
  unschedulable,
} from './framework.js';
import { type AffinityTerm, termMatches } from './labels.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const NAME = 'InterPodAffinity';
/** kube-scheduler's hardPodAffinityWeight: an existing pod's required affinity counts as a preference this strong. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Pods counted per topology domain, keyed `key\0value`. */
type Counts = Map<string, number>;

interface FilterState {
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

const pair = (key: string, value: string) => `${key}\u0000${value}`;

function bump(counts: Counts, info: NodeInfo, key: string, by = 1): void {
  const value = info.labels[key];
  if (value === undefined) return;
  const k = pair(key, value);
  counts.set(k, (counts.get(k) ?? 0) + by);
}

function matcher(cluster: ClusterView) {
  return (term: AffinityTerm, pod: ServedPod) => termMatches(term, pod, (ns) => cluster.namespaceLabels(ns));
}

/**
 * Counts, per topology domain, the existing pods whose required anti-affinity refuses the
 * incoming pod, and the existing pods the incoming pod's required terms are about.
 */
function preFilterCounts(state: CycleState): FilterState {
  const { pod: incoming, cluster } = state;
  const matches = matcher(cluster);
  const out: FilterState = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
  const { requiredAffinity, requiredAntiAffinity } = incoming.terms;
  for (const info of cluster.nodes) {
    for (const existing of info.podsWithRequiredAntiAffinity.values())
      for (const term of existing.terms.requiredAntiAffinity)
        if (matches(term, incoming.pod)) bump(out.existingAnti, info, term.topologyKey);
    if (!requiredAffinity.length && !requiredAntiAffinity.length) continue;
    for (const existing of info.pods.values()) {
      if (requiredAffinity.length && requiredAffinity.every((t) => matches(t, existing.pod)))
        for (const t of requiredAffinity) bump(out.affinity, info, t.topologyKey);
      for (const t of requiredAntiAffinity) if (matches(t, existing.pod)) bump(out.anti, info, t.topologyKey);
    }
  }
  return out;
}

function satisfiesAffinity(state: CycleState, s: FilterState, info: NodeInfo): boolean {
  const terms = state.pod.terms.requiredAffinity;
  let podsExist = true;
  for (const t of terms) {
    const value = info.labels[t.topologyKey];
    if (value === undefined) return false;
    if ((s.affinity.get(pair(t.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group that wants to be with its own kind would otherwise wait forever.
  const matches = matcher(state.cluster);
  return s.affinity.size === 0 && terms.every((t) => matches(t, state.pod.pod));
}

const inDomain = (counts: Counts, key: string, info: NodeInfo) => {
  const value = info.labels[key];
  return value !== undefined && (counts.get(pair(key, value)) ?? 0) > 0;
};

function filter(state: CycleState, info: NodeInfo) {
  const s = state.data.get(NAME) as FilterState;
  if (!satisfiesAffinity(state, s, info)) return unresolvable(ERR_AFFINITY);
  if (state.pod.terms.requiredAntiAffinity.some((t) => inDomain(s.anti, t.topologyKey, info)))
    return unschedulable(ERR_ANTI_AFFINITY);
  for (const key of Object.keys(info.labels))
    if (inDomain(s.existingAnti, key, info)) return unschedulable(ERR_EXISTING_ANTI_AFFINITY);
  return undefined;
}

/** Preference per topology domain: the incoming pod's preferred terms, and existing pods' terms about it. */
function preScoreCounts(state: CycleState): Counts {
  const { pod: incoming, cluster } = state;
  const matches = matcher(cluster);
  const { preferredAffinity, preferredAntiAffinity } = incoming.terms;
  const ownPreferences = preferredAffinity.length + preferredAntiAffinity.length > 0;
  const scores: Counts = new Map();
  for (const info of cluster.nodes) {
    const pods = ownPreferences ? info.pods : info.podsWithAffinity;
    for (const existing of pods.values()) {
      for (const t of preferredAffinity)
        if (matches(t, existing.pod)) bump(scores, info, t.topologyKey, t.weight);
      for (const t of preferredAntiAffinity)
        if (matches(t, existing.pod)) bump(scores, info, t.topologyKey, -t.weight);
      const theirs = existing.terms;
      for (const t of theirs.requiredAffinity)
        if (matches(t, incoming.pod)) bump(scores, info, t.topologyKey, HARD_POD_AFFINITY_WEIGHT);
      for (const t of theirs.preferredAffinity)
        if (matches(t, incoming.pod)) bump(scores, info, t.topologyKey, t.weight);
      for (const t of theirs.preferredAntiAffinity)
        if (matches(t, incoming.pod)) bump(scores, info, t.topologyKey, -t.weight);
    }
  }
  return scores;
}

/**
 * InterPodAffinity: required pod affinity and anti-affinity (the incoming pod's, and existing
 * pods' anti-affinity against it) by topology domain as a filter; preferred terms as a score.
 */
export const interPodAffinity: FilterPlugin & ScorePlugin = {
  name: NAME,
  weight: 2,
  preFilter(state) {
    const t = state.pod.terms;
    const anyExistingAnti = state.cluster.nodes.some((n) => n.podsWithRequiredAntiAffinity.size > 0);
    if (!t.requiredAffinity.length && !t.requiredAntiAffinity.length && !anyExistingAnti) return 'skip';
    state.data.set(NAME, preFilterCounts(state));
    return undefined;
  },
  filter,
  preScore(state) {
    const t = state.pod.terms;
    const anyExisting = state.cluster.nodes.some((n) => n.podsWithAffinity.size > 0);
    if (!t.preferredAffinity.length && !t.preferredAntiAffinity.length && !anyExisting) return 'skip';
    state.data.set(`${NAME}/score`, preScoreCounts(state));
    return undefined;
  },
  score(state, info) {
    const counts = state.data.get(`${NAME}/score`) as Counts;
    let sum = 0;
    for (const [key, value] of Object.entries(info.labels)) sum += counts.get(pair(key, value)) ?? 0;
    return sum;
  },
  normalize(scores) {
    const min = Math.min(...scores);
    const spread = Math.max(...scores) - min;
    for (let i = 0; i < scores.length; i++)
      scores[i] = spread > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / spread) : 0;
  },
};
