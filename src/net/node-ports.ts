// Apart from host-network.ts, which also runs the Ingress proxy: a node agent loads only this.
import { InformerFactory } from '../client/informer-factory.js';
import type { KubeClient } from '../client/kube-client.js';
import { ServiceListeners, UDP_IDLE_MS } from './host/service-listeners.js';

/**
 * A node's own answer for node ports ("on every node's address"): its agent, in the node
 * container's network namespace, listens on every address there for each node port and
 * forwards to the ready endpoints, as kube-proxy does on each node.
 */
export async function startNodePorts(opts: {
  client: KubeClient;
  nodeName: string;
  retryMs?: number;
  log?: (line: string) => void;
}): Promise<{ close(): Promise<void> }> {
  const informers = new InformerFactory(opts.client);
  const ports = new ServiceListeners({
    client: opts.client,
    informers,
    address: '0.0.0.0',
    ingressIp: '',
    retryMs: opts.retryMs ?? 10_000,
    udpIdleMs: UDP_IDLE_MS,
    nodePortsOnly: true,
    nodeName: opts.nodeName,
    log: opts.log,
  });
  informers.start();
  await informers.whenSynced();
  await ports.start();
  return {
    close: async () => {
      await ports.close();
      await informers.stop();
    },
  };
}
