import type Docker from 'dockerode';
import { CLUSTER_LABEL, networkName } from '../net/network.js';
import { networkContainerName } from './network-container.js';
import { nodeName } from './nodes.js';

const notFound = (err: { statusCode?: number }) => {
  if (err.statusCode === 404) return undefined;
  throw err;
};

/**
 * Before a new cluster is made: fails, naming it, when a container already has a name the
 * cluster's containers would take (someone else's, or one left from an earlier cluster of that
 * name, as kind refuses a cluster whose nodes exist), or another's network has its network's name.
 */
export async function checkDockerNamesFree(d: Docker, cluster: string, nodes: number): Promise<void> {
  const names = [
    ...Array.from({ length: nodes }, (_, i) => nodeName(cluster, i)),
    networkContainerName(cluster),
  ];
  for (const name of names) {
    if (await d.getContainer(name).inspect().catch(notFound))
      throw new Error(
        `a container named "${name}" already exists: remove it (docker rm -f ${name}) or choose another --name`,
      );
  }
  const net = networkName(cluster);
  const found = (await d.getNetwork(net).inspect().catch(notFound)) as Docker.NetworkInspectInfo | undefined;
  // The cluster's own network, left by a `down` that failed midway, is taken up again.
  if (found && found.Labels?.[CLUSTER_LABEL] !== cluster)
    throw new Error(
      `a Docker network named "${net}" already exists: remove it (docker network rm ${net}) or choose another --name`,
    );
}
