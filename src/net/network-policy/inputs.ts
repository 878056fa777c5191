/** The objects NetworkPolicy is computed from, followed through informers. */
import { NAMESPACES, NETWORK_POLICIES, PODS } from '../../api/kinds/resources.js';
import type { Namespace, NetworkPolicy, Pod } from '../../api/kinds/types.generated.js';
import type { Informer } from '../../client/informer.js';
import type { InformerFactory } from '../../client/informer-factory.js';
import { type Endpoint, type PolicyWorld, podEndpoint } from './model.js';

/** The cluster DNS served by the network container stands for CoreDNS's pods, as Kubernetes labels them. */
export function clusterDnsEndpoint(ip: string): Endpoint {
  return {
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    ip,
    ports: [
      { name: 'dns', port: 53, protocol: 'udp' },
      { name: 'dns-tcp', port: 53, protocol: 'tcp' },
      { name: 'metrics', port: 9153, protocol: 'tcp' },
    ],
  };
}

export interface PolicyInputs {
  pods: Informer<Pod>;
  world(): PolicyWorld;
  /** Calls `changed` on any change that can alter a pod's rules. */
  onChange(changed: () => void): void;
}

export function policyInputs(informers: InformerFactory, extra: Endpoint[]): PolicyInputs {
  const policies = informers.for<NetworkPolicy>(NETWORK_POLICIES);
  const pods = informers.for<Pod>(PODS);
  const namespaces = informers.for<Namespace>(NAMESPACES);
  return {
    pods,
    world: () => ({
      policies: policies.list(),
      endpoints: [...pods.list().flatMap((p) => podEndpoint(p) ?? []), ...extra],
      namespaces: new Map(namespaces.list().map((n) => [n.metadata.name ?? '', n.metadata.labels ?? {}])),
    }),
    onChange(changed) {
      const any = { add: changed, update: changed, delete: changed };
      policies.addHandler(any);
      // A pod or namespace matters through its labels, address, ports and phase.
      const seen = (o: Pod | Namespace) =>
        JSON.stringify([
          o.metadata.labels,
          (o as Pod).status?.podIP,
          (o as Pod).status?.phase,
          (o as Pod).spec?.nodeName,
        ]);
      for (const i of [pods, namespaces] as Informer<Pod | Namespace>[])
        i.addHandler({ add: changed, delete: changed, update: (a, b) => seen(a) !== seen(b) && changed() });
    },
  };
}
