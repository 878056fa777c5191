import type { AgentSettings } from '../runtime/agent-main.js';

/**
 * What a node container runs: the node agent, and beside it the node's own listeners for
 * node ports (so a NodePort answers on every node's address, as kube-proxy makes it).
 */
export async function runNode(settings: AgentSettings, log: (line: string) => void): Promise<void> {
  const [{ runAgentMain }, { startNodePorts }] = await Promise.all([
    import('../runtime/agent-main.js'),
    import('../net/host-network.js'),
  ]);
  await runAgentMain(
    { ...settings, alongside: (client, nodeName) => startNodePorts({ client, nodeName, log }) },
    log,
  );
}
