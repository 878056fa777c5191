import { ApiError } from '../api/errors.js';
import type { PodStatus, ServedPod } from '../api/kinds/index.js';
import { PODS } from '../api/kinds/index.js';
import { Client } from '../client/client.js';

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.code === code;
}

/**
 * Writes a pod's status onto the copy of the pod last seen (kept up to date in `known`), read
 * again on a conflict. A pod gone, or replaced by another of the same name, is left alone.
 */
export async function writePodStatus(
  client: Client,
  known: Map<string, ServedPod>,
  pod: ServedPod,
  status: PodStatus,
): Promise<void> {
  let current = known.get(pod.metadata.uid) ?? pod;
  for (let i = 0; i < 3; i++) {
    try {
      const updated = await client.update<ServedPod>(PODS, { ...current, status }, 'status');
      if (known.has(updated.metadata.uid)) known.set(updated.metadata.uid, updated);
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
}

/** The last step of a graceful delete: the pod's containers are gone, so its object goes. */
export async function deletePodObject(client: Client, pod: ServedPod): Promise<void> {
  // Options as query parameters: Client sends a DELETE body without Content-Length, which
  // Node's server cannot frame. The object named is the one being deleted: a new pod of the
  // same name cannot exist until it is gone.
  await client
    .request('DELETE', Client.path(PODS, pod.metadata.namespace, pod.metadata.name), {
      query: { gracePeriodSeconds: 0 },
    })
    .catch((err) => {
      if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
    });
}
