import { resourceQuotaPrinter } from '../../table/core-policy.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import { STATUS } from '../subresources.js';

export const RESOURCE_QUOTAS: KindDef = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  shortNames: ['quota'],
  versions: [builtinVersion('', 'v1', 'ResourceQuota', { protobuf: 'k8s.io.api.core.v1.ResourceQuota' })],
  subresources: [STATUS],
  printer: resourceQuotaPrinter,
  strategy: { resetStatusOnCreate: true },
};
