/**
 * What an object costs against a ResourceQuota, as Kubernetes' quota evaluators count it: object
 * counts (`pods`, `count/deployments.apps`, ...) and, for pods and claims, the compute and storage
 * they ask for. Shared by the ResourceQuota admission plugin and the quota controller.
 */
import type { KindDef } from '../kinds/index.js';
import {
  addQuantities,
  compareQuantities,
  type ExactQuantity,
  exactQuantity,
  formatQuantity,
} from '../schema/quantity.js';
import type { KubeObject } from '../types.js';

export type Usage = Map<string, ExactQuantity>;

const ZERO: ExactQuantity = { digits: 0n, exponent: 0 };
const ONE: ExactQuantity = { digits: 1n, exponent: 0 };

/** The counts Kubernetes names without the `count/` prefix. */
const LEGACY_COUNT: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** Compute resources each container must state when a quota limits them (pods' Constraints). */
export const CONTAINER_CONSTRAINED = [
  'cpu',
  'limits.cpu',
  'limits.memory',
  'memory',
  'requests.cpu',
  'requests.memory',
];

export const countName = (def: KindDef) => `count/${def.resource}${def.group ? `.${def.group}` : ''}`;

function add(usage: Usage, name: string, q: ExactQuantity) {
  usage.set(name, addQuantities(usage.get(name) ?? ZERO, q));
}

/** A pod's effective requests or limits: the sum of its containers, at least any init container, plus overhead. */
export function podResources(pod: KubeObject, list: 'requests' | 'limits'): Usage {
  const spec = (pod.spec ?? {}) as any;
  const total: Usage = new Map();
  for (const c of spec.containers ?? [])
    for (const [name, q] of Object.entries(c.resources?.[list] ?? {})) {
      const v = exactQuantity(q);
      if (v) add(total, name, v);
    }
  for (const c of spec.initContainers ?? [])
    for (const [name, q] of Object.entries(c.resources?.[list] ?? {})) {
      const v = exactQuantity(q);
      if (v && compareQuantities(v, total.get(name) ?? ZERO) > 0) total.set(name, v);
    }
  for (const [name, q] of Object.entries(spec.overhead ?? {})) {
    const v = exactQuantity(q);
    if (v && total.has(name)) add(total, name, v);
  }
  return total;
}

/** A pod that has finished holds no quota. */
export const podCounts = (pod: KubeObject) => !['Succeeded', 'Failed'].includes((pod.status as any)?.phase);

/** What one object of this kind costs. */
export function usageOf(def: KindDef, obj: KubeObject): Usage {
  const usage: Usage = new Map();
  if (def.group === '' && def.resource === 'pods' && !podCounts(obj)) return usage;
  usage.set(countName(def), ONE);
  const legacy = def.group === '' ? LEGACY_COUNT[def.resource] : undefined;
  if (legacy) usage.set(legacy, ONE);
  if (def.group === '' && def.resource === 'pods') {
    for (const [name, q] of podResources(obj, 'requests')) {
      usage.set(`requests.${name}`, q);
      if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') usage.set(name, q);
    }
    for (const [name, q] of podResources(obj, 'limits')) usage.set(`limits.${name}`, q);
  }
  if (def.group === '' && def.resource === 'services') {
    const type = (obj.spec as any)?.type;
    const ports = ((obj.spec as any)?.ports ?? []).length;
    if (type === 'LoadBalancer') usage.set('services.loadbalancers', ONE);
    if (type === 'LoadBalancer' || type === 'NodePort')
      usage.set('services.nodeports', { digits: BigInt(ports), exponent: 0 });
  }
  if (def.group === '' && def.resource === 'persistentvolumeclaims') {
    const storage = exactQuantity((obj.spec as any)?.resources?.requests?.storage);
    if (storage) usage.set('requests.storage', storage);
    const cls = (obj.spec as any)?.storageClassName;
    if (cls) {
      usage.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
      if (storage) usage.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
    }
  }
  return usage;
}

/**
 * What an update adds to an object's cost, as quota.SubtractWithNonNegativeResult then
 * RemoveZeros: only the resources that grew, by how much they grew.
 */
export function growth(next: Usage, old: Usage): Usage {
  const grown: Usage = new Map();
  for (const [name, q] of next) {
    const delta = addQuantities(q, negate(old.get(name) ?? ZERO));
    if (compareQuantities(delta, ZERO) > 0) grown.set(name, delta);
  }
  return grown;
}

const negate = (q: ExactQuantity): ExactQuantity => ({ digits: -q.digits, exponent: q.exponent });

export function sumUsage(objects: Iterable<Usage>): Usage {
  const total: Usage = new Map();
  for (const u of objects) for (const [name, q] of u) add(total, name, q);
  return total;
}

/** Quantities as the API writes them back: in powers of 1024 for whole multiples of 1Ki, else decimal. */
export function formatUsage(q: ExactQuantity): string {
  const binary = q.exponent >= 0 && (q.digits * 10n ** BigInt(q.exponent)) % 1024n === 0n;
  return formatQuantity(q, binary ? 'BinarySI' : 'DecimalSI');
}

/** `cpu=1,memory=2Gi`, sorted by name, as quota's prettyPrint writes a ResourceList. */
export function prettyPrint(list: Record<string, string>): string {
  return Object.keys(list)
    .sort()
    .map((k) => `${k}=${list[k]}`)
    .join(',');
}

export const quantityOf = (q: unknown): ExactQuantity => exactQuantity(q) ?? ZERO;
