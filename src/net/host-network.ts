import { InformerFactory } from '../client/informer-factory.js';
import type { KubeClient } from '../client/kube-client.js';
import { ServiceListeners, UDP_IDLE_MS } from './host/service-listeners.js';
import { IngressProxy } from './ingress/ingress-proxy.js';

/** Where the host answers for the cluster's Services and Ingresses. */
export interface HostNetworkSettings {
  /** The host address every listener binds: 127.0.0.1 unless the user asks otherwise. */
  address: string;
  ingressHttpPort: number;
  ingressHttpsPort: number;
  /** How often a port another program held is tried again (default 10 s). */
  retryMs?: number;
  /** How long an idle UDP flow keeps its endpoint (default 30 s, conntrack's UDP timeout). */
  udpIdleMs?: number;
  /** How long a backend may say nothing before the Ingress answers 504 (default 60 s, nginx's). */
  ingressReadTimeoutMs?: number;
}

export interface HostNetworkOptions extends HostNetworkSettings {
  client: KubeClient;
  /** The certificate the Ingress proxy shows a TLS client no Ingress has one for. */
  defaultCert: { cert: string; key: string };
  log?: (line: string) => void;
}

export interface HostNetwork {
  close(): Promise<void>;
}

/**
 * What makes Services reachable from the laptop, run by the control plane on the host (which
 * reaches pod addresses on the cluster bridge directly): node ports and load balancers on
 * `address`, and the Ingress proxy on its two ports. The status it writes names the address
 * users dial: 127.0.0.1 for a listener on every address.
 */
export async function startHostNetwork(opts: HostNetworkOptions): Promise<HostNetwork> {
  const informers = new InformerFactory(opts.client);
  const ingressIp = opts.address === '0.0.0.0' || opts.address === '::' ? '127.0.0.1' : opts.address;
  const retryMs = opts.retryMs ?? 10_000;
  const common = { client: opts.client, informers, address: opts.address, ingressIp, retryMs, log: opts.log };
  const services = new ServiceListeners({ ...common, udpIdleMs: opts.udpIdleMs ?? UDP_IDLE_MS });
  const ingress = new IngressProxy({
    ...common,
    httpPort: opts.ingressHttpPort,
    httpsPort: opts.ingressHttpsPort,
    defaultCert: opts.defaultCert,
    readTimeoutMs: opts.ingressReadTimeoutMs ?? 60_000,
  });
  informers.start();
  try {
    await informers.whenSynced();
    await services.start();
    await ingress.start();
  } catch (err) {
    await Promise.all([services.close(), ingress.close(), informers.stop()]);
    throw err;
  }
  return {
    close: async () => {
      await Promise.all([services.close(), ingress.close()]);
      await informers.stop();
    },
  };
}
