import type { Container, Node, Pod, PodSpec, Quantity, ServedPod } from '../../api/kinds/index.js';
import { parseQuantity } from '../../api/schema/quantity.js';
import type { NodeInfo, Resources } from './framework.js';

const quantity = (v: Quantity | undefined) => (v === undefined ? 0 : (parseQuantity(v) ?? 0));

/** What a pod asks of a node: the larger of its app containers' sum and any one init container. */
export function podRequests(spec: PodSpec): Resources {
  const req = (c: Container, r: string) => quantity(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]);
  const sum = (r: string) => spec.containers.reduce((a, c) => a + req(c, r), 0);
  const maxInit = (r: string) => Math.max(0, ...(spec.initContainers ?? []).map((c) => req(c, r)));
  return {
    cpu: Math.max(sum('cpu'), maxInit('cpu')),
    memory: Math.max(sum('memory'), maxInit('memory')),
    pods: 1,
  };
}

export function isActivePod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** A node and the sum of what its active pods request; a resource the node does not state is unbounded. */
export function nodeInfo(node: Node, pods: ServedPod[]): NodeInfo {
  const alloc = node.status?.allocatable ?? {};
  const cap = (r: string) => (alloc[r] === undefined ? Number.POSITIVE_INFINITY : quantity(alloc[r]));
  const requested = { cpu: 0, memory: 0, pods: 0 };
  for (const p of pods) {
    if (!isActivePod(p)) continue;
    const r = podRequests(p.spec);
    requested.cpu += r.cpu;
    requested.memory += r.memory;
    requested.pods += 1;
  }
  return { node, allocatable: { cpu: cap('cpu'), memory: cap('memory'), pods: cap('pods') }, requested };
}
