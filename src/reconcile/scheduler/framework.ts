/**
 * The scheduling framework, as kube-scheduler's: filter plugins say which nodes can run a pod
 * (and why not), score plugins rank the nodes that can. A new rule is one plugin.
 */
import type { Node, ServedPod } from '../../api/kinds/index.js';

export interface Resources {
  cpu: number;
  memory: number;
  pods: number;
}

/** A node with what its pods already ask of it, as the scheduler's cache sees it. */
export interface NodeInfo {
  node: Node;
  allocatable: Resources;
  requested: Resources;
}

export interface FilterPlugin {
  name: string;
  /** Why the pod cannot run on the node (kube-scheduler's reason text), or undefined when it can. */
  filter(pod: ServedPod, node: NodeInfo): string | undefined;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** How well the node suits the pod, 0 to 100. */
  score(pod: ServedPod, node: NodeInfo): number;
}

export interface Profile {
  filters: FilterPlugin[];
  scores: ScorePlugin[];
}
