import { each, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { arr } from '../../schema/json-values.js';
import { endpointSlicePrinter } from '../../table/networking.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const ENDPOINT_SLICES: KindDef = {
  ...resources.ENDPOINT_SLICES,
  versions: [builtinVersion('discovery.k8s.io', 'v1', 'EndpointSlice')],
  printer: endpointSlicePrinter,
  defaults: (es) => each(es.ports, (p) => setDefault(p, 'protocol', 'TCP')),
  validate: (es) =>
    arr(es.endpoints).flatMap((e, i) =>
      Array.isArray(e.addresses) && e.addresses.length
        ? []
        : [fe.required(`endpoints[${i}].addresses`, 'must contain at least 1 address')],
    ),
  validateUpdate: (next, old) =>
    next.addressType !== old.addressType ? [fe.immutable('addressType', next.addressType ?? '')] : [],
};
