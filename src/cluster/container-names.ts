import type Docker from 'dockerode';
import { networkContainerName } from './network-container.js';
import { nodeName } from './nodes.js';

/**
 * Before a new cluster is made: fails, naming it, when a container already has a name the
 * cluster's containers would take (someone else's, or one left from an earlier cluster of that
 * name), as kind refuses a cluster whose nodes already exist.
 */
export async function checkContainerNamesFree(d: Docker, cluster: string, nodes: number): Promise<void> {
  const names = [
    ...Array.from({ length: nodes }, (_, i) => nodeName(cluster, i)),
    networkContainerName(cluster),
  ];
  for (const name of names) {
    const taken = await d
      .getContainer(name)
      .inspect()
      .then(
        () => true,
        (err: { statusCode?: number }) => {
          if (err.statusCode === 404) return false;
          throw err;
        },
      );
    if (taken)
      throw new Error(
        `a container named "${name}" already exists: remove it (docker rm -f ${name}) or choose another --name`,
      );
  }
}
