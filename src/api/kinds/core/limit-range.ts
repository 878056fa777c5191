import { limitRangePrinter } from '../../table/core-policy.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';

export const LIMIT_RANGES: KindDef = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  resource: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  versions: [builtinVersion('', 'v1', 'LimitRange', { protobuf: 'k8s.io.api.core.v1.LimitRange' })],
  printer: limitRangePrinter,
};
