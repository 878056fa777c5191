import { each, setDefault } from '../../schema/default-values.js';
import { endpointsPrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';

export const ENDPOINTS: KindDef = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  resource: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  versions: [builtinVersion('', 'v1', 'Endpoints')],
  printer: endpointsPrinter,
  defaults: (ep) => each(ep.subsets, (s) => each(s.ports, (p) => setDefault(p, 'protocol', 'TCP'))),
};
