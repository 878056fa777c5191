import type Docker from 'dockerode';
import type { KubeObject } from '../api/types.js';
import { LABEL } from './labels.js';

/**
 * Removes the containers of a pod that was taken off an unreachable node: its agent is gone,
 * so the control plane (on the same Docker engine) cleans up after it.
 */
export async function removePodContainers(docker: Docker, pod: KubeObject): Promise<void> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.podUid}=${pod.metadata.uid}`] },
  });
  await Promise.all(
    found.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
