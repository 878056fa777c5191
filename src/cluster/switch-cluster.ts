/**
 * Several clusters on one machine, as kind and k3d keep them: each listed with its state, and
 * made the kubeconfig's current context by name.
 */
import { type ClusterInfo, connectionOf, listClusters, readClusterInfo } from './cluster-info.js';
import {
  clusterKubeconfig,
  contextName,
  mergeKubeconfig,
  readKubeconfig,
  userKubeconfigPath,
} from './kubeconfig.js';
import { status } from './lifecycle.js';
import { clusterPaths } from './paths.js';

export interface ClusterSummary {
  name: string;
  running: boolean;
  /** Node containers and hollow nodes, as `up` made them. */
  nodes: number;
  server: string;
  created: string;
  /** Its context is the kubeconfig's current one. */
  current: boolean;
}

const nodeCount = (info: ClusterInfo | undefined) => (info?.nodes ?? 0) + (info?.hollowNodes ?? 0);

export async function clusterSummaries(): Promise<ClusterSummary[]> {
  const current = readKubeconfig(userKubeconfigPath())['current-context'];
  const infos = new Map(listClusters().map((i) => [i.name, i]));
  return (await status()).map((s) => ({
    name: s.name,
    running: s.running,
    nodes: nodeCount(infos.get(s.name)),
    server: s.server,
    created: s.created,
    current: s.context === current,
  }));
}

/** Makes the cluster's context current in the user's kubeconfig, writing the context again if it was removed. */
export function switchToCluster(name: string): string {
  const info = readClusterInfo(name);
  if (!info) {
    const known = listClusters().map((c) => c.name);
    throw new Error(`no cluster "${name}"${known.length ? ` (clusters: ${known.join(', ')})` : ''}`);
  }
  mergeKubeconfig(userKubeconfigPath(), clusterKubeconfig(name, connectionOf(info, clusterPaths(name))));
  return contextName(name);
}

/**
 * As kind and k3d, `use` switches to a stopped cluster too; it says so, with how to start it,
 * before the next command fails to connect.
 */
export async function stoppedWarning(name: string): Promise<string | undefined> {
  const [cluster] = await status(name);
  if (!cluster || cluster.running) return undefined;
  return `warning: cluster "${name}" is stopped: start it with \`minik8s start --name ${name}\``;
}
