import {
  type Event,
  HORIZONTAL_POD_AUTOSCALERS,
  type HorizontalPodAutoscaler,
  type HPAScalingRules,
  type MetricSpec,
  type MetricStatus,
} from '../../api/kinds/index.js';
import {
  type DescribeWriter,
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantityString,
  rfc1123z,
  tabbed,
  withEvents,
} from './shared.js';

/** Quantity.String of a *Quantity: `<nil>` when unset. */
const q = (v: unknown) => (v === undefined || v === null ? '<nil>' : quantityString(v));

function describeMetric(metric: MetricSpec, current: MetricStatus | undefined, w: DescribeWriter): void {
  switch (metric.type) {
    case 'External': {
      const m = metric.external;
      if (m?.target.averageValue !== undefined) {
        const now = current?.external?.current.averageValue;
        w.write(
          LEVEL_1,
          `${JSON.stringify(m.metric.name)} (target average value):\t${now !== undefined ? q(now) : '<unknown>'} / ${q(m.target.averageValue)}\n`,
        );
      } else {
        const now = current?.external ? q(current.external.current.value) : '<unknown>';
        w.write(
          LEVEL_1,
          `${JSON.stringify(m?.metric.name ?? '')} (target value):\t${now} / ${q(m?.target.value)}\n`,
        );
      }
      return;
    }
    case 'Pods': {
      const now = current?.pods ? q(current.pods.current.averageValue) : '<unknown>';
      w.write(
        LEVEL_1,
        `${JSON.stringify(metric.pods?.metric.name ?? '')} on pods:\t${now} / ${q(metric.pods?.target.averageValue)}\n`,
      );
      return;
    }
    case 'Object': {
      const m = metric.object;
      w.write(LEVEL_1, `"${m?.metric.name}" on ${m?.describedObject.kind}/${m?.describedObject.name} `);
      if (m?.target.type === 'AverageValue') {
        const now = current?.object ? q(current.object.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `(target average value):\t${now} / ${q(m.target.averageValue)}\n`);
      } else {
        const now = current?.object ? q(current.object.current.value) : '<unknown>';
        w.write(LEVEL_0, `(target value):\t${now} / ${q(m?.target.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const m = metric.type === 'Resource' ? metric.resource : metric.containerResource;
      const status = metric.type === 'Resource' ? current?.resource : current?.containerResource;
      const container =
        metric.type === 'ContainerResource' ? ` of container "${metric.containerResource?.container}"` : '';
      w.write(LEVEL_1, `resource ${m?.name}${container} on pods`);
      if (m?.target.averageValue !== undefined) {
        const now = status ? q(status.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `:\t${now} / ${q(m.target.averageValue)}\n`);
      } else {
        const utilization = status?.current.averageUtilization;
        const now =
          utilization !== undefined ? `${utilization}% (${q(status?.current.averageValue)})` : '<unknown>';
        const target =
          m?.target.averageUtilization !== undefined ? `${m.target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${now} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify((metric as { type: string }).type)}>\n`);
  }
}

function describeBehavior(w: DescribeWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (!rules.policies?.length) return;
  w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
  w.write(LEVEL_2, 'Policies:\n');
  for (const p of rules.policies)
    w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
}

/** kubectl's describeHorizontalPodAutoscalerV2. */
export function describeHpaText(hpa: HorizontalPodAutoscaler, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = hpa.spec;
    const status = hpa.status;
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef.kind}/${spec?.scaleTargetRef.name}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec?.metrics ?? []).forEach((metric, i) => {
      describeMetric(metric, status?.currentMetrics?.[i], w);
    });
    w.write(LEVEL_0, `Min replicas:\t${spec?.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
    if (spec?.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      describeBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      describeBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec?.scaleTargetRef.kind} pods:\t`);
    w.write(LEVEL_0, `${status?.currentReplicas ?? 0} current / ${status?.desiredReplicas ?? 0} desired\n`);
    if (status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of status.conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    describeEvents(events, w, now);
  });
}

export const describeHorizontalPodAutoscaler = withEvents<HorizontalPodAutoscaler>(
  HORIZONTAL_POD_AUTOSCALERS,
  describeHpaText,
);
