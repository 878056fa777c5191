/**
 * The scheduling framework, as kube-scheduler's: for each pod, PreFilter plugins work out what
 * they need once (or refuse every node), Filter plugins say which nodes can run it and why not,
 * PreScore and Score plugins rank the nodes that can, and NormalizeScore brings each plugin's
 * scores to 0..100 before they are weighted. A new rule is one plugin.
 */
import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  ServedPod,
  StorageClass,
} from '../../api/kinds/index.js';
import type { AffinityTerm, WeightedAffinityTerm } from './labels.js';

/** CPU in millicores, memory and ephemeral storage in bytes, others (extended resources) by name. */
export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Record<string, number>;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** A pod's affinity and anti-affinity terms, compiled once. */
export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

/** A pod as the scheduler counts it: what it asks of a node, worked out once. */
export interface PodInfo {
  pod: ServedPod;
  requests: Resources;
  /** CPU and memory with Kubernetes' defaults (100m, 200Mi) for containers that ask none: what scores count. */
  nonZero: { milliCpu: number; memory: number };
  priority: number;
  hostPorts: HostPort[];
  terms: PodAffinityTerms;
}

/** A node with the pods the scheduler counts on it; kept up to date as pods come and go. */
export interface NodeInfo {
  readonly name: string;
  readonly node: Node;
  readonly labels: Record<string, string>;
  readonly allocatable: Resources & { pods: number };
  readonly requested: Resources;
  readonly nonZeroRequested: { milliCpu: number; memory: number };
  readonly pods: ReadonlyMap<string, PodInfo>;
  /** Pods with any affinity or anti-affinity term, and those with required anti-affinity. */
  readonly podsWithAffinity: ReadonlyMap<string, PodInfo>;
  readonly podsWithRequiredAntiAffinity: ReadonlyMap<string, PodInfo>;
  /** Image name → size in bytes, from the node's status. */
  readonly images: ReadonlyMap<string, number>;
  portInUse(want: HostPort): boolean;
}

/** Why a plugin refuses a node; unresolvable when no preemption on that node could change it. */
export interface Status {
  reasons: string[];
  unresolvable: boolean;
  /** The plugin that said so, set by the framework. */
  plugin?: string;
}

export const unschedulable = (...reasons: string[]): Status => ({ reasons, unresolvable: false });
export const unresolvable = (...reasons: string[]): Status => ({ reasons, unresolvable: true });

/** What plugins may read of the cluster beyond the node at hand. */
export interface ClusterView {
  readonly nodes: readonly NodeInfo[];
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  /** A class by name; with no name, the default class (which the claim will be given). */
  storageClass(name: string | undefined): StorageClass | undefined;
}

/** One scheduling attempt of one pod: what plugins worked out in PreFilter and PreScore, by plugin. */
export class CycleState {
  readonly data = new Map<string, unknown>();
  readonly skipFilter = new Set<string>();
  readonly skipScore = new Set<string>();

  constructor(
    readonly pod: PodInfo,
    readonly cluster: ClusterView,
  ) {}
}

/** PreFilter's word on a plugin: check every node, refuse them all, or nothing to check for this pod. */
export type PreFilterResult = Status | 'skip' | undefined;

export interface FilterPlugin {
  name: string;
  preFilter?(state: CycleState): PreFilterResult;
  /** Why the pod cannot run on the node, or undefined when it can. */
  filter(state: CycleState, node: NodeInfo): Status | undefined;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** Given the nodes that passed the filters; 'skip' when this plugin ranks them all alike. */
  preScore?(state: CycleState, nodes: readonly NodeInfo[]): 'skip' | undefined;
  score(state: CycleState, node: NodeInfo): number;
  /** Brings the raw scores (in node order) to 0..100, in place. */
  normalize?(scores: number[], state: CycleState): void;
}

export interface Profile {
  filters: FilterPlugin[];
  scores: ScorePlugin[];
}

export const MAX_NODE_SCORE = 100;

/** kube-scheduler's DefaultNormalizeScore: scores scaled to the highest, reversed when fewer is better. */
export function defaultNormalize(scores: number[], reverse: boolean): void {
  const max = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      if (reverse) scores[i] = MAX_NODE_SCORE;
      continue;
    }
    const scaled = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}
