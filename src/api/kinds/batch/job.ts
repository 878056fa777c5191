import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, each, setDefault, unset } from '../../schema/default-values.js';
import { fieldErrors as fe, nonNegative } from '../../schema/field-errors.js';
import { isObj, type Obj, specOf } from '../../schema/json-values.js';
import { sameJson } from '../../schema/same-json.js';
import { validateSelectorUnchanged, validateWorkloadSpec } from '../../schema/validate-workload.js';
import { jobPrinter } from '../../table/batch.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

/**
 * Job defaults; a Job without manualSelector gets the selector and template labels the API
 * server generates from its uid.
 */
function defaultJob(job: Obj): void {
  const spec = child(job, 'spec');
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', unset(spec.backoffLimitPerIndex) ? 6 : 2147483647);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  if (isObj(spec.podFailurePolicy)) {
    each(spec.podFailurePolicy.rules, (r) => each(r.onPodConditions, (c) => setDefault(c, 'status', 'True')));
  }
  const uid = job.metadata?.uid;
  if (spec.manualSelector !== true && !isObj(spec.selector) && typeof uid === 'string' && uid) {
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const name = job.metadata?.name;
    const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
    labels['batch.kubernetes.io/controller-uid'] = uid;
    labels['controller-uid'] = uid;
    if (typeof name === 'string') {
      labels['batch.kubernetes.io/job-name'] = name;
      labels['job-name'] = name;
    }
  }
  defaultTemplate(spec);
}

/** A Job's spec, of a Job or of a CronJob's job template. */
export function validateJobSpec(s: Obj, path: string, selectorRequired: boolean): StatusCause[] {
  const causes = validateWorkloadSpec(
    s,
    { kind: 'Job', selectorRequired, restartPolicies: ['OnFailure', 'Never'] },
    path,
  );
  for (const key of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    causes.push(...nonNegative(s, key, path));
  if (typeof s.activeDeadlineSeconds === 'number' && s.activeDeadlineSeconds <= 0) {
    causes.push(
      fe.invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be greater than 0'),
    );
  }
  if (s.completionMode === 'Indexed' && s.completions === undefined) {
    causes.push(fe.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  return causes;
}

function validateJobUpdate(next: Obj, old: Obj): StatusCause[] {
  const [ns, os] = [specOf(next), specOf(old)];
  const causes = validateSelectorUnchanged(next, old);
  if (!ns.suspend && !os.suspend && os.template !== undefined && !sameJson(ns.template, os.template)) {
    causes.push(fe.immutable('spec.template', ns.template));
  }
  if (os.completionMode !== undefined && ns.completionMode !== os.completionMode)
    causes.push(fe.immutable('spec.completionMode', ns.completionMode ?? ''));
  return causes;
}

export const JOBS: KindDef = {
  ...resources.JOBS,
  versions: [builtinVersion('batch', 'v1', 'Job', { protobuf: 'k8s.io.api.batch.v1.Job' })],
  subresources: [STATUS],
  fieldLabels: ['status.successful'],
  printer: jobPrinter,
  defaults: defaultJob,
  validate: (job) => {
    const s = specOf(job);
    return validateJobSpec(s, 'spec', s.manualSelector === true);
  },
  validateUpdate: validateJobUpdate,
  strategy: { resetStatusOnCreate: true },
};
