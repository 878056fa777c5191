import { JOBS, type Job } from '../../api/kinds/index.js';
import { type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { ignoreNotFound } from '../retry.js';
import { finishedCondition } from './job-util.js';

/** When a finished Job with a TTL expires (ms since the epoch), or undefined when it never does. */
function expiresAt(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const finished = finishedCondition(job);
  if (ttl === undefined || ttl === null || !finished || job.metadata.deletionTimestamp) return undefined;
  const at = Date.parse(finished.lastTransitionTime ?? '');
  return Number.isFinite(at) ? at + ttl * 1000 : undefined;
}

/**
 * Kubernetes' ttlafterfinished controller: a Job with ttlSecondsAfterFinished is deleted, with
 * its pods (foreground), that long after it completed or failed. The TTL is read again from
 * the API before the delete, so a TTL changed meanwhile is the one that counts.
 */
export const ttlAfterFinishedController: ControllerFactory = (ctx) => {
  const jobs = ctx.informers.for<Job>(JOBS);
  return {
    name: 'ttl-after-finished',
    watches: [
      { def: JOBS, keys: (j: Job) => (j.spec?.ttlSecondsAfterFinished != null ? [objectKey(j)] : []) },
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const cached = jobs.get(ns, name);
      const at = cached && expiresAt(cached);
      if (at === undefined) return undefined;
      if (at > ctx.clock.now()) return at - ctx.clock.now();
      const fresh = await ignoreNotFound(ctx.client.get<Job>(JOBS, ns, name));
      const freshAt = fresh && expiresAt(fresh);
      if (freshAt === undefined) return undefined;
      if (freshAt > ctx.clock.now()) return freshAt - ctx.clock.now();
      await ignoreNotFound(
        ctx.client.delete(JOBS, ns, name, {
          propagationPolicy: 'Foreground',
          preconditions: { uid: fresh!.metadata.uid },
        }),
      );
      return undefined;
    },
  };
};
