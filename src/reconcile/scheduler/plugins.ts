/** The default profile, with kube-scheduler's plugins in its order and weights, and the plugins too small for a file. */
import { type FilterPlugin, type Profile, unresolvable, unschedulable } from './framework.js';
import { imageLocality } from './image-locality.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { nodeAffinity } from './node-affinity.js';
import { balancedAllocation, nodeResourcesFit } from './node-resources.js';
import { taintToleration, tolerates } from './taint-toleration.js';
import { topologySpread } from './topology-spread.js';
import { volumeBinding } from './volume-binding.js';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;

/** A cordoned node takes only pods that tolerate its unschedulable taint (DaemonSet pods do). */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter: (state, { node }) =>
    node.spec?.unschedulable && !tolerates(state.pod.pod.spec.tolerations, UNSCHEDULABLE_TAINT)
      ? unresolvable('node(s) were unschedulable')
      : undefined,
};

/** A pod that names its node fits that node only. */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  preFilter: (state) => (state.pod.pod.spec.nodeName ? undefined : 'skip'),
  filter: (state, info) =>
    state.pod.pod.spec.nodeName === info.name
      ? undefined
      : unresolvable("node(s) didn't match the requested node name"),
};

/** Host ports: a port (protocol, address) one pod of the node holds is not free for another. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  preFilter: (state) => (state.pod.hostPorts.length ? undefined : 'skip'),
  filter: (state, info) =>
    state.pod.hostPorts.some((p) => info.portInUse(p))
      ? unschedulable("node(s) didn't have free ports for the requested pod ports")
      : undefined,
};

export const defaultProfile: Profile = {
  filters: [
    nodeUnschedulable,
    nodeName,
    taintToleration,
    nodeAffinity,
    nodePorts,
    nodeResourcesFit,
    volumeBinding,
    topologySpread,
    interPodAffinity,
  ],
  scores: [
    taintToleration,
    nodeAffinity,
    nodeResourcesFit,
    topologySpread,
    interPodAffinity,
    balancedAllocation,
    imageLocality,
  ],
};
