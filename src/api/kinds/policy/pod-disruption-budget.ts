import { type LabelMatcher, labelSelectorMatcher } from '../../../store/selector.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { intOrPercentCauses } from '../../schema/int-or-percent.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import { validateLabelSelector } from '../../schema/validate-selector.js';
import { podDisruptionBudgetPrinter } from '../../table/policy.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';
import type { LabelSelector } from '../types.generated.js';

const matchers = new WeakMap<object, LabelMatcher>();

/**
 * Which pods' labels a budget covers: none when it has no selector or an empty one (policy/v1),
 * a malformed one covering none either. Compiled once per budget object, however often asked.
 */
export function budgetMatcher(pdb: { spec?: { selector?: LabelSelector } }): LabelMatcher {
  let m = matchers.get(pdb);
  if (!m) {
    const sel = pdb.spec?.selector;
    const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !sel.matchExpressions?.length);
    m = () => false;
    if (!empty) {
      try {
        m = labelSelectorMatcher(sel);
      } catch {}
    }
    matchers.set(pdb, m);
  }
  return m;
}

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
  ...resources.POD_DISRUPTION_BUDGETS,
  versions: [
    builtinVersion('policy', 'v1', 'PodDisruptionBudget', {
      protobuf: 'k8s.io.api.policy.v1.PodDisruptionBudget',
    }),
  ],
  subresources: [STATUS],
  printer: podDisruptionBudgetPrinter,
  validate: validatePdb,
  strategy: { resetStatusOnCreate: true, conditionalUpdatesOnly: true },
};
