/**
 * The service proxy (kube-proxy's job) for the whole cluster: it follows Services,
 * EndpointSlices, and the Pods and Nodes that tell which node a client is on, and rewrites this
 * network namespace's iptables rules shortly after each change.
 */
import { ENDPOINT_SLICES, NODES, PODS, SERVICES } from '../../api/kinds/index.js';
import type { EndpointSlice, Node, Pod, Service } from '../../api/kinds/types.generated.js';
import { InformerFactory } from '../../client/informer-factory.js';
import type { KubeClient } from '../../client/kube-client.js';
import { slicesByService } from '../endpoint-slices.js';
import { syncLoop } from '../sync-loop.js';
import { deleteFlows, staleFlows, type UdpEndpoints, udpEndpoints } from './conntrack.js';
import type { Iptables } from './iptables.js';
import { type LocalService, proxyPorts } from './model.js';
import { parseSaved, renderRules } from './rules.js';

/** The proxy's durations, as a cluster config file's `kubeProxy:` section sets them. */
export interface ProxySettings {
  /**
   * How long a burst of changes is gathered into one rewrite. kube-proxy's minSyncPeriod is 1 s;
   * 50 ms here, so an endpoint change is applied well within a second.
   */
  minSyncPeriodMs?: number;
}

export const DEFAULT_MIN_SYNC_PERIOD_MS = 50;

export interface ServiceProxyOptions {
  client: KubeClient;
  iptables: Iptables;
  /** The service range (CIDR) this machine holds. */
  serviceRange: string;
  inRange: (ip: string) => boolean;
  /** Service addresses served on this machine itself (the cluster DNS). */
  local?: LocalService[];
  settings?: ProxySettings;
  /** How soon a failed rewrite is tried again. */
  retryMs?: number;
  log?: (line: string) => void;
}

export interface ServiceProxy {
  close(): Promise<void>;
}

/** Which node each pod and node address is on. */
function clientNodes(pods: Pod[], nodes: Node[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes)
    for (const a of n.status?.addresses ?? [])
      if (a.type === 'InternalIP' && n.metadata.name) out.set(a.address, n.metadata.name);
  for (const p of pods) {
    const ip = p.status?.podIP;
    const node = p.spec?.nodeName;
    // Pods on the host's network carry their node's address, already mapped.
    if (ip && node && !p.spec?.hostNetwork) out.set(ip, node);
  }
  return out;
}

export async function startServiceProxy(opts: ServiceProxyOptions): Promise<ServiceProxy> {
  const log = opts.log ?? (() => {});
  const minSyncMs = opts.settings?.minSyncPeriodMs ?? DEFAULT_MIN_SYNC_PERIOD_MS;
  const retryMs = opts.retryMs ?? 1000;
  const informers = new InformerFactory(opts.client);
  const services = informers.for<Service>(SERVICES);
  const slices = informers.for<EndpointSlice>(ENDPOINT_SLICES);
  const pods = informers.for<Pod>(PODS);
  const nodes = informers.for<Node>(NODES);
  const slicesOf = slicesByService(slices);

  let udpBefore: UdpEndpoints = new Map();
  // What the rules were last written from: a sync whose inputs are the same writes nothing.
  let written: string | undefined;
  const sync = async () => {
    const ports = proxyPorts(services.list(), slicesOf, opts.inRange, opts.local);
    // Client addresses matter only to internalTrafficPolicy Local ports.
    const nodesOf = ports.some((p) => p.localOnly) ? clientNodes(pods.list(), nodes.list()) : new Map();
    const inputs = JSON.stringify([ports, [...nodesOf]]);
    if (inputs === written) return;
    const current = parseSaved(await opts.iptables.save());
    const rules = renderRules(
      { ports, serviceRange: opts.serviceRange, local: opts.local ?? [], clientNodes: nodesOf },
      current,
    );
    await opts.iptables.restore(rules);
    written = inputs;
    const udpNow = udpEndpoints(ports);
    await deleteFlows(staleFlows(udpBefore, udpNow));
    udpBefore = udpNow;
  };

  const loop = syncLoop(sync, {
    minSyncMs,
    retryMs,
    onError: (err) => log(`writing the service rules failed: ${err.message}; trying again in ${retryMs} ms`),
  });
  const schedule = () => loop.schedule();
  const onChange = { add: () => schedule(), update: () => schedule(), delete: () => schedule() };
  for (const i of [services, slices, nodes]) i.addHandler(onChange);
  // A pod matters to the rules only through its address and node.
  pods.addHandler({
    add: () => schedule(),
    delete: () => schedule(),
    update: (a, b) => {
      if (a.status?.podIP !== b.status?.podIP || a.spec?.nodeName !== b.spec?.nodeName) schedule();
    },
  });
  informers.start();
  await informers.whenSynced();
  loop.schedule(0);

  return {
    async close() {
      await loop.close();
      await informers.stop();
    },
  };
}
