/**
 * DefaultPreemption, as kube-scheduler's: a pod no node fits may take the place of pods of lower
 * priority on one node, when removing them lets it fit there. On each node where only
 * resolvable filters refused it, all lower-priority pods are taken away in a dry run; if the pod
 * then fits, as many as still let it fit are given back (those a PodDisruptionBudget protects
 * first, the most important first). The node whose victims matter least is chosen.
 */
import type { ServedPod } from '../../api/kinds/index.js';
import { CycleState, type PodInfo, type Profile, type Status, unresolvable } from './framework.js';
import type { LabelMatcher } from './labels.js';
import type { SchedulerNodeInfo } from './node-info.js';
import {
  type Diagnosis,
  filterWithNominated,
  fitErrorMessage,
  type Nominated,
  runPreFilters,
  type SchedulerView,
} from './schedule.js';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** What preemption reads of a PodDisruptionBudget. */
export interface Budget {
  namespace: string;
  selector: LabelMatcher;
  disruptionsAllowed: number;
  /** Pods whose eviction the API has already counted against the budget. */
  disrupted: ReadonlySet<string>;
}

export interface PreemptionInput {
  pod: PodInfo;
  diagnosis: Diagnosis;
  cluster: SchedulerView;
  profile: Profile;
  nominated: Nominated;
  budgets: Budget[];
}

/** The node to nominate and its victims; or why not, and whether a nomination the pod has stands. */
export type PreemptionResult =
  | { node: string; victims: PodInfo[] }
  | { message: string; keepNomination: boolean };

interface Candidate {
  node: string;
  victims: PodInfo[];
  violations: number;
}

/** The pod was deleted by the scheduler to make room for another. */
export function terminatingByPreemption(pod: ServedPod): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

function ineligible(input: PreemptionInput): string | undefined {
  const { pod, diagnosis, cluster } = input;
  if (pod.pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominee = pod.pod.status?.nominatedNodeName;
  if (!nominee || diagnosis.statuses.get(nominee)?.unresolvable) return undefined;
  const node = cluster.nodes.find((n) => n.name === nominee);
  for (const p of node?.pods.values() ?? [])
    if (p.priority < pod.priority && terminatingByPreemption(p.pod))
      return 'not eligible due to a terminating pod on the nominated node.';
  return undefined;
}

const startOf = (p: PodInfo) => Date.parse(p.pod.status?.startTime ?? '') || Number.MAX_SAFE_INTEGER;

/** Kubernetes' MoreImportantPod: higher priority, then the one that started first. */
const moreImportantFirst = (a: PodInfo, b: PodInfo) => b.priority - a.priority || startOf(a) - startOf(b);

/** Splits pods (in order) into those whose eviction would break a budget and the others. */
function byBudget(pods: PodInfo[], budgets: Budget[]): [violating: PodInfo[], other: PodInfo[]] {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const other: PodInfo[] = [];
  for (const p of pods) {
    const { namespace, name, labels } = p.pod.metadata;
    let breaks = false;
    budgets.forEach((b, i) => {
      if (b.namespace !== namespace || !labels || !b.selector(labels) || b.disrupted.has(name)) return;
      if (--allowed[i] < 0) breaks = true;
    });
    (breaks ? violating : other).push(p);
  }
  return [violating, other];
}

/** The node's victims for the pod, fewest first; or why the node cannot be freed for it. */
function selectVictims(input: PreemptionInput, node: SchedulerNodeInfo): Candidate | Status {
  const { pod, cluster, profile, nominated } = input;
  const trial = node.clone();
  const view = { ...cluster, nodes: cluster.nodes.map((n) => (n === node ? trial : n)) };
  const potential = [...trial.pods.values()].filter((p) => p.priority < pod.priority);
  if (!potential.length) return unresolvable(NO_VICTIMS);
  for (const p of potential) trial.removePod(p.pod.metadata.uid);
  const fits = () => {
    const state = new CycleState(pod, view);
    return runPreFilters(state, profile) ?? filterWithNominated(state, profile, trial, nominated);
  };
  const refused = fits();
  if (refused) return refused;
  potential.sort(moreImportantFirst);
  const [violating, other] = byBudget(potential, input.budgets);
  const victims: PodInfo[] = [];
  let violations = 0;
  for (const p of [...violating, ...other]) {
    trial.addPod(p);
    if (!fits()) continue;
    trial.removePod(p.pod.metadata.uid);
    victims.push(p);
    if (violating.includes(p)) violations++;
  }
  victims.sort(moreImportantFirst);
  return { node: node.name, victims, violations };
}

/** kube-scheduler's pickOneNodeForPreemption, criterion by criterion. */
function pickOne(candidates: Candidate[]): Candidate {
  const top = (c: Candidate) => Math.max(...c.victims.map((v) => v.priority));
  const sum = (c: Candidate) => c.victims.reduce((a, v) => a + v.priority + 2 ** 31, 0);
  // The highest-priority victims that started first: the later that is, the less work is lost.
  const earliestTop = (c: Candidate) =>
    Math.min(...c.victims.filter((v) => v.priority === top(c)).map(startOf));
  const criteria: ((c: Candidate) => number)[] = [
    (c) => c.violations,
    top,
    sum,
    (c) => c.victims.length,
    (c) => -earliestTop(c),
  ];
  const empty = candidates.find((c) => !c.victims.length);
  if (empty) return empty;
  let left = candidates;
  for (const score of criteria) {
    const best = Math.min(...left.map(score));
    left = left.filter((c) => score(c) === best);
    if (left.length === 1) break;
  }
  return left[0];
}

/** The node to nominate and the pods to evict there, or preemption's part of the FitError message. */
export function preempt(input: PreemptionInput): PreemptionResult {
  const why = ineligible(input);
  if (why) return { message: `preemption: ${why}`, keepNomination: true };
  const { cluster, diagnosis } = input;
  const numNodes = cluster.nodes.length;
  const potential = diagnosis.preFilter
    ? []
    : cluster.nodes.filter((n) => {
        const s = diagnosis.statuses.get(n.name);
        return s !== undefined && !s.unresolvable;
      });
  const statuses = new Map<string, Status>();
  const candidates: Candidate[] = [];
  for (const node of potential) {
    const r = selectVictims(input, node);
    if ('reasons' in r) statuses.set(node.name, r);
    else candidates.push(r);
  }
  if (!candidates.length)
    return {
      message: `preemption: ${fitErrorMessage(numNodes, { statuses }, undefined, NOT_HELPFUL)}`,
      keepNomination: false,
    };
  const best = pickOne(candidates);
  return { node: best.node, victims: best.victims };
}
