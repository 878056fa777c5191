/**
 * The scheduling framework, as kube-scheduler's: filter plugins say which nodes can run a pod
 * (and why not), score plugins rank the nodes that can. A new rule is one plugin.
 */
import type { KubeObject } from '../../api/types.js';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface ContainerResources {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
    };
  };
  containers?: ContainerResources[];
  initContainers?: ContainerResources[];
}

export interface NodeObject extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
}

export interface Resources {
  cpu: number;
  memory: number;
  pods: number;
}

/** A node with what its pods already ask of it, as the scheduler's cache sees it. */
export interface NodeInfo {
  node: NodeObject;
  allocatable: Resources;
  requested: Resources;
}

export interface FilterPlugin {
  name: string;
  /** Why the pod cannot run on the node (kube-scheduler's reason text), or undefined when it can. */
  filter(pod: KubeObject & { spec: PodSpec }, node: NodeInfo): string | undefined;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** How well the node suits the pod, 0 to 100. */
  score(pod: KubeObject & { spec: PodSpec }, node: NodeInfo): number;
}

export interface Profile {
  filters: FilterPlugin[];
  scores: ScorePlugin[];
}
