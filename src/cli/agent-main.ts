import fs from 'node:fs';
import path from 'node:path';
import type { ClusterInfo } from '../cluster/cluster-info.js';
import type { AgentSettings } from '../runtime/agent-main.js';

/** What `up` recorded in cluster.json that the node's NetworkPolicy agent needs, read from the state folder the node mounts. */
function clusterFacts(
  stateDir: string | undefined,
): Pick<ClusterInfo, 'serviceNetwork' | 'gateway' | 'settings'> {
  if (!stateDir) return {};
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, 'cluster.json'), 'utf8')) as ClusterInfo;
  } catch {
    return {};
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
    import('../net/node-ports.js'),
    import('../net/network-policy/enforcer.js'),
    import('../runtime/sandbox-firewall.js'),
    import('../runtime/docker/docker-runtime.js'),
    import('../api/service-range.js'),
    import('../cluster/network-container.js'),
  ]);
  const facts = clusterFacts(settings.stateDir ?? process.env.MINIK8S_STATE_DIR);
  const services = facts.serviceNetwork ? new ServiceRange(facts.serviceNetwork) : undefined;
  // Started beside the agent once it is up; until then new sandboxes wait for its first sync.
  let enforcer: Awaited<ReturnType<typeof startPolicyEnforcer>> | undefined;
  await runAgentMain(
    {
      ...settings,
      onSandboxStarted: async (pod, sandboxId, hostIP) => enforcer?.prepare(pod, sandboxId, hostIP),
      alongside: async (client, nodeName) => {
        const [ports, policy] = await Promise.all([
          startNodePorts({ client, nodeName, log }),
          startPolicyEnforcer({
            client,
            nodeName,
            firewall: sandboxFirewall(hostContainerRuntime(), {
              cluster: settings.cluster ?? process.env.MINIK8S_CLUSTER ?? '',
              nodeName,
            }),
            serviceRange: services?.cidr,
            clusterDNS: services?.dns,
            trustedSources: [facts.gateway, services && networkContainerIn(services)].filter(
              (ip): ip is string => !!ip,
            ),
            settings: facts.settings?.networkPolicy,
            log,
          }),
        ]);
        enforcer = policy;
        return { close: async () => void (await Promise.all([ports.close(), policy.close()])) };
      },
    },
    log,
  );
}
