/**
 * Which nodes a DaemonSet's pods belong on, decided as Kubernetes' daemon controller decides it
 * (NodeShouldRunDaemonPod): the scheduler's own node affinity and taint predicates over the
 * template with the tolerations every daemon pod gets, and the node named in the pod's
 * affinity so that the scheduler binds it there (ScheduleDaemonSetPods).
 */
import type { Affinity, DaemonSet, Node, Pod, PodSpec, Toleration } from '../../api/kinds/index.js';
import { podFitsNodeAffinity } from '../scheduler/node-affinity.js';
import { tolerates } from '../scheduler/taint-toleration.js';

const exists = (key: string, effect: Toleration['effect']): Toleration => ({
  key,
  operator: 'Exists',
  effect,
});

/** What Kubernetes adds to every daemon pod (AddOrUpdateDaemonPodTolerations): node trouble never evicts it. */
const DAEMON_TOLERATIONS: Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];
const NETWORK_UNAVAILABLE = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

const sameToleration = (a: Toleration, b: Toleration) =>
  a.key === b.key &&
  a.effect === b.effect &&
  a.operator === b.operator &&
  (a.value ?? '') === (b.value ?? '');

/** The spec with the daemon tolerations, each in place of one of the same key, operator, value and effect. */
export function withDaemonTolerations(spec: PodSpec): PodSpec {
  let tolerations = [...(spec.tolerations ?? [])];
  for (const t of [...DAEMON_TOLERATIONS, ...(spec.hostNetwork ? [NETWORK_UNAVAILABLE] : [])]) {
    const at = tolerations.findIndex((u) => sameToleration(u, t));
    tolerations = at < 0 ? [...tolerations, t] : tolerations.map((u, i) => (i === at ? t : u));
  }
  return { ...spec, tolerations };
}

/**
 * The affinity with its required node terms replaced by one naming the node's metadata.name
 * (ReplaceDaemonSetPodNodeNameNodeAffinity): the template's own terms were checked already.
 */
export function affinityFor(affinity: Affinity | undefined, node: string): Affinity {
  const required = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [node] }] }],
  };
  return {
    ...affinity,
    nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required },
  };
}

/** The node a daemon pod is for: its node, or the one its affinity names while unscheduled (GetTargetNodeName). */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const field = terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In');
  return field?.values?.length === 1 ? field.values[0] : undefined;
}

export interface Placement {
  /** A daemon pod should run here if none does. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (no NoExecute taint it does not tolerate). */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod: node name, node selector and affinity, then taints. */
export function placement(ds: DaemonSet, node: Node): Placement {
  const template = ds.spec!.template;
  const spec = withDaemonTolerations(template.spec ?? { containers: [] });
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinueRunning: false };
  if (!podFitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  // The node's own taints, as Kubernetes' daemon controller reads them: not the ones the
  // scheduler infers from conditions.
  const untolerated = (node.spec?.taints ?? []).filter((t) => !tolerates(spec.tolerations, t));
  if (!untolerated.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'))
    return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !untolerated.some((t) => t.effect === 'NoExecute') };
}
