import type { DaemonSet, Node, Pod } from '../../api/kinds/index.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { type ControllerContext, objectKey } from '../controller.js';
import { deletionKey, type Expectations } from '../workloads/expectations.js';
import { CONTROLLER_REVISION_HASH } from '../workloads/history.js';
import { createPod, deletePod } from '../workloads/pod-control.js';
import { podFromTemplate } from '../workloads/pods.js';
import { affinityFor, withDaemonTolerations } from './placement.js';

const TEMPLATE_GENERATION = 'pod-template-generation';

/** What one pass over a DaemonSet works with. */
export interface DaemonPass {
  ctx: ControllerContext;
  recorder: EventRecorder;
  expectations: Expectations;
  key: string;
  ds: DaemonSet;
  /** The controller-revision-hash of the current template. */
  hash: string;
  nodes: Node[];
  /** The daemon pods by the node they are for, terminal pods being deleted left out. */
  byNode: Map<string, Pod[]>;
  now: number;
}

/** Kubernetes' CreatePodTemplate and ReplaceDaemonSetPodNodeNameNodeAffinity: the daemon pod for `node`. */
function daemonPod(pass: DaemonPass, node: string): Pod {
  const { ds, hash } = pass;
  const pod = podFromTemplate(ds, ds.spec!.template, {
    labels: { [TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1), [CONTROLLER_REVISION_HASH]: hash },
  });
  const spec = withDaemonTolerations(pod.spec!);
  pod.spec = { ...spec, affinity: affinityFor(spec.affinity, node) };
  return pod;
}

/**
 * Kubernetes' syncNodes: deletes `doomed` and makes a pod on each of `nodes`, each write
 * expected so that no pass counts again before the cache shows it. Every write is tried; the
 * first failure is thrown after, for the queue to retry with back-off.
 */
export async function syncNodes(pass: DaemonPass, doomed: Pod[], nodes: string[]): Promise<void> {
  const { ctx, recorder, expectations, key, ds } = pass;
  const results = await Promise.allSettled([
    ...nodes.map(async (node) => {
      const created = await createPod(ctx, recorder, ds, daemonPod(pass, node));
      expectations.created(key, [objectKey(created)]);
    }),
    ...doomed.map(async (p) => {
      if (await deletePod(ctx, recorder, ds, p)) expectations.deleted(key, [deletionKey(p)]);
    }),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
