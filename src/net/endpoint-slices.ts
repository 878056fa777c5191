/**
 * Endpoints as every consumer of EndpointSlices reads them (the service proxy, the host's
 * node-port and load-balancer listeners, the Ingress proxy, the cluster DNS): slices found by
 * their Service, and the endpoints of one Service port as kube-proxy picks them.
 */
import type { EndpointSlice, Service } from '../api/kinds/index.js';
import { SERVICE_NAME_LABEL } from '../api/kinds/resources.js';
import type { Informer } from '../client/informer.js';

const BY_SERVICE = 'service';

/** Indexes the informer's slices by `NAMESPACE/SERVICE`; the lookup of a Service's slices. */
export function slicesByService(
  slices: Informer<EndpointSlice>,
): (namespace: string, service: string) => EndpointSlice[] {
  slices.addIndex(BY_SERVICE, (s) => {
    const name = s.metadata.labels?.[SERVICE_NAME_LABEL];
    return name ? [`${s.metadata.namespace}/${name}`] : [];
  });
  return (namespace, service) => slices.byIndex(BY_SERVICE, `${namespace}/${service}`);
}

export interface SliceEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
}

/**
 * The endpoints of one Service port (the slice port of the same name and protocol gives the
 * target port): the ready ones, an unset `ready` reading as ready as Kubernetes documents it;
 * when none is ready, the serving ones that terminate (kube-proxy's fallback, so connections
 * drain rather than fail during a rollout). Sorted by address, each address and port once.
 */
export function sliceEndpoints(slices: EndpointSlice[], portName: string, protocol: string): SliceEndpoint[] {
  const ready = new Map<string, SliceEndpoint>();
  const terminating = new Map<string, SliceEndpoint>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol,
    );
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      const c = ep.conditions ?? {};
      const entry = { ip, port: port.port, ...(ep.nodeName ? { nodeName: ep.nodeName } : {}) };
      if (c.ready !== false) ready.set(`${ip}:${port.port}`, entry);
      else if (c.serving === true && c.terminating === true) terminating.set(`${ip}:${port.port}`, entry);
    }
  }
  const chosen = ready.size > 0 ? ready : terminating;
  return [...chosen.values()].sort(
    (a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.port - b.port,
  );
}

/** Kubernetes' default for sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
const DEFAULT_AFFINITY_SECONDS = 10800;

/** How long a client keeps its endpoint under `sessionAffinity: ClientIP`; undefined without affinity. */
export function clientIPAffinitySeconds(svc: Service): number | undefined {
  const spec = svc.spec ?? {};
  if (spec.sessionAffinity !== 'ClientIP') return undefined;
  return spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
}
