import { compareText } from '../../api/compare-text.js';
import type { Service, ServicePort } from '../../api/kinds/index.js';

/** One port the host should answer on for a Service. */
export interface HostPort {
  /** The host port: the node port, or the service port for a load balancer. */
  port: number;
  kind: 'nodePort' | 'loadBalancer';
  protocol: 'TCP' | 'UDP';
  service: Service;
  servicePort: ServicePort;
}

/** A host port's identity: `TCP/30080`. */
export const hostPortKey = (hp: { protocol: string; port: number }) => `${hp.protocol}/${hp.port}`;

/** Where a service port's ready endpoints are kept: `default/web/TCP/80`. */
export const backendKey = (svc: Service, p: ServicePort) =>
  `${serviceKey(svc)}/${p.protocol ?? 'TCP'}/${p.port}`;

export const serviceKey = (svc: Service) => `${svc.metadata.namespace}/${svc.metadata.name}`;

/** `default/web:http`, as kube-proxy names a service port. */
export const portName = (svc: Service, p: ServicePort) => `${serviceKey(svc)}${p.name ? `:${p.name}` : ''}`;

/**
 * The TCP and UDP ports Services ask the host for: every node port of a NodePort or LoadBalancer
 * Service, and every port of a LoadBalancer Service. When two ask for one port the older
 * Service keeps it (creation time, then name), so the answer does not change with list order;
 * the others are returned as `clashes`.
 */
export function wantedHostPorts(services: Service[]): { ports: Map<string, HostPort>; clashes: HostPort[] } {
  const ports = new Map<string, HostPort>();
  const clashes: HostPort[] = [];
  const ordered = [...services].sort(
    (a, b) =>
      compareText(a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? '') ||
      compareText(serviceKey(a), serviceKey(b)),
  );
  const want = (hp: HostPort) => {
    const held = ports.get(hostPortKey(hp));
    if (!held) ports.set(hostPortKey(hp), hp);
    else if (held.service !== hp.service || held.servicePort !== hp.servicePort) clashes.push(hp);
  };
  for (const service of ordered) {
    const type = service.spec?.type;
    if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
    for (const servicePort of service.spec?.ports ?? []) {
      const protocol = servicePort.protocol ?? 'TCP';
      if (servicePort.nodePort && (protocol === 'TCP' || protocol === 'UDP'))
        want({ port: servicePort.nodePort, kind: 'nodePort', protocol, service, servicePort });
    }
  }
  for (const service of ordered) {
    if (service.spec?.type !== 'LoadBalancer') continue;
    for (const servicePort of service.spec?.ports ?? []) {
      const protocol = servicePort.protocol ?? 'TCP';
      if (protocol === 'TCP' || protocol === 'UDP')
        want({ port: servicePort.port, kind: 'loadBalancer', protocol, service, servicePort });
    }
  }
  return { ports, clashes };
}
