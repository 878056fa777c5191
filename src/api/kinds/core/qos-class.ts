import {
  addQuantities,
  compareQuantities,
  type ExactQuantity,
  exactQuantity,
} from '../../schema/quantity.js';
import type { Container, PodSpec } from '../types.generated.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Per resource, the sum of the positive quantities of `lists` over the containers. */
function sums(containers: Container[], list: 'requests' | 'limits') {
  const total = new Map<string, ExactQuantity>();
  const perContainer = containers.map((c) => {
    const found = new Set<string>();
    // A request left out is the limit, as defaulting makes it.
    const values =
      list === 'requests' ? { ...c.resources?.limits, ...c.resources?.requests } : c.resources?.limits;
    for (const [name, value] of Object.entries(values ?? {})) {
      const q = exactQuantity(value);
      if (!QOS_RESOURCES.includes(name) || !q || q.digits <= 0n) continue;
      found.add(name);
      const sum = total.get(name);
      total.set(name, sum ? addQuantities(sum, q) : q);
    }
    return found;
  });
  return { total, perContainer };
}

/**
 * Guaranteed, Burstable or BestEffort, as Kubernetes computes it (GetPodQOS) on parsed
 * quantities: "1" and "1000m" CPU are the same.
 */
export function qosClass(spec: Pick<PodSpec, 'containers' | 'initContainers'>): QosClass {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const requests = sums(containers, 'requests');
  const limits = sums(containers, 'limits');
  if (requests.total.size === 0 && limits.total.size === 0) return 'BestEffort';
  const everyLimitSet = limits.perContainer.every((found) => QOS_RESOURCES.every((r) => found.has(r)));
  const limitsMatch = [...requests.total].every(([name, req]) => {
    const limit = limits.total.get(name);
    return limit !== undefined && compareQuantities(limit, req) === 0;
  });
  return everyLimitSet && limitsMatch && requests.total.size === limits.total.size
    ? 'Guaranteed'
    : 'Burstable';
}
