import { child, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj, type Obj, specOf } from '../../schema/json-values.js';
import { persistentVolumePrinter } from '../../table/storage.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

/** The fields of a PersistentVolumeSpec that are not a volume source. */
const NOT_SOURCES = [
  'accessModes',
  'capacity',
  'claimRef',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'mountOptions',
  'volumeMode',
  'nodeAffinity',
  'volumeAttributesClassName',
];

function validatePersistentVolume(pv: Obj): StatusCause[] {
  const s = specOf(pv);
  const causes: StatusCause[] = [];
  if (!Array.isArray(s.accessModes) || !s.accessModes.length)
    causes.push(fe.required('spec.accessModes', 'at least 1 access mode is required'));
  if (!isObj(s.capacity) || s.capacity.storage === undefined) causes.push(fe.required('spec.capacity', ''));
  if (!Object.keys(s).some((k) => !NOT_SOURCES.includes(k)))
    causes.push(fe.required('spec', 'must specify a volume type'));
  return causes;
}

export const PERSISTENT_VOLUMES: KindDef = {
  ...resources.PERSISTENT_VOLUMES,
  versions: [builtinVersion('', 'v1', 'PersistentVolume')],
  subresources: [STATUS],
  printer: persistentVolumePrinter,
  defaults: (pv) => {
    const spec = child(pv, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    setDefault(child(pv, 'status'), 'phase', 'Pending');
  },
  validate: validatePersistentVolume,
  strategy: {
    prepareForCreate: (pv) => {
      pv.status = { phase: 'Available' };
    },
  },
};
