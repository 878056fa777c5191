import { resourceQuotaPrinter } from '../../table/core-policy.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

export const RESOURCE_QUOTAS: KindDef = {
  ...resources.RESOURCE_QUOTAS,
  versions: [builtinVersion('', 'v1', 'ResourceQuota', { protobuf: 'k8s.io.api.core.v1.ResourceQuota' })],
  subresources: [STATUS],
  printer: resourceQuotaPrinter,
  strategy: { resetStatusOnCreate: true },
};
