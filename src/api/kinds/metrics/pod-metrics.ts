import { builtinDefinitions } from '../../schema/definitions.js';
import { METRICS } from '../../schema/defs/metrics.js';
import { podMetricsPrinter } from '../../table/metrics.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** The CPU and memory use of a pod's containers, as metrics-server serves it: read only, never stored. */
export const POD_METRICS: KindDef = {
  ...resources.POD_METRICS,
  // metrics-server names no singular: clients fall back on the kind, `podmetrics`.
  versions: [
    {
      name: 'v1beta1',
      definition: `${METRICS}PodMetrics`,
      schema: builtinDefinitions[`${METRICS}PodMetrics`],
    },
  ],
  verbs: ['get', 'list'],
  printer: podMetricsPrinter,
};
