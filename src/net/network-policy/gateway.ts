/**
 * NetworkPolicy for Service traffic, in the network container. A pod reaching a ClusterIP sends
 * to the network container, which DNATs to an endpoint and masquerades: the endpoint sees the
 * network container as the client, and the client's own namespace saw only the service address.
 * So here, in FORWARD (after DNAT, before the masquerade), the client pod's egress and the
 * endpoint pod's ingress are checked against the real addresses; the pods' own rules trust the
 * network container for what it forwards.
 */
import type { KubeClient } from '../../client/kube-client.js';
import type { Iptables } from '../service-proxy/iptables.js';
import { podEndpoint, podPolicy } from './model.js';
import { type PolicySettings, runPolicySync } from './policy-sync.js';
import { GATEWAY_CHAIN, type GatewayPod, renderGatewayFilter } from './rules.js';

export interface PolicyGatewayOptions {
  client: KubeClient;
  iptables: Iptables;
  clusterDNS?: string;
  /** Sources every pod admits besides its own node (the host). */
  trustedSources?: string[];
  settings?: PolicySettings;
  retryMs?: number;
  log?: (line: string) => void;
}

/** Our chains in the saved filter table, and whether FORWARD jumps to ours. */
function savedFilter(saved: string): { chains: Set<string>; jumped: boolean } {
  const chains = new Set<string>();
  let jumped = false;
  let inFilter = false;
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) inFilter = line === '*filter';
    else if (!inFilter) continue;
    else if (line.startsWith(':')) chains.add(line.slice(1).split(' ')[0]!);
    else if (line.startsWith('-A FORWARD ') && line.endsWith(`-j ${GATEWAY_CHAIN}`)) jumped = true;
  }
  return { chains, jumped };
}

export function startPolicyGateway(opts: PolicyGatewayOptions): Promise<{ close(): Promise<void> }> {
  let written: string | undefined;
  return runPolicySync(opts, async (inputs) => {
    const world = inputs.world();
    const pods: GatewayPod[] = [];
    for (const pod of inputs.pods.list()) {
      const self = podEndpoint(pod);
      if (!self) continue;
      const policy = podPolicy(world, self);
      if (!policy.ingress && !policy.egress) continue;
      const hostIP = pod.status?.hostIP;
      pods.push({
        ip: self.ip,
        policy,
        trustedSources: [...(hostIP ? [hostIP] : []), ...(opts.trustedSources ?? [])],
      });
    }
    const current = savedFilter(await opts.iptables.save());
    const rules = renderGatewayFilter(pods, current.chains, current.jumped);
    if (rules === written) return;
    await opts.iptables.restore(rules);
    written = rules;
  });
}
