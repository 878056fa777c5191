import { PODS, type Pod, type PodTemplateSpec } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { type ControllerContext, objectKey } from '../controller.js';
import { isNotFound } from '../retry.js';
import type { Expectations } from '../workloads/expectations.js';
import { isActive, podFromTemplate, rankedDeletionOrder } from '../workloads/pods.js';

/** At most this many pods are created or deleted in one pass (kube-controller-manager's burstReplicas). */
export const BURST_REPLICAS = 500;

/** What one pass of a ReplicaSet (or ReplicationController) works from. */
export interface ReplicaPass {
  ctx: ControllerContext;
  recorder: EventRecorder;
  expectations: Expectations;
  key: string;
  owner: KubeObject;
  template: PodTemplateSpec;
  replicas: number;
  /** The active pods it controls. */
  pods: Pod[];
  /** The pods of every ReplicaSet sharing its controller: where they crowd, pods go first. */
  related: Pod[];
}

/**
 * Kubernetes' slowStartBatch: calls `fn` `count` times in batches of 1, 2, 4, ... run in
 * parallel, stopping after the first batch with a failure, so a template that cannot make
 * pods (quota, a bad spec) costs one failed call, not hundreds.
 */
export async function slowStartBatch(
  count: number,
  initial: number,
  fn: () => Promise<unknown>,
): Promise<{ done: number; error?: unknown }> {
  let done = 0;
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, fn));
    done += results.filter((r) => r.status === 'fulfilled').length;
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) return { done, error: failed.reason };
    remaining -= size;
  }
  return { done };
}

/**
 * Creates or deletes pods until the owner has `replicas` active ones: at most BURST_REPLICAS a
 * pass, each change recorded as expected so the next pass waits to see it in the cache.
 * Resolves to the error that stopped it, if any (for the ReplicaFailure condition).
 */
export async function manageReplicas(p: ReplicaPass): Promise<unknown> {
  const diff = p.pods.length - p.replicas;
  if (diff < 0) return createPods(p, Math.min(-diff, BURST_REPLICAS));
  if (diff > 0) return deletePods(p, podsToDelete(p.pods, p.related, Math.min(diff, BURST_REPLICAS)));
  return undefined;
}

async function createPods(p: ReplicaPass, count: number): Promise<unknown> {
  const { error } = await slowStartBatch(count, 1, async () => {
    try {
      const pod = await p.ctx.client.create<Pod>(PODS, podFromTemplate(p.owner, p.template));
      p.expectations.created(p.key, [objectKey(pod)]);
      p.recorder.record(p.owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      p.recorder.record(p.owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  });
  return error;
}

/** Of `pods`, the `count` to delete first; related pods on the same node make a pod go sooner. */
export function podsToDelete(pods: Pod[], related: Pod[], count: number): Pod[] {
  if (count >= pods.length) return pods;
  const onNode = new Map<string, number>();
  for (const pod of related.filter(isActive)) {
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: Pod) => onNode.get(pod.spec?.nodeName ?? '') ?? 0;
  return [...pods].sort(rankedDeletionOrder(rank)).slice(0, count);
}

async function deletePods(p: ReplicaPass, pods: Pod[]): Promise<unknown> {
  const results = await Promise.allSettled(
    pods.map(async (pod) => {
      try {
        await p.ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
        p.recorder.record(p.owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err)) {
          p.recorder.record(p.owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
          throw err;
        }
      }
      p.expectations.deleted(p.key, [objectKey(pod)]);
    }),
  );
  return results.find((r) => r.status === 'rejected')?.reason;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
