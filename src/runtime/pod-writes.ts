import { ApiError } from '../api/errors.js';
import type { PodStatus, ServedPod } from '../api/kinds/index.js';
import { PODS } from '../api/kinds/resources.js';
import { withoutManagedFields } from '../api/object-meta.js';
import type { KubeClient } from '../client/kube-client.js';

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.code === code;
}

/**
 * Writes a pod's status onto the copy of the pod last seen (kept up to date in `known`), read
 * again on a conflict. A pod gone, or replaced by another of the same name, is left alone.
 */
export async function writePodStatus(
  client: KubeClient,
  known: Map<string, ServedPod>,
  pod: ServedPod,
  status: PodStatus,
): Promise<void> {
  let current = known.get(pod.metadata.uid) ?? pod;
  for (let i = 0; i < 3; i++) {
    try {
      const updated = await client.update<ServedPod>(PODS, { ...current, status }, 'status');
      if (known.has(updated.metadata.uid)) known.set(updated.metadata.uid, withoutManagedFields(updated)); // as the informer keeps it
      return;
    } catch (err) {
      if (isStatus(err, 404)) return;
      if (!isStatus(err, 409)) throw err;
      const fresh = await client
        .get<ServedPod>(PODS, pod.metadata.namespace, pod.metadata.name)
        .catch(() => undefined);
      if (!fresh || fresh.metadata.uid !== pod.metadata.uid) return;
      current = fresh;
    }
  }
  // Not written: the agent's status sync tries again (it keeps no status it could not post).
  throw new Error('the pod changed under each of 3 tries');
}

/**
 * The last step of a graceful delete: the pod's containers are gone, so its object goes. The
 * uid precondition keeps a new pod of the same name from being deleted in its place: that 409,
 * like a 404, says this pod is gone already.
 */
export async function deletePodObject(client: KubeClient, pod: ServedPod): Promise<void> {
  const { namespace, name, uid } = pod.metadata;
  await client
    .delete(PODS, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } })
    .catch((err) => {
      if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
    });
}
