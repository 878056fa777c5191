import { isIP } from 'node:net';
import {
  ENDPOINT_SLICES,
  type Endpoint,
  type EndpointSlice,
  NAMESPACES,
  type Namespace,
  SERVICE_NAME_LABEL,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import type { Informer } from '../../client/informer.js';
import { InformerFactory } from '../../client/informer-factory.js';
import type { KubeClient } from '../../client/kube-client.js';
import { slicesByService } from '../endpoint-slices.js';

/** One address of a Service's endpoints, as DNS names it. */
export interface EndpointRecord {
  ip: string;
  /** The endpoint's `hostname`, else its address with dashes: CoreDNS's endpoint name. */
  hostname: string;
  ports: { name: string; port: number; protocol: string }[];
}

export const isHeadless = (svc: Service) => svc.spec?.clusterIP === 'None';

/** The addresses a Service answers with: clusterIPs, never "None". */
export function clusterIPs(svc: Service): string[] {
  const spec = svc.spec ?? {};
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.filter((ip) => isIP(ip));
}

/** A hostname the API should have refused (not a DNS label) names nothing: the address does. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function endpointHostname(e: Endpoint, ip: string): string {
  return e.hostname && DNS_LABEL.test(e.hostname) ? e.hostname : ip.replaceAll(/[.:]/g, '-');
}

/**
 * What the DNS server answers from: Services, their EndpointSlices and Namespaces, each an
 * informer cache with the indexes the lookups need, and the time of the last change (the SOA
 * serial, as CoreDNS takes it).
 */
export class ClusterView {
  private readonly factory: InformerFactory;
  readonly services: Informer<Service>;
  readonly slices: Informer<EndpointSlice>;
  private readonly slicesOf: (namespace: string, service: string) => EndpointSlice[];
  readonly namespaces: Informer<Namespace>;
  serial = Math.floor(Date.now() / 1000);

  constructor(client: KubeClient, log?: (line: string) => void) {
    this.factory = new InformerFactory(client, { log });
    this.services = this.factory.for<Service>(SERVICES);
    this.slices = this.factory.for<EndpointSlice>(ENDPOINT_SLICES);
    this.namespaces = this.factory.for<Namespace>(NAMESPACES);
    this.services.addIndex('ip', (svc) => clusterIPs(svc));
    this.slicesOf = slicesByService(this.slices);
    this.slices.addIndex('ip', (es) => (es.endpoints ?? []).flatMap((e) => e.addresses ?? []));
    const touch = () => {
      this.serial = Math.floor(Date.now() / 1000);
    };
    for (const informer of [this.services, this.slices, this.namespaces] as Informer[]) {
      informer.addHandler({ add: touch, update: touch, delete: touch });
    }
  }

  start(): void {
    this.factory.start();
  }

  synced(): boolean {
    return this.factory.all().every((i) => i.hasSynced());
  }

  whenSynced(): Promise<void> {
    return this.factory.whenSynced();
  }

  stop(): Promise<void> {
    return this.factory.stop();
  }

  namespaceExists(ns: string): boolean {
    return !!this.namespaces.get(undefined, ns);
  }

  service(ns: string, name: string): Service | undefined {
    return this.services.get(ns, name);
  }

  /**
   * The endpoints DNS publishes for a Service: ready ones (a missing condition counts as
   * ready, as the API says), or all when the Service publishes not-ready addresses.
   */
  endpoints(svc: Service): EndpointRecord[] {
    const all = svc.spec?.publishNotReadyAddresses === true;
    const seen = new Set<string>();
    const out: EndpointRecord[] = [];
    for (const es of this.slicesOf(svc.metadata.namespace!, svc.metadata.name!)) {
      if (es.addressType === 'FQDN') continue;
      const ports = (es.ports ?? [])
        .filter((p) => typeof p.port === 'number')
        .map((p) => ({ name: p.name ?? '', port: p.port!, protocol: p.protocol ?? 'TCP' }));
      for (const e of es.endpoints ?? []) {
        if (!all && e.conditions?.ready === false) continue;
        for (const ip of e.addresses ?? []) {
          const hostname = endpointHostname(e, ip);
          if (!isIP(ip) || seen.has(`${hostname}/${ip}`)) continue;
          seen.add(`${hostname}/${ip}`);
          out.push({ ip, hostname, ports });
        }
      }
    }
    return out;
  }

  /** Names for an address: the Service holding it as a ClusterIP, else the endpoints with it. */
  reverse(ip: string, zone: string): string[] {
    const svc = this.services.byIndex('ip', ip)[0];
    if (svc) return [`${svc.metadata.name}.${svc.metadata.namespace}.svc.${zone}`];
    const names = new Set<string>();
    for (const es of this.slices.byIndex('ip', ip)) {
      const name = es.metadata.labels?.[SERVICE_NAME_LABEL];
      const owner = name && this.service(es.metadata.namespace!, name);
      if (!owner) continue;
      for (const e of this.endpointsWith(es, ip, owner)) {
        names.add(`${endpointHostname(e, ip)}.${name}.${es.metadata.namespace}.svc.${zone}`);
      }
    }
    return [...names];
  }

  private endpointsWith(es: EndpointSlice, ip: string, svc: Service): Endpoint[] {
    const all = svc.spec?.publishNotReadyAddresses === true;
    return (es.endpoints ?? []).filter(
      (e) => e.addresses?.includes(ip) && (all || e.conditions?.ready !== false),
    );
  }
}
