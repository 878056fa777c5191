import { type Event, PODS, type Pod, qosClass } from '../../api/kinds/index.js';
import { since } from '../../api/time.js';
import type { Client } from '../../client/client.js';
import {
  describeContainers,
  describeResources,
  describeTopologySpread,
  describeVolumes,
} from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printControlledBy,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  searchEvents,
  tabbed,
} from './shared.js';

/** kubectl's describePod. */
export function describePodText(pod: Pod, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = pod.spec ?? { containers: [] };
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null)
      w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>'}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    const deletion = pod.metadata.deletionTimestamp;
    if (deletion && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(deletion, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    if (status.podIPs?.length) {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    } else w.write(LEVEL_0, 'IPs:\t<none>\n');
    printControlledBy(w, pod);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    if (spec.initContainers?.length)
      describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, pod, w, '');
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, pod, w, '');
    if (spec.ephemeralContainers?.length)
      describeContainers(
        'Ephemeral Containers',
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        pod,
        w,
        '',
      );
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const found = status.conditions?.find((c) => c.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${found ? found.status : '<none>'} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || qosClass(spec)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(spec, w, '');
    describeEvents(events, w, now);
  });
}

export async function describePod(client: Client, namespace: string, name: string): Promise<string> {
  const pod = await client.get<Pod>(PODS, namespace, name);
  // kubectl searches a pod's events without their kind; a mirror pod's carry its static pod's uid.
  const uid = pod.metadata.annotations?.['kubernetes.io/config.mirror'] ?? pod.metadata.uid;
  const events = await searchEvents(client, { name, namespace, uid });
  return describePodText(pod, events);
}
