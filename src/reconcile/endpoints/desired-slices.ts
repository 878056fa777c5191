import type { DiscoveryV1EndpointPort, Endpoint, Node, Pod, Service } from '../../api/kinds/index.js';
import type { Informer } from '../../client/informer.js';
import { isReady } from '../workloads/pods.js';
import { findPort, hostnameFor, podRef } from './service-pods.js';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The endpoints that share one set of ports: what one or more slices carry. */
export interface PortGroup {
  ports: DiscoveryV1EndpointPort[];
  endpoints: Endpoint[];
}

/** A slice's ports as a key: slices with the same key may hold each other's endpoints. */
export const portsKey = (ports: DiscoveryV1EndpointPort[] | undefined) =>
  JSON.stringify(
    (ports ?? [])
      .map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? ''])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1])),
  );

/** The pod's ports for this Service (getEndpointPorts): Service ports whose target the pod has. */
function podPorts(svc: Service, pod: Pod): DiscoveryV1EndpointPort[] {
  const out: DiscoveryV1EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      name: sp.name ?? '',
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

/** A pod as an EndpointSlice endpoint, its conditions as the endpointslice controller sets them. */
function podEndpoint(svc: Service, pod: Pod, nodes: Informer<Node>): Endpoint {
  const serving = isReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // A terminating pod is never ready, unless the Service publishes addresses that are not.
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const hostname = hostnameFor(pod, svc);
  const nodeName = pod.spec?.nodeName;
  const zone = nodeName ? nodes.get(undefined, nodeName)?.metadata.labels?.[ZONE_LABEL] : undefined;
  return {
    addresses: [pod.status!.podIP!],
    conditions: { ready, serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: podRef(pod),
  };
}

/** The Service's endpoints grouped by their ports, each group's endpoints in pod name order. */
export function desiredGroups(svc: Service, pods: Pod[], nodes: Informer<Node>): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  for (const pod of pods) {
    const ports = podPorts(svc, pod);
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: [] }));
    group.endpoints.push(podEndpoint(svc, pod, nodes));
  }
  return groups;
}
