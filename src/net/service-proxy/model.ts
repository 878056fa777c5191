/**
 * What the service proxy serves, read from Services and their EndpointSlices the way kube-proxy
 * reads them: one entry per Service port, with the endpoints it balances over.
 */
import type { EndpointSlice, Service } from '../../api/kinds/types.generated.js';
import { clientIPAffinitySeconds, type SliceEndpoint, sliceEndpoints } from '../endpoint-slices.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export type ProxyEndpoint = SliceEndpoint;

export interface ProxyPort {
  /** `NAMESPACE/SERVICE:PORTNAME`, as kube-proxy names a service port. */
  key: string;
  clusterIP: string;
  port: number;
  protocol: Protocol;
  /** ClientIP session affinity: how long a client sticks to its endpoint. */
  affinitySeconds?: number;
  /** internalTrafficPolicy Local: only endpoints on the client's node. */
  localOnly: boolean;
  endpoints: ProxyEndpoint[];
}

/** An address and port this machine serves itself (the cluster DNS): no rule may redirect it. */
export interface LocalService {
  ip: string;
  port: number;
  protocol: Protocol;
}

/**
 * The ports to proxy: every port of every Service with a cluster IP that `inRange` accepts, less
 * those served on this machine itself.
 */
export function proxyPorts(
  services: Service[],
  slicesOf: (namespace: string, name: string) => EndpointSlice[],
  inRange: (ip: string) => boolean,
  local: LocalService[] = [],
): ProxyPort[] {
  const servedHere = new Set(local.map((l) => `${l.ip}:${l.port}/${l.protocol}`));
  const out: ProxyPort[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    const ip = spec.clusterIP;
    if (spec.type === 'ExternalName' || !ip || ip === 'None' || !inRange(ip)) continue;
    const namespace = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    const slices = slicesOf(namespace, name);
    const affinity = clientIPAffinitySeconds(svc);
    for (const p of spec.ports ?? []) {
      const protocol = (p.protocol ?? 'TCP') as Protocol;
      if (servedHere.has(`${ip}:${p.port}/${protocol}`)) continue;
      out.push({
        key: `${namespace}/${name}:${p.name ?? ''}`,
        clusterIP: ip,
        port: p.port,
        protocol,
        ...(affinity !== undefined ? { affinitySeconds: affinity } : {}),
        localOnly: spec.internalTrafficPolicy === 'Local',
        endpoints: sliceEndpoints(slices, p.name ?? '', protocol),
      });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key) || a.protocol.localeCompare(b.protocol));
}
