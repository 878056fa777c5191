import type { Pod } from '../../api/kinds/index.js';
import { deletionOrder } from '../workloads/pods.js';
import { type BackoffRecord, remainingBackoffMs } from './backoff.js';
import type { JobSync } from './job-controller.js';
import { createPods, deletePods, MAX_PODS_PER_SYNC } from './job-pods.js';
import type { SyncState } from './job-status.js';
import { completionIndex, isIndexed, isSuspended, onlyReplaceFailedPods } from './job-util.js';

export interface Managed {
  active: number;
  requeueMs?: number;
  error?: unknown;
}

/**
 * Kubernetes' manageJob: brings the active pods to what the Job wants now (none while
 * suspended; at most parallelism and the completions still missing), deleting first, creating
 * only once the back-off since the last failure has passed.
 */
export async function manageJob(
  sync: JobSync,
  s: SyncState,
  key: string,
  active: Pod[],
  succeeded: number,
  backoff: BackoffRecord,
): Promise<Managed> {
  const { jp } = sync;
  const job = s.job;
  if (isSuspended(job)) return remove(sync, s, key, active, active);
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  const want =
    completions === undefined || completions === null
      ? succeeded > 0
        ? active.length
        : parallelism
      : Math.max(0, Math.min(completions - succeeded, parallelism));
  const extra = podsForRemoval(s, active, Math.max(0, active.length - want));
  if (extra.length) return remove(sync, s, key, active, extra.slice(0, MAX_PODS_PER_SYNC));
  if (active.length >= want) return { active: active.length };
  const { jobPodFailureBackoffMs: base, jobPodFailureBackoffMaxMs: max } = jp.ctx.settings;
  const wait = remainingBackoffMs(backoff, s.now, base, max);
  if (wait > 0) return { active: active.length, requeueMs: wait };
  const terminating = onlyReplaceFailedPods(job) ? s.terminating : 0;
  const diff = Math.min(want - active.length - terminating, MAX_PODS_PER_SYNC);
  if (diff <= 0) return { active: active.length };
  const indexes = isIndexed(job) ? pendingIndexes(s, active, diff, completions ?? 0) : undefined;
  const { created, error } = await createPods(jp, job, diff, indexes);
  sync.expectations.created(key, created);
  return { active: active.length + created.length, error };
}

async function remove(
  sync: JobSync,
  s: SyncState,
  key: string,
  active: Pod[],
  pods: Pod[],
): Promise<Managed> {
  const { deleted, error } = await deletePods(sync.jp, s.job, pods, true);
  sync.expectations.deleted(key, deleted);
  return { active: active.length - deleted.length, error };
}

/**
 * Which active pods go when there are too many: an Indexed Job's pods with no valid index, of
 * an index that already succeeded, or sharing an index first; then in Kubernetes' removal order.
 */
function podsForRemoval(s: SyncState, active: Pod[], atLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left = active;
  if (isIndexed(s.job)) {
    const completions = s.job.spec?.completions ?? 0;
    const byIndex = new Map<number, Pod[]>();
    left = [];
    for (const pod of active) {
      const ix = completionIndex(pod);
      if (ix === undefined || ix >= completions || s.succeededIndexes.has(ix)) rm.push(pod);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), pod]);
    }
    for (const group of byIndex.values()) {
      const [keep, ...dups] = [...group].sort(deletionOrder).reverse();
      left.push(keep);
      rm.push(...dups);
    }
  }
  if (rm.length < atLeast) rm.push(...[...left].sort(deletionOrder).slice(0, atLeast - rm.length));
  return rm;
}

/** The lowest indexes that neither succeeded nor have an active pod. */
function pendingIndexes(s: SyncState, active: Pod[], count: number, completions: number): number[] {
  const taken = new Set(active.map(completionIndex));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++)
    if (!s.succeededIndexes.has(i) && !taken.has(i)) out.push(i);
  return out;
}
