/** batch/v1: Job and CronJob. */
import {
  BATCH,
  bool,
  CORE,
  int32,
  int64,
  kind,
  labelSelector,
  list,
  obj,
  objectMeta,
  oneOf,
  opaque,
  ref,
  str,
  strs,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const b = (name: string, description?: string) => ref(BATCH + name, description);
const gvk = (k: string) => ({ group: 'batch', version: 'v1', kind: k });

export const batchDefinitions: Definitions = {
  [`${BATCH}Job`]: kind('Job represents the configuration of a single job.', gvk('Job'), {
    spec: b('JobSpec', 'Specification of the desired behavior of a job.'),
    status: b('JobStatus', 'Current status of a job.'),
  }),
  [`${BATCH}JobSpec`]: obj(
    'JobSpec describes how the job execution will look like.',
    {
      activeDeadlineSeconds: int64(
        'Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.',
      ),
      backoffLimit: int32('Specifies the number of retries before marking this job failed. Defaults to 6'),
      backoffLimitPerIndex: int32(
        'Specifies the limit for the number of retries within an index before marking this index as failed. Only for completionMode Indexed.',
      ),
      completionMode: oneOf(
        ['Indexed', 'NonIndexed'],
        'completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.',
      ),
      completions: int32(
        'Specifies the desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods.',
      ),
      managedBy: str('ManagedBy field indicates the controller that manages a Job.'),
      manualSelector: bool(
        'manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing.',
      ),
      maxFailedIndexes: int32(
        'Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.',
      ),
      parallelism: int32(
        'Specifies the maximum desired number of pods the job should run at any given time. Defaults to 1.',
      ),
      podFailurePolicy: b('PodFailurePolicy', 'Specifies the policy of handling failed pods.'),
      podReplacementPolicy: oneOf(
        ['Failed', 'TerminatingOrFailed'],
        'podReplacementPolicy specifies when to create replacement Pods.',
      ),
      selector: labelSelector(
        'A label query over pods that should match the pod count. Normally, the system sets this field for you.',
      ),
      successPolicy: opaque('successPolicy specifies the policy when the Job can be declared as succeeded.'),
      suspend: bool(
        'suspend specifies whether the Job controller should create Pods or not. Defaults to false.',
      ),
      template: ref(
        `${CORE}PodTemplateSpec`,
        'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".',
      ),
      ttlSecondsAfterFinished: int32(
        'ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).',
      ),
    },
    ['template'],
  ),
  [`${BATCH}PodFailurePolicy`]: obj(
    'PodFailurePolicy describes how failed pods influence the backoffLimit.',
    {
      rules: list(
        b('PodFailurePolicyRule'),
        'A list of pod failure policy rules. The rules are evaluated in order.',
        { listType: 'atomic' },
      ),
    },
    ['rules'],
  ),
  [`${BATCH}PodFailurePolicyRule`]: obj(
    'PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.',
    {
      action: oneOf(
        ['Count', 'FailIndex', 'FailJob', 'Ignore'],
        'Specifies the action taken on a pod failure when the requirements are satisfied.',
      ),
      onExitCodes: b(
        'PodFailurePolicyOnExitCodesRequirement',
        'Represents the requirement on the container exit codes.',
      ),
      onPodConditions: list(
        b('PodFailurePolicyOnPodConditionsPattern'),
        'Represents the requirement on the pod conditions.',
        { listType: 'atomic' },
      ),
    },
    ['action'],
  ),
  [`${BATCH}PodFailurePolicyOnExitCodesRequirement`]: obj(
    'PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.',
    {
      containerName: str('Restricts the check for exit codes to the container with the specified name.'),
      operator: oneOf(
        ['In', 'NotIn'],
        'Represents the relationship between the container exit code(s) and the specified values.',
      ),
      values: list({ type: 'integer', format: 'int32', default: 0 }, 'Specifies the set of values.', {
        listType: 'set',
      }),
    },
    ['operator', 'values'],
  ),
  [`${BATCH}PodFailurePolicyOnPodConditionsPattern`]: obj(
    'PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.',
    {
      status: str('Specifies the required Pod condition status.'),
      type: str('Specifies the required Pod condition type.'),
    },
    ['type', 'status'],
  ),
  [`${BATCH}JobStatus`]: obj('JobStatus represents the current state of a Job.', {
    active: int32(
      'The number of pending and running pods which are not terminating (without a deletionTimestamp).',
    ),
    completedIndexes: str(
      'completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format.',
    ),
    completionTime: time('Represents time when the job was completed.'),
    conditions: list(b('JobCondition'), "The latest available observations of an object's current state.", {
      listType: 'atomic',
    }),
    failed: int32('The number of pods which reached phase Failed.'),
    failedIndexes: str('FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.'),
    ready: int32(
      'The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp).',
    ),
    startTime: time('Represents time when the job controller started processing a job.'),
    succeeded: int32('The number of pods which reached phase Succeeded.'),
    terminating: int32(
      'The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).',
    ),
    uncountedTerminatedPods: b(
      'UncountedTerminatedPods',
      "uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters.",
    ),
  }),
  [`${BATCH}UncountedTerminatedPods`]: obj(
    "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.",
    {
      failed: strs('failed holds UIDs of failed Pods.', { listType: 'set' }),
      succeeded: strs('succeeded holds UIDs of succeeded Pods.', { listType: 'set' }),
    },
  ),
  [`${BATCH}JobCondition`]: obj(
    'JobCondition describes current state of a job.',
    {
      lastProbeTime: time('Last time the condition was checked.'),
      lastTransitionTime: time('Last time the condition transit from one status to another.'),
      message: str('Human readable message indicating details about last transition.'),
      reason: str("(brief) reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.'),
      type: str('Type of job condition, Complete or Failed.'),
    },
    ['type', 'status'],
  ),
  [`${BATCH}CronJob`]: kind('CronJob represents the configuration of a single cron job.', gvk('CronJob'), {
    spec: b('CronJobSpec', 'Specification of the desired behavior of a cron job, including the schedule.'),
    status: b('CronJobStatus', 'Current status of a cron job.'),
  }),
  [`${BATCH}CronJobSpec`]: obj(
    'CronJobSpec describes how the job execution will look like and when it will actually run.',
    {
      concurrencyPolicy: oneOf(
        ['Allow', 'Forbid', 'Replace'],
        'Specifies how to treat concurrent executions of a Job. Valid values are: "Allow" (default), "Forbid" and "Replace".',
      ),
      failedJobsHistoryLimit: int32(
        'The number of failed finished jobs to retain. Value must be non-negative integer. Defaults to 1.',
      ),
      jobTemplate: b('JobTemplateSpec', 'Specifies the job that will be created when executing a CronJob.'),
      schedule: str('The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      startingDeadlineSeconds: int64(
        'Optional deadline in seconds for starting the job if it misses scheduled time for any reason.',
      ),
      successfulJobsHistoryLimit: int32(
        'The number of successful finished jobs to retain. Value must be non-negative integer. Defaults to 3.',
      ),
      suspend: bool(
        'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.',
      ),
      timeZone: str(
        'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
      ),
    },
    ['schedule', 'jobTemplate'],
  ),
  [`${BATCH}JobTemplateSpec`]: obj(
    'JobTemplateSpec describes the data a Job should have when created from a template',
    {
      metadata: objectMeta(),
      spec: b('JobSpec', 'Specification of the desired behavior of the job.'),
    },
  ),
  [`${BATCH}CronJobStatus`]: obj('CronJobStatus represents the current state of a cron job.', {
    active: list(ref(`${CORE}ObjectReference`), 'A list of pointers to currently running jobs.', {
      listType: 'atomic',
    }),
    lastScheduleTime: time('Information when was the last time the job was successfully scheduled.'),
    lastSuccessfulTime: time('Information when was the last time the job successfully completed.'),
  }),
};
