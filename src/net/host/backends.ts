import type { EndpointSlice, Service, ServicePort } from '../../api/kinds/index.js';
import { sliceEndpoints } from '../endpoint-slices.js';

/** A ready endpoint of one service port, as the host dials it. */
export interface Backend {
  ip: string;
  port: number;
  nodeName?: string;
}

/** The endpoints of one port of a Service, as the host dials them (sliceEndpoints). */
export function readyBackends(slices: EndpointSlice[], port: ServicePort): Backend[] {
  return sliceEndpoints(slices, port.name ?? '', port.protocol ?? 'TCP');
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

/** Clients remembered at most, so a flood of addresses cannot grow the table without end. */
const MAX_CLIENTS = 10_000;

/**
 * `sessionAffinity: ClientIP` as kube-proxy keeps it: a client goes back to the backend it last
 * used while that backend is still ready and the client returns within the timeout; otherwise
 * it gets the next one round-robin.
 */
export class ClientAffinity {
  private readonly clients = new Map<string, { backend: Backend; at: number }>();
  private readonly rr = new RoundRobin();

  pick(backends: Backend[], client: string, timeoutMs: number, now = Date.now()): Backend | undefined {
    const held = this.clients.get(client);
    const still =
      held && now - held.at <= timeoutMs
        ? backends.find((b) => b.ip === held.backend.ip && b.port === held.backend.port)
        : undefined;
    const backend = still ?? this.rr.pick(backends);
    if (!backend) return undefined;
    this.clients.delete(client);
    if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    this.clients.set(client, { backend, at: now });
    return backend;
  }
}
