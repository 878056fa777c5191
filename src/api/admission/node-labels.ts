/** The Node labels a kubelet may set on its own Node, as Kubernetes' kubeletapis and NodeRestriction say. */

const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
]);
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const NODE_RESTRICTION_NAMESPACE = 'node-restriction.kubernetes.io';

const labelNamespace = (label: string) => (label.includes('/') ? label.slice(0, label.indexOf('/')) : '');
const within = (namespace: string, of: string) => namespace === of || namespace.endsWith(`.${of}`);

/** Labels added, changed or removed between `old` and `now`. */
export function modifiedLabels(now: Record<string, string> = {}, old: Record<string, string> = {}): string[] {
  const changed = new Set<string>();
  for (const [k, v] of Object.entries(now)) if (old[k] !== v) changed.add(k);
  for (const k of Object.keys(old)) if (!(k in now)) changed.add(k);
  return [...changed];
}

/** Of `labels`, those a node may not set: node-restriction labels, and Kubernetes' own the kubelet does not own. */
export function forbiddenNodeLabels(labels: string[]): string[] {
  return labels
    .filter((label) => {
      const ns = labelNamespace(label);
      if (within(ns, NODE_RESTRICTION_NAMESPACE)) return true;
      const kubernetes = within(ns, 'kubernetes.io') || within(ns, 'k8s.io');
      const kubelet = KUBELET_LABELS.has(label) || KUBELET_NAMESPACES.some((n) => within(ns, n));
      return kubernetes && !kubelet;
    })
    .sort();
}
