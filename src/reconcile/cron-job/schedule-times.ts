import type { CronJob } from '../../api/kinds/index.js';
import type { CronSchedule } from '../../api/schema/cron.js';

/** More missed starts than this and the controller says so (Kubernetes' "more than 80, less than lots"). */
const MANY_MISSED = 100;

export interface MostRecent {
  /** The last schedule time, else the CronJob's creation (or the starting deadline, when later). */
  earliest: number;
  /** The latest start due at or before now, if any. */
  due?: number;
  missed: 'none' | 'few' | 'many';
}

/**
 * Kubernetes' mostRecentScheduleTime: which start is due now, counting the missed ones roughly
 * from the interval between two starts, so a controller down for days does not walk through
 * every minute it missed. Throws for a schedule whose starts are not a second apart.
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  schedule: CronSchedule,
  withDeadline: boolean,
): MostRecent {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined && deadline !== null)
    earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = schedule.next(earliest);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, missed: 'none' };
  if (now < t2) return { earliest, due: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const missedCount = Math.floor((now - t1) / 1000 / between) + 1;
  let due: number | undefined;
  for (let t = schedule.next(t1 + (missedCount - 2) * between * 1000); t <= now; t = schedule.next(t))
    due = t;
  return { earliest, due, missed: missedCount > MANY_MISSED ? 'many' : 'few' };
}

/** How long until the next start is due, with Kubernetes' 100 ms of slack for clock skew. */
export function nextScheduleDelay(cj: CronJob, now: number, schedule: CronSchedule): number {
  let from = now;
  try {
    const r = mostRecentScheduleTime(cj, now, schedule, false);
    from = r.due ?? (r.missed === 'none' ? r.earliest : now);
  } catch {
    // Aim for the next slot from now: the schedule is checked again then.
  }
  return schedule.next(from) + 100 - now;
}
