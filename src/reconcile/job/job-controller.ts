import { JOBS, type Job, PODS, type Pod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import type { Informer } from '../../client/informer.js';
import { labelSelectorMatcher } from '../../store/selector.js';
import { type ControllerContext, type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { claim } from '../workloads/claim.js';
import { Expectations } from '../workloads/expectations.js';
import { controllerOf, isActive, isReady } from '../workloads/pods.js';
import { claimCandidates } from '../workloads/selectors.js';
import { type BackoffRecord, nextBackoffRecord } from './backoff.js';
import { deletePods, type JobPods, removeFinalizer } from './job-pods.js';
import { newlyFinished, type SyncState, trackStatus } from './job-status.js';
import {
  completionIndex,
  ensureCondition,
  hasCondition,
  hasTrackingFinalizer,
  isFinished,
  isIndexed,
  isPodFailed,
  isSuspended,
  isTerminating,
  newCondition,
  parseIndexes,
} from './job-util.js';
import { manageJob } from './manage-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Keys of pods that hold the tracking finalizer with no controller left to count them. */
const ORPHAN = 'orphan-pod:';
const JOB_OF_POD = 'job-of-pod';

/** What the Job controller keeps between syncs (all of it may be lost: a restart starts from the API). */
export interface JobSync {
  jp: JobPods;
  pods: Informer<Pod>;
  expectations: Expectations;
  backoffs: Map<string, BackoffRecord>;
  /** Per Job, uids of pods whose finalizer was taken off and that the cache still shows with it. */
  removals: Map<string, Set<string>>;
}

/**
 * Kubernetes' Job controller: runs a Job's pods to its completions (Indexed or not) within
 * parallelism, replaces failed pods with exponential back-off up to backoffLimit, honours
 * activeDeadlineSeconds, suspend and podFailurePolicy, and counts every pod exactly once through
 * the job-tracking finalizer, across restarts.
 */
export const jobController: ControllerFactory = (ctx) => {
  const jobs = ctx.informers.for<Job>(JOBS);
  const pods = ctx.informers.for<Pod>(PODS);
  pods.addIndex(JOB_OF_POD, (p) => {
    const ref = controllerOf(p);
    return ref?.kind === 'Job' ? [`${p.metadata.namespace}/${ref.name}`] : [];
  });
  const sync: JobSync = {
    jp: { ctx, recorder: ctx.recorder('job-controller') },
    pods,
    expectations: new Expectations(ctx.clock),
    backoffs: new Map(),
    removals: new Map(),
  };
  return {
    name: 'job',
    watches: [
      { def: JOBS, keys: (j) => [objectKey(j)] },
      { def: PODS, keys: podKeys },
    ],
    async reconcile(key) {
      if (key.startsWith(ORPHAN)) return releaseOrphan(sync, key.slice(ORPHAN.length));
      const [ns, name] = splitKey(key);
      const job = jobs.get(ns, name);
      if (!job) return forget(sync, key);
      // A write over a stale cached Job fails with a conflict: the work queue tries again once
      // the change that made it stale has reached the cache.
      return syncJob(sync, key, job);
    },
  };
};

function podKeys(pod: Pod): string[] {
  const ref = controllerOf(pod);
  const ns = pod.metadata.namespace;
  if (ref?.kind === 'Job') return [`${ns}/${ref.name}`];
  return !ref && hasTrackingFinalizer(pod) ? [`${ORPHAN}${ns}/${pod.metadata.name}`] : [];
}

/** Pods of a Job of this name that are not the Job's own (`uid`) yet hold its finalizer. */
async function releaseStrays(sync: JobSync, key: string, uid?: string): Promise<void> {
  const strays = sync.pods
    .byIndex(JOB_OF_POD, key)
    .filter((p) => hasTrackingFinalizer(p) && controllerOf(p)?.uid !== uid);
  for (const pod of strays) await removeFinalizer(sync.jp, pod);
}

/** A Job gone: its pods' finalizers go, so the garbage collector can delete them. */
async function forget(sync: JobSync, key: string): Promise<undefined> {
  sync.backoffs.delete(key);
  sync.expectations.forget(key);
  sync.removals.delete(key);
  await releaseStrays(sync, key);
  return undefined;
}

async function releaseOrphan(sync: JobSync, key: string): Promise<undefined> {
  const pod = sync.pods.get(...splitKey(key));
  if (pod && !controllerOf(pod) && hasTrackingFinalizer(pod)) await removeFinalizer(sync.jp, pod);
  return undefined;
}

/** The Job's pods: those it controls, after adopting matching orphans and releasing the rest. */
async function podsOf(ctx: ControllerContext, sync: JobSync, job: Job): Promise<Pod[]> {
  const selector = job.spec?.selector;
  const matches = labelSelectorMatcher(selector);
  const candidates = claimCandidates(sync.pods, job, selector?.matchLabels);
  return claim(ctx, job, PODS, candidates, (p) => matches(p.metadata.labels ?? {}));
}

/** Drops the uids the cache now shows without the finalizer (or not at all). */
function expectedRemovals(sync: JobSync, key: string, pods: Pod[]): Set<string> {
  const set = sync.removals.get(key) ?? new Set<string>();
  sync.removals.set(key, set);
  const holding = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid!));
  for (const uid of set) if (!holding.has(uid)) set.delete(uid);
  return set;
}

async function syncJob(sync: JobSync, key: string, cached: Job): Promise<number | undefined> {
  const { ctx } = sync.jp;
  const managedBy = cached.spec?.managedBy;
  if (managedBy && managedBy !== 'kubernetes.io/job-controller') return undefined;
  const job = structuredClone(cached);
  await releaseStrays(sync, key, job.metadata.uid);
  const pods = await podsOf(ctx, sync, job);
  if (isFinished(job)) {
    sync.backoffs.delete(key);
    for (const pod of pods.filter(hasTrackingFinalizer)) await removeFinalizer(sync.jp, pod);
    return undefined;
  }
  const now = ctx.clock.now();
  const status = (job.status ??= {});
  const uncounted = status.uncountedTerminatedPods ?? {};
  const s: SyncState = {
    job,
    pods,
    uncountedAtStart: new Set([...(uncounted.succeeded ?? []), ...(uncounted.failed ?? [])]),
    expectedRemovals: expectedRemovals(sync, key, pods),
    prevSucceededIndexes: new Set(),
    succeededIndexes: new Set(),
    terminating: pods.filter(isTerminating).length,
    now,
  };
  const newSucceeded = newlyFinished(s, uncounted.succeeded ?? [], (p) => p.status?.phase === 'Succeeded');
  const newFailed = newlyFinished(s, uncounted.failed ?? [], (p) => isPodFailed(p, job));
  const counts = (p: Pod) => !job.spec?.podFailurePolicy || matchPodFailurePolicy(job, p).countFailed;
  let succeeded = (status.succeeded ?? 0) + newSucceeded.length + (uncounted.succeeded?.length ?? 0);
  const failed = (status.failed ?? 0) + newFailed.filter(counts).length + (uncounted.failed?.length ?? 0);
  if (!status.startTime && !isSuspended(job)) status.startTime = timestamp(new Date(now));
  const backoff = nextBackoffRecord(sync.backoffs.get(key), newSucceeded, newFailed);
  s.finished = finishing(job, pods, failed, now);
  if (isIndexed(job)) {
    succeeded = countIndexes(s, newSucceeded);
  }
  const outcome = await reachForState(sync, s, key, succeeded, backoff);
  const finished = await trackStatus(sync.jp, s, outcome.needsFlush);
  if (finished) sync.backoffs.delete(key);
  else sync.backoffs.set(key, backoff);
  if (outcome.error) throw outcome.error;
  return minDefined(outcome.requeueMs, deadlineRequeue(s.job, now));
}

/** An Indexed Job's succeeded indexes: those in the status and those of newly succeeded pods. */
function countIndexes(s: SyncState, newSucceeded: Pod[]): number {
  const completions = s.job.spec?.completions ?? 0;
  s.prevSucceededIndexes = parseIndexes(s.job.status?.completedIndexes, completions);
  s.succeededIndexes = new Set(s.prevSucceededIndexes);
  for (const p of newSucceeded) {
    const ix = completionIndex(p);
    if (ix !== undefined && ix < completions) s.succeededIndexes.add(ix);
  }
  return s.succeededIndexes.size;
}

/**
 * Acts on the Job's pods: a failing Job's active pods are deleted; otherwise manageJob brings
 * them to what the Job wants, and the Job succeeds once its completions succeeded and nothing runs.
 */
async function reachForState(
  sync: JobSync,
  s: SyncState,
  key: string,
  succeeded: number,
  backoff: BackoffRecord,
) {
  const job = s.job;
  const status = job.status!;
  const active = s.pods.filter(isActive);
  const ready = active.filter(isReady).length;
  const satisfied = sync.expectations.satisfied(key, (k) => {
    const p = sync.pods.get(...splitKey(k));
    return !!p && !p.metadata.deletionTimestamp;
  });
  let activeCount = active.length;
  let needsFlush = false;
  let requeueMs: number | undefined;
  let error: unknown;
  if (s.finished) {
    const deleted = await deletePods(sync.jp, job, active, false);
    // Not finished while a delete failed or the cache is behind: pods may still be coming.
    if (deleted.deleted.length !== active.length || !satisfied) s.finished = undefined;
    activeCount -= deleted.deleted.length;
    s.terminating += deleted.deleted.length;
    error = deleted.error;
  } else {
    const managed =
      satisfied && !job.metadata.deletionTimestamp
        ? await manageJob(sync, s, key, active, succeeded, backoff)
        : undefined;
    if (managed) ({ active: activeCount, requeueMs, error } = managed);
    const completions = job.spec?.completions;
    const complete =
      activeCount === 0 &&
      (completions === undefined || completions === null ? succeeded > 0 : succeeded >= completions);
    if (complete)
      s.finished = newCondition(
        'SuccessCriteriaMet',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        s.now,
      );
    else if (managed) needsFlush = suspendCondition(sync, job, s.now);
  }
  needsFlush ||=
    activeCount !== (status.active ?? 0) || ready !== status.ready || s.terminating !== status.terminating;
  Object.assign(status, { active: activeCount, ready, terminating: s.terminating });
  return { needsFlush, requeueMs, error };
}

/** Why the Job is to end now, if it is: a condition it has, a FailJob rule, the back-off limit, the deadline. */
function finishing(job: Job, pods: Pod[], failed: number, now: number) {
  const met = hasCondition(job, 'SuccessCriteriaMet');
  if (met) return met;
  const target = hasCondition(job, 'FailureTarget');
  if (target) return newCondition('Failed', target.reason ?? '', target.message ?? '', now);
  const failJob = job.spec?.podFailurePolicy
    ? pods
        .filter((p) => isPodFailed(p, job))
        .map((p) => matchPodFailurePolicy(job, p).message)
        .find(Boolean)
    : undefined;
  if (failJob) return newCondition('FailureTarget', 'PodFailurePolicy', failJob, now);
  if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods))
    return newCondition(
      'FailureTarget',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
      now,
    );
  if ((deadlineRequeue(job, now) ?? 1) <= 0)
    return newCondition(
      'FailureTarget',
      'DeadlineExceeded',
      'Job was active longer than specified deadline',
      now,
    );
  return undefined;
}

/** With restartPolicy OnFailure, failures are container restarts in the pods still running. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])])
      restarts += c.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Milliseconds until activeDeadlineSeconds runs out (undefined: no deadline running). */
function deadlineRequeue(job: Job, now: number): number | undefined {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = Date.parse(job.status?.startTime ?? '');
  if (seconds === undefined || isSuspended(job) || !Number.isFinite(start) || isFinished(job))
    return undefined;
  return start + seconds * 1000 - now;
}

/** The Suspended condition and its events; a resumed Job's active deadline counts from now. */
function suspendCondition(sync: JobSync, job: Job, now: number): boolean {
  const { recorder } = sync.jp;
  if (isSuspended(job)) {
    if (!ensureCondition(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) return false;
    recorder.record(job, 'Normal', 'Suspended', 'Job suspended');
    return true;
  }
  if (!ensureCondition(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) return false;
  recorder.record(job, 'Normal', 'Resumed', 'Job resumed');
  job.status!.startTime = timestamp(new Date(now));
  return true;
}

function minDefined(...values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined && v > 0);
  return defined.length ? Math.min(...defined) : undefined;
}
