/**
 * The node's NetworkPolicy agent (Calico's Felix, in short): it follows policies, pods and
 * namespaces across the cluster and keeps the filter table of each of its own pods' network
 * namespaces equal to what the policies say, shortly after any change. It is level-triggered:
 * each sync computes every local pod's table and writes those that differ from what its current
 * sandbox holds, so a restarted agent or a re-created sandbox is brought right by the next sync.
 */
import type { Pod } from '../../api/kinds/types.generated.js';
import type { KubeClient } from '../../client/kube-client.js';
import { type PolicyWorld, podEndpoint, podPolicy, podSelf } from './model.js';
import { type PolicySettings, runPolicySync } from './policy-sync.js';
import { renderPodFilter } from './rules.js';

/** A new namespace's filter table: what a pod no policy selects is given. */
const EMPTY_TABLE = renderPodFilter({}, { trustedSources: [], decidedHere: [] });

/** Writes a pod's network namespace's filter table (through its sandbox). */
export interface SandboxFirewall {
  /** The running sandbox of each pod of the node, by pod uid. */
  sandboxes(): Promise<Map<string, string>>;
  /** Replaces the whole filter table of the sandbox's network namespace. */
  write(sandboxId: string, filterTable: string): Promise<void>;
}

export interface PolicyEnforcerOptions {
  client: KubeClient;
  nodeName: string;
  firewall: SandboxFirewall;
  /** The cluster's service range and its DNS address, when it has a service network. */
  serviceRange?: string;
  clusterDNS?: string;
  /**
   * Sources every pod admits besides its own node: the host (the control plane, port-forward and
   * the host's listeners reach pods from it, as they would from a node) and the network container
   * (Service traffic, checked there).
   */
  trustedSources?: string[];
  settings?: PolicySettings;
  retryMs?: number;
  log?: (line: string) => void;
}

const isLocal = (pod: Pod, node: string) => pod.spec?.nodeName === node && podEndpoint(pod) !== undefined;

export interface PolicyEnforcer {
  /**
   * Writes the rules of a pod's new sandbox before its containers start (the node agent calls
   * it): a pod selected by a policy is never reachable, nor reaches out, unfiltered. A new
   * namespace's filter table is empty, so a pod no policy selects needs no write.
   */
  prepare(pod: Pod, sandboxId: string, nodeIP: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPolicyEnforcer(opts: PolicyEnforcerOptions): Promise<PolicyEnforcer> {
  // What each pod's current sandbox was last given: `${sandboxId}\n${table}` by pod uid.
  const written = new Map<string, string>();
  const tableOf = (world: PolicyWorld, pod: Pod, nodeIP = pod.status?.hostIP) =>
    renderPodFilter(podPolicy(world, podSelf(pod)), {
      trustedSources: [nodeIP, ...(opts.trustedSources ?? [])].filter((ip): ip is string => !!ip),
      serviceRange: opts.serviceRange,
      decidedHere: opts.clusterDNS ? [opts.clusterDNS] : [],
    });
  const sync = await runPolicySync({ ...opts, resync: true }, async (inputs) => {
    const world = inputs.world();
    const local = inputs.pods.list().filter((p) => isLocal(p, opts.nodeName));
    const failures: string[] = [];
    const sandboxes = await opts.firewall.sandboxes();
    await Promise.all(
      local.map(async (pod) => {
        const uid = pod.metadata.uid ?? '';
        const table = tableOf(world, pod);
        try {
          const sandbox = sandboxes.get(uid);
          if (!sandbox) return;
          const state = `${sandbox}\n${table}`;
          if (written.get(uid) === state) return;
          await opts.firewall.write(sandbox, table);
          written.set(uid, state);
        } catch (err) {
          failures.push(`${pod.metadata.namespace}/${pod.metadata.name}: ${(err as Error).message}`);
        }
      }),
    );
    const live = new Set(local.map((p) => p.metadata.uid));
    for (const uid of written.keys()) if (!live.has(uid)) written.delete(uid);
    if (failures.length) throw new Error(failures.join('; '));
  });
  return {
    async prepare(pod, sandboxId, nodeIP) {
      if (pod.spec?.hostNetwork) return;
      const table = tableOf(sync.inputs.world(), pod, nodeIP);
      if (table !== EMPTY_TABLE) await opts.firewall.write(sandboxId, table);
      written.set(pod.metadata.uid ?? '', `${sandboxId}\n${table}`);
    },
    close: () => sync.close(),
  };
}
