import { JOBS, type Job, type JobCondition, type Pod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { type JobPods, removeFinalizer } from './job-pods.js';
import {
  completionIndex,
  ensureCondition,
  formatIndexes,
  hasTrackingFinalizer,
  isIndexed,
  isPodFailed,
  newCondition,
} from './job-util.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Uncounted pods a status holds at most before the Job counts them (Kubernetes' MaxUncountedPods). */
const MAX_UNCOUNTED = 500;

/** What one sync of a Job works with. */
export interface SyncState {
  /** The Job as this sync will write it (its status changes as the sync goes). */
  job: Job;
  pods: Pod[];
  /** uncountedTerminatedPods as the sync found it. */
  uncountedAtStart: Set<string>;
  /** Pods whose finalizer this controller took off and the cache still shows. */
  expectedRemovals: Set<string>;
  /** The condition the Job is to end with (or an interim one: SuccessCriteriaMet, FailureTarget). */
  finished?: JobCondition;
  /** An Indexed Job's succeeded indexes, before and with this sync's. */
  prevSucceededIndexes: Set<number>;
  succeededIndexes: Set<number>;
  terminating: number;
  now: number;
}

const counted = (s: SyncState, pod: Pod) =>
  !hasTrackingFinalizer(pod) || s.expectedRemovals.has(pod.metadata.uid!);

/** Pods the Job has not counted yet that ended (succeeded or failed) since the last sync. */
export function newlyFinished(s: SyncState, uncounted: string[], ended: (p: Pod) => boolean): Pod[] {
  const skip = new Set(uncounted);
  return s.pods.filter((p) => !counted(s, p) && !skip.has(p.metadata.uid!) && ended(p));
}

/** Moves uncounted pods whose finalizer is gone into the counters: the exactly-once step. */
function countPodsWithoutFinalizers(job: Job, withFinalizer: Set<string>): boolean {
  const u = job.status!.uncountedTerminatedPods!;
  let changed = false;
  for (const field of ['succeeded', 'failed'] as const) {
    const keep = (u[field] ?? []).filter((uid) => withFinalizer.has(uid));
    const done = (u[field] ?? []).length - keep.length;
    if (!done) continue;
    job.status![field] = (job.status![field] ?? 0) + done;
    u[field] = keep;
    changed = true;
  }
  return changed;
}

/**
 * Kubernetes' trackJobStatusAndRemoveFinalizers: ended pods go into uncountedTerminatedPods,
 * the status is written, then their finalizers come off, then they move into the counters. A
 * restart at any point neither loses nor doubles a pod: a pod is counted once its finalizer
 * is gone, and its finalizer only goes once its uid is in the status.
 */
export async function trackStatus(jp: JobPods, s: SyncState, needsFlush: boolean): Promise<boolean> {
  const job = s.job;
  const status = withUncountedLists(job).status!;
  const withFinalizer = new Set(s.pods.filter((p) => !counted(s, p)).map((p) => p.metadata.uid!));
  let flush = countPodsWithoutFinalizers(job, withFinalizer) || needsFlush;
  const { toRemove, newIndexes, full } = recordEnded(s);
  if (toRemove.added) flush = true;
  if (isIndexed(job)) {
    for (const i of newIndexes) s.succeededIndexes.add(i);
    const text = formatIndexes(s.succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) flush = true;
    status.completedIndexes = text || undefined;
    status.succeeded = s.succeededIndexes.size;
  }
  flush = addInterimCondition(s) || flush;
  if (flush) s.job = withUncountedLists(await writeStatus(jp, s.job));
  const removed = await removeFinalizers(jp, s, toRemove.pods, withFinalizer);
  flush = countPodsWithoutFinalizers(s.job, withFinalizer) || removed.dropped;
  const finished = !full && enactFinished(s);
  if (flush || finished) s.job = withUncountedLists(await writeStatus(jp, s.job));
  if (finished) recordFinished(jp, s.job, s.finished!);
  if (removed.error) throw removed.error;
  return finished;
}

/** Ended pods the Job still holds: their uids into the status (Indexed: their indexes). */
function recordEnded(s: SyncState) {
  const job = s.job;
  const u = job.status!.uncountedTerminatedPods!;
  const completions = job.spec?.completions ?? 0;
  const failing = s.finished && s.finished.type !== 'SuccessCriteriaMet';
  const pods: Pod[] = [];
  const newIndexes: number[] = [];
  let added = false;
  let full = false;
  const ordered = isIndexed(job)
    ? [...s.pods].sort((a, b) => (completionIndex(a) ?? 0) - (completionIndex(b) ?? 0))
    : s.pods;
  for (const pod of ordered) {
    if (counted(s, pod)) continue;
    const uid = pod.metadata.uid!;
    const failed = isPodFailed(pod, job);
    if (!failed && !failing && pod.status?.phase !== 'Succeeded') continue;
    pods.push(pod);
    const ix = completionIndex(pod);
    if (pod.status?.phase === 'Succeeded' && !u.failed!.includes(uid)) {
      if (isIndexed(job)) {
        if (ix !== undefined && ix < completions && !s.prevSucceededIndexes.has(ix)) newIndexes.push(ix);
      } else if (!u.succeeded!.includes(uid)) {
        u.succeeded!.push(uid);
        added = true;
      }
    } else if (!u.failed!.includes(uid) && (!isIndexed(job) || (ix !== undefined && ix < completions))) {
      if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job, pod).countFailed) {
        u.failed!.push(uid);
        added = true;
      }
    }
    if (newIndexes.length + u.succeeded!.length + u.failed!.length >= MAX_UNCOUNTED) {
      full = true;
      break;
    }
  }
  return { toRemove: { pods, added }, newIndexes, full };
}

/**
 * Writes FailureTarget or SuccessCriteriaMet before any finalizer goes, and turns the sync's
 * aim into the terminal condition that follows it.
 */
function addInterimCondition(s: SyncState): boolean {
  const f = s.finished;
  if (!f) return false;
  const status = s.job.status!;
  let changed = false;
  if (f.type === 'FailureTarget' || f.type === 'SuccessCriteriaMet') {
    if (!status.conditions?.some((c) => c.type === f.type && c.status === 'True')) {
      status.conditions = [...(status.conditions ?? []), f];
      if (f.type === 'SuccessCriteriaMet') status.completionTime = f.lastTransitionTime;
      changed = true;
    }
    s.finished = newCondition(
      f.type === 'FailureTarget' ? 'Failed' : 'Complete',
      f.reason!,
      f.message!,
      s.now,
    );
  }
  return changed;
}

async function removeFinalizers(jp: JobPods, s: SyncState, pods: Pod[], withFinalizer: Set<string>) {
  const u = s.job.status!.uncountedTerminatedPods!;
  let dropped = false;
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      const uid = pod.metadata.uid!;
      try {
        const result = await removeFinalizer(jp, pod);
        withFinalizer.delete(uid);
        s.expectedRemovals.add(uid);
        // Already off, yet new to the status: a count before this one took it, and this sync
        // saw the pod through a cache older than the Job.
        if (result === 'absent' && !s.uncountedAtStart.has(uid)) {
          u.succeeded = u.succeeded!.filter((x) => x !== uid);
          u.failed = u.failed!.filter((x) => x !== uid);
          dropped = true;
        }
      } catch (err) {
        error ??= err;
      }
    }),
  );
  return { dropped, error };
}

/** Adds the terminal condition once every ended pod is counted and none is still terminating. */
function enactFinished(s: SyncState): boolean {
  const f = s.finished;
  if (!f) return false;
  const u = s.job.status!.uncountedTerminatedPods!;
  if (u.succeeded!.length + u.failed!.length > 0 || s.terminating > 0) return false;
  ensureCondition(s.job, f.type, 'True', f.reason ?? '', f.message ?? '', s.now);
  if (f.type === 'Complete') s.job.status!.completionTime ??= timestamp(new Date(s.now));
  return true;
}

function recordFinished(jp: JobPods, job: Job, f: JobCondition): void {
  if (f.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && (job.status?.succeeded ?? 0) > completions)
      jp.recorder.record(
        job,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    jp.recorder.record(job, 'Normal', 'Completed', 'Job completed');
  } else jp.recorder.record(job, 'Warning', f.reason ?? 'Failed', f.message ?? '');
}

/**
 * Writes the status with the Job's resourceVersion: a Job changed since is a conflict, and the
 * sync starts over. Empty uncounted lists are left out, as Kubernetes shows `uncountedTerminatedPods: {}`.
 */
async function writeStatus(jp: JobPods, job: Job): Promise<Job> {
  const sent = structuredClone(job);
  const u = sent.status?.uncountedTerminatedPods;
  if (u && !u.succeeded?.length) delete u.succeeded;
  if (u && !u.failed?.length) delete u.failed;
  return jp.ctx.client.update<Job>(JOBS, sent, 'status');
}

/** The Job with both uncounted lists present, for the steps that add to them. */
function withUncountedLists(job: Job): Job {
  const u = ((job.status ??= {}).uncountedTerminatedPods ??= {});
  u.succeeded ??= [];
  u.failed ??= [];
  return job;
}
