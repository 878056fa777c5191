import type Docker from 'dockerode';
import { ApiError } from '../api/errors.js';
import { NODES } from '../api/kinds/index.js';
import { ServiceRange } from '../api/service-range.js';
import { Client, type Connection } from '../client/client.js';
import { ensureNetwork } from '../net/network.js';
import { type ClusterInfo, connectionOf, readClusterInfo, writeClusterInfo } from './cluster-info.js';
import { stopControlPlaneProcess } from './control-plane-process.js';
import { docker } from './docker-connection.js';
import { stopHollowNodes } from './hollow-process.js';
import { buildLocalImages } from './local-images.js';
import { markControlPlane } from './mark-control-plane.js';
import { ensureNetworkContainer, stopNetworkContainer } from './network-container.js';
import { waitReady } from './node-readiness.js';
import {
  addNode,
  listNodes,
  type NodeConfig,
  nodeImageId,
  removeNode,
  startNode,
  startNodes,
  stopNode,
  stopNodes,
} from './nodes.js';
import { type ClusterPaths, clusterPaths } from './paths.js';
import type { Progress } from './progress.js';

export { docker } from './docker-connection.js';

/** The node image and the cluster network, before the control plane starts (its certificate names the gateway). */
export async function prepareNodeNetwork(
  d: Docker,
  name: string,
  progress: Progress,
): Promise<{ gateway: string; subnet: string }> {
  await progress.step('Ensuring node image', () => buildLocalImages(d));
  const network = await progress.step('Preparing network', () => ensureNetwork(d, name));
  return { gateway: network.gateway, subnet: network.subnet };
}

/**
 * Starts (or resumes) the network container and the node containers, one step after the other
 * so their lines read in order, and waits until every node reports Ready with a heartbeat newer
 * than `since` (a Ready from before a stop says nothing about this start). `check` titles the
 * steps for a cluster that already runs.
 */
export async function startNodeFleet(
  d: Docker,
  info: ClusterInfo,
  paths: ClusterPaths,
  conn: Connection,
  progress: Progress,
  opts: { since: Date; check?: boolean; timeoutMs?: number },
): Promise<void> {
  const verb = opts.check ? 'Checking' : 'Starting';
  if (info.serviceNetwork)
    await progress.step(`${verb} network container`, async () =>
      ensureNetworkContainer(
        d,
        { cluster: info.name, home: paths.home, stateDir: paths.dir },
        await nodeImageId(d),
      ),
    );
  const nodes = await progress.step(`${verb} ${info.nodes} node${info.nodes === 1 ? '' : 's'}`, () =>
    startNodes(d, { ...nodeConfig(info, paths), nodes: info.nodes ?? 0 }),
  );
  await progress.step('Waiting for nodes to be Ready', () =>
    waitReady(
      conn,
      nodes.map((n) => n.name),
      opts.timeoutMs ?? 60_000,
      // A running cluster's nodes beat on their own schedule: their Ready is current already.
      { since: opts.check ? undefined : opts.since },
    ),
  );
  await markControlPlane(
    conn,
    nodes.filter((n) => n.role === 'control-plane').map((n) => n.name),
  );
}

function clusterOf(name: string): { info: ClusterInfo; paths: ClusterPaths } {
  const info = readClusterInfo(name);
  if (!info) throw new Error(`no cluster "${name}": create it with \`minik8s up --name ${name}\``);
  return { info, paths: clusterPaths(name) };
}

function nodeConfig(info: ClusterInfo, paths: ClusterPaths): NodeConfig {
  return {
    cluster: info.name,
    stateDir: paths.dir,
    apiPort: info.port,
    token: info.token,
    caFile: paths.caCert,
    cpus: info.nodeCpus,
    memory: info.nodeMemory,
    kubelet: info.settings?.kubelet,
    clusterDNS: info.serviceNetwork ? new ServiceRange(info.serviceNetwork).dns : undefined,
  };
}

/** Adds a worker node to a running cluster; returns its name once it is Ready. */
export async function addClusterNode(name: string, progress: Progress): Promise<string> {
  const { info, paths } = clusterOf(name);
  if (!info.gateway)
    throw new Error(
      `cluster "${name}" runs no nodes yet (created with --nodes 0): give it some with \`minik8s up --name ${name} --nodes 1\``,
    );
  const d = await docker();
  const since = new Date();
  const node = await progress.step('Starting node container', () => addNode(d, nodeConfig(info, paths)));
  info.nodes = (await listNodes(d, name)).length;
  writeClusterInfo(info);
  await progress.step(`Waiting for ${node.name} to be Ready`, () =>
    waitReady(connectionOf(info, paths), [node.name], 60_000, { since }),
  );
  if (node.role === 'control-plane') await markControlPlane(connectionOf(info, paths), [node.name]);
  return node.name;
}

/** Removes a node: its container, its pods' containers, and its Node object. */
export async function removeClusterNode(name: string, node: string): Promise<void> {
  const { info, paths } = clusterOf(name);
  const d = await docker();
  await removeNode(d, name, node);
  info.nodes = (await listNodes(d, name)).length;
  writeClusterInfo(info);
  const client = new Client(connectionOf(info, paths));
  try {
    await client.delete(NODES, undefined, node);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 404)) throw err;
  } finally {
    client.close();
  }
}

export async function stopClusterNode(name: string, node: string): Promise<void> {
  clusterOf(name);
  await stopNode(await docker(), name, node);
}

/**
 * Starts a stopped node container. With `ready`, returns once its agent renewed its Lease after
 * the start: the Ready it had when it stopped says nothing of this start.
 */
export async function startClusterNode(
  name: string,
  node: string,
  opts: { ready?: boolean } = {},
): Promise<void> {
  const { info, paths } = clusterOf(name);
  const since = new Date();
  await startNode(await docker(), name, node);
  if (opts.ready) await waitReady(connectionOf(info, paths), [node], 60_000, { since });
}

/** Stops a cluster's nodes (with their pods) and its control plane; `up` or `start` resumes it. */
export async function stopCluster(name: string, progress: Progress): Promise<void> {
  const { info, paths } = clusterOf(name);
  // Reached before anything stops: Docker that cannot be reached fails the command with the cluster as it was.
  const d = info.gateway ? await docker() : undefined;
  if (d) {
    await progress.step('Stopping nodes', () => stopNodes(d, name));
    await progress.step('Stopping network container', () => stopNetworkContainer(d, name));
  }
  if (info.hollowNodes) await progress.step('Stopping hollow nodes', () => stopHollowNodes(name, paths));
  await progress.step('Stopping control plane', () => stopControlPlaneProcess(name, paths));
}
