import { setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe, qualifiedName } from '../../schema/field-errors.js';
import type { Obj } from '../../schema/json-values.js';
import { sameJson } from '../../schema/same-json.js';
import { storageClassPrinter } from '../../table/storage.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

function validateStorageClassUpdate(next: Obj, old: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!sameJson(next.parameters, old.parameters))
    causes.push(fe.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (next.provisioner !== old.provisioner)
    causes.push(fe.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (next.reclaimPolicy !== old.reclaimPolicy)
    causes.push(fe.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (next.volumeBindingMode !== old.volumeBindingMode)
    causes.push(fe.immutable('volumeBindingMode', next.volumeBindingMode ?? ''));
  return causes;
}

export const STORAGE_CLASSES: KindDef = {
  ...resources.STORAGE_CLASSES,
  versions: [builtinVersion('storage.k8s.io', 'v1', 'StorageClass')],
  printer: storageClassPrinter,
  defaults: (sc) => {
    setDefault(sc, 'reclaimPolicy', 'Delete');
    setDefault(sc, 'volumeBindingMode', 'Immediate');
  },
  validate: (sc) =>
    sc.provisioner
      ? qualifiedName(String(sc.provisioner)).map((m) => fe.invalid('provisioner', sc.provisioner, m))
      : [fe.required('provisioner')],
  validateUpdate: validateStorageClassUpdate,
};
