import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import {
  validateRollingUpdate,
  validateSelectorUnchanged,
  validateWorkloadSpec,
} from '../../schema/validate-workload.js';
import { daemonSetPrinter } from '../../table/apps.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    if (rolling.maxSurge === undefined) rolling.maxSurge = 0;
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

export const DAEMON_SETS: KindDef = {
  ...resources.DAEMON_SETS,
  versions: [builtinVersion('apps', 'v1', 'DaemonSet')],
  subresources: [STATUS],
  printer: daemonSetPrinter,
  defaults: defaultDaemonSet,
  validate: (ds) => {
    const s = specOf(ds);
    return [
      ...validateWorkloadSpec(s, { kind: 'DaemonSet', selectorRequired: true, restartPolicies: ['Always'] }),
      ...validateRollingUpdate(s.updateStrategy?.rollingUpdate, 'spec.updateStrategy.rollingUpdate'),
    ];
  },
  validateUpdate: validateSelectorUnchanged,
  strategy: { resetStatusOnCreate: true },
};
