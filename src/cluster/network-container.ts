/**
 * The cluster's network container, `<cluster>-network`: from the node image, on the cluster
 * bridge at a fixed address between the node range and the service range, with NET_ADMIN and
 * IP forwarding for its own network namespace. It runs `minik8s network`: the service proxy and
 * the cluster DNS, holding the whole service range. Docker restarts it unless it was stopped.
 */
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { ServiceRange } from '../api/service-range.js';
import { CLUSTER_LABEL, type ClusterNetwork, clusterLabels, ensureNetwork } from '../net/network.js';
import { NODE_IMAGE } from '../runtime/image-names.js';
import { CONFIG_LABEL, ignoreNotModified, installDir, mountedInstallDir } from './nodes.js';

/** What the network container carries to be told apart from nodes and pods. */
export const COMPONENT_LABEL = 'io.minik8s.component';
const COMPONENT = 'network';

export interface NetworkContainerConfig {
  cluster: string;
  /** $MINIK8S_HOME as the host sees it: the cluster's folder below it is mounted at the same path. */
  home: string;
  stateDir: string;
  image?: string;
}

export interface NetworkContainer {
  name: string;
  id: string;
  ip: string;
  state: string;
  status: string;
}

export const networkContainerName = (cluster: string) => `${cluster}-network`;

/** Two below the service range (x.y.63.254 of a /16): outside the node, pod and service ranges. */
export const networkContainerIn = (range: ServiceRange): string => range.addressAt(-2);

export function networkContainerAddress(subnet: string): string {
  return networkContainerIn(ServiceRange.ofBridge(subnet));
}

export async function findNetworkContainer(
  docker: Docker,
  cluster: string,
): Promise<NetworkContainer | undefined> {
  const [c] = await docker.listContainers({
    all: true,
    filters: { label: [`${CLUSTER_LABEL}=${cluster}`, `${COMPONENT_LABEL}=${COMPONENT}`] },
  });
  if (!c) return undefined;
  const ip = Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAMConfig?.IPv4Address ?? '';
  return { name: networkContainerName(cluster), id: c.Id, ip, state: c.State, status: c.Status };
}

function containerSpec(
  config: NetworkContainerConfig,
  network: ClusterNetwork,
  imageId: string,
): Docker.ContainerCreateOptions {
  const name = networkContainerName(config.cluster);
  const spec: Docker.ContainerCreateOptions = {
    name,
    Hostname: name,
    Image: config.image ?? NODE_IMAGE,
    Cmd: ['/usr/bin/node', `${mountedInstallDir}/bin/run.js`, 'network', '--name', config.cluster],
    Env: [`MINIK8S_HOME=${config.home}`],
    Labels: { ...clusterLabels(config.cluster), [COMPONENT_LABEL]: COMPONENT },
    HostConfig: {
      Init: true,
      RestartPolicy: { Name: 'unless-stopped' },
      CapAdd: ['NET_ADMIN'],
      // DNAT forwards each proxied packet out of the interface it came in by: no ICMP redirect
      // should tell a client it could have gone straight to the pod, which it cannot.
      Sysctls: {
        'net.ipv4.ip_forward': '1',
        'net.ipv4.conf.all.send_redirects': '0',
        'net.ipv4.conf.eth0.send_redirects': '0',
      },
      NetworkMode: network.name,
      Binds: [`${installDir}:${mountedInstallDir}:ro`, `${config.stateDir}:${config.stateDir}:ro`],
    },
    NetworkingConfig: {
      EndpointsConfig: {
        [network.name]: {
          IPAMConfig: { IPv4Address: networkContainerAddress(network.subnet) },
          Aliases: [name],
        },
      },
    },
  };
  // The image and network ids too: a rebuilt image or a re-created network means a new container.
  const hash = createHash('sha256')
    .update(JSON.stringify({ spec, imageId, network: network.id }))
    .digest('hex');
  (spec.Labels as Record<string, string>)[CONFIG_LABEL] = hash;
  return spec;
}

/** Creates, re-creates (its settings changed) or starts the network container. */
export async function ensureNetworkContainer(
  docker: Docker,
  config: NetworkContainerConfig,
  imageId: string,
): Promise<NetworkContainer> {
  const network = await ensureNetwork(docker, config.cluster);
  const spec = containerSpec(config, network, imageId);
  const current = await findNetworkContainer(docker, config.cluster);
  if (current) {
    const info = await docker.getContainer(current.id).inspect();
    if (info.Config.Labels?.[CONFIG_LABEL] === spec.Labels?.[CONFIG_LABEL]) {
      if (!info.State.Running) await docker.getContainer(current.id).start().catch(ignoreNotModified);
      return (await findNetworkContainer(docker, config.cluster))!;
    }
    await docker.getContainer(current.id).remove({ force: true });
  }
  const container = await docker.createContainer(spec);
  try {
    await container.start();
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    throw err;
  }
  const started = await findNetworkContainer(docker, config.cluster);
  if (!started) throw new Error(`network container ${spec.name} vanished right after its start`);
  return started;
}

/** Stops the network container; Docker then leaves it stopped until `up` starts it. */
export async function stopNetworkContainer(docker: Docker, cluster: string): Promise<void> {
  const c = await findNetworkContainer(docker, cluster);
  if (c) await docker.getContainer(c.id).stop().catch(ignoreNotModified);
}
