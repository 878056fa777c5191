import { type Job, PODS, type Pod, type PodTemplateSpec } from '../../api/kinds/index.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { ControllerContext } from '../controller.js';
import { objectKey } from '../controller.js';
import { isNotFound } from '../retry.js';
import { podFromTemplate } from '../workloads/pods.js';
import { COMPLETION_INDEX, hasTrackingFinalizer, TRACKING_FINALIZER } from './job-util.js';

/** Creations and deletions a sync makes at most, as Kubernetes' MaxPodCreateDeletePerSync. */
export const MAX_PODS_PER_SYNC = 500;

export interface JobPods {
  ctx: ControllerContext;
  recorder: EventRecorder;
}

/** The template with what every pod of the Job carries: the tracking finalizer, and for Indexed Jobs the index variable. */
function podTemplate(job: Job): PodTemplateSpec {
  const template = structuredClone(job.spec!.template);
  const meta = (template.metadata ??= {});
  meta.finalizers = [...new Set([...(meta.finalizers ?? []), TRACKING_FINALIZER])];
  if (job.spec?.completionMode !== 'Indexed' || !template.spec) return template;
  const fieldPath = `metadata.annotations['${COMPLETION_INDEX}']`;
  for (const c of [...(template.spec.initContainers ?? []), ...template.spec.containers]) {
    if (c.env?.some((e) => e.name === 'JOB_COMPLETION_INDEX')) continue;
    c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath } } }];
  }
  return template;
}

function newPod(job: Job, template: PodTemplateSpec, index: number | undefined): Pod {
  if (index === undefined) return podFromTemplate(job, template);
  const name = job.metadata.name!;
  const pod = podFromTemplate(job, template, {
    generateName: `${name}-${index}-`,
    annotations: { [COMPLETION_INDEX]: String(index) },
    labels: { [COMPLETION_INDEX]: String(index) },
  });
  pod.spec!.hostname = `${name}-${index}`;
  return pod;
}

/**
 * Creates pods in batches of 1, 2, 4, ... (Kubernetes' slow start), so a Job whose pods are all
 * refused fails one create, not hundreds. `indexes` are an Indexed Job's; otherwise `count`.
 * The names created, and the first error.
 */
export async function createPods(
  jp: JobPods,
  job: Job,
  count: number,
  indexes: number[] | undefined,
): Promise<{ created: string[]; error?: unknown }> {
  const template = podTemplate(job);
  const wanted = indexes ?? Array.from({ length: count }, () => undefined);
  const created: string[] = [];
  for (let start = 0, batch = 1; start < wanted.length; start += batch, batch *= 2) {
    const results = await Promise.allSettled(
      wanted
        .slice(start, start + batch)
        .map((i) => jp.ctx.client.create<Pod>(PODS, newPod(job, template, i))),
    );
    for (const r of results) {
      if (r.status === 'rejected') continue;
      created.push(objectKey(r.value));
      jp.recorder.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata.name}`);
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      const reason = (failed as PromiseRejectedResult).reason;
      jp.recorder.record(job, 'Warning', 'FailedCreate', `Error creating: ${(reason as Error).message}`);
      return { created, error: reason };
    }
  }
  return { created };
}

/**
 * Takes the tracking finalizer off a pod: 'removed', or 'absent' when it was already off (or
 * the pod is gone), which only a count made before can have done.
 */
export async function removeFinalizer(jp: JobPods, pod: Pod): Promise<'removed' | 'absent'> {
  const { namespace, name, uid } = pod.metadata;
  let current = pod;
  for (let attempt = 0; ; attempt++) {
    if (!hasTrackingFinalizer(current) || current.metadata.uid !== uid) return 'absent';
    const finalizers = current.metadata.finalizers!.filter((f) => f !== TRACKING_FINALIZER);
    try {
      await jp.ctx.client.update(PODS, { ...current, metadata: { ...current.metadata, finalizers } });
      return 'removed';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      if (attempt >= 4 || (err as { code?: number }).code !== 409) throw err;
      current = await jp.ctx.client.get<Pod>(PODS, namespace, name!).catch((e) => {
        if (isNotFound(e)) return { ...current, metadata: { ...current.metadata, finalizers: [] } };
        throw e;
      });
    }
  }
}

/**
 * Deletes pods the Job no longer wants. `dropFinalizer`: they are not to be counted (too many,
 * or the Job suspended), so their finalizer goes first. How many deletes were issued.
 */
export async function deletePods(
  jp: JobPods,
  job: Job,
  pods: Pod[],
  dropFinalizer: boolean,
): Promise<{ deleted: string[]; error?: unknown }> {
  const results = await Promise.allSettled(
    pods.map(async (pod) => {
      if (dropFinalizer) await removeFinalizer(jp, pod);
      try {
        await jp.ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      jp.recorder.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      return objectKey(pod);
    }),
  );
  const deleted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  return { deleted, error: failed?.reason };
}
