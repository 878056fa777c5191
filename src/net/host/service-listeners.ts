import type { EndpointSlice, Service } from '../../api/kinds/index.js';
import { ENDPOINT_SLICES, SERVICES } from '../../api/kinds/resources.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { InformerFactory } from '../../client/informer-factory.js';
import type { KubeClient } from '../../client/kube-client.js';
import { clientIPAffinitySeconds, slicesByService } from '../endpoint-slices.js';
import { type Backend, ClientAffinity, RoundRobin, readyBackends } from './backends.js';
import { listenError } from './listen-error.js';
import {
  backendKey,
  type HostPort,
  hostPortKey,
  portName,
  serviceKey,
  wantedHostPorts,
} from './service-ports.js';
import { type Forwarder, openTcpForwarder } from './tcp-forwarder.js';
import { openUdpForwarder } from './udp-forwarder.js';

/** How long an idle UDP flow keeps its endpoint: conntrack's UDP timeout. */
export const UDP_IDLE_MS = 30_000;

export interface ServiceListenerOptions {
  client: KubeClient;
  /** Shared with the Ingress proxy; started by the caller. */
  informers: InformerFactory;
  /** The host address every listener binds (127.0.0.1 unless the user asks otherwise). */
  address: string;
  /** The address written to a LoadBalancer Service's status. */
  ingressIp: string;
  /** How often ports that could not be opened are tried again. */
  retryMs: number;
  /** How long a UDP flow with no datagrams keeps its backend. */
  udpIdleMs: number;
  /** Node ports only, with no load balancers and no status written: what a node agent serves on its node's address. */
  nodePortsOnly?: boolean;
  /** The node whose agent runs these listeners, as kube-proxy names itself in events. */
  nodeName?: string;
  log?: (line: string) => void;
}

interface Open {
  forwarder: Forwarder;
  /** The Service port the listener serves now: a later pass may hand the port to another. */
  owner: HostPort;
}

/**
 * NodePort and LoadBalancer Services on the host, as kube-proxy's node ports and a cloud's load
 * balancer would serve them: a TCP or UDP listener per port, forwarding to a ready endpoint of
 * the Service's EndpointSlices. Level-triggered: every change to a Service or a slice runs one
 * pass that compares the listeners wanted with those open; a port another program holds is
 * tried again every `retryMs`, and until then is a Warning Event (and, for a load balancer, a
 * status left pending).
 */
export class ServiceListeners {
  private readonly services: Informer<Service>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly slicesOf: (namespace: string, service: string) => EndpointSlice[];
  private readonly open = new Map<string, Open>();
  private readonly backends = new Map<string, Backend[]>();
  private readonly proxyEvents: EventRecorder;
  private readonly lbEvents: EventRecorder;
  private running?: Promise<void>;
  private again = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly opts: ServiceListenerOptions) {
    this.services = opts.informers.for<Service>(SERVICES);
    this.slices = opts.informers.for<EndpointSlice>(ENDPOINT_SLICES);
    this.slicesOf = slicesByService(this.slices);
    this.proxyEvents = new EventRecorder(opts.client, { component: 'kube-proxy', host: opts.nodeName });
    this.lbEvents = new EventRecorder(opts.client, { component: 'service-controller' });
  }

  /** Opens what the synced caches ask for, then follows their changes. */
  async start(): Promise<void> {
    const kick = { add: () => this.kick(), update: () => this.kick(), delete: () => this.kick() };
    this.services.addHandler(kick);
    this.slices.addHandler(kick);
    this.kick();
    await this.running;
    this.retry = setInterval(() => this.kick(), this.opts.retryMs);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.retry);
    await this.running;
    await Promise.all([...this.open.values()].map((o) => o.forwarder.close()));
    this.open.clear();
  }

  /** Runs a pass now, or once more after the one running: passes never overlap. */
  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.sync().catch((err) => this.opts.log?.(`host listeners: ${(err as Error).message}`));
      } while (this.again && !this.closed);
      this.running = undefined;
    })();
  }

  private async sync(): Promise<void> {
    const services = this.services.list();
    this.backends.clear();
    for (const svc of services) {
      // A node's own node ports with externalTrafficPolicy Local reach only that node's pods, as
      // kube-proxy's do (a node without any drops them); the host is no node and reaches them all.
      const local = this.opts.nodePortsOnly && svc.spec?.externalTrafficPolicy === 'Local';
      for (const p of svc.spec?.ports ?? []) {
        const ready = readyBackends(this.slicesOf(svc.metadata.namespace!, svc.metadata.name!), p);
        this.backends.set(
          backendKey(svc, p),
          local ? ready.filter((b) => b.nodeName === this.opts.nodeName) : ready,
        );
      }
    }
    const { ports, clashes } = wantedHostPorts(services);
    if (this.opts.nodePortsOnly) for (const [key, hp] of ports) if (hp.kind !== 'nodePort') ports.delete(key);
    for (const [key, o] of this.open)
      if (!ports.has(key)) {
        this.open.delete(key);
        await o.forwarder.close();
      }
    const failed = new Map<string, string>();
    const fail = (hp: HostPort, why: string) => {
      if (hp.kind === 'loadBalancer') failed.set(serviceKey(hp.service), why);
      this.portFailed(hp, why);
    };
    for (const hp of clashes.filter((c) => !this.opts.nodePortsOnly || c.kind === 'nodePort'))
      fail(
        hp,
        `port ${hp.port} is already used by service ${serviceKey(ports.get(hostPortKey(hp))!.service)}`,
      );
    for (const [key, hp] of ports) {
      const o = this.open.get(key);
      if (o) {
        o.owner = hp;
        continue;
      }
      try {
        const rr = new RoundRobin();
        const affinity = new ClientAffinity();
        const entry: Partial<Open> = { owner: hp };
        const pick = (client: string) => {
          const { service, servicePort } = entry.owner!;
          const backends = this.backends.get(backendKey(service, servicePort)) ?? [];
          const seconds = clientIPAffinitySeconds(service);
          return seconds === undefined ? rr.pick(backends) : affinity.pick(backends, client, seconds * 1000);
        };
        const forwarder =
          hp.protocol === 'UDP'
            ? await openUdpForwarder(this.opts.address, hp.port, pick, this.opts.udpIdleMs)
            : await openTcpForwarder(this.opts.address, hp.port, pick);
        entry.forwarder = forwarder;
        if (this.closed) await forwarder.close();
        else this.open.set(key, entry as Open);
      } catch (err) {
        fail(hp, listenError(this.opts.address, hp.port, err, hp.protocol.toLowerCase()));
      }
    }
    if (this.opts.nodePortsOnly) return;
    for (const svc of services) await this.writeLoadBalancerStatus(svc, failed.get(serviceKey(svc)));
  }

  private portFailed(hp: HostPort, why: string): void {
    if (hp.kind === 'nodePort')
      this.proxyEvents.record(
        hp.service,
        'Warning',
        'NodePortUnavailable',
        `can't open "nodePort for ${portName(hp.service, hp.servicePort)}" (${this.opts.address}:${hp.port}/${hp.protocol.toLowerCase()}), skipping this nodePort: ${why}`,
      );
    else
      this.lbEvents.record(
        hp.service,
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: failed to ensure load balancer: ${why}`,
      );
  }

  /**
   * A LoadBalancer Service whose every port answers gets the host's address as its ingress
   * point; one with a port that could not be opened, or a Service that stopped being a load
   * balancer, has it taken away (EXTERNAL-IP reads <pending>).
   */
  private async writeLoadBalancerStatus(svc: Service, failure: string | undefined): Promise<void> {
    const isLb = svc.spec?.type === 'LoadBalancer';
    const want = isLb && !failure ? [{ ip: this.opts.ingressIp, ipMode: 'VIP' }] : undefined;
    const have = svc.status?.loadBalancer?.ingress ?? [];
    const same =
      have.length === (want?.length ?? 0) &&
      have.every((p, i) => p.ip === want?.[i].ip && p.ipMode === want?.[i].ipMode && !p.hostname);
    if (same) return;
    if (want) this.lbEvents.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    await this.opts.client.patch(
      SERVICES,
      svc.metadata.namespace,
      svc.metadata.name!,
      { status: { loadBalancer: want ? { ingress: want } : { ingress: null } } },
      'merge',
      'status',
    );
    if (want) this.lbEvents.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
  }
}
