import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import {
  validateRollingUpdate,
  validateSelectorUnchanged,
  validateWorkloadSpec,
} from '../../schema/validate-workload.js';
import { deploymentPrinter } from '../../table/apps.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS, scale } from '../subresources.js';

function defaultDeployment(d: Obj): void {
  const spec = child(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function validateDeployment(d: Obj): StatusCause[] {
  const s = specOf(d);
  const causes = validateWorkloadSpec(s, {
    kind: 'Deployment',
    selectorRequired: true,
    restartPolicies: ['Always'],
  });
  if (s.strategy?.type === 'Recreate' && s.strategy.rollingUpdate) {
    causes.push(
      fe.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"),
    );
  }
  causes.push(...validateRollingUpdate(s.strategy?.rollingUpdate, 'spec.strategy.rollingUpdate'));
  if (
    typeof s.progressDeadlineSeconds === 'number' &&
    typeof s.minReadySeconds === 'number' &&
    s.progressDeadlineSeconds <= s.minReadySeconds
  ) {
    causes.push(
      fe.invalid(
        'spec.progressDeadlineSeconds',
        s.progressDeadlineSeconds,
        'must be greater than minReadySeconds',
      ),
    );
  }
  return causes;
}

export const DEPLOYMENTS: KindDef = {
  ...resources.DEPLOYMENTS,
  versions: [builtinVersion('apps', 'v1', 'Deployment', { protobuf: 'k8s.io.api.apps.v1.Deployment' })],
  subresources: [STATUS, scale()],
  printer: deploymentPrinter,
  defaults: defaultDeployment,
  validate: validateDeployment,
  validateUpdate: validateSelectorUnchanged,
  strategy: { resetStatusOnCreate: true },
};
