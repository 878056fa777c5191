/** metrics.k8s.io/v1beta1: NodeMetrics and PodMetrics, as metrics-server serves them. */
import { kind, list, obj, quantityMap, ref, str, time } from '../dsl.js';
import type { Definitions } from '../types.js';

/** metrics-server's types live in k8s.io/metrics, not k8s.io/api: their definitions are named so. */
export const METRICS = 'io.k8s.metrics.pkg.apis.metrics.v1beta1.';

const GROUP = 'metrics.k8s.io';
const WINDOW =
  'The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].';

export const metricsDefinitions: Definitions = {
  [`${METRICS}NodeMetrics`]: kind(
    'NodeMetrics sets resource usage metrics of a node.',
    { group: GROUP, version: 'v1beta1', kind: 'NodeMetrics' },
    {
      timestamp: time(WINDOW),
      usage: quantityMap('The memory usage is the memory working set.'),
      window: str(),
    },
    ['timestamp', 'window', 'usage'],
  ),
  [`${METRICS}PodMetrics`]: kind(
    'PodMetrics sets resource usage metrics of a pod.',
    { group: GROUP, version: 'v1beta1', kind: 'PodMetrics' },
    {
      containers: list(
        ref(`${METRICS}ContainerMetrics`),
        'Metrics for all containers are collected within the same time window.',
        { listType: 'atomic' },
      ),
      timestamp: time(WINDOW),
      window: str(),
    },
    ['timestamp', 'window', 'containers'],
  ),
  [`${METRICS}ContainerMetrics`]: obj(
    'ContainerMetrics sets resource usage metrics of a container.',
    {
      name: str('Container name corresponding to the one from pod.spec.containers.'),
      usage: quantityMap('The memory usage is the memory working set.'),
    },
    ['name', 'usage'],
  ),
};
