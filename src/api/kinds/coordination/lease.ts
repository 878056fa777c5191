import { fieldErrors as fe, nonNegative } from '../../schema/field-errors.js';
import { specOf } from '../../schema/json-values.js';
import { leasePrinter } from '../../table/coordination.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const LEASES: KindDef = {
  ...resources.LEASES,
  versions: [builtinVersion('coordination.k8s.io', 'v1', 'Lease')],
  printer: leasePrinter,
  validate: (lease) => {
    const s = specOf(lease);
    const duration = s.leaseDurationSeconds;
    return [
      ...(typeof duration === 'number' && duration <= 0
        ? [fe.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0')]
        : []),
      ...nonNegative(s, 'leaseTransitions', 'spec'),
    ];
  },
};
