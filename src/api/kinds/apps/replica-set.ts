import { defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { specOf } from '../../schema/json-values.js';
import { validateSelectorUnchanged, validateWorkloadSpec } from '../../schema/validate-workload.js';
import { replicaSetPrinter } from '../../table/apps.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS, scale } from '../subresources.js';

export const REPLICA_SETS: KindDef = {
  ...resources.REPLICA_SETS,
  versions: [builtinVersion('apps', 'v1', 'ReplicaSet')],
  subresources: [STATUS, scale()],
  fieldLabels: ['status.replicas'],
  printer: replicaSetPrinter,
  defaults: (rs) => {
    const spec = child(rs, 'spec');
    setDefault(spec, 'replicas', 1);
    defaultTemplate(spec);
  },
  validate: (rs) =>
    validateWorkloadSpec(specOf(rs), {
      kind: 'ReplicaSet',
      selectorRequired: true,
      restartPolicies: ['Always'],
    }),
  validateUpdate: validateSelectorUnchanged,
  strategy: { resetStatusOnCreate: true },
};
