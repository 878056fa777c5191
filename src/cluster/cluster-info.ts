import fs from 'node:fs';
import type { Connection } from '../client/client.js';
import type { ClusterSettings } from './config.js';
import { type ClusterPaths, clusterPaths, defaultClusterName, minik8sHome } from './paths.js';

/** What cluster.json records about a cluster: fixed at creation so its kubeconfig stays valid. */
export interface ClusterInfo {
  name: string;
  port: number;
  token: string;
  created: string;
  /** Node containers the cluster runs (0: control plane only), with their limits. */
  nodes?: number;
  nodeCpus?: string;
  nodeMemory?: string;
  /** Hollow nodes (kubemark's): node agents that run no containers, all in one background process. */
  hollowNodes?: number;
  /** The cluster network's gateway: the host address node agents reach the API server at. */
  gateway?: string;
  /** The cluster network's subnet: where pods live, and all the API server's proxy may reach. */
  podNetwork?: string;
  /** Where Service cluster IPs come from: the second quarter of podNetwork (see ServiceRange.ofBridge). */
  serviceNetwork?: string;
  /** Where the objects live: absent for the cluster's own SQLite file, else an etcd endpoint. */
  datastoreEndpoint?: string;
  /** PEM files for an etcd served over https (k3s's --datastore-cafile, -certfile, -keyfile). */
  datastoreTls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Durations the control plane and agents use instead of Kubernetes' defaults. */
  settings?: ClusterSettings;
  /** The host address NodePort, LoadBalancer and Ingress listeners bind (absent: 127.0.0.1). */
  listenAddress?: string;
  /** The Ingress proxy's ports on the host, chosen at `up`. */
  ingressHttpPort?: number;
  ingressHttpsPort?: number;
}

export function readClusterInfo(name: string): ClusterInfo | undefined {
  let text: string;
  try {
    text = fs.readFileSync(clusterPaths(name).clusterJson, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text) as ClusterInfo;
}

export function writeClusterInfo(info: ClusterInfo): void {
  const p = clusterPaths(info.name);
  fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(p.clusterJson, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** Every cluster that has a cluster.json under $MINIK8S_HOME, by name. */
export function listClusters(): ClusterInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(minik8sHome());
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => {
      try {
        return readClusterInfo(n);
      } catch {
        return undefined;
      }
    })
    .filter((c): c is ClusterInfo => c !== undefined);
}

/** How the host reaches the cluster's API server. */
export function connectionOf(info: ClusterInfo, paths: ClusterPaths): Connection {
  return {
    server: `https://127.0.0.1:${info.port}`,
    ca: fs.readFileSync(paths.caCert, 'utf8'),
    token: info.token,
  };
}

/**
 * The cluster a node command acts on: `--name` when given, else the one cluster whose kind node
 * names (NAME-control-plane, NAME-worker, NAME-worker2, ...) include `node`, else the default
 * when several could.
 */
export function clusterOfNode(node: string, name: string | undefined): string {
  if (name) return name;
  const owners = listClusters().filter(
    (c) => node.startsWith(`${c.name}-`) && /^(control-plane|worker\d*)$/.test(node.slice(c.name.length + 1)),
  );
  if (owners.length === 0)
    throw new Error(
      `node "${node}" not found: nodes are named CLUSTER-control-plane, CLUSTER-worker, CLUSTER-worker2... (minik8s clusters lists the clusters)`,
    );
  return owners.length === 1 ? owners[0].name : defaultClusterName;
}
