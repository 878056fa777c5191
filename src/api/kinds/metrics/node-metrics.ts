import { builtinDefinitions } from '../../schema/definitions.js';
import { METRICS } from '../../schema/defs/metrics.js';
import { nodeMetricsPrinter } from '../../table/metrics.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** A node's CPU and memory use, as metrics-server serves it: read only, never stored. */
export const NODE_METRICS: KindDef = {
  ...resources.NODE_METRICS,
  // metrics-server names no singular: clients fall back on the kind, `nodemetrics`.
  versions: [
    {
      name: 'v1beta1',
      definition: `${METRICS}NodeMetrics`,
      schema: builtinDefinitions[`${METRICS}NodeMetrics`],
    },
  ],
  verbs: ['get', 'list'],
  printer: nodeMetricsPrinter,
};
