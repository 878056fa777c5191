/** One scheduling cycle of one pod, as kube-scheduler's schedulePod: filter, then score, or a FitError. */
import {
  type ClusterView,
  CycleState,
  type NodeInfo,
  type PodInfo,
  type Profile,
  type Status,
} from './framework.js';
import type { SchedulerNodeInfo } from './node-info.js';

/** Why no node fits: the PreFilter status that refused them all, or each refused node's status. */
export interface Diagnosis {
  preFilter?: Status;
  statuses: Map<string, Status>;
}

export type Decision = { node: string; state: CycleState } | { state: CycleState; diagnosis: Diagnosis };

/** Pending pods nominated to a node, which a pod of no higher priority must leave room for. */
export type Nominated = (node: string) => PodInfo[];

/** kube-scheduler looks at every node of a small cluster, and at a share (at least 100) of a large one. */
export function nodesToFind(all: number): number {
  if (all < 100) return all;
  const percentage = Math.max(5, 50 - Math.trunc(all / 125));
  return Math.min(all, Math.max(100, Math.trunc((all * percentage) / 100)));
}

export function runPreFilters(state: CycleState, profile: Profile): Status | undefined {
  for (const f of profile.filters) {
    const r = f.preFilter?.(state);
    if (r === 'skip') state.skipFilter.add(f.name);
    else if (r) return { ...r, plugin: f.name };
  }
  return undefined;
}

export function runFilters(state: CycleState, profile: Profile, node: NodeInfo): Status | undefined {
  for (const f of profile.filters) {
    if (state.skipFilter.has(f.name)) continue;
    const s = f.filter(state, node);
    if (s) return { ...s, plugin: f.name };
  }
  return undefined;
}

/**
 * The filters, with the node's nominated pods of at least the pod's priority counted as if they
 * ran there; and, when that passes, without them too (as kube-scheduler runs them twice).
 */
export function filterWithNominated(
  state: CycleState,
  profile: Profile,
  node: SchedulerNodeInfo,
  nominated: Nominated,
): Status | undefined {
  const uid = state.pod.pod.metadata.uid;
  const ahead = nominated(node.name).filter(
    (p) => p.priority >= state.pod.priority && p.pod.metadata.uid !== uid,
  );
  if (ahead.length) {
    const withThem = node.clone();
    for (const p of ahead) withThem.addPod(p);
    const s = runFilters(state, profile, withThem);
    if (s) return s;
  }
  return runFilters(state, profile, node);
}

function scoreNodes(state: CycleState, profile: Profile, nodes: NodeInfo[]): number[] {
  const totals = nodes.map(() => 0);
  for (const p of profile.scores) {
    if (p.preScore?.(state, nodes) === 'skip') continue;
    const scores = nodes.map((n) => p.score(state, n));
    p.normalize?.(scores, state);
    for (let i = 0; i < scores.length; i++) totals[i] += p.weight * scores[i];
  }
  return totals;
}

/** The cluster as the scheduler's cache holds it: nodes that can be copied for trials. */
export type SchedulerView = Omit<ClusterView, 'nodes'> & { readonly nodes: readonly SchedulerNodeInfo[] };

export interface ScheduleInput {
  pod: PodInfo;
  cluster: SchedulerView;
  profile: Profile;
  nominated: Nominated;
  /** Where the search over nodes starts; moves on each cycle so large clusters are looked at evenly. */
  start: number;
}

/** Filters the nodes (the nominated node first), scores those that fit, and picks the best. */
export function schedule(input: ScheduleInput): Decision & { searched: number } {
  const { pod, cluster, profile, nominated } = input;
  const state = new CycleState(pod, cluster);
  const nodes = cluster.nodes;
  const diagnosis: Diagnosis = { statuses: new Map() };
  const refused = runPreFilters(state, profile);
  if (refused) return { state, diagnosis: { ...diagnosis, preFilter: refused }, searched: 0 };
  const nominee = pod.pod.status?.nominatedNodeName;
  const preferred = nominee ? nodes.find((n) => n.name === nominee) : undefined;
  if (preferred && !filterWithNominated(state, profile, preferred, nominated))
    return { node: preferred.name, state, searched: 0 };
  const want = nodesToFind(nodes.length);
  const feasible: SchedulerNodeInfo[] = [];
  let searched = 0;
  for (; searched < nodes.length && feasible.length < want; searched++) {
    const node = nodes[(input.start + searched) % nodes.length];
    const s = filterWithNominated(state, profile, node, nominated);
    if (s) diagnosis.statuses.set(node.name, s);
    else feasible.push(node);
  }
  if (!feasible.length) return { state, diagnosis, searched };
  if (feasible.length === 1) return { node: feasible[0].name, state, searched };
  const totals = scoreNodes(state, profile, feasible);
  let best = 0;
  for (let i = 1; i < totals.length; i++) if (totals[i] > totals[best]) best = i;
  return { node: feasible[best].name, state, searched };
}

/**
 * kube-scheduler's FitError message: "0/N nodes are available: <PreFilter's reason>." or the
 * refused nodes counted by reason, sorted, then what preemption said.
 */
export function fitErrorMessage(
  numNodes: number,
  diagnosis: Diagnosis,
  postFilter?: string,
  absentReason?: string,
): string {
  let msg = `0/${numNodes} nodes are available:`;
  if (diagnosis.preFilter) {
    msg += ` ${diagnosis.preFilter.reasons.join(', ')}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of diagnosis.statuses.values())
      for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numNodes - diagnosis.statuses.size;
    if (absentReason && absent > 0) counts.set(absentReason, (counts.get(absentReason) ?? 0) + absent);
    const histogram = [...counts].map(([r, n]) => `${n} ${r}`).sort();
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  return postFilter ? `${msg} ${postFilter}` : msg;
}
