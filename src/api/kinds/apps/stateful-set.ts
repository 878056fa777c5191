import { defaultClaimSpec, defaultTemplate } from '../../schema/default-pod-spec.js';
import { child, each, setDefault } from '../../schema/default-values.js';
import { dns1123Label, fieldErrors as fe, nonNegative } from '../../schema/field-errors.js';
import { arr, type Obj, specOf } from '../../schema/json-values.js';
import { sameJson } from '../../schema/same-json.js';
import { validateClaimSpec } from '../../schema/validate-claim.js';
import { validateSelectorUnchanged, validateWorkloadSpec } from '../../schema/validate-workload.js';
import { statefulSetPrinter } from '../../table/apps.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS, scale } from '../subresources.js';

function defaultStatefulSet(sts: Obj): void {
  const spec = child(sts, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  each(spec.volumeClaimTemplates, (pvc) => {
    setDefault(pvc, 'apiVersion', 'v1');
    setDefault(pvc, 'kind', 'PersistentVolumeClaim');
    defaultClaimSpec(child(pvc, 'spec'));
    setDefault(child(pvc, 'status'), 'phase', 'Pending');
  });
  defaultTemplate(spec);
}

function validateStatefulSet(sts: Obj): StatusCause[] {
  const s = specOf(sts);
  const causes = validateWorkloadSpec(s, {
    kind: 'StatefulSet',
    selectorRequired: true,
    restartPolicies: ['Always'],
    claimVolumes: arr(s.volumeClaimTemplates).map((t) => String(t.metadata?.name ?? '')),
  });
  arr(s.volumeClaimTemplates).forEach((t, i) => {
    causes.push(...validateClaimSpec(t.spec, `spec.volumeClaimTemplates[${i}].spec`));
  });
  if (s.serviceName)
    for (const msg of dns1123Label(String(s.serviceName)))
      causes.push(fe.invalid('spec.serviceName', s.serviceName, msg));
  causes.push(
    ...nonNegative(s.updateStrategy?.rollingUpdate ?? {}, 'partition', 'spec.updateStrategy.rollingUpdate'),
  );
  return causes;
}

/** Fields of a StatefulSet's spec an update may change. */
const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function validateStatefulSetUpdate(next: Obj, old: Obj): StatusCause[] {
  const strip = (s: Obj) => Object.fromEntries(Object.entries(s).filter(([k]) => !MUTABLE.includes(k)));
  const causes = validateSelectorUnchanged(next, old);
  if (!sameJson(strip(specOf(next)), strip(specOf(old)))) {
    causes.push(
      fe.forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return causes;
}

export const STATEFUL_SETS: KindDef = {
  ...resources.STATEFUL_SETS,
  versions: [builtinVersion('apps', 'v1', 'StatefulSet')],
  subresources: [STATUS, scale()],
  printer: statefulSetPrinter,
  defaults: defaultStatefulSet,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  strategy: { resetStatusOnCreate: true },
};
