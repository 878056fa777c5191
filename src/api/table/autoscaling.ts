/** HorizontalPodAutoscaler (autoscaling/v2, also served as v1) as printers.go prints it. */
import { since } from '../time.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    nameColumn,
    column('Reference', 'scaleTargetRef points to the target resource to scale.'),
    column(
      'Targets',
      'metrics contains the specifications for which to use to calculate the desired replica count.',
    ),
    column(
      'MinPods',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
    ),
    column(
      'MaxPods',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
    ),
    column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    ageColumn,
  ],
  cells(hpa, now) {
    const spec = hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    return [
      hpa.metadata.name,
      `${ref.kind ?? ''}/${ref.name ?? ''}`,
      formatMetrics(hpa),
      spec.minReplicas !== undefined && spec.minReplicas !== null ? String(spec.minReplicas) : '<unset>',
      spec.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      since(hpa.metadata.creationTimestamp, now),
    ];
  },
};

/**
 * TARGETS as formatHPAMetrics renders them ("cpu: 42%/80%"). An autoscaling/v1 object carries
 * its single CPU target in targetCPUUtilizationPercentage instead of metrics.
 */
function formatMetrics(hpa: any): string {
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  let specs: any[] = spec.metrics ?? [];
  let statuses: any[] = status.currentMetrics ?? [];
  if (specs.length === 0 && spec.targetCPUUtilizationPercentage !== undefined) {
    specs = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { averageUtilization: spec.targetCPUUtilizationPercentage } },
      },
    ];
    statuses =
      status.currentCPUUtilizationPercentage !== undefined
        ? [{ resource: { current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
        : [];
  }
  if (specs.length === 0) return '<none>';
  const list = specs.map((metric, i) => formatMetric(metric, statuses[i]));
  const shown = list.slice(0, 2).join(', ');
  return list.length > 2 ? `${shown} + ${list.length - 2} more...` : shown;
}

function formatMetric(metric: any, current: any): string {
  switch (metric.type) {
    case 'External':
    case 'Object': {
      const source = metric.type === 'External' ? metric.external : metric.object;
      const now = metric.type === 'External' ? current?.external : current?.object;
      if (source?.target?.averageValue !== undefined) {
        return `${now?.current?.averageValue ?? '<unknown>'}/${source.target.averageValue} (avg)`;
      }
      return `${now?.current?.value ?? '<unknown>'}/${source?.target?.value}`;
    }
    case 'Pods':
      return `${current?.pods?.current?.averageValue ?? '<unknown>'}/${metric.pods?.target?.averageValue}`;
    case 'Resource':
    case 'ContainerResource': {
      const source = metric.type === 'Resource' ? metric.resource : metric.containerResource;
      const now = metric.type === 'Resource' ? current?.resource : current?.containerResource;
      if (source?.target?.averageValue !== undefined) {
        return `${source.name}: ${now?.current?.averageValue ?? '<unknown>'}/${source.target.averageValue}`;
      }
      const utilization = now?.current?.averageUtilization;
      const target = source?.target?.averageUtilization;
      return `${source?.name}: ${utilization !== undefined ? `${utilization}%` : '<unknown>'}/${target !== undefined ? `${target}%` : '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}
