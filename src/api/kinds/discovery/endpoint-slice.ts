import { each, setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { arr } from '../../schema/json-values.js';
import { endpointSlicePrinter } from '../../table/networking.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';

/** The label naming the Service an EndpointSlice belongs to. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export const ENDPOINT_SLICES: KindDef = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
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
