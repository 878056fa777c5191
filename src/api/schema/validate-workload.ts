/**
 * What the workload kinds (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job) check alike:
 * their selector against their pod template, counts, rolling updates, an immutable selector.
 */
import type { StatusCause } from '../types.js';
import { fieldErrors as fe, nonNegative } from './field-errors.js';
import { isObj, type Obj, specOf } from './json-values.js';
import { sameJson } from './same-json.js';
import { validatePodTemplate } from './validate-pod.js';
import { emptySelector, selectorMatches, validateLabelSelector } from './validate-selector.js';

export const templateLabels = (s: Obj): Obj =>
  isObj(s.template?.metadata?.labels) ? s.template.metadata.labels : {};

export interface WorkloadRules {
  kind: string;
  selectorRequired: boolean;
  restartPolicies: string[];
  /** Volume names the pods get besides the template's (a StatefulSet's claim templates). */
  claimVolumes?: string[];
}

/** Selector, template and counts of a workload's spec. */
export function validateWorkloadSpec(s: Obj, rules: WorkloadRules, path = 'spec'): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const key of ['replicas', 'minReadySeconds', 'revisionHistoryLimit'])
    causes.push(...nonNegative(s, key, path));
  if (!isObj(s.selector)) {
    if (rules.selectorRequired) causes.push(fe.required(`${path}.selector`));
  } else {
    causes.push(...validateLabelSelector(s.selector, `${path}.selector`));
    if (emptySelector(s.selector)) {
      causes.push(
        fe.invalid(
          `${path}.selector`,
          s.selector,
          `empty selector is invalid for ${rules.kind.toLowerCase()}`,
        ),
      );
    } else if (isObj(s.template) && !selectorMatches(s.selector, templateLabels(s))) {
      causes.push(
        fe.invalid(
          `${path}.template.metadata.labels`,
          templateLabels(s),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (!isObj(s.template)) {
    causes.push(fe.required(`${path}.template`));
    return causes;
  }
  causes.push(...validatePodTemplate(s.template, `${path}.template`, rules.claimVolumes));
  const restartPolicy = s.template.spec?.restartPolicy;
  if (restartPolicy !== undefined && !rules.restartPolicies.includes(restartPolicy)) {
    causes.push(fe.notSupported(`${path}.template.spec.restartPolicy`, restartPolicy, rules.restartPolicies));
  }
  if (s.template.spec?.activeDeadlineSeconds !== undefined && rules.kind !== 'Job') {
    causes.push(
      fe.forbidden(
        `${path}.template.spec.activeDeadlineSeconds`,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return causes;
}

export function validateRollingUpdate(ru: unknown, path: string): StatusCause[] {
  if (!isObj(ru)) return [];
  const causes: StatusCause[] = [];
  for (const key of ['maxUnavailable', 'maxSurge']) {
    const v = ru[key];
    if (typeof v === 'number' && v < 0)
      causes.push(fe.invalid(`${path}.${key}`, v, 'must be greater than or equal to 0'));
    if (typeof v === 'string' && !/^\d+%$/.test(v))
      causes.push(
        fe.invalid(
          `${path}.${key}`,
          v,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      );
    if (
      typeof v === 'string' &&
      /^\d+%$/.test(v) &&
      Number(v.slice(0, -1)) > 100 &&
      key === 'maxUnavailable'
    ) {
      causes.push(fe.invalid(`${path}.${key}`, v, 'must not be greater than 100%'));
    }
  }
  const zero = (v: unknown) => v === 0 || v === '0%';
  if (zero(ru.maxUnavailable) && zero(ru.maxSurge ?? 0)) {
    causes.push(fe.invalid(`${path}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  return causes;
}

/** A workload's selector may not change once set. */
export function validateSelectorUnchanged(next: Obj, old: Obj): StatusCause[] {
  const [ns, os] = [specOf(next), specOf(old)];
  return os.selector !== undefined && !sameJson(ns.selector, os.selector)
    ? [fe.immutable('spec.selector', ns.selector ?? null)]
    : [];
}
