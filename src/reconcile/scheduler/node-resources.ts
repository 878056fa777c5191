import {
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type Resources,
  type ScorePlugin,
  type Status,
  unschedulable,
} from './framework.js';

/** What does not fit, in Kubernetes' order and words (fitsRequest). */
export function insufficientResources(want: Resources, info: NodeInfo): string[] {
  const out: string[] = [];
  const { allocatable: alloc, requested: used } = info;
  if (info.pods.size + 1 > alloc.pods) out.push('Too many pods');
  const fits = (w: number, a: number, u: number) => w <= 0 || w <= a - u;
  if (!fits(want.milliCpu, alloc.milliCpu, used.milliCpu)) out.push('Insufficient cpu');
  if (!fits(want.memory, alloc.memory, used.memory)) out.push('Insufficient memory');
  if (!fits(want.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage))
    out.push('Insufficient ephemeral-storage');
  for (const [name, w] of Object.entries(want.scalar))
    if (!fits(w, alloc.scalar[name] ?? 0, used.scalar[name] ?? 0)) out.push(`Insufficient ${name}`);
  return out;
}

/** (allocatable - requested) / allocatable as 0..100, as LeastAllocated scores one resource. */
function leastRequested(requested: number, capacity: number): number {
  if (!Number.isFinite(capacity)) return MAX_NODE_SCORE;
  if (capacity <= 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * NodeResourcesFit: the pod's requests must fit in what the node's allocatable leaves; its score
 * (LeastAllocated, CPU and memory alike) prefers the emptier node, counting the default requests
 * of containers that state none so that such pods spread too.
 */
export const nodeResourcesFit: FilterPlugin & ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(state, info): Status | undefined {
    const reasons = insufficientResources(state.pod.requests, info);
    return reasons.length ? unschedulable(...reasons) : undefined;
  },
  score(state, info) {
    const want = state.pod.nonZero;
    const used = info.nonZeroRequested;
    const cpu = leastRequested(used.milliCpu + want.milliCpu, info.allocatable.milliCpu);
    const memory = leastRequested(used.memory + want.memory, info.allocatable.memory);
    return Math.trunc((cpu + memory) / 2);
  },
};

/** NodeResourcesBalancedAllocation: prefers the node whose CPU and memory would be used in like shares. */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(state, info) {
    const want = state.pod.requests;
    const fractions: number[] = [];
    const share = (requested: number, capacity: number) => {
      if (Number.isFinite(capacity) && capacity > 0) fractions.push(Math.min(1, requested / capacity));
    };
    share(info.requested.milliCpu + want.milliCpu, info.allocatable.milliCpu);
    share(info.requested.memory + want.memory, info.allocatable.memory);
    const std = fractions.length === 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  },
};
