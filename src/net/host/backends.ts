import type { EndpointSlice, Service, ServicePort } from '../../api/kinds/index.js';
import type { Informer } from '../../client/informer.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const BY_SERVICE = 'kubernetes.io/service-name';

/** The EndpointSlices of a Service, through an index on their service-name label. */
export function slicesOf(
  slices: Informer<EndpointSlice>,
  namespace: string,
  service: string,
): EndpointSlice[] {
  slices.addIndex(BY_SERVICE, (s) => {
    const name = s.metadata.labels?.[SERVICE_NAME_LABEL];
    return name ? [`${s.metadata.namespace}/${name}`] : [];
  });
  return slices.byIndex(BY_SERVICE, `${namespace}/${service}`);
}

/** A ready endpoint of one service port, as the host dials it. */
export interface Backend {
  ip: string;
  port: number;
}

/**
 * The ready endpoints of one port of a Service, from its EndpointSlices: each slice port whose
 * name is the service port's (both empty for a single unnamed port) gives the target port its
 * endpoints listen on. An endpoint with no `ready` condition counts as ready, as kube-proxy reads
 * it; a terminating one does not.
 */
export function readyBackends(slices: EndpointSlice[], port: ServicePort): Backend[] {
  const out: Backend[] = [];
  const seen = new Set<string>();
  const protocol = port.protocol ?? 'TCP';
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const sp = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === (port.name ?? '') && (p.protocol ?? 'TCP') === protocol,
    );
    if (!sp?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      const ip = ep.addresses?.[0];
      const key = `${ip}:${sp.port}`;
      if (!ip || seen.has(key)) continue;
      seen.add(key);
      out.push({ ip, port: sp.port });
    }
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.port - b.port);
}

/** The Service's port an Ingress backend names, by number or by name. */
export function servicePortOf(
  svc: Service,
  ref: { number?: number; name?: string },
): ServicePort | undefined {
  return (svc.spec?.ports ?? []).find((p) =>
    ref.name ? p.name === ref.name : ref.number !== undefined && p.port === ref.number,
  );
}

/** Round-robin over a set of backends that changes under it: each pick advances one. */
export class RoundRobin {
  private next = 0;
  pick(backends: Backend[]): Backend | undefined {
    if (!backends.length) return undefined;
    const b = backends[this.next % backends.length];
    this.next = (this.next + 1) % 1_000_000;
    return b;
  }
}
