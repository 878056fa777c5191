import { cronScheduleError } from '../../schema/cron.js';
import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe, nonNegative } from '../../schema/field-errors.js';
import { isObj, type Obj, specOf } from '../../schema/json-values.js';
import { cronJobPrinter } from '../../table/batch.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';
import { validateJobSpec } from './job.js';

function scheduleCauses(s: Obj): StatusCause[] {
  if (!s.schedule) return [fe.required('spec.schedule')];
  if (/^\s*(CRON_)?TZ=/.test(s.schedule))
    return [
      fe.invalid(
        'spec.schedule',
        s.schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    ];
  const err = cronScheduleError(String(s.schedule));
  return err ? [fe.invalid('spec.schedule', s.schedule, err)] : [];
}

function validateCronJob(cj: Obj): StatusCause[] {
  const s = specOf(cj);
  const causes: StatusCause[] = [];
  if (typeof cj.metadata?.name === 'string' && cj.metadata.name.length > 52) {
    causes.push(fe.invalid('metadata.name', cj.metadata.name, 'must be no more than 52 characters'));
  }
  causes.push(...scheduleCauses(s));
  if (s.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: s.timeZone });
    } catch {
      causes.push(fe.invalid('spec.timeZone', s.timeZone, `unknown time zone ${s.timeZone}`));
    }
  }
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    causes.push(...nonNegative(s, key, 'spec'));
  if (!isObj(s.jobTemplate)) causes.push(fe.required('spec.jobTemplate'));
  else
    causes.push(
      ...validateJobSpec(isObj(s.jobTemplate.spec) ? s.jobTemplate.spec : {}, 'spec.jobTemplate.spec', false),
    );
  return causes;
}

export const CRON_JOBS: KindDef = {
  ...resources.CRON_JOBS,
  versions: [builtinVersion('batch', 'v1', 'CronJob', { protobuf: 'k8s.io.api.batch.v1.CronJob' })],
  subresources: [STATUS],
  printer: cronJobPrinter,
  defaults: (cj) => {
    const spec = child(cj, 'spec');
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    if (isObj(spec.jobTemplate)) defaultTemplate(child(spec.jobTemplate, 'spec'));
  },
  validate: validateCronJob,
  strategy: { resetStatusOnCreate: true },
};
