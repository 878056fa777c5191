import { each, setDefault } from '../../schema/default-values.js';
import { endpointsPrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const ENDPOINTS: KindDef = {
  ...resources.ENDPOINTS,
  versions: [builtinVersion('', 'v1', 'Endpoints')],
  printer: endpointsPrinter,
  defaults: (ep) => each(ep.subsets, (s) => each(s.ports, (p) => setDefault(p, 'protocol', 'TCP'))),
};
