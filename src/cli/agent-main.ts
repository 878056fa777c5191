import fs from 'node:fs';
import path from 'node:path';
import type { AgentSettings } from '../runtime/agent-main.js';

/** The service range the cluster's `up` recorded, read from the state folder the node mounts. */
function serviceNetwork(stateDir: string | undefined): string | undefined {
  if (!stateDir) return undefined;
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(stateDir, 'cluster.json'), 'utf8')) as { serviceNetwork?: string }
    ).serviceNetwork;
  } catch {
    return undefined;
  }
}

/**
 * What a node container runs: the node agent, and beside it the node's own listeners for
 * node ports (so a NodePort answers on every node's address, as kube-proxy makes it) and the
 * NetworkPolicy agent for the node's pods.
 */
export async function runNode(settings: AgentSettings, log: (line: string) => void): Promise<void> {
  const [
    { runAgentMain },
    { startNodePorts },
    { startPolicyEnforcer },
    { sandboxFirewall },
    { hostContainerRuntime },
    { ServiceRange },
    { networkContainerIn },
  ] = await Promise.all([
    import('../runtime/agent-main.js'),
    import('../net/host-network.js'),
    import('../net/network-policy/enforcer.js'),
    import('../runtime/sandbox-firewall.js'),
    import('../runtime/docker/docker-runtime.js'),
    import('../api/service-range.js'),
    import('../cluster/network-container.js'),
  ]);
  const range = serviceNetwork(settings.stateDir ?? process.env.MINIK8S_STATE_DIR);
  const services = range ? new ServiceRange(range) : undefined;
  await runAgentMain(
    {
      ...settings,
      alongside: async (client, nodeName) => {
        const [ports, policy] = await Promise.all([
          startNodePorts({ client, nodeName, log }),
          startPolicyEnforcer({
            client,
            nodeName,
            firewall: sandboxFirewall(hostContainerRuntime()),
            serviceRange: services?.cidr,
            clusterDNS: services?.dns,
            networkContainer: services && networkContainerIn(services),
            log,
          }),
        ]);
        return { close: async () => void (await Promise.all([ports.close(), policy.close()])) };
      },
    },
    log,
  );
}
