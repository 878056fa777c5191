import { limitRangePrinter } from '../../table/core-policy.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

export const LIMIT_RANGES: KindDef = {
  ...resources.LIMIT_RANGES,
  versions: [builtinVersion('', 'v1', 'LimitRange', { protobuf: 'k8s.io.api.core.v1.LimitRange' })],
  printer: limitRangePrinter,
};
