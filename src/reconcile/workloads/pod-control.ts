import { PODS, type Pod } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { ControllerContext } from '../controller.js';
import { isNotFound } from '../retry.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Kubernetes' RealPodControl.CreatePods: the pod made, and SuccessfulCreate or FailedCreate on its owner. */
export async function createPod(
  ctx: ControllerContext,
  recorder: EventRecorder,
  owner: KubeObject,
  pod: Pod,
): Promise<Pod> {
  try {
    const created = await ctx.client.create<Pod>(PODS, pod);
    recorder.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return created;
  } catch (err) {
    recorder.record(owner, 'Warning', 'FailedCreate', `Error creating: ${message(err)}`);
    throw err;
  }
}

/**
 * Kubernetes' RealPodControl.DeletePod: the pod deleted, and SuccessfulDelete or FailedDelete on
 * its owner; false when it was gone already.
 */
export async function deletePod(
  ctx: ControllerContext,
  recorder: EventRecorder,
  owner: KubeObject,
  pod: Pod,
): Promise<boolean> {
  try {
    await ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
  } catch (err) {
    if (isNotFound(err)) return false;
    recorder.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${message(err)}`);
    throw err;
  }
  recorder.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  return true;
}
