import { CRON_JOBS, type CronJob, JOBS, type Job, type ObjectReference } from '../../api/kinds/index.js';
import { type CronSchedule, cronSchedule } from '../../api/schema/cron.js';
import { timestamp } from '../../api/time.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { ownedBy } from '../../client/indexes.js';
import type { Informer } from '../../client/informer.js';
import {
  type ControllerContext,
  type ControllerFactory,
  controllerOwnerKeys,
  objectKey,
  splitKey,
} from '../controller.js';
import { finishedCondition, isFinished, isSucceeded } from '../job/job-util.js';
import { ignoreNotFound } from '../retry.js';
import { controllerOf, controllerRefOf } from '../workloads/pods.js';
import { mostRecentScheduleTime, nextScheduleDelay } from './schedule-times.js';
import { rfc3339In } from './zoned-time.js';

interface CronSync {
  ctx: ControllerContext;
  jobs: Informer<Job>;
  recorder: EventRecorder;
}

/**
 * Kubernetes' CronJob controller (v2): makes a Job named `<cronjob>-<scheduled minute>` at each
 * start of the schedule in the CronJob's time zone, within startingDeadlineSeconds, as its
 * concurrencyPolicy allows; follows its Jobs into status.active, lastScheduleTime and
 * lastSuccessfulTime; and keeps its finished Jobs within the history limits.
 */
export const cronJobController: ControllerFactory = (ctx) => {
  const cronJobs = ctx.informers.for<CronJob>(CRON_JOBS);
  const cs: CronSync = {
    ctx,
    jobs: ctx.informers.for<Job>(JOBS),
    recorder: ctx.recorder('cronjob-controller'),
  };
  return {
    name: 'cronjob',
    watches: [
      { def: CRON_JOBS, keys: (cj) => [objectKey(cj)] },
      { def: JOBS, keys: controllerOwnerKeys('CronJob') },
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const cj = cronJobs.get(ns, name);
      // Over a stale cached CronJob the status write conflicts and the work queue tries again;
      // the Job names keep a start from being made twice meanwhile.
      return cj ? sync(cs, structuredClone(cj)) : undefined;
    },
  };
};

async function sync(cs: CronSync, cj: CronJob): Promise<number | undefined> {
  cj.status ??= {};
  const children = ownedBy(cs.jobs, cj.metadata.uid!).filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
  const cleaned = await cleanupFinishedJobs(cs, cj, children);
  const { requeueMs, changed } = await syncCronJob(cs, cj, children);
  if (cleaned || changed) await cs.ctx.client.update(CRON_JOBS, cj, 'status');
  return requeueMs;
}

const inActive = (cj: CronJob, uid: string) => (cj.status?.active ?? []).some((r) => r.uid === uid);
const dropActive = (cj: CronJob, uid: string) => {
  cj.status!.active = (cj.status!.active ?? []).filter((r) => r.uid !== uid);
};

/** Follows the CronJob's Jobs into its status: finished ones leave active, successes set lastSuccessfulTime. */
async function followJobs(cs: CronSync, cj: CronJob, children: Job[]): Promise<boolean> {
  let changed = false;
  for (const j of children) {
    const uid = j.metadata.uid!;
    const found = inActive(cj, uid);
    if (!found && !isFinished(j)) {
      cs.recorder.record(
        cj,
        'Warning',
        'UnexpectedJob',
        `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
      );
    } else if (found && isFinished(j)) {
      dropActive(cj, uid);
      const condition = finishedCondition(j)?.type;
      cs.recorder.record(
        cj,
        'Normal',
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name}, condition: ${condition}`,
      );
      changed = true;
    } else if (isSucceeded(j) && j.status?.completionTime) {
      const last = Date.parse(cj.status!.lastSuccessfulTime ?? '') || 0;
      if (Date.parse(j.status.completionTime) > last) {
        cj.status!.lastSuccessfulTime = j.status.completionTime;
        changed = true;
      }
    }
  }
  const uids = new Set(children.map((j) => j.metadata.uid));
  for (const ref of [...(cj.status!.active ?? [])].filter((r) => !uids.has(r.uid))) {
    // Asked of the API, not the cache: a Job the cache has not shown yet is not missing.
    const job = await ignoreNotFound(cs.ctx.client.get(JOBS, ref.namespace, ref.name!));
    if (job) continue;
    cs.recorder.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    dropActive(cj, ref.uid!);
    changed = true;
  }
  return changed;
}

/** The schedule, or an event saying why there is none to follow. */
function scheduleOf(cs: CronSync, cj: CronJob): CronSchedule | undefined {
  const tz = cj.spec?.timeZone ?? undefined;
  if (tz) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch (err) {
      cs.recorder.record(
        cj,
        'Warning',
        'UnknownTimeZone',
        `invalid timeZone: "${tz}": ${(err as Error).message}`,
      );
      return undefined;
    }
  }
  try {
    return cronSchedule(cj.spec?.schedule ?? '', tz);
  } catch (err) {
    invalidSchedule(cs, cj, err);
    return undefined;
  }
}

function invalidSchedule(cs: CronSync, cj: CronJob, err: unknown): void {
  const message = `invalid schedule: ${cj.spec?.schedule} : ${(err as Error).message}`;
  cs.recorder.record(cj, 'Warning', 'InvalidSchedule', message);
}

/** The start due now, if one is; null when the schedule's starts are not a second apart. */
function dueStart(cs: CronSync, cj: CronJob, schedule: CronSchedule, now: number): number | undefined | null {
  try {
    const r = mostRecentScheduleTime(cj, now, schedule, true);
    if (r.due !== undefined && r.missed === 'many') {
      const message =
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew';
      cs.recorder.record(cj, 'Warning', 'TooManyMissedTimes', message);
    }
    return r.due;
  } catch (err) {
    invalidSchedule(cs, cj, err);
    return null;
  }
}

async function syncCronJob(cs: CronSync, cj: CronJob, children: Job[]) {
  let changed = await followJobs(cs, cj, children);
  const done = (requeueMs?: number) => ({ requeueMs, changed });
  if (cj.metadata.deletionTimestamp || cj.spec?.suspend) return done();
  const schedule = scheduleOf(cs, cj);
  if (!schedule) return done();
  const now = cs.ctx.clock.now();
  const due = dueStart(cs, cj, schedule, now);
  if (due === null) return done();
  const next = () => done(nextScheduleDelay(cj, cs.ctx.clock.now(), schedule));
  if (due === undefined) return next();
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && due + deadline * 1000 < now) {
    cs.recorder.record(
      cj,
      'Warning',
      'MissSchedule',
      `Missed scheduled time to start a job: ${new Date(due).toUTCString().replace('GMT', '+0000')}`,
    );
    return next();
  }
  const jobName = `${cj.metadata.name}-${Math.floor(due / 60_000)}`;
  const last = Date.parse(cj.status!.lastScheduleTime ?? '');
  if ((cj.status!.active ?? []).some((r) => r.name === jobName) || last === due) return next();
  if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status!.active ?? []).length) {
    cs.recorder.record(
      cj,
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return next();
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const ref of [...(cj.status!.active ?? [])]) changed = (await deleteJob(cs, cj, ref)) || changed;
  }
  const job = await startJob(cs, cj, jobName, due);
  if (!job) return done();
  cj.status!.active = [...(cj.status!.active ?? []), refOf(job)];
  cj.status!.lastScheduleTime = timestamp(new Date(due));
  changed = true;
  return next();
}

/** Creates the start's Job; a Job of that name made before (by this controller) is taken as it. */
async function startJob(
  cs: CronSync,
  cj: CronJob,
  name: string,
  scheduled: number,
): Promise<Job | undefined> {
  const tmpl = cj.spec!.jobTemplate;
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: { ...tmpl.metadata?.labels },
      annotations: {
        ...tmpl.metadata?.annotations,
        'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339In(
          scheduled,
          cj.spec?.timeZone ?? undefined,
        ),
      },
      ownerReferences: [controllerRefOf(cj)],
    },
    spec: structuredClone(tmpl.spec!),
  };
  try {
    const created = await cs.ctx.client.create<Job>(JOBS, job);
    cs.recorder.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
    return created;
  } catch (err) {
    if ((err as { code?: number }).code !== 409) {
      cs.recorder.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
    const existing = await cs.ctx.client.get<Job>(JOBS, cj.metadata.namespace, name);
    const ours = controllerOf(existing)?.uid === cj.metadata.uid && !inActive(cj, existing.metadata.uid!);
    return ours ? existing : undefined;
  }
}

function refOf(job: Job): ObjectReference {
  const { name, namespace, uid, resourceVersion } = job.metadata;
  return { apiVersion: 'batch/v1', kind: 'Job', name, namespace, uid, resourceVersion };
}

/** Deletes a Job with its pods (background), and its reference in active. */
async function deleteJob(
  cs: CronSync,
  cj: CronJob,
  ref: Pick<ObjectReference, 'name' | 'uid'>,
): Promise<boolean> {
  try {
    await ignoreNotFound(
      cs.ctx.client.delete(JOBS, cj.metadata.namespace, ref.name!, { propagationPolicy: 'Background' }),
    );
  } catch (err) {
    cs.recorder.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`);
    return false;
  }
  dropActive(cj, ref.uid!);
  cs.recorder.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
  return true;
}

/** Deletes the oldest finished Jobs past successfulJobsHistoryLimit and failedJobsHistoryLimit. */
async function cleanupFinishedJobs(cs: CronSync, cj: CronJob, children: Job[]): Promise<boolean> {
  const limits = [
    {
      limit: cj.spec?.successfulJobsHistoryLimit,
      jobs: children.filter((j) => finishedCondition(j)?.type === 'Complete'),
    },
    {
      limit: cj.spec?.failedJobsHistoryLimit,
      jobs: children.filter((j) => finishedCondition(j)?.type === 'Failed'),
    },
  ];
  let changed = false;
  for (const { limit, jobs } of limits) {
    if (limit === undefined || limit === null || jobs.length <= limit) continue;
    for (const j of jobs.sort(byStartTime).slice(0, jobs.length - limit))
      changed = (await deleteJob(cs, cj, j.metadata)) || changed;
  }
  return changed;
}

/** Oldest start first; Jobs never started last; then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa !== !sb) return sa ? -1 : 1;
  const d = (Date.parse(sa ?? '') || 0) - (Date.parse(sb ?? '') || 0);
  return d || a.metadata.name!.localeCompare(b.metadata.name!);
}
