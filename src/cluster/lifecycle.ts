import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ServiceRange } from '../api/service-range.js';
import type { Connection } from '../client/client.js';
import { keepOrMovePort, recordNewCluster } from './api-port.js';
import { ensureCerts, readAdminCert } from './cert-files.js';
import {
  type ClusterInfo,
  connectionOf,
  listClusters,
  readClusterInfo,
  writeClusterInfo,
} from './cluster-info.js';
import type { ClusterSettings } from './config.js';
import {
  isReady,
  runningPid,
  startControlPlaneProcess,
  stopControlPlaneProcess,
} from './control-plane-process.js';
import { chooseIngressPorts } from './ingress-ports.js';
import {
  clusterKubeconfig,
  contextName,
  kubeconfigYaml,
  mergeKubeconfig,
  removeFromKubeconfig,
  userKubeconfigPath,
} from './kubeconfig.js';
import { type ClusterPaths, checkClusterName, clusterPaths } from './paths.js';
import { type Progress, silentProgress } from './progress.js';

export interface UpOptions {
  /** Node containers; on resume, more than the cluster has adds workers. */
  nodes?: number;
  nodeCpus?: string;
  nodeMemory?: string;
  /** Hollow nodes to run (0: none); on resume, the number the cluster runs from now on. */
  hollowNodes?: number;
  /** Where objects live (k3s's --datastore-endpoint): absent for SQLite in the cluster folder. */
  datastoreEndpoint?: string;
  datastoreTls?: ClusterInfo['datastoreTls'];
  /** Durations instead of Kubernetes' defaults; on resume they apply from the next control-plane start. */
  settings?: ClusterSettings;
  /** The host address Service and Ingress listeners bind (default 127.0.0.1); from the next control-plane start. */
  listenAddress?: string;
  /** The Ingress proxy's ports (default 80/443 when they can be bound, else 8080/8443). */
  ingressHttpPort?: number;
  ingressHttpsPort?: number;
  progress?: Progress;
  /** Further addresses the server certificate must cover (the cluster bridge gateway). */
  extraSans?: string[];
  timeoutMs?: number;
  /** The kubeconfig file to merge the context into (default: first of $KUBECONFIG, else ~/.kube/config). */
  kubeconfigPath?: string;
}

export interface UpResult {
  name: string;
  context: string;
  server: string;
  kubeconfigPath: string;
  created: boolean;
  alreadyRunning: boolean;
}

/** The cluster's kubeconfig (context `minik8s-NAME`), as YAML. */
export function clusterKubeconfigYaml(name: string): string {
  const info = readClusterInfo(name);
  if (!info) throw new Error(`no cluster "${name}": create it with \`minik8s up --name ${name}\``);
  const paths = clusterPaths(name);
  return kubeconfigYaml(clusterKubeconfig(name, connectionOf(info, paths), readAdminCert(paths)));
}

function writeKubeconfigs(name: string, conn: Connection, paths: ClusterPaths, userPath: string): void {
  const config = clusterKubeconfig(name, conn, readAdminCert(paths));
  fs.writeFileSync(paths.kubeconfig, kubeconfigYaml(config), { mode: 0o600 });
  mergeKubeconfig(userPath, config);
}

/**
 * Creates a cluster, or resumes it from its state folder: its port, token and CA are kept from
 * creation so kubeconfigs written before stay valid. Returns at once when it already runs.
 */
export async function up(name: string, opts: UpOptions = {}): Promise<UpResult> {
  checkClusterName(name);
  const existing = readClusterInfo(name);
  if (existing) return resume(existing, opts);
  // Checked before anything is made: a mistyped endpoint, an unreachable Docker or a taken
  // container name must not leave a cluster behind.
  try {
    await checkCanCreate(name, opts);
  } catch (err) {
    throw notCreated(name, err);
  }
  const info = await recordNewCluster((port) => ({
    name,
    port,
    token: randomBytes(32).toString('hex'),
    created: new Date().toISOString(),
    nodes: opts.nodes ?? 1,
    nodeCpus: opts.nodeCpus,
    nodeMemory: opts.nodeMemory,
    hollowNodes: opts.hollowNodes,
    datastoreEndpoint: opts.datastoreEndpoint,
    datastoreTls: opts.datastoreTls,
    settings: opts.settings,
    listenAddress: opts.listenAddress,
    ingressHttpPort: opts.ingressHttpPort,
    ingressHttpsPort: opts.ingressHttpsPort,
  }));
  try {
    return await bringUp(info, opts, true, false);
  } catch (err) {
    // As kind does: a create that failed leaves nothing half made.
    const leftover = await down(name, { kubeconfigPath: opts.kubeconfigPath }).then(
      () => undefined,
      (e: unknown) => e ?? 'unknown error',
    );
    throw notCreated(name, err, leftover);
  }
}

/** The error of a create that failed, going on (its hint, its cause), saying nothing is left, or what is. */
function notCreated(name: string, err: unknown, leftover?: unknown): unknown {
  const why = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];
  const left =
    leftover === undefined
      ? ''
      : `; removing what was made failed (${why(leftover)}): remove it with \`minik8s down --name ${name}\``;
  return withNote(err, ` (cluster "${name}" was not created${left})`);
}

async function checkCanCreate(name: string, opts: UpOptions): Promise<void> {
  if (opts.datastoreEndpoint && !opts.datastoreEndpoint.startsWith('sqlite://'))
    (await import('../store/open-store.js')).parseEtcdEndpoint(opts.datastoreEndpoint);
  const nodes = opts.nodes ?? 1;
  if (!nodes) return;
  const [{ docker }, { checkDockerNamesFree }, { parseCpus, parseMemory }] = await Promise.all([
    import('./docker-connection.js'),
    import('./container-names.js'),
    import('./nodes.js'),
  ]);
  if (opts.nodeCpus) parseCpus(opts.nodeCpus);
  if (opts.nodeMemory) parseMemory(opts.nodeMemory);
  await checkDockerNamesFree(await docker(), name, nodes);
}

/**
 * `up` of a cluster that exists. A cluster made without nodes that gets them here is checked as a
 * new one is (Docker answers, the names are free) before its state changes, and when starting
 * the nodes fails, what was made is removed again: `minik8s clusters` never lists nodes that are
 * not there.
 */
async function resume(existing: ClusterInfo, opts: UpOptions): Promise<UpResult> {
  const before: ClusterInfo = structuredClone(existing);
  const info = resumedInfo(existing, opts);
  const addsNodes = !before.nodes && (info.nodes ?? 0) > 0;
  if (addsNodes) {
    try {
      await checkCanCreate(info.name, { ...opts, nodes: info.nodes, datastoreEndpoint: undefined });
    } catch (err) {
      throw withNote(err, ` (cluster "${info.name}" was not changed)`);
    }
  }
  writeClusterInfo(info);
  try {
    return await bringUp(info, opts, false, (info.hollowNodes ?? 0) !== (before.hollowNodes ?? 0));
  } catch (err) {
    if (!addsNodes) throw err;
    throw await nodesNotAdded(before, opts, err);
  }
}

/**
 * Nodes given to a cluster that failed to start: removed, the cluster's state as it was before,
 * and its control plane, restarted for the cluster network just removed, started again as it was
 * (its Services back in the range of a cluster without one: no address of a bridge that is gone).
 */
async function nodesNotAdded(before: ClusterInfo, opts: UpOptions, err: unknown): Promise<unknown> {
  const { name } = before;
  try {
    const [{ docker }, { removeAll }] = await Promise.all([
      import('./docker-connection.js'),
      import('./nodes.js'),
    ]);
    await removeAll(await docker(), name);
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0];
    return withNote(
      err,
      ` (removing the nodes made failed (${why}): see them with \`minik8s status --name ${name}\`, remove the cluster with \`minik8s down --name ${name}\`)`,
    );
  }
  writeClusterInfo(before);
  try {
    await stopControlPlaneProcess(name, clusterPaths(name));
    await bringUp(structuredClone(before), { ...opts, progress: undefined }, false, false);
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0];
    return withNote(
      err,
      ` (no nodes were added, and its control plane did not start again (${why}): start it with \`minik8s up --name ${name}\`)`,
    );
  }
  return withNote(err, ` (no nodes were added: cluster "${name}" has none)`);
}

function withNote(err: unknown, note: string): unknown {
  if (!(err instanceof Error)) return new Error(`${String(err)}${note}`);
  err.message = `${err.message}${note}`;
  return err;
}

/** What an existing cluster becomes with this `up`'s options (written by the caller): more nodes, new settings. */
function resumedInfo(info: ClusterInfo, opts: UpOptions): ClusterInfo {
  if (opts.datastoreEndpoint !== undefined && opts.datastoreEndpoint !== info.datastoreEndpoint)
    throw new Error(
      `cluster "${info.name}" keeps its objects in ${info.datastoreEndpoint ?? 'its SQLite file'}: its datastore cannot change`,
    );
  // A cluster made without nodes gets them here; one with nodes changes them one at a time,
  // with the commands that say which node goes.
  if (opts.nodes !== undefined && opts.nodes !== (info.nodes ?? 0)) {
    if (info.nodes)
      throw new Error(
        `cluster "${info.name}" already has ${info.nodes} node${info.nodes === 1 ? '' : 's'}: add one with \`minik8s node add --name ${info.name}\`, remove one with \`minik8s node remove NODE --name ${info.name}\``,
      );
    info.nodes = opts.nodes;
    if (opts.nodeCpus) info.nodeCpus = opts.nodeCpus;
    if (opts.nodeMemory) info.nodeMemory = opts.nodeMemory;
  }
  if (opts.hollowNodes !== undefined) info.hollowNodes = opts.hollowNodes;
  if (opts.settings) info.settings = opts.settings;
  if (opts.listenAddress) info.listenAddress = opts.listenAddress;
  if (opts.ingressHttpPort) info.ingressHttpPort = opts.ingressHttpPort;
  if (opts.ingressHttpsPort) info.ingressHttpsPort = opts.ingressHttpsPort;
  return info;
}

/**
 * Starts what is not running of a cluster whose cluster.json is written; its hollow nodes start
 * again when their number changed.
 */
async function bringUp(
  info: ClusterInfo,
  opts: UpOptions,
  created: boolean,
  hollowChanged: boolean,
): Promise<UpResult> {
  const { name } = info;
  // Node heartbeats older than this are from before this start.
  const since = new Date();
  const progress = opts.progress ?? silentProgress;
  const paths = clusterPaths(name);
  const userPath = opts.kubeconfigPath ?? userKubeconfigPath();
  const withNodes = (info.nodes ?? 0) > 0;
  // Docker is only loaded for clusters with nodes: `up --nodes 0` stays quick.
  const fleet = withNodes ? await import('./node-fleet.js') : undefined;
  const d = fleet ? await fleet.docker() : undefined;
  const result = (alreadyRunning: boolean): UpResult => ({
    name,
    context: contextName(name),
    server: `https://127.0.0.1:${info.port}`,
    kubeconfigPath: userPath,
    created,
    alreadyRunning,
  });

  // A control plane started without nodes listens only on 127.0.0.1: nodes added later need it
  // restarted on the cluster network too; one made before the service range moved onto the
  // bridge is restarted with it.
  const needsNetwork = withNodes && (!info.gateway || !info.serviceNetwork);
  if (!created && runningPid(name, paths) !== undefined && fs.existsSync(paths.caCert)) {
    const conn = connectionOf(info, paths);
    if (!needsNetwork && (await isReady(conn))) {
      progress.note?.(`Cluster "${name}" is already running at https://127.0.0.1:${info.port}`);
      if (fleet && d) await fleet.startNodeFleet(d, info, paths, conn, progress, { since, check: true });
      await startHollow(info, paths, conn, progress, hollowChanged);
      writeKubeconfigs(name, conn, paths, userPath);
      return result(true);
    }
    await stopControlPlaneProcess(name, paths);
  }

  if (d) {
    const network = await fleet!.prepareNodeNetwork(d, name, progress);
    info.gateway = network.gateway;
    info.podNetwork = network.subnet;
    info.serviceNetwork = ServiceRange.ofBridge(network.subnet).cidr;
    writeClusterInfo(info);
  }
  if (!info.ingressHttpPort || !info.ingressHttpsPort) {
    const ports = await chooseIngressPorts(info.listenAddress ?? '127.0.0.1', {
      http: info.ingressHttpPort,
      https: info.ingressHttpsPort,
    });
    info.ingressHttpPort = ports.http;
    info.ingressHttpsPort = ports.https;
    writeClusterInfo(info);
  }
  // Pods reach the API server at the gateway, and in-cluster clients at the `kubernetes` Service's address.
  const sans = [
    ...(opts.extraSans ?? []),
    ...(info.gateway ? [info.gateway] : []),
    ...(info.serviceNetwork ? [new ServiceRange(info.serviceNetwork).kubernetes] : []),
  ];
  await progress.step(created ? 'Creating cluster certificates' : 'Checking cluster certificates', () =>
    ensureCerts(name, paths, sans),
  );
  // Another program may have taken the port while the cluster was down: it moves to a free one.
  if (!created) await progress.step('Checking the API server port', () => keepOrMovePort(info));
  const conn = connectionOf(info, paths);
  await progress.step('Starting control plane', () =>
    startControlPlaneProcess(name, paths, conn, { timeoutMs: opts.timeoutMs }),
  );
  if (fleet && d) await fleet.startNodeFleet(d, info, paths, conn, progress, { since });
  await startHollow(info, paths, conn, progress, hollowChanged);
  // Only once the cluster is up: a failed `up` leaves the kubeconfig's current context as it was.
  await progress.step('Writing kubeconfig', async () => writeKubeconfigs(name, conn, paths, userPath));
  return result(false);
}

async function startHollow(
  info: ClusterInfo,
  paths: ClusterPaths,
  conn: Connection,
  progress: Progress,
  restart: boolean,
): Promise<void> {
  if (!info.hollowNodes && !restart) return;
  const { startHollowNodes } = await import('./hollow-process.js');
  await startHollowNodes(info, paths, conn, progress, restart);
}

export interface DownOptions {
  progress?: Progress;
  kubeconfigPath?: string;
}

/**
 * Stops the cluster and removes its state folder, its objects in etcd and its kubeconfig entries.
 * False when it did not exist.
 */
export async function down(name: string, opts: DownOptions = {}): Promise<boolean> {
  checkClusterName(name);
  const progress = opts.progress ?? silentProgress;
  const paths = clusterPaths(name);
  const existed = fs.existsSync(paths.dir);
  const info = readClusterInfo(name);
  let dockerError: unknown;
  if (info?.nodes || info?.gateway) {
    // Docker that cannot be reached fails the command before anything stops: the cluster stays whole.
    const [{ docker }, { removeAll }] = await Promise.all([
      import('./docker-connection.js'),
      import('./nodes.js'),
    ]);
    const d = await docker();
    try {
      await progress.step('Removing nodes, pods and network', () => removeAll(d, name));
    } catch (err) {
      dockerError = err;
    }
  }
  // The control plane stops even when removing containers failed midway: a `down` never leaves it running.
  if (existed) {
    if (info?.hollowNodes)
      await progress.step('Stopping hollow nodes', async () =>
        (await import('./hollow-process.js')).stopHollowNodes(name, paths),
      );
    await progress.step('Stopping control plane', () => stopControlPlaneProcess(name, paths));
  }
  // The state (cluster.json says there are nodes) stays until Docker's part is done: `down` can run again.
  if (dockerError) throw dockerError;
  // Only with the control plane stopped: a running one would write its objects again. The state
  // stays until this is done too, so `down` can run again; a cluster of the same name starts empty.
  const datastore = info?.datastoreEndpoint;
  if (datastore) {
    await progress.step('Removing objects from etcd', async () => {
      const { deleteClusterObjects } = await import('../store/open-store.js');
      await deleteClusterObjects(datastore, name, info.datastoreTls);
    });
  }
  removeFromKubeconfig(opts.kubeconfigPath ?? userKubeconfigPath(), name);
  if (existed)
    await progress.step('Removing cluster state', async () =>
      fs.rmSync(paths.dir, { recursive: true, force: true }),
    );
  return existed;
}

export interface ClusterStatus {
  name: string;
  context: string;
  server: string;
  created: string;
  pid?: number;
  running: boolean;
  /** The Ingress proxy's URLs on the host. */
  ingress?: string[];
  /** The network container (service proxy and DNS): its Docker state and address; absent without nodes. */
  network?: { state: string; ip: string };
}

/** Each cluster (or the one named) and whether its control plane answers. */
export async function status(name?: string): Promise<ClusterStatus[]> {
  const clusters = name ? [readClusterInfo(name)].filter((c): c is ClusterInfo => !!c) : listClusters();
  return Promise.all(
    clusters.map(async (info) => {
      const paths = clusterPaths(info.name);
      const pid = runningPid(info.name, paths);
      const running =
        pid !== undefined && fs.existsSync(paths.caCert) && (await isReady(connectionOf(info, paths)));
      return {
        name: info.name,
        context: contextName(info.name),
        server: `https://127.0.0.1:${info.port}`,
        created: info.created,
        pid,
        running,
        ingress: ingressUrls(info),
        ...(info.serviceNetwork ? { network: await networkState(info.name) } : {}),
      };
    }),
  );
}

async function networkState(name: string): Promise<{ state: string; ip: string }> {
  const [{ docker, DockerUnreachable }, { findNetworkContainer }] = await Promise.all([
    import('./docker-connection.js'),
    import('./network-container.js'),
  ]);
  // Listing clusters needs no Docker: without it, the network container's state is not known.
  const d = await docker().catch((err) => {
    if (err instanceof DockerUnreachable) return undefined;
    throw err;
  });
  if (!d) return { state: 'unknown', ip: '' };
  const c = await findNetworkContainer(d, name);
  return c ? { state: c.state, ip: c.ip } : { state: 'missing', ip: '' };
}

function ingressUrls(info: ClusterInfo): string[] | undefined {
  if (!info.ingressHttpPort || !info.ingressHttpsPort) return undefined;
  const address = info.listenAddress && info.listenAddress !== '0.0.0.0' ? info.listenAddress : '127.0.0.1';
  return [`http://${address}:${info.ingressHttpPort}`, `https://${address}:${info.ingressHttpsPort}`];
}
