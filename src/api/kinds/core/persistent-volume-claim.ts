import { defaultClaimSpec } from '../../schema/default-pod-spec.js';
import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { type Obj, specOf } from '../../schema/json-values.js';
import { sameJson } from '../../schema/same-json.js';
import { validateClaimSpec } from '../../schema/validate-claim.js';
import { persistentVolumeClaimPrinter } from '../../table/storage.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

/** A claim's spec is fixed once created, but for its requests and what binding fills in. */
function validateClaimUpdate(next: Obj, old: Obj): StatusCause[] {
  const [ns, os] = [specOf(next), specOf(old)];
  const comparable: Obj = {
    ...ns,
    resources: os.resources,
    volumeAttributesClassName: os.volumeAttributesClassName,
  };
  if (!os.volumeName) comparable.volumeName = os.volumeName;
  if (!os.storageClassName) comparable.storageClassName = os.storageClassName;
  return sameJson(comparable, os)
    ? []
    : [
        fe.forbidden(
          'spec',
          'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
        ),
      ];
}

export const PERSISTENT_VOLUME_CLAIMS: KindDef = {
  ...resources.PERSISTENT_VOLUME_CLAIMS,
  versions: [builtinVersion('', 'v1', 'PersistentVolumeClaim')],
  subresources: [STATUS],
  printer: persistentVolumeClaimPrinter,
  defaults: (pvc) => {
    defaultClaimSpec(child(pvc, 'spec'));
    setDefault(child(pvc, 'status'), 'phase', 'Pending');
  },
  validate: (pvc) => validateClaimSpec(pvc.spec, 'spec'),
  validateUpdate: validateClaimUpdate,
  strategy: {
    prepareForCreate: (pvc) => {
      pvc.status = { phase: 'Pending' };
    },
  },
};
