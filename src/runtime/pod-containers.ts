import type { ContainerRuntime } from './container-runtime.js';
import { podInstances } from './instances.js';
import { LABEL } from './labels.js';
import { removeContainers } from './termination.js';

/**
 * The pod containers of one cluster, found by the labels the agents put on them: what the
 * control plane's sweep of dead nodes reads and removes (src/reconcile/pod-container-sweep.ts).
 */
export function clusterPodContainers(runtime: ContainerRuntime, cluster: string) {
  return {
    async list(): Promise<{ podUid: string; nodeName: string }[]> {
      const nodeOf = new Map<string, string>();
      for (const c of await runtime.listContainers({ [LABEL.cluster]: cluster })) {
        const uid = c.labels[LABEL.podUid];
        // Node containers carry the cluster's label too, but no pod's.
        if (uid) nodeOf.set(uid, c.labels[LABEL.node] ?? '');
      }
      return [...nodeOf].map(([podUid, nodeName]) => ({ podUid, nodeName }));
    },
    async remove(podUid: string): Promise<void> {
      await removeContainers(runtime, await podInstances(runtime, podUid));
      await runtime.removeVolumes({ [LABEL.podUid]: podUid });
    },
  };
}
