import { fieldErrors as fe } from '../../schema/field-errors.js';
import { intOrPercentCauses } from '../../schema/int-or-percent.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import { validateLabelSelector } from '../../schema/validate-selector.js';
import { podDisruptionBudgetPrinter } from '../../table/policy.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import { STATUS } from '../subresources.js';

/** Kubernetes' ValidatePodDisruptionBudgetSpec. */
function validatePdb(pdb: Obj): StatusCause[] {
  const s = specOf(pdb);
  const causes: StatusCause[] = [];
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined)
    causes.push(
      fe.invalid('spec.minAvailable', s.minAvailable, 'minAvailable and maxUnavailable cannot be both set'),
    );
  causes.push(...intOrPercentCauses(s.minAvailable, 'spec.minAvailable', true));
  causes.push(...intOrPercentCauses(s.maxUnavailable, 'spec.maxUnavailable', true));
  if (s.selector !== undefined) causes.push(...validateLabelSelector(s.selector, 'spec.selector'));
  return causes;
}

export const POD_DISRUPTION_BUDGETS: KindDef = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  shortNames: ['pdb'],
  versions: [
    builtinVersion('policy', 'v1', 'PodDisruptionBudget', {
      protobuf: 'k8s.io.api.policy.v1.PodDisruptionBudget',
    }),
  ],
  subresources: [STATUS],
  printer: podDisruptionBudgetPrinter,
  validate: validatePdb,
  strategy: { resetStatusOnCreate: true },
};
