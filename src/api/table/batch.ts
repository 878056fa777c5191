/** batch/v1 kinds as printers.go prints them. */
import { humanDuration, since } from '../time.js';
import { boolPtr, containerCells, formatLabelSelector } from './format.js';
import { ageColumn, column, nameColumn, type Printer, wide } from './types.js';

const containersColumn = wide('Containers', 'Names of each container in the template.');
const imagesColumn = wide('Images', 'Images referenced by each container in the template.');
const selectorColumn = wide('Selector', 'A label query over pods that should match the pod count.');

export const jobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'Status of the job.'),
    column('Completions', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells(job, now) {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    const succeeded = status.succeeded ?? 0;
    let completions: string;
    if (spec.completions !== undefined && spec.completions !== null)
      completions = `${succeeded}/${spec.completions}`;
    else if ((spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
    else completions = `${succeeded}/1`;

    let duration = '';
    if (status.startTime) {
      const start = Date.parse(status.startTime);
      const end = status.completionTime ? Date.parse(status.completionTime) : now;
      duration = humanDuration(end - start);
    }
    const [names, images] = containerCells(spec.template?.spec?.containers);
    return [
      job.metadata.name,
      jobStatus(job),
      completions,
      duration,
      since(job.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

function jobStatus(job: any): string {
  const conditions: any[] = job.status?.conditions ?? [];
  const has = (type: string) => conditions.find((c) => c.type === type)?.status === 'True';
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
    ),
    column(
      'Suspend',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.',
      { type: 'boolean' },
    ),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  cells(cj, now) {
    const spec = cj.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const [names, images] = containerCells(jobSpec.template?.spec?.containers);
    return [
      cj.metadata.name,
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      boolPtr(spec.suspend),
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>',
      since(cj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(jobSpec.selector),
    ];
  },
};
