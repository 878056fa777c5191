import { serviceAccountPrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { TOKEN } from '../subresources.js';

export const SERVICE_ACCOUNTS: KindDef = {
  ...resources.SERVICE_ACCOUNTS,
  versions: [builtinVersion('', 'v1', 'ServiceAccount', { protobuf: 'k8s.io.api.core.v1.ServiceAccount' })],
  subresources: [TOKEN],
  printer: serviceAccountPrinter,
};
