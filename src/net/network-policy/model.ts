/**
 * What NetworkPolicies allow a pod, as Kubernetes defines it: a pod selected by no policy of a
 * type is not isolated for that direction (everything passes); a selected pod admits only what
 * some selecting policy's rule allows (their union). Peers are resolved to address blocks:
 * selected pods to their IPs, ipBlocks to their CIDR less `except`; named ports to the numbers
 * the pods that carry them give them.
 */

import { compareText } from '../../api/compare-text.js';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  Pod,
} from '../../api/kinds/types.generated.js';
import { selectorMatches } from '../../api/schema/validate-selector.js';
import { type Block, formatBlock, ipToNumber, ipv4Block, subtract } from './ipv4-blocks.js';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface PortMatch {
  protocol: Protocol;
  /** Absent: every port of the protocol. */
  port?: number;
  endPort?: number;
}

/** One allowed peer (the source for ingress, the destination for egress) and port. */
export interface Allow {
  /** A CIDR. */
  peer: string;
  /** Absent: every protocol and port. */
  ports?: PortMatch;
}

/** Per direction: absent when the pod is not isolated for it, else what is allowed. */
export interface PodPolicy {
  ingress?: Allow[];
  egress?: Allow[];
}

/** Something that answers at an address as a pod would: a pod, or the cluster DNS. */
export interface Endpoint {
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  ports: { name?: string; port: number; protocol: Protocol }[];
}

export interface PolicyWorld {
  policies: NetworkPolicy[];
  /** Every pod with an address on the cluster network, and what stands for pods (cluster DNS). */
  endpoints: Endpoint[];
  /** Namespace labels by name. */
  namespaces: Map<string, Record<string, string>>;
}

const ANYWHERE: Block = { base: 0, prefix: 0 };
/** Kubernetes labels every namespace with its name. */
const NAME_LABEL = 'kubernetes.io/metadata.name';

const protocolOf = (p: string | undefined): Protocol => (p ?? 'TCP').toLowerCase() as Protocol;

/** A pod as the policies see it (its address, if it has one yet, is not needed to select it). */
export function podSelf(pod: Pod): Endpoint {
  return {
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels ?? {},
    ip: pod.status?.podIP ?? '',
    ports: (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: protocolOf(p.protocol) })),
    ),
  };
}

/** A pod as a peer: only pods holding their own address on the cluster network and not done. */
export function podEndpoint(pod: Pod): Endpoint | undefined {
  const phase = pod.status?.phase;
  if (!pod.status?.podIP || pod.spec?.hostNetwork || phase === 'Succeeded' || phase === 'Failed')
    return undefined;
  return podSelf(pod);
}

const inBlock = (ip: string, b: Block) => {
  const n = ipToNumber(ip);
  return n >= b.base && n < b.base + 2 ** (32 - b.prefix);
};

function namespaceLabels(world: PolicyWorld, name: string): Record<string, string> {
  return { ...(world.namespaces.get(name) ?? {}), [NAME_LABEL]: name };
}

/** The endpoints a selector peer selects, for a policy in `namespace`. */
function selected(world: PolicyWorld, peer: NetworkPolicyPeer, namespace: string): Endpoint[] {
  const inNamespace = (e: Endpoint) =>
    peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, namespaceLabels(world, e.namespace))
      : e.namespace === namespace;
  return world.endpoints.filter(
    (e) => inNamespace(e) && (!peer.podSelector || selectorMatches(peer.podSelector, e.labels)),
  );
}

/** The blocks a rule's peers cover; absent or empty peers cover everywhere. */
function peerBlocks(world: PolicyWorld, peers: NetworkPolicyPeer[] | undefined, namespace: string): Block[] {
  if (!peers?.length) return [ANYWHERE];
  return peers.flatMap((peer) => {
    if (peer.ipBlock) {
      const block = ipv4Block(peer.ipBlock.cidr);
      if (!block) return [];
      const except = (peer.ipBlock.except ?? []).map(ipv4Block).filter((b): b is Block => !!b);
      return subtract(block, except);
    }
    return selected(world, peer, namespace).map((e) => ({ base: ipToNumber(e.ip), prefix: 32 }));
  });
}

/** The numbered ports a policy port means on an endpoint (a named port is looked up there). */
function portsOn(port: NetworkPolicyPort, on: Endpoint | undefined): PortMatch[] {
  const protocol = protocolOf(port.protocol);
  if (port.port === undefined) return [{ protocol }];
  if (typeof port.port === 'number')
    return [{ protocol, port: port.port, ...(port.endPort !== undefined ? { endPort: port.endPort } : {}) }];
  return (on?.ports ?? [])
    .filter((p) => p.name === port.port && p.protocol === protocol)
    .map((p) => ({ protocol, port: p.port }));
}

/** Ingress: ports are the selected pod's own, so named ports are looked up on it. */
function ingressAllows(world: PolicyWorld, policy: NetworkPolicy, self: Endpoint): Allow[] {
  const namespace = policy.metadata.namespace ?? 'default';
  return (policy.spec?.ingress ?? []).flatMap((rule) => {
    const peers = peerBlocks(world, rule.from, namespace).map(formatBlock);
    if (!rule.ports?.length) return peers.map((peer) => ({ peer }));
    const ports = rule.ports.flatMap((p) => portsOn(p, self));
    return peers.flatMap((peer) => ports.map((ports) => ({ peer, ports })));
  });
}

/** Egress: a named port is the destination's, so it resolves per endpoint inside the peer blocks. */
function egressAllows(world: PolicyWorld, policy: NetworkPolicy): Allow[] {
  const namespace = policy.metadata.namespace ?? 'default';
  return (policy.spec?.egress ?? []).flatMap((rule) => {
    const blocks = peerBlocks(world, rule.to, namespace);
    if (!rule.ports?.length) return blocks.map((b) => ({ peer: formatBlock(b) }));
    return rule.ports.flatMap((port) => {
      if (typeof port.port !== 'string')
        return blocks.flatMap((b) =>
          portsOn(port, undefined).map((ports) => ({ peer: formatBlock(b), ports })),
        );
      return world.endpoints
        .filter((e) => blocks.some((b) => inBlock(e.ip, b)))
        .flatMap((e) => portsOn(port, e).map((ports) => ({ peer: `${e.ip}/32`, ports })));
    });
  });
}

function unique(allows: Allow[]): Allow[] {
  const byKey = new Map<string, Allow>();
  for (const a of allows) {
    const p = a.ports;
    byKey.set(`${a.peer} ${p ? `${p.protocol}:${p.port ?? ''}:${p.endPort ?? ''}` : '*'}`, a);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, a]) => a);
}

const policyTypes = (p: NetworkPolicy): string[] =>
  p.spec?.policyTypes?.length
    ? p.spec.policyTypes
    : p.spec?.egress?.length
      ? ['Ingress', 'Egress']
      : ['Ingress'];

/** What the policies of the pod's namespace that select it allow it. */
export function podPolicy(world: PolicyWorld, self: Endpoint): PodPolicy {
  const selecting = world.policies.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === self.namespace &&
      selectorMatches(p.spec?.podSelector ?? {}, self.labels),
  );
  const out: PodPolicy = {};
  const ingress = selecting.filter((p) => policyTypes(p).includes('Ingress'));
  if (ingress.length) out.ingress = unique(ingress.flatMap((p) => ingressAllows(world, p, self)));
  const egress = selecting.filter((p) => policyTypes(p).includes('Egress'));
  if (egress.length) out.egress = unique(egress.flatMap((p) => egressAllows(world, p)));
  return out;
}
