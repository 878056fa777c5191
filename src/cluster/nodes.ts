import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { componentToken, nodeUserName } from '../api/auth/component-tokens.js';
import {
  addressAt,
  CLUSTER_LABEL,
  type ClusterNetwork,
  clusterLabels,
  ensureNetwork,
  formatIp,
  parseIp,
  removeNetwork,
} from '../net/network.js';
import { NODE_IMAGE } from '../runtime/image-names.js';
import { KUBELET_SETTINGS_ENV, type KubeletSettings } from '../runtime/settings.js';

export const ROLE_LABEL = 'io.minik8s.role';
export const NODE_LABEL = 'io.minik8s.node';
/** The node's address, recorded so a re-created container takes the same one. */
export const IP_LABEL = 'io.minik8s.ip';
/** Hash of everything a node container is created from; a change means re-create it. */
export const CONFIG_LABEL = 'io.minik8s.config-hash';

export type NodeRole = 'control-plane' | 'worker';

/** The folder holding bin/run.js, dist and node_modules, mounted read-only into every node. */
export const installDir = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
export const mountedInstallDir = '/opt/minik8s';
/** The node agent in one file, written by scripts/bundle-agent.mjs at build time. */
export const AGENT_BUNDLE = 'dist/agent-bundle/agent.js';
const dockerSocket = '/var/run/docker.sock';

/** Node containers take .0.2, .0.3, ... of the cluster subnet; pods must allocate elsewhere. */
const firstNodeOffset = 2;
const lastNodeOffset = 254;
/** How long pod containers get to stop when their node stops (a machine going down). */
const podStopSeconds = 5;

export interface NodeConfig {
  cluster: string;
  /** The cluster's state folder, mounted at the same path in every node. */
  stateDir: string;
  /** Port of the control plane, which listens on the host: nodes reach it at the gateway. */
  apiPort: number;
  token: string;
  caFile: string;
  /** Docker CPU limit per node, like "2" or "1.5". */
  cpus?: string;
  /** Docker memory limit per node, like "2g" or "512m"; a plain number is MiB. */
  memory?: string;
  image?: string;
  /** Replaces the node agent command; for tests and benchmarks that run no agent. */
  command?: string[];
  /** The agent's durations where they differ from the kubelet's defaults. */
  kubelet?: Partial<KubeletSettings>;
  /** The cluster DNS Service's address, the nameserver of pods with dnsPolicy ClusterFirst. */
  clusterDNS?: string;
}

export interface NodeContainer {
  name: string;
  role: NodeRole;
  ip: string;
  id: string;
  /** Docker's state: running, exited, created, ... */
  state: string;
  status: string;
}

const sharedMemory = '/dev/shm';
const secretDirPrefix = `${sharedMemory}/minik8s-`;

/**
 * The host folder on a tmpfs where nodes write Secret volumes (kept in memory, as the kubelet
 * does), one per state folder; undefined when the host has no tmpfs at /dev/shm.
 */
export function secretDir(stateDir: string, mounts = readMounts()): string | undefined {
  const tmpfs = mounts.split('\n').some((line) => {
    const [, target, type] = line.split(' ');
    return target === sharedMemory && type === 'tmpfs';
  });
  if (!tmpfs) return undefined;
  return `${secretDirPrefix}${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`;
}

function readMounts(): string {
  try {
    return fs.readFileSync('/proc/mounts', 'utf8');
  } catch {
    return '';
  }
}

/** kind's names: NAME-control-plane, NAME-worker, NAME-worker2, ... */
export function nodeName(cluster: string, index: number): string {
  if (index === 0) return `${cluster}-control-plane`;
  return index === 1 ? `${cluster}-worker` : `${cluster}-worker${index}`;
}

/** Bytes from "2g", "512m", "1Gi", "1073741824b"; a plain number is MiB. */
export function parseMemory(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)(b?)\s*$/i.exec(text);
  if (!m) throw new Error(`invalid memory "${text}": use a number with a unit, like 2g or 512m`);
  const [, num = '', unit = '', , b = ''] = m;
  const powers: Record<string, number> = { '': b ? 0 : 2, k: 1, m: 2, g: 3, t: 4 };
  return Math.round(Number.parseFloat(num) * 1024 ** (powers[unit.toLowerCase()] ?? 0));
}

/** Docker NanoCpus from "2" or "1.5". */
export function parseCpus(text: string): number {
  const cpus = Number(text);
  if (!Number.isFinite(cpus) || cpus <= 0)
    throw new Error(`invalid cpus "${text}": use a positive number, like 2 or 1.5`);
  return Math.round(cpus * 1e9);
}

/** The cluster's node containers, control plane first, found by label. */
export async function listNodes(docker: Docker, cluster: string): Promise<NodeContainer[]> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${CLUSTER_LABEL}=${cluster}`, ROLE_LABEL] },
  });
  return found
    .map((c) => ({
      name: c.Labels[NODE_LABEL] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id,
      role: c.Labels[ROLE_LABEL] as NodeRole,
      ip: c.Labels[IP_LABEL] ?? '',
      id: c.Id,
      state: c.State,
      status: c.Status,
    }))
    .sort((a, b) => ipOrder(a.ip) - ipOrder(b.ip));
}

/**
 * The node's address in the cluster subnet: unchanged, unless the network was re-created on
 * another subnet while the cluster was stopped, then the same host part in the new one.
 */
function sameHostIn(subnet: string, ip: string): string {
  const base = parseIp(addressAt(subnet, 1)) - 1;
  const host = parseIp(ip) & 0xffff;
  return (parseIp(ip) & 0xffff0000) >>> 0 === base ? ip : formatIp(base + host);
}

function ipOrder(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + (Number.parseInt(p, 10) || 0), 0);
}

/**
 * Creates (or resumes) the cluster's network and its first `nodes` nodes, in parallel. Nodes
 * added later by `addNode` are resumed too; a node whose settings changed (image rebuilt,
 * new token or limits) is re-created with the same name and address.
 */
export async function startNodes(
  docker: Docker,
  config: NodeConfig & { nodes: number; onStep?: (message: string) => void },
): Promise<NodeContainer[]> {
  if (!Number.isInteger(config.nodes) || config.nodes < 1) throw new Error('a cluster needs at least 1 node');
  const network = await ensureNetwork(docker, config.cluster);
  const imageId = await nodeImageId(docker, config.image);
  const existing = await listNodes(docker, config.cluster);
  const byName = new Map(existing.map((n) => [n.name, n]));
  const wanted = new Map<string, { role: NodeRole; ip: string }>();
  for (const n of existing) wanted.set(n.name, { role: n.role, ip: sameHostIn(network.subnet, n.ip) });
  for (let i = 0; i < config.nodes; i++) {
    const name = nodeName(config.cluster, i);
    if (!wanted.has(name)) {
      wanted.set(name, {
        role: i === 0 ? 'control-plane' : 'worker',
        ip: addressAt(network.subnet, firstNodeOffset + i),
      });
    }
  }
  config.onStep?.(
    `Starting ${wanted.size} node container${wanted.size === 1 ? '' : 's'} on network ${network.name}`,
  );
  await Promise.all(
    [...wanted].map(([name, { role, ip }]) =>
      ensureNode(docker, config, network, imageId, { name, role, ip }, byName.get(name)),
    ),
  );
  return listNodes(docker, config.cluster);
}

/** Adds a worker (or a control-plane node) under the next free kind name and address. */
export async function addNode(
  docker: Docker,
  config: NodeConfig,
  role: NodeRole = 'worker',
): Promise<NodeContainer> {
  const network = await ensureNetwork(docker, config.cluster);
  const imageId = await nodeImageId(docker, config.image);
  const existing = await listNodes(docker, config.cluster);
  const names = new Set(existing.map((n) => n.name));
  const ips = new Set([...existing.map((n) => n.ip), ...(await addressesInUse(docker, network))]);
  const name =
    role === 'control-plane'
      ? nodeName(config.cluster, 0)
      : nodeName(
          config.cluster,
          firstFreeIndex((i) => names.has(nodeName(config.cluster, i))),
        );
  if (names.has(name)) throw new Error(`node ${name} already exists`);
  let offset = firstNodeOffset;
  while (ips.has(addressAt(network.subnet, offset))) offset++;
  if (offset > lastNodeOffset) throw new Error(`no free node address left in ${network.subnet}`);
  await ensureNode(docker, config, network, imageId, { name, role, ip: addressAt(network.subnet, offset) });
  const node = (await listNodes(docker, config.cluster)).find((n) => n.name === name);
  if (!node) throw new Error(`node ${name} was created but is not found`);
  return node;
}

/**
 * Addresses containers hold on the network now. Networks made before pods had a range of
 * their own hand pod addresses out of the node range too, so a new node must skip them.
 */
async function addressesInUse(docker: Docker, network: ClusterNetwork): Promise<string[]> {
  const info = (await docker.getNetwork(network.id).inspect()) as Docker.NetworkInspectInfo;
  return Object.values(info.Containers ?? {})
    .map((c) => c.IPv4Address.split('/')[0] ?? '')
    .filter(Boolean);
}

function firstFreeIndex(taken: (i: number) => boolean): number {
  let i = 1;
  while (taken(i)) i++;
  return i;
}

/** Stops a node and, as when a machine goes down, the pod containers it ran. */
export async function stopNode(docker: Docker, cluster: string, name: string): Promise<void> {
  const node = await findNode(docker, cluster, name);
  await docker.getContainer(node.id).stop().catch(ignoreNotModified);
  const pods = await podContainers(docker, cluster, name);
  await Promise.all(
    pods.map((id) => docker.getContainer(id).stop({ t: podStopSeconds }).catch(ignoreNotModified)),
  );
}

/** Stops every node of the cluster, in parallel. */
export async function stopNodes(docker: Docker, cluster: string): Promise<void> {
  const nodes = await listNodes(docker, cluster);
  await Promise.all(nodes.map((n) => stopNode(docker, cluster, n.name)));
}

/** Starts a stopped node; its agent brings its pods back. */
export async function startNode(docker: Docker, cluster: string, name: string): Promise<void> {
  const node = await findNode(docker, cluster, name);
  await docker.getContainer(node.id).start().catch(ignoreNotModified);
}

/** Removes a node container and the pod containers it ran. */
export async function removeNode(docker: Docker, cluster: string, name: string): Promise<void> {
  const node = await findNode(docker, cluster, name);
  await removeContainers(docker, [node.id]);
  await removeContainers(docker, await podContainers(docker, cluster, name));
}

/**
 * Removes everything the cluster created in Docker, found by label: node containers first (so
 * no agent starts new pods meanwhile), then pod containers, then the network.
 */
export async function removeAll(docker: Docker, cluster: string): Promise<void> {
  const nodes = await listNodes(docker, cluster);
  const memoryDirs = await secretDirsOf(docker, nodes);
  await removeContainers(
    docker,
    nodes.map((n) => n.id),
  );
  const rest = await docker.listContainers({
    all: true,
    filters: { label: [`${CLUSTER_LABEL}=${cluster}`] },
  });
  await removeContainers(
    docker,
    rest.map((c) => c.Id),
  );
  await removeNetwork(docker, cluster);
  for (const dir of memoryDirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** The tmpfs folders the nodes mount for Secret volumes, read from their mounts. */
async function secretDirsOf(docker: Docker, nodes: NodeContainer[]): Promise<string[]> {
  const dirs = new Set<string>();
  for (const n of nodes) {
    const info = await docker
      .getContainer(n.id)
      .inspect()
      .catch(() => undefined);
    for (const m of info?.Mounts ?? [])
      if (m.Type === 'bind' && m.Source.startsWith(secretDirPrefix)) dirs.add(m.Source);
  }
  return [...dirs];
}

async function findNode(docker: Docker, cluster: string, name: string): Promise<NodeContainer> {
  const node = (await listNodes(docker, cluster)).find((n) => n.name === name);
  if (!node) throw new Error(`node "${name}" not found in cluster "${cluster}"`);
  return node;
}

/** Pod containers the node's agent made: they carry the node's name but no role. */
async function podContainers(docker: Docker, cluster: string, node: string): Promise<string[]> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${CLUSTER_LABEL}=${cluster}`, `${NODE_LABEL}=${node}`] },
  });
  return found.filter((c) => !c.Labels[ROLE_LABEL]).map((c) => c.Id);
}

async function removeContainers(docker: Docker, ids: string[]): Promise<void> {
  await Promise.all(
    ids.map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((err: { statusCode?: number }) => {
          // 404: already gone; 409: removal already in progress.
          if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
        }),
    ),
  );
}

export function ignoreNotModified(err: { statusCode?: number }): void {
  if (err.statusCode !== 304) throw err;
}

export async function nodeImageId(docker: Docker, image = NODE_IMAGE): Promise<string> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new Error(`node image ${image} is missing: run \`minik8s images build\``);
    }
    throw err;
  }
}

interface NodeSlot {
  name: string;
  role: NodeRole;
  ip: string;
}

/** Makes the node's container exist with the wanted settings and run. */
async function ensureNode(
  docker: Docker,
  config: NodeConfig,
  network: ClusterNetwork,
  imageId: string,
  slot: NodeSlot,
  current?: NodeContainer,
): Promise<void> {
  const spec = containerSpec(config, network, imageId, slot);
  if (current) {
    const info = await docker.getContainer(current.id).inspect();
    if (info.Config.Labels?.[CONFIG_LABEL] === spec.Labels?.[CONFIG_LABEL]) {
      if (!info.State.Running) await docker.getContainer(current.id).start().catch(ignoreNotModified);
      return;
    }
    await removeContainers(docker, [current.id]);
  }
  const container = await docker.createContainer(spec);
  try {
    await container.start();
  } catch (err) {
    // A container that never ran would hold the node's name and address for nothing.
    if (!current) await container.remove({ force: true }).catch(() => undefined);
    throw err;
  }
}

function containerSpec(
  config: NodeConfig,
  network: ClusterNetwork,
  imageId: string,
  slot: NodeSlot,
): Docker.ContainerCreateOptions {
  const memoryDir = secretDir(config.stateDir);
  const env = [
    // glibc's malloc, told to keep one arena and to hand large and trailing free blocks back to
    // the system, holds about 2 MB less of the agent's RSS with 100 pods, at no cost in CPU seen.
    'MALLOC_ARENA_MAX=1',
    'MALLOC_MMAP_THRESHOLD_=65536',
    'MALLOC_TRIM_THRESHOLD_=65536',
    `MINIK8S_STATE_DIR=${config.stateDir}`,
    ...(memoryDir ? [`MINIK8S_SECRET_DIR=${memoryDir}`] : []),
    `MINIK8S_SERVER=https://${network.gateway}:${config.apiPort}`,
    // The agent acts as its node (system:node:NAME), with the rights RBAC gives nodes, not the admin's.
    `MINIK8S_TOKEN=${componentToken(config.token, nodeUserName(slot.name))}`,
    `MINIK8S_CA_FILE=${config.caFile}`,
    `MINIK8S_NODE_NAME=${slot.name}`,
    `MINIK8S_CLUSTER=${config.cluster}`,
    ...(config.clusterDNS ? [`MINIK8S_CLUSTER_DNS=${config.clusterDNS}`] : []),
    ...(config.kubelet ? [`${KUBELET_SETTINGS_ENV}=${JSON.stringify(config.kubelet)}`] : []),
    // The agent labels its pod containers as test ones too.
    ...(process.env.MINIK8S_TEST === '1' ? ['MINIK8S_TEST=1'] : []),
  ];
  const spec: Docker.ContainerCreateOptions = {
    name: slot.name,
    Hostname: slot.name,
    Image: config.image ?? NODE_IMAGE,
    // The agent's RSS counts against the node (docs/nodes-and-pods.md, "The agent's memory"): a
    // small young generation, as its garbage is short-lived; no optimizing compilers, whose code
    // and working memory are a sixth of it while a mostly idle agent gains no speed a user sees;
    // and its bundle (scripts/bundle-agent.mjs), one file rather than ~550 modules.
    Cmd: config.command ?? [
      '/usr/bin/node',
      '--max-semi-space-size=1',
      '--lite-mode',
      `${mountedInstallDir}/${AGENT_BUNDLE}`,
    ],
    Env: env,
    Labels: {
      ...clusterLabels(config.cluster),
      [ROLE_LABEL]: slot.role,
      [NODE_LABEL]: slot.name,
      [IP_LABEL]: slot.ip,
    },
    HostConfig: {
      // tini as PID 1: the agent gets SIGTERM on stop and zombies are reaped.
      Init: true,
      RestartPolicy: { Name: 'no' },
      NetworkMode: network.name,
      Binds: [
        `${dockerSocket}:${dockerSocket}`,
        `${installDir}:${mountedInstallDir}:ro`,
        `${config.stateDir}:${config.stateDir}`,
        // Docker creates it when missing, as after a reboot emptied /dev/shm.
        ...(memoryDir ? [`${memoryDir}:${memoryDir}`] : []),
      ],
      ...(config.memory ? { Memory: parseMemory(config.memory) } : {}),
      ...(config.cpus ? { NanoCpus: parseCpus(config.cpus) } : {}),
    },
    NetworkingConfig: {
      EndpointsConfig: {
        [network.name]: { IPAMConfig: { IPv4Address: slot.ip }, Aliases: [slot.name] },
      },
    },
  };
  // The network's id too: a container cannot start on a network re-created under its name.
  const hash = createHash('sha256')
    .update(JSON.stringify({ spec, imageId, network: network.id }))
    .digest('hex');
  (spec.Labels as Record<string, string>)[CONFIG_LABEL] = hash;
  return spec;
}
