import type { EndpointSlice, Service, ServicePort } from '../../api/kinds/index.js';
import { sliceEndpoints } from '../endpoint-slices.js';

/** A ready endpoint of one service port, as the host dials it. */
export interface Backend {
  ip: string;
  port: number;
}

/** The endpoints of one port of a Service, as the host dials them (sliceEndpoints). */
export function readyBackends(slices: EndpointSlice[], port: ServicePort): Backend[] {
  return sliceEndpoints(slices, port.name ?? '', port.protocol ?? 'TCP').map(({ ip, port }) => ({
    ip,
    port,
  }));
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
