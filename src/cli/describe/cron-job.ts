import { CRON_JOBS, type CronJob, type Event } from '../../api/kinds/index.js';
import { selectorString } from '../../api/table/format.js';
import { describePodTemplate } from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  orUnset,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  tabbed,
  withEvents,
} from './shared.js';

/** kubectl's describeCronJob, with its job template (describeJobTemplate). */
export function describeCronJobText(cj: CronJob, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = cj.spec;
    w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
    const suspend = spec?.suspend;
    w.write(
      LEVEL_0,
      `Suspend:\t${suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False'}\n`,
    );
    w.write(LEVEL_0, `Successful Job History Limit:\t${orUnset(spec?.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${orUnset(spec?.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${orUnset(spec?.startingDeadlineSeconds, 's')}\n`);
    const job = spec?.jobTemplate?.spec;
    w.write(LEVEL_0, `Selector:\t${job?.selector ? selectorString(job.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, `Parallelism:\t${orUnset(job?.parallelism)}\n`);
    w.write(LEVEL_0, `Completions:\t${orUnset(job?.completions)}\n`);
    if (job?.activeDeadlineSeconds !== undefined && job.activeDeadlineSeconds !== null)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${job.activeDeadlineSeconds}s\n`);
    describePodTemplate(job?.template, w);
    const last = cj.status?.lastScheduleTime;
    w.write(LEVEL_0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
    const active = cj.status?.active ?? [];
    w.write(LEVEL_0, 'Active Jobs:\t');
    w.line(active.length ? active.map((j) => j.name ?? '').join(', ') : '<none>');
    describeEvents(events, w, now);
  });
}

export const describeCronJob = withEvents<CronJob>(CRON_JOBS, describeCronJobText);
