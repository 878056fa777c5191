import { defaultPodSpec } from '../../schema/default-pod-spec.js';
import { child, each, setDefault, unset } from '../../schema/default-values.js';
import { isObj, type Obj } from '../../schema/json-values.js';
import { validatePodSpec, validatePodSpecUpdate } from '../../schema/validate-pod.js';
import { podPrinter } from '../../table/pod.js';
import type { KubeObject } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { ATTACH, BINDING, EVICTION, EXEC, LOG, POD_PROXY, PORT_FORWARD, STATUS } from '../subresources.js';
import type { Pod, PodSpec, PodStatus } from '../types.generated.js';
import { qosClass } from './qos-class.js';

/**
 * A Pod as the API serves it, which is what its schema cannot say: whatever the client sent, the
 * server named it, placed it in a namespace and gave it a uid, and defaulting gave it a spec.
 */
export type ServedPod = Pod & {
  metadata: { name: string; namespace: string; uid: string };
  spec: PodSpec;
};

/** What a Pod gets beyond its spec's defaults: service account, priority, requests from limits. */
function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  if (unset(spec.serviceAccountName))
    spec.serviceAccountName = unset(spec.serviceAccount) ? 'default' : spec.serviceAccount;
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  for (const list of ['containers', 'initContainers']) {
    each(spec[list], (c) => {
      if (!isObj(c.resources) || !isObj(c.resources.limits)) return;
      const requests = child(c.resources, 'requests');
      for (const [name, limit] of Object.entries(c.resources.limits))
        if (requests[name] === undefined) requests[name] = limit;
    });
  }
}

const podSpec = (pod: KubeObject) => (pod.spec ?? {}) as PodSpec;

/** A bound pod that has not ended is stopped by its node agent before it goes. */
function deleteGrace(pod: KubeObject, requested: number | undefined): number {
  const spec = podSpec(pod);
  const phase = (pod.status as PodStatus | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

export const PODS: KindDef = {
  ...resources.PODS,
  versions: [builtinVersion('', 'v1', 'Pod', { protobuf: 'k8s.io.api.core.v1.Pod' })],
  subresources: [STATUS, ATTACH, BINDING, EVICTION, LOG, EXEC, PORT_FORWARD, POD_PROXY],
  fieldLabels: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  printer: podPrinter,
  defaults: defaultPod,
  validate: (pod) => validatePodSpec(pod.spec, 'spec'),
  validateUpdate: (next, old) => validatePodSpecUpdate(next.spec, old.spec),
  strategy: {
    prepareForCreate: (pod) => {
      pod.status = { phase: 'Pending', qosClass: qosClass(podSpec(pod)) };
    },
    beginDelete: deleteGrace,
    awaitsGrace: (pod) => !!podSpec(pod).nodeName && (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0,
    returnDeletedObject: true,
  },
};
