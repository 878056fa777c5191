import { type Event, JOBS, type Job } from '../../api/kinds/index.js';
import { selectorString } from '../../api/table/format.js';
import { humanDuration } from '../../api/time.js';
import { describePodTemplate } from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  printAnnotationsMultiline,
  printControlledBy,
  printLabelsMultiline,
  rfc1123z,
  tabbed,
  withEvents,
} from './shared.js';

const set = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;

/** capIndexesListOrNone: the completed indexes, cut after the first comma past 50 characters. */
function capIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma === -1 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

/** kubectl's describeJob. */
export function describeJobText(job: Job, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = job.spec;
    const status = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    printControlledBy(w, job);
    if (set(spec?.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${set(spec?.completions) ? spec.completions : '<unset>'}\n`);
    if (set(spec?.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (set(spec?.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (set(spec?.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (set(spec?.ttlSecondsAfterFinished))
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime)
      w.write(
        LEVEL_0,
        `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`,
      );
    if (set(spec?.activeDeadlineSeconds))
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const ready = set(status.ready) ? ` (${status.ready} Ready)` : '';
    w.write(
      LEVEL_0,
      `Pods Statuses:\t${status.active ?? 0} Active${ready} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed\n`,
    );
    if (spec?.completionMode === 'Indexed')
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(status.completedIndexes)}\n`);
    describePodTemplate(spec?.template, w);
    describeEvents(events, w, now);
  });
}

export const describeJob = withEvents<Job>(JOBS, describeJobText);
